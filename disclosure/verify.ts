/**
 * The engine's own intruder: for every suppressed cell that must be protected and is not yet certified, solve
 * max and min of the cell over the intruder's system (HiGHS, one persistent model per component, objective
 * changed between solves so the simplex warm-starts). Every optimal vertex certifies all cells of the component
 * at once, so in practice far fewer than two LPs per cell are solved.
 */
import type { Highs, Model } from 'highs';
import { intruderComponents } from './intruder.ts';
import { createLp, solveLp } from './lp.ts';
import { TOLERANCE } from './protection.ts';
import type { SuppressionState } from './state.ts';
import { isCertified, isUnknown, requirementOf, witness } from './state.ts';

function unknownMask(state: SuppressionState): Uint8Array {
  const mask = new Uint8Array(state.cube.variables);
  for (let c = 0; c < state.cube.variables; c++) if (isUnknown(state.role[c] ?? 0)) mask[c] = 1;
  return mask;
}

class ComponentSolver {
  constructor(
    private readonly highs: Highs,
    private readonly model: Model,
    private readonly state: SuppressionState,
    private readonly cells: readonly number[],
  ) {}

  /** Optimises Σ weights·x; records the optimum as a certificate and returns the objective (±∞ if unbounded). */
  optimise(weights: Float64Array, maximize: boolean): number {
    const { highs, model } = this;
    model.changeColsCost({ kind: 'range', from: 0, to: this.cells.length - 1 }, weights);
    model.changeObjectiveSense(maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize);
    this.state.lpSolves++;
    const outcome = solveLp(highs, model);
    if (outcome.kind === 'infeasible') {
      throw new Error('the intruder system is infeasible although the true table satisfies it (a bug)');
    }
    if (outcome.kind === 'unbounded') return maximize ? Infinity : -Infinity;
    this.cells.forEach((cell, j) => witness(this.state, cell, outcome.x[j] ?? 0));
    return outcome.objective;
  }

  /** Exact max or min of one column. */
  extreme(j: number, maximize: boolean): number {
    const weights = new Float64Array(this.cells.length);
    weights[j] = 1;
    return this.optimise(weights, maximize);
  }
}

function shortfall(state: SuppressionState, cell: number): { up: boolean; down: boolean } {
  const value = state.cube.values[cell] ?? 0;
  const req = requirementOf(state, cell);
  const lo = state.lo[cell] ?? value;
  const hi = state.hi[cell] ?? value;
  const narrow = hi - lo < req.width - TOLERANCE;
  return { up: hi < value + req.up - TOLERANCE || narrow, down: lo > value - req.down + TOLERANCE || narrow };
}

/**
 * Pushes all cells that still fall short upwards in one LP (Σ y over them), then downwards, and repeats while
 * that certifies anything: a vertex moves many cells at once, so most cells never need an LP of their own.
 */
function certifyTogether(
  state: SuppressionState,
  solver: ComponentSolver,
  targets: readonly (readonly [number, number])[],
  n: number,
): void {
  if (targets.length < 3) return;
  for (let round = 0; round < 12; round++) {
    const open = (): (readonly [number, number])[] => targets.filter(([c]) => !isCertified(state, c));
    const before = open().length;
    if (before === 0) return;
    for (const direction of ['up', 'down'] as const) {
      const weights = new Float64Array(n);
      let any = false;
      for (const [c, j] of open()) {
        if (shortfall(state, c)[direction]) {
          weights[j] = 1;
          any = true;
        }
      }
      if (any) solver.optimise(weights, direction === 'up');
    }
    if (open().length === before) return;
  }
}

/**
 * Returns the required cells whose exact interval violates the protection requirement (ascending cell order).
 * Cells found protected are certified in `state`.
 */
export async function findUnprotected(highs: Highs, state: SuppressionState): Promise<number[]> {
  const { cube } = state;
  const wanted = (cell: number): boolean => state.required[cell] === 1 && !isCertified(state, cell);
  const failing: number[] = [];
  for (const component of intruderComponents(cube, cube.values, unknownMask(state), wanted, state.bound)) {
    const n = component.cells.length;
    const model = createLp(highs, {
      numCols: n,
      colLower: new Float64Array(n),
      colUpper: component.upper,
      colCost: new Float64Array(n),
      rows: component.rows,
    });
    try {
      const solver = new ComponentSolver(highs, model, state, component.cells);
      const targets = component.cells.map((c, j) => [c, j] as const).filter(([c]) => wanted(c));
      certifyTogether(state, solver, targets, n);
      for (const [cell, j] of targets) {
        if (isCertified(state, cell)) continue;
        if (state.hiExact[cell] !== 1) {
          const max = solver.extreme(j, true);
          state.hi[cell] = Math.max(state.hi[cell] ?? 0, max);
          state.hiExact[cell] = 1;
          if (isCertified(state, cell)) continue;
        }
        if (state.loExact[cell] !== 1) {
          const min = solver.extreme(j, false);
          state.lo[cell] = Math.min(state.lo[cell] ?? 0, min);
          state.loExact[cell] = 1;
          if (isCertified(state, cell)) continue;
        }
        failing.push(cell);
      }
    } finally {
      model.dispose();
    }
  }
  return failing.sort((a, b) => a - b);
}
