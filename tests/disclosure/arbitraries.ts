/**
 * fast-check generators for random tables: area hierarchies of 2–3 levels (optionally with a second grouping of
 * the same areas), a time dimension with quarter and year totals, and counts drawn mostly from 0..4 so that
 * primary suppressions are dense and secondary suppression has to work hard.
 */
import fc from 'fast-check';
import { calendarDimension, dimensionFromParents, monthRange } from '../../disclosure/dimensions.ts';
import type { CellInput, Dimension, LinearTable } from '../../disclosure/table.ts';

export interface AreaTree {
  readonly parentOf: Map<string, string>;
  readonly leaves: string[];
}

/** A municipality → (NYKO1 →) NYKO2 → NYKO3 tree; `depth` counts the levels below the municipality. */
export const areaTree = (maxLeaves = 8): fc.Arbitrary<AreaTree> =>
  fc
    .record({
      depth: fc.integer({ min: 1, max: 2 }),
      top: fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), {
        minLength: 1,
        maxLength: 3,
      }),
      okand: fc.boolean(),
    })
    .map(({ depth, top, okand }) => {
      const parentOf = new Map<string, string>();
      const leaves: string[] = [];
      top.forEach((groups, i) => {
        const upper = `A${i + 1}`;
        parentOf.set(upper, 'kommun');
        groups.forEach((size, j) => {
          const mid = `${upper}.${j + 1}`;
          if (depth === 2) parentOf.set(mid, upper);
          for (let k = 0; k < size; k++) {
            if (leaves.length >= maxLeaves && k > 0) break;
            const leaf = `${mid}.${k + 1}`;
            parentOf.set(leaf, depth === 2 ? mid : upper);
            leaves.push(leaf);
          }
        });
      });
      if (okand) {
        parentOf.set('okand', 'kommun');
        leaves.push('okand');
      }
      return { parentOf, leaves };
    });

/** Mostly small counts: many 1..4 (primary), zeros, and some larger ones. */
export const smallCount: fc.Arbitrary<number> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 13, max: 60 }) },
);

export interface RandomCube {
  readonly table: LinearTable;
  readonly tree: AreaTree;
  readonly months: string[];
}

function alternativeGrouping(leaves: readonly string[], assignment: readonly number[]): Map<string, string> {
  const alt = new Map<string, string>();
  leaves.forEach((leaf, i) => alt.set(leaf, `S${(assignment[i] ?? 0) + 1}`));
  for (const group of new Set(alt.values())) alt.set(group, 'kommun');
  return alt;
}

/**
 * Areas × months (3–8 months → quarters and years). With `linked`, the areas also sum through a second grouping
 * (school catchments cutting across the NYKO tree) to the same municipality total.
 */
export const randomCube = (options: { linked?: boolean; maxLeaves?: number; maxMonths?: number } = {}): fc.Arbitrary<RandomCube> =>
  fc
    .record({
      tree: areaTree(options.maxLeaves ?? 6),
      monthCount: fc.integer({ min: 3, max: options.maxMonths ?? 6 }),
      startMonth: fc.integer({ min: 0, max: 11 }),
      assignment: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 12, maxLength: 12 }),
      counts: fc.array(smallCount, { minLength: 12 * 12, maxLength: 12 * 12 }),
    })
    .map(({ tree, monthCount, startMonth, assignment, counts }) => {
      const first = `2024-${String(startMonth + 1).padStart(2, '0')}`;
      const lastIndex = 2024 * 12 + startMonth + monthCount - 1;
      const last = `${Math.floor(lastIndex / 12)}-${String((lastIndex % 12) + 1).padStart(2, '0')}`;
      const months = monthRange(first, last);
      const area: Dimension = dimensionFromParents(
        'område',
        tree.parentOf,
        options.linked ? { alternatives: [alternativeGrouping(tree.leaves, assignment)] } : {},
      );
      const time = calendarDimension('period', months);
      const cells: CellInput[] = [];
      tree.leaves.forEach((leaf, i) => {
        months.forEach((month, j) => cells.push({ key: [leaf, month], count: counts[(i * 12 + j) % counts.length] ?? 0 }));
      });
      return { table: { dimensions: [area, time], cells }, tree, months };
    });
