/**
 * Successive releases: next month's release, year-to-date totals and revised values must not open a cell an
 * earlier release protected, and what was published stays published. The intruder holds every release.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDimension, dimensionFromParents, monthRange } from '../../disclosure/dimensions.ts';
import { historyFor, outflowEntry } from '../../disclosure/outflow.ts';
import { suppress } from '../../disclosure/suppress.ts';
import type { CellDecision, CellInput, LinearTable, SuppressionRules } from '../../disclosure/table.ts';
import { DEFAULT_RULES, keyId } from '../../disclosure/table.ts';
import { smallCount } from './arbitraries.ts';
import { auditReleases } from './intruder.ts';

const runs = (n: number): number => n * Number(process.env['DISCLOSURE_RUNS'] ?? 1);

const parentOf = new Map<string, string>([
  ['N2a', 'kommun'],
  ['N2b', 'kommun'],
  ['okand', 'kommun'],
  ['a1', 'N2a'],
  ['a2', 'N2a'],
  ['a3', 'N2a'],
  ['b1', 'N2b'],
  ['b2', 'N2b'],
]);
const leaves = ['a1', 'a2', 'a3', 'b1', 'b2', 'okand'];

function tableFor(lastMonth: string, count: (area: string, month: string) => number): LinearTable {
  const months = monthRange('2024-01', lastMonth);
  const cells: CellInput[] = leaves.flatMap((a) => months.map((m) => ({ key: [a, m], count: count(a, m) })));
  return {
    dimensions: [dimensionFromParents('område', parentOf), calendarDimension('period', months)],
    cells,
  };
}

interface Release {
  table: LinearTable;
  cells: readonly CellDecision[];
  /** Cells the engine reported it could not protect (`key@count`), and whether any is a small count. */
  reported: Set<string>;
  sensitiveReported: number;
}

async function release(table: LinearTable, earlier: readonly Release[], rules: SuppressionRules): Promise<Release> {
  // The outflow log is the intruder's knowledge: read it back exactly as the pipeline will.
  const log = earlier.map((r, i) =>
    outflowEntry({
      at: new Date(Date.UTC(2024, i, 1)),
      subject: 'polis.storm.total',
      structure: r.table.dimensions,
      kind: 'cube',
      method: 'suppression',
      source: JSON.stringify(r.table.cells),
      parameters: rules,
      decisions: r.cells,
    }),
  );
  const result = await suppress(table, rules, { history: historyFor(log, 'polis.storm.total', ['område', 'period']) });
  return {
    table,
    cells: result.cells,
    reported: new Set(result.unprotected.map((u) => `${JSON.stringify(u.key)}@${u.count}`)),
    sensitiveReported: result.unprotected.filter((u) => u.sensitive).length,
  };
}

function checkInvariants(before: Release, after: Release): void {
  const now = new Map(after.cells.map((c) => [keyId(c.key), c]));
  for (const old of before.cells) {
    const cell = now.get(keyId(old.key));
    if (!cell) continue;
    if (old.published === null) {
      expect(cell.published, `${old.key.join('/')} was suppressed and must stay so`).toBeNull();
    } else if (old.count === cell.count) {
      expect(cell.published, `${old.key.join('/')} was published and is unchanged`).toBe(old.published);
    }
  }
}

/**
 * The guarantee: every cell the intruder (holding all releases) can narrow too far was reported by the engine as
 * unprotected, so nothing unsafe goes out unnoticed. Returns how many were reported.
 */
async function auditAll(releases: readonly Release[], rules: SuppressionRules): Promise<number> {
  const audit = await auditReleases(
    releases.map((r) => ({ dimensions: r.table.dimensions, figures: r.cells })),
    rules.protection,
  );
  const reported = new Set(releases.flatMap((r) => [...r.reported]));
  expect(audit.breaches.filter((b) => !reported.has(b.key))).toEqual([]);
  return reported.size;
}

describe('successive releases', () => {
  const base = (a: string, m: string): number => {
    const seed = (leaves.indexOf(a) * 31 + Number(m.slice(5)) * 17) % 13;
    return [0, 1, 2, 7, 9, 3, 12, 5, 6, 4, 15, 8, 11][seed] ?? 0;
  };

  it('next month, year-to-date totals and a revision (a published 5 becomes 4)', async () => {
    // b1 is a busy area; its April is 5, which is published in the first release.
    const busy = (a: string, m: string): number => (a === 'b1' ? (m === '2024-04' ? 5 : base(a, m) + 8) : base(a, m));
    const first = await release(tableFor('2024-06', busy), [], DEFAULT_RULES);
    const [area, month] = ['b1', '2024-04'];
    expect(new Map(first.cells.map((c) => [keyId(c.key), c])).get(keyId([area, month]))?.published).toBe(5);
    const revised = (a: string, m: string): number => (a === area && m === month ? 4 : busy(a, m));
    const second = await release(tableFor('2024-07', revised), [first], DEFAULT_RULES);

    const now = new Map(second.cells.map((c) => [keyId(c.key), c]));
    const four = now.get(keyId([area ?? '', month ?? '']));
    expect(four?.count).toBe(4);
    expect(four?.published).toBeNull();
    expect(four?.status).toBe('suppressed_primary');
    // The year-to-date total moved on with July and with the revision: it is a new figure, not the old one.
    expect(now.get(keyId(['kommun', '2024']))?.reason).not.toBe('published:released-before');
    expect(second.cells.some((c) => c.reason === 'published:released-before')).toBe(true);
    checkInvariants(first, second);
    expect(await auditAll([first, second], DEFAULT_RULES)).toBe(0);
  });

  it('three monthly releases, each with late deliveries', async () => {
    const first = await release(tableFor('2024-03', base), [], DEFAULT_RULES);
    const late1 = (a: string, m: string): number => base(a, m) + (a === 'a2' && m === '2024-02' ? 1 : 0);
    const second = await release(tableFor('2024-04', late1), [first], DEFAULT_RULES);
    const late2 = (a: string, m: string): number => late1(a, m) - (a === 'b1' && m === '2024-03' && late1(a, m) > 0 ? 1 : 0);
    const third = await release(tableFor('2024-05', late2), [first, second], DEFAULT_RULES);
    checkInvariants(first, second);
    checkInvariants(second, third);
    checkInvariants(first, third);
    await auditAll([first, second, third], DEFAULT_RULES);
    // Two revisions that cancel out make an earlier total known again; what that blocks is reported, and no
    // small count is among it.
    expect(first.sensitiveReported + second.sensitiveReported + third.sensitiveReported).toBe(0);
  });

  it('random cubes and random revisions (property-based)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(smallCount, { minLength: 60, maxLength: 60 }),
        fc.array(fc.record({ cell: fc.integer({ min: 0, max: 59 }), delta: fc.integer({ min: -2, max: 2 }) }), {
          maxLength: 4,
        }),
        fc.integer({ min: 2, max: 5 }),
        async (counts, revisions, months) => {
          const monthList = monthRange('2024-01', `2024-${String(months + 1).padStart(2, '0')}`);
          const at = (a: string, m: string): number => leaves.indexOf(a) * 10 + monthList.indexOf(m);
          const v1 = (a: string, m: string): number => counts[at(a, m)] ?? 0;
          const change = new Map<number, number>();
          for (const r of revisions) change.set(r.cell, (change.get(r.cell) ?? 0) + r.delta);
          const v2 = (a: string, m: string): number => Math.max(0, v1(a, m) + (change.get(at(a, m)) ?? 0));
          const first = await release(tableFor(monthList[months - 1] ?? '2024-02', v1), [], DEFAULT_RULES);
          const second = await release(tableFor(monthList[months] ?? '2024-03', v2), [first], DEFAULT_RULES);
          checkInvariants(first, second);
          await auditAll([first, second], DEFAULT_RULES);
        },
      ),
      { numRuns: runs(12) },
    );
  });
});
