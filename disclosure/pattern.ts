/**
 * Protecting one cell: the cheapest set of extra suppressions that lets the cell move far enough.
 *
 * This is the single-cell model of Fischetti & Salazar (2000), as an LP. Protection of cell p means two feasible
 * deviations of the table exist: d (upwards: d_p ≥ up) and e (downwards: e_p ≤ −down), with d_p − e_p ≥ width.
 * A deviation must keep every constraint balanced (M·d = 0) and never push a count below zero (d_c ≥ −value_c).
 * It may move suppressed and hidden cells freely, published cells at their cost, known cells (released before)
 * not at all. The LP minimises Σ cost_c · max(|d_c|, |e_c|) over published cells, and those it moves become
 * secondary suppressions. The L1 objective makes the optimum a
 * vertex with small support: in a two-way table the familiar rectangle, in linked or rolling structures whatever
 * cycle is cheapest. We use the LP relaxation rather than the MILP because it is fast and always gives a *valid*
 * pattern (the deviation itself is the proof); optimality in the number of cells is traded for speed.
 *
 * The LP is solved on a neighbourhood of p (codes near p's in every dimension); deviations outside are zero,
 * which only narrows the search, so any pattern found is valid for the whole table. If the neighbourhood has no
 * pattern, it grows, finally to the whole table.
 */
import type { Highs } from 'highs';
import type { Cube } from './cube.ts';
import type { SparseRow } from './lp.ts';
import { createLp, solveLp } from './lp.ts';
import type { SuppressionState } from './state.ts';
import { isMovable, isUnknown, requirementOf, Role, witness } from './state.ts';

/** Deviations smaller than this are solver noise, not part of the pattern. */
const SUPPORT = 1e-6;

/** Codes within `radius[d]` steps (sharing a definition = one step) of the cell's code in each dimension d. */
export function neighbourhood(cube: Cube, cell: number, radii: readonly number[]): number[] {
  const perDim: number[][] = [];
  let rest = cell;
  for (let d = 0; d < cube.dims.length; d++) {
    const dim = cube.dims[d];
    const stride = cube.strides[d] ?? 1;
    const code = Math.floor(rest / stride);
    rest %= stride;
    if (!dim) continue;
    const seen = new Set<number>([code]);
    let frontier = [code];
    const radius = radii[d] ?? 1;
    for (let step = 0; step < radius && frontier.length > 0; step++) {
      const next: number[] = [];
      for (const c of frontier) {
        for (const a of dim.adjacent[c] ?? []) {
          if (!seen.has(a)) {
            seen.add(a);
            next.push(a);
          }
        }
      }
      frontier = next;
    }
    perDim.push([...seen].sort((a, b) => a - b).map((c) => c * stride));
  }
  let cells = [0];
  for (const offsets of perDim) {
    const grown: number[] = [];
    for (const base of cells) for (const off of offsets) grown.push(base + off);
    cells = grown;
  }
  return cells.sort((a, b) => a - b);
}

function cellsSharingRows(cube: Cube, variable: number): number[] {
  const out = new Set<number>();
  for (let k = cube.cellRowStart[variable] ?? 0; k < (cube.cellRowStart[variable + 1] ?? 0); k++) {
    const r = cube.cellRows[k] ?? 0;
    for (let i = cube.rowStart[r] ?? 0; i < (cube.rowStart[r + 1] ?? 0); i++) {
      const c = cube.rowCells[i] ?? 0;
      if (c < cube.size) out.add(c);
    }
  }
  return [...out].sort((a, b) => a - b);
}

export type PatternOutcome = { readonly kind: 'protected'; readonly added: readonly number[] } | { readonly kind: 'impossible' };

/** Solves the pattern LP for `target` on `region`; suppresses what it touches and records the certificates. */
export function protectWithin(highs: Highs, state: SuppressionState, target: number, region: readonly number[]): PatternOutcome {
  const { cube } = state;
  const movable = region.filter((c) => isMovable(state, c));
  const local = new Map<number, number>();
  movable.forEach((c, i) => local.set(c, i));
  if (!local.has(target)) return { kind: 'impossible' };
  const m = movable.length;
  const costed = movable.filter((c) => !isUnknown(state.role[c] ?? 0));
  const q = costed.length;
  // Columns: d_0..d_{m-1}, e_0..e_{m-1}, s_0..s_{q-1}.
  const numCols = 2 * m + q;
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(Infinity);
  const colCost = new Float64Array(numCols);
  movable.forEach((c, i) => {
    const v = cube.values[c] ?? 0;
    const room = (state.bound[c] ?? Infinity) - v;
    colLower[i] = -v;
    colLower[m + i] = -v;
    colUpper[i] = room;
    colUpper[m + i] = room;
  });
  const req = requirementOf(state, target);
  const t = local.get(target) ?? 0;
  const value = cube.values[target] ?? 0;
  colLower[t] = Math.max(-value, req.up);
  colUpper[m + t] = Math.min(colUpper[m + t] ?? Infinity, -req.down);

  const rows: SparseRow[] = [];
  const seenRows = new Set<number>();
  for (const c of movable) {
    for (let k = cube.cellRowStart[c] ?? 0; k < (cube.cellRowStart[c + 1] ?? 0); k++) {
      const r = cube.cellRows[k] ?? 0;
      if (seenRows.has(r)) continue;
      seenRows.add(r);
      const cols: number[] = [];
      const coefs: number[] = [];
      for (let i = cube.rowStart[r] ?? 0; i < (cube.rowStart[r + 1] ?? 0); i++) {
        const j = local.get(cube.rowCells[i] ?? -1);
        if (j === undefined) continue;
        cols.push(j);
        coefs.push(cube.rowCoef[i] ?? 0);
      }
      rows.push({ cols, coefs, lower: 0, upper: 0 });
      rows.push({ cols: cols.map((j) => m + j), coefs, lower: 0, upper: 0 });
    }
  }
  costed.forEach((c, k) => {
    const i = local.get(c) ?? 0;
    const s = 2 * m + k;
    colCost[s] = state.cost[c] ?? 1;
    rows.push({ cols: [s, i], coefs: [1, -1], lower: 0, upper: Infinity });
    rows.push({ cols: [s, i], coefs: [1, 1], lower: 0, upper: Infinity });
    rows.push({ cols: [s, m + i], coefs: [1, -1], lower: 0, upper: Infinity });
    rows.push({ cols: [s, m + i], coefs: [1, 1], lower: 0, upper: Infinity });
  });
  if (req.width > 0) rows.push({ cols: [t, m + t], coefs: [1, -1], lower: req.width, upper: Infinity });

  const model = createLp(highs, { numCols, colLower, colUpper, colCost, rows });
  try {
    state.lpSolves++;
    const outcome = solveLp(highs, model);
    if (outcome.kind !== 'optimal') return { kind: 'impossible' };
    const added: number[] = [];
    costed.forEach((c, k) => {
      if ((outcome.x[2 * m + k] ?? 0) > SUPPORT) added.push(c);
    });
    for (const c of added) {
      state.role[c] = Role.secondary;
      state.reason[c] = 'secondary:protection';
      state.required[c] = 1;
      const list = state.protects.get(c) ?? [];
      if (list.length < 3) list.push(target);
      state.protects.set(c, list);
    }
    // Both deviations are feasible points of the intruder's system now: certificates for every cell they move.
    movable.forEach((c, i) => {
      if (!isUnknown(state.role[c] ?? 0)) return;
      const v = cube.values[c] ?? 0;
      witness(state, c, v + (outcome.x[i] ?? 0));
      witness(state, c, v + (outcome.x[m + i] ?? 0));
    });
    return { kind: 'protected', added };
  } finally {
    model.dispose();
  }
}

/**
 * Adds the variables of earlier releases (history.ts) linked to the region through equations — directly or via
 * other earlier variables (last month's year-to-date total → its quarters → its months) — so a pattern can move
 * the earlier versions along with the cells around them.
 */
function withEarlierVariables(cube: Cube, region: readonly number[]): number[] {
  if (cube.variables === cube.size) return [...region];
  const extra = new Set<number>();
  let frontier: readonly number[] = region;
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const c of frontier) {
      for (let k = cube.cellRowStart[c] ?? 0; k < (cube.cellRowStart[c + 1] ?? 0); k++) {
        const r = cube.cellRows[k] ?? 0;
        for (let i = cube.rowStart[r] ?? 0; i < (cube.rowStart[r + 1] ?? 0); i++) {
          const v = cube.rowCells[i] ?? 0;
          if (v >= cube.size && !extra.has(v)) {
            extra.add(v);
            next.push(v);
          }
        }
      }
    }
    frontier = next;
  }
  return [...region, ...[...extra].sort((a, b) => a - b)];
}

/**
 * Neighbourhoods to try, smallest first: one step in every dimension (a rectangle in a plain two-way table), then
 * two steps in one dimension at a time (rolling windows need two steps in time, area hierarchies seldom do),
 * then two and four everywhere; the whole table is the last resort.
 */
function escalation(dims: number): number[][] {
  const ones = new Array<number>(dims).fill(1);
  const oneWider = ones.map((_, d) => ones.map((r, i) => (i === d ? 2 : r)));
  return [ones, ...(dims > 1 ? oneWider : []), ones.map(() => 2), ones.map(() => 4)];
}

/**
 * Remembers how often each neighbourhood size found a pattern in this run. A size that almost never succeeds
 * (one step in time when rolling windows are published) is then tried only now and then, which saves an LP per
 * cell. Only the order of attempts changes, never what counts as protected, and the run stays deterministic.
 */
export class EscalationTracker {
  private readonly tries: number[] = [];
  private readonly wins: number[] = [];

  worthTrying(step: number, isLast: boolean): boolean {
    const tries = this.tries[step] ?? 0;
    if (isLast || tries < 20) return true;
    const rate = (this.wins[step] ?? 0) / tries;
    return rate >= 0.1 || tries % 10 === 0;
  }

  record(step: number, won: boolean): void {
    this.tries[step] = (this.tries[step] ?? 0) + 1;
    if (won) this.wins[step] = (this.wins[step] ?? 0) + 1;
  }
}

/** Protects a cell, widening the neighbourhood until a pattern exists. */
export function protectCell(
  highs: Highs,
  state: SuppressionState,
  target: number,
  tracker: EscalationTracker = new EscalationTracker(),
): PatternOutcome {
  // A variable of an earlier release has no place in the product; start from its equations instead.
  const seeds = target < state.cube.size ? [target] : cellsSharingRows(state.cube, target);
  const steps = escalation(state.cube.dims.length);
  for (const [step, radii] of steps.entries()) {
    if (!tracker.worthTrying(step, step === steps.length - 1)) continue;
    const region = new Set<number>(target < state.cube.size ? [] : [target]);
    for (const seed of seeds) for (const c of neighbourhood(state.cube, seed, radii)) region.add(c);
    const outcome = protectWithin(
      highs,
      state,
      target,
      withEarlierVariables(
        state.cube,
        [...region].sort((a, b) => a - b),
      ),
    );
    tracker.record(step, outcome.kind === 'protected');
    if (outcome.kind === 'protected') return outcome;
  }
  const all = Array.from({ length: state.cube.variables }, (_, c) => c);
  return protectWithin(highs, state, target, all);
}
