/**
 * Property-based intruder tests: on random tables (random area hierarchies of 2–3 levels, months with quarter and
 * year totals, linked groupings, many counts of 1..4) the independent LP intruder must find every suppressed
 * cell's interval at least as wide as the protection, and no primary cell may be published.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppress } from '../../disclosure/suppress.ts';
import type { SuppressionRules } from '../../disclosure/table.ts';
import { DEFAULT_RULES } from '../../disclosure/table.ts';
import { randomCube } from './arbitraries.ts';
import { auditRelease } from './intruder.ts';

/** `DISCLOSURE_RUNS=20 npx vitest run tests/disclosure` multiplies the runs for a soak test. */
const runs = (n: number): number => n * Number(process.env['DISCLOSURE_RUNS'] ?? 1);

async function holds(cube: { table: Parameters<typeof suppress>[0] }, rules: SuppressionRules): Promise<void> {
  const result = await suppress(cube.table, rules);
  expect(result.unprotected).toEqual([]);
  for (const cell of result.cells) {
    const primary = (cell.count > 0 && cell.count < rules.k) || (cell.count === 0 && rules.zeros === 'primary');
    if (primary) expect(cell.published).toBeNull();
    if (cell.published !== null) expect(cell.published).toBe(cell.count);
  }
  const audit = await auditRelease(cube.table.dimensions, result.cells, rules.protection);
  expect(audit.breaches).toEqual([]);
}

describe('suppression against an LP intruder (property-based)', () => {
  it('hierarchical areas × months/quarters/years', async () => {
    await fc.assert(
      fc.asyncProperty(randomCube(), (cube) => holds(cube, DEFAULT_RULES)),
      { numRuns: runs(25) },
    );
  });

  it('linked tables: a second grouping of the same areas', async () => {
    await fc.assert(
      fc.asyncProperty(randomCube({ linked: true }), (cube) => holds(cube, DEFAULT_RULES)),
      { numRuns: runs(20) },
    );
  });

  it('stricter rules: k = 10, zeros sensitive, wider and two-sided protection', async () => {
    const rules: SuppressionRules = {
      ...DEFAULT_RULES,
      k: 10,
      zeros: 'primary',
      protection: { upper: 3, lower: 1, minWidth: 4 },
      cost: 'unity',
    };
    await fc.assert(
      fc.asyncProperty(randomCube({ maxLeaves: 5, maxMonths: 4 }), (cube) => holds(cube, rules)),
      { numRuns: runs(15) },
    );
  });
});
