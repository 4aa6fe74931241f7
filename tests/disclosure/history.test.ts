/**
 * Successive releases: next month's release, year-to-date and rolling totals, and revised values. The intruder
 * holds every release and knows which cells were revised (intruder.ts: same key and same true count = one
 * unknown in every release). Every suppressed cell of every release, primary and secondary, must keep its
 * protection interval against that system; what was published stays published.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDimension, dimensionFromParents, monthRange } from '../../disclosure/dimensions.ts';
import type { CalendarOptions } from '../../disclosure/dimensions.ts';
import { historyFor, outflowEntry } from '../../disclosure/outflow.ts';
import { suppress } from '../../disclosure/suppress.ts';
import type { CellDecision, CellInput, LinearTable, SuppressionRules } from '../../disclosure/table.ts';
import { DEFAULT_RULES, keyId } from '../../disclosure/table.ts';
import { randomCube } from './arbitraries.ts';
import { realisticCube, rng } from './fixtures.ts';
import { auditReleases, figureId } from './intruder.ts';

const runs = (n: number): number => n * Number(process.env['DISCLOSURE_RUNS'] ?? 1);

/** Stricter rules: k = 10, wider and two-sided protection (zeros published, as in every preset). */
const STRICT: SuppressionRules = { ...DEFAULT_RULES, k: 10, protection: { upper: 3, lower: 1, minWidth: 4 }, cost: 'unity' };

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
  readonly table: LinearTable;
  /** What left, one entry per view (the pipeline logs every view's extract). */
  readonly views: readonly (readonly CellDecision[])[];
  /** Cells the engine reported it could not protect (`key@count`, as the intruder names them). */
  readonly reported: readonly string[];
  readonly sensitiveReported: number;
}

const variable = (key: readonly string[], count: number): string => `${figureId(key)}@${count}`;

/**
 * Protects `table` with every earlier release as history, read back from the outflow log exactly as the pipeline
 * does. `views` turns the decisions into what each view showed (default: one view showing them as decided).
 */
async function release(
  table: LinearTable,
  earlier: readonly Release[],
  rules: SuppressionRules,
  views: (cells: readonly CellDecision[]) => (readonly CellDecision[])[] = (cells) => [cells],
): Promise<Release> {
  const log = earlier.flatMap((r, i) =>
    r.views.map((decisions) =>
      outflowEntry({
        at: new Date(Date.UTC(2024, i, 1)),
        subject: 'polis.storm.total',
        structure: r.table.dimensions,
        kind: 'cube',
        method: 'suppression',
        source: JSON.stringify(r.table.cells),
        parameters: rules,
        decisions,
      }),
    ),
  );
  const result = await suppress(table, rules, { history: historyFor(log, 'polis.storm.total', ['område', 'period']) });
  return {
    table,
    views: views(result.cells),
    reported: result.unprotected.map((u) => variable(u.key, u.count)),
    sensitiveReported: result.unprotected.filter((u) => u.sensitive).length,
  };
}

/** Suppressed figures stay suppressed (unless the intruder has the same count already); published ones unchanged stay published. */
function checkInvariants(releases: readonly Release[]): void {
  const publishedBefore = new Set<string>();
  releases.forEach((r, i) => {
    const now = new Map((r.views[0] ?? []).map((c) => [keyId(c.key), c]));
    for (const before of releases.slice(0, i)) {
      for (const old of before.views[0] ?? []) {
        const cell = now.get(keyId(old.key));
        if (!cell) continue;
        if (old.published === null && !publishedBefore.has(variable(cell.key, cell.count))) {
          expect(cell.published, `${old.key.join('/')} was suppressed and must stay so`).toBeNull();
        } else if (old.published !== null && old.count === cell.count) {
          expect(cell.published, `${old.key.join('/')} was published and is unchanged`).toBe(old.published);
        }
      }
    }
    for (const view of r.views) for (const c of view) if (c.published !== null) publishedBefore.add(variable(c.key, c.count));
  });
}

/** The independent intruder's breaches over every view of every release, as `key@count`. */
async function breachesOf(releases: readonly Release[], rules: SuppressionRules): Promise<string[]> {
  const audit = await auditReleases(
    releases.flatMap((r) => r.views.map((figures) => ({ dimensions: r.table.dimensions, figures }))),
    rules.protection,
  );
  return audit.breaches.map((b) => b.key).sort();
}

/** The guarantee: no suppressed cell of any release can be narrowed below its protection, and none was reported. */
async function expectProtected(releases: readonly Release[], rules: SuppressionRules): Promise<void> {
  expect(releases.flatMap((r) => r.reported)).toEqual([]);
  expect(await breachesOf(releases, rules)).toEqual([]);
  checkInvariants(releases);
}

/** Where earlier releases leave no way to protect a cell, the engine reports exactly the cells the intruder narrows. */
async function expectReportedExactly(releases: readonly Release[], rules: SuppressionRules): Promise<string[]> {
  const reported = [...new Set(releases.flatMap((r) => r.reported))].sort();
  expect(await breachesOf(releases, rules)).toEqual(reported);
  checkInvariants(releases);
  return reported;
}

/**
 * Three releases of a growing calendar: the first shows all but the last two months, each next one a month more.
 * `count(r, cell, index)` is the cell's true count in release r (revisions included).
 */
async function threeReleases(
  table: LinearTable,
  calendar: CalendarOptions,
  count: (r: number, cell: CellInput, index: number) => number,
  rules: SuppressionRules,
): Promise<Release[]> {
  const [area] = table.dimensions;
  const months = [...new Set(table.cells.map((c) => c.key[1] ?? ''))].sort();
  const releases: Release[] = [];
  for (let r = 0; r < 3 && area; r++) {
    const shown = new Set(months.slice(0, months.length - 2 + r));
    const cells = table.cells.flatMap((c, i) => (shown.has(c.key[1] ?? '') ? [{ ...c, count: count(r, c, i) }] : []));
    releases.push(await release({ dimensions: [area, calendarDimension('period', [...shown], calendar)], cells }, releases, rules));
  }
  return releases;
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
    expect(new Map((first.views[0] ?? []).map((c) => [keyId(c.key), c])).get(keyId([area, month]))?.published).toBe(5);
    const revised = (a: string, m: string): number => (a === area && m === month ? 4 : busy(a, m));
    const second = await release(tableFor('2024-07', revised), [first], DEFAULT_RULES);

    const now = new Map((second.views[0] ?? []).map((c) => [keyId(c.key), c]));
    const four = now.get(keyId([area, month]));
    expect(four?.count).toBe(4);
    expect(four?.published).toBeNull();
    expect(four?.status).toBe('suppressed_primary');
    // The year-to-date total moved on with July and with the revision: it is a new figure, not the old one.
    expect(now.get(keyId(['kommun', '2024']))?.reason).not.toBe('published:released-before');
    expect(second.views[0]?.some((c) => c.reason === 'published:released-before')).toBe(true);
    await expectProtected([first, second], DEFAULT_RULES);
  });

  it('three monthly releases, each with late deliveries', async () => {
    const first = await release(tableFor('2024-03', base), [], DEFAULT_RULES);
    const late1 = (a: string, m: string): number => base(a, m) + (a === 'a2' && m === '2024-02' ? 1 : 0);
    const second = await release(tableFor('2024-04', late1), [first], DEFAULT_RULES);
    const late2 = (a: string, m: string): number => late1(a, m) + (a === 'b1' && m === '2024-03' ? 2 : 0) + (m === '2024-04' ? 1 : 0);
    const third = await release(tableFor('2024-05', late2), [first, second], DEFAULT_RULES);
    await expectProtected([first, second, third], DEFAULT_RULES);
  });

  it('a correction that lowers a count can fix earlier figures: the engine reports exactly those', async () => {
    const first = await release(tableFor('2024-03', base), [], DEFAULT_RULES);
    const late1 = (a: string, m: string): number => base(a, m) + (a === 'a2' && m === '2024-02' ? 1 : 0);
    const second = await release(tableFor('2024-04', late1), [first], DEFAULT_RULES);
    const late2 = (a: string, m: string): number => late1(a, m) - (a === 'b1' && m === '2024-03' ? 1 : 0);
    const third = await release(tableFor('2024-05', late2), [first, second], DEFAULT_RULES);
    // b1's March goes from 1 to 0 while the first quarter of the municipality is back at its first value (the two
    // corrections cancel), so b1's first quarter is fixed by earlier figures: February + March = 15, and March ≥ 0
    // now caps b1's February at 15, its value. Nothing in the third release can change that; the engine says so.
    expect(await expectReportedExactly([first, second, third], DEFAULT_RULES)).toEqual([
      variable(['b1', '2024-02'], 15),
      variable(['b2', '2024-03'], 12),
    ]);
    expect(third.sensitiveReported).toBe(0);
  });

  it('with zeros sensitive, a zero month under an unchanged quarter total is exact: the engine reports it', async () => {
    // a3's April is 3 (and so its second quarter); May is 0. The intruder who links the quarter (same count in
    // both releases) reads May = Q2 − April = 0, whatever the second release suppresses.
    const counts = (a: string, m: string): number => (a === 'a3' ? (m === '2024-04' ? 3 : m === '2024-05' ? 0 : 20) : 20);
    const rules: SuppressionRules = { ...DEFAULT_RULES, zeros: 'primary' };
    const first = await release(tableFor('2024-04', counts), [], rules);
    const second = await release(tableFor('2024-05', counts), [first], rules);
    const reported = await expectReportedExactly([first, second], rules);
    expect(reported).toContain(variable(['a3', '2024-05'], 0));
    expect(second.sensitiveReported).toBeGreaterThan(0);
  });

  it('a figure one view showed and another withheld is known: it is neither protected nor relied on', async () => {
    // As when a rate view shows `..` for an area without population while the count view shows its counts.
    const withheld = (cells: readonly CellDecision[]): (readonly CellDecision[])[] => [
      cells,
      cells.map((c) => (c.key[0] === 'okand' ? { ...c, published: null, status: 'suppressed_primary' as const } : c)),
    ];
    const first = await release(tableFor('2024-03', base), [], DEFAULT_RULES, withheld);
    const second = await release(tableFor('2024-04', base), [first], DEFAULT_RULES, withheld);
    const now = new Map((second.views[0] ?? []).map((c) => [keyId(c.key), c]));
    const shownBefore = (first.views[0] ?? []).filter((c) => c.key[0] === 'okand' && c.published !== null);
    expect(shownBefore.length).toBeGreaterThan(0);
    for (const old of shownBefore) {
      const cell = now.get(keyId(old.key));
      // The year-to-date total moved on with April: a new figure, suppressed because a view withheld the key.
      if (cell?.count === old.count) expect(cell.reason, old.key.join('/')).toBe('published:released-before');
    }
    await expectProtected([first, second], DEFAULT_RULES);
  });

  it('random cubes, late deliveries: every suppressed cell of every release stays protected (property-based)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean().chain((linked) => randomCube({ linked, maxLeaves: 5, maxMonths: 5 })),
        fc.array(fc.array(fc.record({ cell: fc.nat(), add: fc.integer({ min: 1, max: 3 }) }), { maxLength: 4 }), {
          minLength: 2,
          maxLength: 2,
        }),
        fc.constantFrom(DEFAULT_RULES, STRICT),
        async ({ table }, late, rules) => {
          // Release r has the late deliveries of rounds 1..r (to any month, shown already or not).
          const added = (r: number, index: number): number =>
            late
              .slice(0, r)
              .flat()
              .filter((l) => l.cell % table.cells.length === index)
              .reduce((sum, l) => sum + l.add, 0);
          await expectProtected(await threeReleases(table, {}, (r, c, i) => c.count + added(r, i), rules), rules);
        },
      ),
      { numRuns: runs(10) },
    );
  });

  it('random cubes, corrections up and down and back: the engine reports exactly what the intruder narrows (property-based)', async () => {
    await fc.assert(
      fc.asyncProperty(
        randomCube({ maxLeaves: 5, maxMonths: 5 }),
        fc.array(fc.record({ cell: fc.nat(), delta: fc.integer({ min: -3, max: 3 }) }), { maxLength: 4 }),
        fc.boolean(),
        async ({ table }, corrections, revert) => {
          const delta = (index: number): number =>
            corrections.filter((c) => c.cell % table.cells.length === index).reduce((s, c) => s + c.delta, 0);
          // The third release keeps the correction or takes it back (a count returns to its first value).
          const count = (r: number, c: CellInput, i: number): number =>
            r === 0 || (r === 2 && revert) ? c.count : Math.max(0, c.count + delta(i));
          await expectReportedExactly(await threeReleases(table, {}, count, DEFAULT_RULES), DEFAULT_RULES);
        },
      ),
      { numRuns: runs(10) },
    );
  });

  it('NYKO areas × months with a rolling 12-month total, late deliveries: the engine reports exactly what can be narrowed, never a small count (property-based)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), async (seed, lateShare) => {
        const calendar: CalendarOptions = { rolling12: 'last' };
        const table = realisticCube({ areas: 10, perN2: 3, perN1: 2, months: 14, meanPerCell: 2.5, seed, calendar });
        const months = [...new Set(table.cells.map((c) => c.key[1] ?? ''))].sort();
        // A share of each release's last month gets a late report in the next release: counts only grow.
        const random = rng(seed);
        const late = table.cells.map(() => random() < lateShare);
        const count = (r: number, cell: CellInput, index: number): number => {
          const correctedIn = months.indexOf(cell.key[1] ?? '') - (months.length - 3) + 1;
          return cell.count + (late[index] === true && correctedIn >= 1 && correctedIn <= r ? 1 : 0);
        };
        // A rolling window can be pinned from above without any revision: last year's total and this year's months
        // were published before, and the new window is that total minus the months it dropped (≥ 0). No pattern in
        // the new release can lift that bound, so the engine must report exactly such cells, and none may be small.
        const releases = await threeReleases(table, calendar, count, DEFAULT_RULES);
        await expectReportedExactly(releases, DEFAULT_RULES);
        expect(releases.map((r) => r.sensitiveReported)).toEqual([0, 0, 0]);
      }),
      { numRuns: runs(3) },
    );
  });
});
