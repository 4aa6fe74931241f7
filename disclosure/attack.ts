/**
 * The intruder, exhaustively: for each suppressed cell, the minimum and maximum value consistent with everything
 * published, the additive structure and non-negativity (two LPs per cell, HiGHS). This is what a disclosure audit
 * reports and what `protect` prints as the intruder's intervals.
 */
import type { Highs } from 'highs';
import type { CubeStructure } from './cube.ts';
import { cellIndex, cellKey, compileStructure } from './cube.ts';
import type { IntruderComponent } from './intruder.ts';
import { intruderComponents } from './intruder.ts';
import type { SparseRow } from './lp.ts';
import { createLp, loadHighs, solveLp } from './lp.ts';
import type { SuppressionState } from './state.ts';
import { isUnknown, Role } from './state.ts';
import type { Dimension, Interval } from './table.ts';
import { keyId } from './table.ts';

function solveComponent(
  highs: Highs,
  component: IntruderComponent,
  lower: (j: number) => number,
  target: (j: number) => boolean,
): Map<number, Interval> {
  const n = component.cells.length;
  const out = new Map<number, Interval>();
  const model = createLp(highs, {
    numCols: n,
    colLower: Array.from({ length: n }, (_, j) => lower(j)),
    colUpper: component.upper,
    colCost: new Float64Array(n),
    rows: component.rows,
  });
  try {
    const weights = new Float64Array(n);
    const extreme = (j: number, maximize: boolean): number => {
      weights.fill(0);
      weights[j] = 1;
      model.changeColsCost({ kind: 'range', from: 0, to: n - 1 }, weights);
      model.changeObjectiveSense(maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize);
      const outcome = solveLp(highs, model);
      if (outcome.kind === 'infeasible') throw new Error('the published figures contradict each other');
      if (outcome.kind === 'unbounded') return maximize ? Infinity : -Infinity;
      return outcome.objective;
    };
    for (let j = 0; j < n; j++) {
      if (!target(j)) continue;
      out.set(component.cells[j] ?? 0, { min: extreme(j, false), max: extreme(j, true) });
    }
  } finally {
    model.dispose();
  }
  return out;
}

async function intervalsOver(
  structure: CubeStructure,
  known: Float64Array,
  unknown: Uint8Array,
  target: (cell: number) => boolean,
  bound?: Float64Array,
): Promise<Map<number, Interval>> {
  const highs = await loadHighs();
  const out = new Map<number, Interval>();
  for (const component of intruderComponents(structure, known, unknown, target, bound)) {
    const found = solveComponent(
      highs,
      component,
      () => 0,
      (j) => target(component.cells[j] ?? 0),
    );
    for (const [cell, interval] of found) out.set(cell, interval);
  }
  return out;
}

/**
 * Exact intervals (LP min and max) of the unknowns of a suppression state selected by `target`: by default every
 * suppressed variable (cells of the table and figures of earlier releases), but not hidden helper cells.
 */
export async function exactIntervals(
  cube: CubeStructure & { readonly values: Float64Array },
  state: SuppressionState,
  target: (cell: number) => boolean = (c) => isUnknown(state.role[c] ?? 0) && state.role[c] !== Role.hidden,
): Promise<Map<number, Interval>> {
  const unknown = new Uint8Array(cube.variables);
  for (let c = 0; c < cube.variables; c++) if (isUnknown(state.role[c] ?? 0)) unknown[c] = 1;
  return intervalsOver(cube, cube.values, unknown, target, state.bound);
}

export interface PublishedFigure {
  readonly key: readonly string[];
  /** The exact figure released, or null for `..`. */
  readonly published: number | null;
}

/**
 * Attacks a release from the outside: only the dimensions (which the recipient can infer from the table layout)
 * and the published figures. Cells not listed are unknowns too. Returns intervals by cell identity (`keyId`).
 */
export async function attackRelease(dimensions: readonly Dimension[], figures: readonly PublishedFigure[]): Promise<Map<string, Interval>> {
  const structure = compileStructure(dimensions);
  const known = new Float64Array(structure.size);
  const unknown = new Uint8Array(structure.size).fill(1);
  for (const figure of figures) {
    if (figure.published === null) continue;
    const cell = cellIndex(structure, figure.key);
    if (cell === undefined) continue;
    known[cell] = figure.published;
    unknown[cell] = 0;
  }
  const suppressed = new Set<number>();
  for (const figure of figures) {
    if (figure.published !== null) continue;
    const cell = cellIndex(structure, figure.key);
    if (cell !== undefined) suppressed.add(cell);
  }
  const found = await intervalsOver(structure, known, unknown, (c) => suppressed.has(c));
  const out = new Map<string, Interval>();
  for (const [cell, interval] of found) out.set(keyId(cellKey(structure, cell)), interval);
  return out;
}

/** A general linear system for audits across releases: Σ coef·x = rhs, lower (default 0) ≤ unknowns ≤ upper. */
export interface IntruderSystem {
  readonly unknowns: readonly string[];
  readonly equations: readonly { readonly terms: readonly (readonly [string, number])[]; readonly rhs: number }[];
  readonly lower?: ReadonlyMap<string, number>;
  readonly upper?: ReadonlyMap<string, number>;
}

/** Min and max of every unknown of a general system. */
export async function attackSystem(system: IntruderSystem): Promise<Map<string, Interval>> {
  const highs = await loadHighs();
  const index = new Map(system.unknowns.map((u, j) => [u, j] as const));
  const rows: SparseRow[] = system.equations.map((eq) => {
    const merged = new Map<number, number>();
    for (const [name, coef] of eq.terms) {
      const j = index.get(name);
      if (j === undefined) throw new Error(`equation uses "${name}", which is not an unknown`);
      merged.set(j, (merged.get(j) ?? 0) + coef);
    }
    return { cols: [...merged.keys()], coefs: [...merged.values()], lower: eq.rhs, upper: eq.rhs };
  });
  const component: IntruderComponent = {
    cells: system.unknowns.map((_, j) => j),
    upper: Float64Array.from(system.unknowns, (u) => system.upper?.get(u) ?? Infinity),
    rows,
  };
  const found = solveComponent(
    highs,
    component,
    (j) => system.lower?.get(system.unknowns[j] ?? '') ?? 0,
    () => true,
  );
  const out = new Map<string, Interval>();
  for (const [j, interval] of found) out.set(system.unknowns[j] ?? '', interval);
  return out;
}
