/**
 * A thin, typed layer over HiGHS (WebAssembly): one loader for the process, and a sparse LP builder that turns rows
 * of (column, coefficient) into a persistent model. Every LP in this folder goes through here, so solver options
 * (silence, determinism) are set once.
 */
import highsDefault from 'highs';
import type { Highs, Model, SymbolDisposable } from 'highs';

type Loader = () => Promise<Highs>;

/**
 * The package's declarations are CommonJS-flavoured while Node loads its ES module build, so TypeScript and Node
 * disagree about what the default import is (the loader, or an object holding it). Accept both at run time.
 */
function resolveLoader(): Loader {
  const imported: unknown = highsDefault;
  if (typeof imported === 'function') return imported as Loader;
  const nested: unknown = (imported as { default?: unknown }).default;
  if (typeof nested === 'function') return nested as Loader;
  throw new Error('the highs package exports no loader function');
}

let loading: Promise<Highs> | undefined;

/** The HiGHS runtime, loaded once per process (the WASM module is ~2 MB). */
export function loadHighs(): Promise<Highs> {
  loading ??= resolveLoader()();
  return loading;
}

export interface SparseRow {
  readonly cols: readonly number[];
  readonly coefs: readonly number[];
  readonly lower: number;
  readonly upper: number;
}

export interface LpSpec {
  readonly numCols: number;
  readonly colLower: Float64Array | readonly number[];
  readonly colUpper: Float64Array | readonly number[];
  readonly colCost: Float64Array | readonly number[];
  readonly rows: readonly SparseRow[];
  readonly maximize?: boolean;
}

/** Builds a persistent model; the caller must dispose it (WASM memory is not garbage collected). */
export function createLp(highs: Highs, spec: LpSpec): SymbolDisposable<Model> {
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  for (const row of spec.rows) {
    for (let i = 0; i < row.cols.length; i++) {
      indices.push(row.cols[i] ?? 0);
      values.push(row.coefs[i] ?? 0);
    }
    starts.push(indices.length);
    rowLower.push(row.lower);
    rowUpper.push(row.upper);
  }
  const inf = highs.infinity;
  const clamp = (v: number): number => (v === Infinity ? inf : v === -Infinity ? -inf : v);
  const model = highs.createModel({
    numCols: spec.numCols,
    numRows: spec.rows.length,
    sense: spec.maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    colCost: Float64Array.from(spec.colCost),
    colLower: Float64Array.from(spec.colLower, clamp),
    colUpper: Float64Array.from(spec.colUpper, clamp),
    rowLower: Float64Array.from(rowLower, clamp),
    rowUpper: Float64Array.from(rowUpper, clamp),
    matrix: {
      format: 'csr',
      numRows: spec.rows.length,
      numCols: spec.numCols,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
  });
  // Silence, and a fixed seed: the same table must give the same pattern on every run.
  model.options.set({ output_flag: false, random_seed: 0 });
  return model;
}

export type LpOutcome =
  | { readonly kind: 'optimal'; readonly objective: number; readonly x: Float64Array }
  | { readonly kind: 'unbounded' }
  | { readonly kind: 'infeasible' };

/**
 * Runs the model and classifies the result. A warm start after an objective change can end in "unknown" (seen
 * after an unbounded solve); the model is then solved once more from scratch. Anything still inconclusive is a
 * bug or a limit and throws.
 */
export function solveLp(highs: Highs, model: Model): LpOutcome {
  const status = highs.constants.modelStatus;
  let { modelStatus } = model.run();
  if (modelStatus !== status.optimal && modelStatus !== status.unbounded && modelStatus !== status.infeasible) {
    model.clearSolver();
    modelStatus = model.run().modelStatus;
  }
  if (modelStatus === status.optimal) {
    return { kind: 'optimal', objective: model.getObjectiveValue(), x: model.getSolution().colValue };
  }
  if (modelStatus === status.unbounded) return { kind: 'unbounded' };
  if (modelStatus === status.infeasible) return { kind: 'infeasible' };
  if (modelStatus === status.unboundedOrInfeasible) {
    // Only ever asked of feasible systems (the true table satisfies them), so this means unbounded.
    return { kind: 'unbounded' };
  }
  throw new Error(`HiGHS stopped with model status ${modelStatus}`);
}
