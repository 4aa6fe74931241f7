/**
 * The working state of one suppression run: what each cell is (candidate, known, suppressed, hidden), which cells
 * must be protected, the secondary costs, and the best feasible values seen so far for every cell.
 *
 * The "seen" bounds are the engine's certificates. Any point that satisfies the intruder's system is proof that
 * the interval reaches at least that far, and suppressing more cells only enlarges the system's solution set, so
 * a certificate stays valid for the rest of the run. Most cells are certified by the patterns that protect them,
 * and only the rest need their own LP.
 */
import type { Cube } from './cube.ts';
import { cellKey } from './cube.ts';
import { DisclosureInputError } from './errors.ts';
import type { Requirement } from './protection.ts';
import { isProtected, requirementFor } from './protection.ts';
import type { HistoryLinks } from './history.ts';
import type { ReasonCode, SuppressionRules } from './table.ts';
import { keyId } from './table.ts';

/** Cell roles. Known cells are constants to the intruder; suppressed and hidden cells are unknowns. */
export const Role = {
  /** Published unless the engine needs it as a secondary suppression. */
  candidate: 0,
  /** Published and never suppressed: already known to the intruder from an earlier release. */
  known: 1,
  primary: 2,
  secondary: 3,
  /** Never published (a hidden code, or an earlier figure nobody protects): an unknown, no requirement. */
  hidden: 4,
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface SuppressionState {
  readonly cube: Cube;
  readonly rules: SuppressionRules;
  readonly role: Uint8Array;
  readonly reason: ReasonCode[];
  /** 1 when the cell's interval must satisfy the protection requirement. */
  readonly required: Uint8Array;
  /** 1 when the cell may not become a secondary suppression (zeros under `zerosAsSecondary: false`). */
  readonly frozen: Uint8Array;
  /** Upper bounds the intruder knows besides the table (Infinity if none), e.g. numerator ≤ denominator. */
  readonly bound: Float64Array;
  readonly cost: Float64Array;
  /** Certified bounds: feasible values seen below/above the true value. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** 1 when lo/hi is the LP optimum, not just a certificate. */
  readonly loExact: Uint8Array;
  readonly hiExact: Uint8Array;
  /** For secondary cells: the cells whose protection brought them in. */
  readonly protects: Map<number, number[]>;
  lpSolves: number;
}

export function isUnknown(role: number): boolean {
  return role === Role.primary || role === Role.secondary || role === Role.hidden;
}

function baseCost(value: number, rules: SuppressionRules): number {
  switch (rules.cost) {
    case 'unity':
      return 1;
    case 'log':
      return 1 + Math.log1p(value);
    case 'value':
      return value + 1;
  }
}

function isPrimaryValue(value: number, rules: SuppressionRules): boolean {
  if (value === 0) return rules.zeros === 'primary';
  return value > 0 && value < rules.k;
}

export function validateRules(rules: SuppressionRules): void {
  const p = rules.protection;
  if (!(rules.k >= 1)) throw new DisclosureInputError('k must be at least 1');
  if (!(p.upper >= 0 && p.lower >= 0 && p.minWidth >= 0)) {
    throw new DisclosureInputError('protection levels must be non-negative');
  }
  if (p.upper === 0 && p.lower === 0 && p.minWidth === 0) {
    throw new DisclosureInputError('protection levels are all zero: a suppressed cell could be derived exactly');
  }
}

export interface StateContext {
  /** What earlier releases fixed (history.ts); the cube must be the one extended with the same history. */
  readonly links?: HistoryLinks | undefined;
  /** Cells another rule makes sensitive (keyId → reason), e.g. numerators of 0 % or 100 % shares. */
  readonly extraPrimary?: ReadonlyMap<string, ReasonCode> | undefined;
  /** Upper bounds the intruder knows (keyId → bound), e.g. a numerator cannot exceed its published denominator. */
  readonly upperBounds?: ReadonlyMap<string, number> | undefined;
}

/** Primary suppression and the history rules: the starting point of secondary suppression. */
export function initialState(cube: Cube, rules: SuppressionRules, context: StateContext = {}): SuppressionState {
  validateRules(rules);
  const n = cube.variables;
  const role = new Uint8Array(n);
  const reason: ReasonCode[] = new Array<ReasonCode>(n).fill('published');
  const required = new Uint8Array(n);
  const frozen = new Uint8Array(n);
  const cost = new Float64Array(n);
  const bound = new Float64Array(n).fill(Infinity);
  const { links } = context;
  const extra = context.extraPrimary ?? new Map<string, ReasonCode>();
  const bounds = context.upperBounds ?? new Map<string, number>();
  const needIds = extra.size > 0 || bounds.size > 0;
  for (let c = 0; c < cube.size; c++) {
    const value = cube.values[c] ?? 0;
    // A tiny rank term breaks ties between equally cheap patterns by key order, so results never depend on the
    // solver's choice among equals.
    cost[c] = baseCost(value, rules) * (1 + (1e-6 * c) / cube.size);
    const id = needIds ? keyId(cellKey(cube, c)) : '';
    const known = bounds.get(id);
    if (known !== undefined) {
      if (known < value) throw new DisclosureInputError(`cell ${id}: known upper bound ${known} is below its value`);
      bound[c] = known;
    }
    if (cube.publishable[c] !== 1) {
      role[c] = Role.hidden;
      continue;
    }
    const extraReason = extra.get(id);
    const ruleReason: ReasonCode | undefined = isPrimaryValue(value, rules) ? (value === 0 ? 'primary:zero' : 'primary:k') : undefined;
    const sensitive = ruleReason ?? extraReason;
    // Published before with this count wins over suppressed before (another view, or a count that was revised
    // and has come back): the intruder has the figure, so it is a constant and nothing can protect it.
    if (links?.knownBefore[c] === 1) {
      role[c] = Role.known;
      reason[c] = sensitive ? 'primary:released-before' : 'published:released-before';
    } else if (links?.everSuppressed[c] === 1) {
      role[c] = sensitive ? Role.primary : Role.secondary;
      reason[c] = sensitive ?? 'secondary:history';
      required[c] = 1;
    } else if (sensitive) {
      role[c] = Role.primary;
      reason[c] = sensitive;
      required[c] = 1;
    } else if (value === 0 && !rules.zerosAsSecondary) {
      frozen[c] = 1;
    }
  }
  // Figures of earlier releases: constants if they were published, protected unknowns if they were suppressed.
  for (let c = cube.size; c < n; c++) {
    const e = c - cube.size;
    if (links?.extraKnown[e] === 1) role[c] = Role.known;
    else if (links?.extraRequired[e] === 1) {
      role[c] = Role.secondary;
      reason[c] = 'secondary:history';
      required[c] = 1;
    } else role[c] = Role.hidden;
  }
  return {
    cube,
    rules,
    role,
    reason,
    required,
    frozen,
    bound,
    cost,
    lo: Float64Array.from(cube.values),
    hi: Float64Array.from(cube.values),
    loExact: new Uint8Array(n),
    hiExact: new Uint8Array(n),
    protects: new Map(),
    lpSolves: 0,
  };
}

export function requirementOf(state: SuppressionState, cell: number): Requirement {
  return requirementFor(state.cube.values[cell] ?? 0, state.rules.protection, state.bound[cell] ?? Infinity);
}

export function isCertified(state: SuppressionState, cell: number): boolean {
  return isProtected(state.cube.values[cell] ?? 0, state.lo[cell] ?? 0, state.hi[cell] ?? 0, requirementOf(state, cell));
}

/** Records a feasible value of a cell (from any LP solution of the intruder's system). */
export function witness(state: SuppressionState, cell: number, value: number): void {
  if (value < (state.lo[cell] ?? 0)) state.lo[cell] = value;
  if (value > (state.hi[cell] ?? 0)) state.hi[cell] = value;
}

/** May the cell take part in a deviation pattern (free if unknown, at a cost if a candidate)? */
export function isMovable(state: SuppressionState, cell: number): boolean {
  const r = state.role[cell] ?? Role.known;
  if (isUnknown(r)) return true;
  return r === Role.candidate && state.frozen[cell] !== 1;
}
