/**
 * When is a suppressed cell protected? Its feasible interval [lo, hi] — what an intruder can prove from everything
 * published, additivity and non-negativity — must reach value + upper, reach down to value − lower (never below
 * zero: counts cannot be negative), and be at least minWidth wide. GaussSuppression calls these upmin/lomax/rlim.
 */
import type { ProtectionLevels } from './table.ts';

/** Numerical slack for LP results; counts are integers, so this never decides a real case. */
export const TOLERANCE = 1e-6;

export interface Requirement {
  /** Required deviation above the value (hi ≥ value + up). */
  readonly up: number;
  /** Required deviation below the value (lo ≤ value − down), already capped at the value. */
  readonly down: number;
  readonly width: number;
}

/**
 * @param bound  an upper bound the intruder knows (e.g. a share's denominator: the numerator cannot exceed it).
 *               The requirement is capped to what is possible inside [0, bound]; a 100 % cell then has to be
 *               protected downwards (the intruder must not be able to confirm "all of them").
 */
export function requirementFor(value: number, levels: ProtectionLevels, bound = Infinity): Requirement {
  return {
    up: Math.max(0, Math.min(levels.upper, bound - value)),
    down: Math.max(0, Math.min(levels.lower, value)),
    width: Math.max(0, Math.min(levels.minWidth, bound)),
  };
}

export function isProtected(value: number, lo: number, hi: number, req: Requirement): boolean {
  return hi >= value + req.up - TOLERANCE && lo <= value - req.down + TOLERANCE && hi - lo >= req.width - TOLERANCE;
}
