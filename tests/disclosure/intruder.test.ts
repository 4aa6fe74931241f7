/**
 * The attackers themselves: the test intruder must find real disclosures (or the other tests prove nothing), and
 * the engine's attacker (attack.ts) must agree with it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attackRelease, attackSystem } from '../../disclosure/attack.ts';
import { cellKey, compileTable } from '../../disclosure/cube.ts';
import { calendarDimension, dimensionFromParents, flatDimension, monthRange } from '../../disclosure/dimensions.ts';
import { suppress } from '../../disclosure/suppress.ts';
import type { CellDecision, LinearTable } from '../../disclosure/table.ts';
import { DEFAULT_RULES, keyId } from '../../disclosure/table.ts';
import { randomCube } from './arbitraries.ts';
import { auditRelease, auditReleases } from './intruder.ts';

/** Publishes everything except the primary cells: what a naive implementation would do. */
function primaryOnly(table: LinearTable): { key: readonly string[]; published: number | null; count: number }[] {
  const cube = compileTable(table);
  return Array.from({ length: cube.size }, (_, c) => {
    const count = cube.values[c] ?? 0;
    return { key: cellKey(cube, c), count, published: count > 0 && count < 5 ? null : count };
  });
}

describe('the test intruder', () => {
  it('derives a lone suppressed cell from its row total', async () => {
    const table: LinearTable = {
      dimensions: [flatDimension('område', ['a', 'b', 'c', 'T'], 'T'), flatDimension('typ', ['x', 'y', 'T'], 'T')],
      cells: [
        { key: ['a', 'x'], count: 2 },
        { key: ['a', 'y'], count: 10 },
        { key: ['b', 'x'], count: 7 },
        { key: ['b', 'y'], count: 8 },
        { key: ['c', 'x'], count: 6 },
        { key: ['c', 'y'], count: 9 },
      ],
    };
    const audit = await auditRelease(table.dimensions, primaryOnly(table), DEFAULT_RULES.protection);
    expect(audit.breaches).toHaveLength(1);
    expect(audit.breaches[0]?.interval).toEqual({ min: 2, max: 2 });
  });

  it('differences rolling 12-month totals: R12(m) − R12(m−1) = month m − month m−12', async () => {
    const months = monthRange('2023-01', '2024-03');
    const counts = months.map((_, i) => (i === 13 ? 2 : 20 + i));
    const table: LinearTable = {
      dimensions: [calendarDimension('period', months, { rolling12: 'all', quarters: false, years: false })],
      cells: months.map((m, i) => ({ key: [m], count: counts[i] ?? 0 })),
    };
    const audit = await auditRelease(table.dimensions, primaryOnly(table), DEFAULT_RULES.protection);
    expect(audit.breaches.map((b) => b.key)).toEqual([JSON.stringify(['2024-02'])]);
    // The engine sees the same structure and protects it.
    const result = await suppress(table, DEFAULT_RULES);
    expect((await auditRelease(table.dimensions, result.cells, DEFAULT_RULES.protection)).breaches).toEqual([]);
  });

  it('differences year-to-date totals across two releases, unless the engine is given the ledger', async () => {
    const parentOf = new Map([
      ['a', 'kommun'],
      ['b', 'kommun'],
      ['c', 'kommun'],
    ]);
    const values: Record<string, number[]> = { a: [5, 5, 5], b: [9, 1, 12], c: [8, 13, 2] };
    const tableUpTo = (n: number): LinearTable => {
      const months = monthRange('2024-01', `2024-0${n}`);
      return {
        dimensions: [dimensionFromParents('område', parentOf), calendarDimension('period', months)],
        cells: Object.entries(values).flatMap(([a, v]) => months.map((m, i) => ({ key: [a, m], count: v[i] ?? 0 }))),
      };
    };
    const t1 = tableUpTo(2);
    const t2 = tableUpTo(3);
    const r1 = await suppress(t1, DEFAULT_RULES);
    const ledger = {
      releases: [
        {
          dimensions: t1.dimensions,
          cells: r1.cells.map((c) => ({ key: c.key, value: c.published, status: c.status, count: c.count })),
        },
      ],
    };
    const blind = await suppress(t2, DEFAULT_RULES);
    const informed = await suppress(t2, DEFAULT_RULES, { history: ledger });
    const audit = async (second: readonly CellDecision[]) =>
      (
        await auditReleases(
          [
            { dimensions: t1.dimensions, figures: r1.cells },
            { dimensions: t2.dimensions, figures: second },
          ],
          DEFAULT_RULES.protection,
        )
      ).breaches;
    expect((await audit(blind.cells)).length).toBeGreaterThan(0);
    expect(await audit(informed.cells)).toEqual([]);
  });
});

describe('the engine’s attacker agrees with the test intruder', () => {
  it('on random suppressed cubes', async () => {
    await fc.assert(
      fc.asyncProperty(randomCube({ maxLeaves: 5, maxMonths: 4 }), async ({ table }) => {
        const result = await suppress(table, DEFAULT_RULES);
        const ours = await attackRelease(table.dimensions, result.cells);
        const theirs = (await auditRelease(table.dimensions, result.cells, DEFAULT_RULES.protection)).intervals;
        expect(ours.size).toBe(theirs.size);
        for (const cell of result.cells.filter((c) => c.published === null)) {
          const a = ours.get(keyId(cell.key));
          const b = theirs.get(JSON.stringify(cell.key));
          expect(a?.min).toBeCloseTo(b?.min ?? NaN, 6);
          expect(a?.max).toBeCloseTo(b?.max ?? NaN, 6);
        }
      }),
      { numRuns: 8 },
    );
  });

  it('solves general systems (audits across releases)', async () => {
    const intervals = await attackSystem({
      unknowns: ['x', 'y', 'z'],
      equations: [
        {
          terms: [
            ['x', 1],
            ['y', 1],
          ],
          rhs: 5,
        },
        {
          terms: [
            ['y', 1],
            ['z', 1],
          ],
          rhs: 3,
        },
      ],
      upper: new Map([['z', 2]]),
    });
    expect(intervals.get('y')).toEqual({ min: 1, max: 3 });
    expect(intervals.get('x')).toEqual({ min: 2, max: 4 });
  });
});
