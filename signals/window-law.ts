/**
 * The law of an area's window count Y given its own total n = Y + X over history and window — the heart of the
 * test. Table:
 *
 *                     window   history
 *     area              Y         X
 *     rest of kommun    S         R
 *
 * Poisson, no overdispersion: given n, Y is binomial with the window's share π of the area's expected events, and
 * π is learnt from the rest of the municipality. Fisher's exact test is exactly this with π's uncertainty
 * integrated out: its one-sided p-value equals P(Y ≥ y) for Y ~ BetaBinomial(n, S+1, R) (lower tail: (S, R+1)).
 * Two more sources of variation widen the beta part, their variances added:
 *  - month-to-month overdispersion of the area (variance-to-mean D): with gamma–Poisson months the window's share
 *    of the area's events is Beta(μ_Y/(D−1), μ_X/(D−1)) — exact for the negative binomial, heavy tail included;
 *  - slow drift of the area against the rest (new housing, a closed venue), variance τ² on the log scale,
 *    estimated from the history (history-model.ts).
 * ψ0 tilts π for a population (denominator) that grew differently in the area than in the rest.
 */
import { betaBinomialLogPmf, betaBinomialLower, betaBinomialUpper } from './distributions.ts';
import { bisect } from './special.ts';

export interface WindowTable {
  y: number;
  x: number;
  s: number;
  r: number;
}

export interface WindowLawParams {
  /** Expected change of the area's share of exposure, window vs history (1 for plain counts). */
  psi0: number;
  /** Variance-to-mean ratio of the area's monthly counts. */
  areaDispersion: number;
  /** Variance-to-mean ratio of the rest's monthly totals. */
  restDispersion: number;
  /** Variance of the log ratio window/history from slow area drift. */
  driftVariance: number;
}

function shapes(t: WindowTable, p: WindowLawParams, ratio: number, side: 'upper' | 'lower'): { a: number; b: number } {
  const s = side === 'upper' ? t.s + 1 : t.s;
  const r = side === 'upper' ? t.r : t.r + 1;
  const tilted = ratio * p.psi0 * s;
  const pi = tilted + r > 0 ? tilted / (tilted + r) : 0;
  const n = t.y + t.x;
  const restPrecision = (t.s + t.r + 1) / Math.max(1, p.restDispersion);
  const areaPrecision = p.areaDispersion > 1 + 1e-9 ? n / (p.areaDispersion - 1) : Number.POSITIVE_INFINITY;
  // 1/(ν+1) is the beta variance per unit π(1−π): the components add.
  const spread = 1 / (restPrecision + 1) + 1 / (areaPrecision + 1) + pi * (1 - pi) * p.driftVariance;
  const precision = Math.max(1e-3, 1 / Math.min(spread, 1) - 1);
  return { a: pi * precision, b: (1 - pi) * precision };
}

/** One-sided p-value for "higher than expected", and the smallest p-value n events could give (Tarone). */
export function windowTest(t: WindowTable, p: WindowLawParams): { pValue: number; minAttainableP: number } {
  const n = t.y + t.x;
  if (n === 0) return { pValue: 1, minAttainableP: 1 };
  const { a, b } = shapes(t, p, 1, 'upper');
  const minAttainableP = b <= 0 ? 1 : a <= 0 ? 0 : Math.exp(betaBinomialLogPmf(n, n, a, b));
  return { pValue: betaBinomialUpper(t.y, n, a, b), minAttainableP };
}

/**
 * Interval for observed/expected by inverting the two one-sided tests (as Fisher's exact interval does);
 * upper = +∞ when the data cannot bound it (no history events, or none in the rest's window).
 */
export function windowRatioInterval(t: WindowTable, p: WindowLawParams, confidence: number): { lower: number; upper: number } {
  const alpha = (1 - confidence) / 2;
  const n = t.y + t.x;
  const upperTail = (logRatio: number): number => {
    const { a, b } = shapes(t, p, Math.exp(logRatio), 'upper');
    return betaBinomialUpper(t.y, n, a, b);
  };
  const notLowerTail = (logRatio: number): number => {
    const { a, b } = shapes(t, p, Math.exp(logRatio), 'lower');
    return 1 - betaBinomialLower(t.y, n, a, b);
  };
  const lower = t.y === 0 ? 0 : Math.exp(bisect(upperTail, alpha, -30, 30, 80));
  const unbounded = t.y === n || t.s === 0;
  const upper = unbounded ? Number.POSITIVE_INFINITY : Math.exp(bisect(notLowerTail, 1 - alpha, -30, 30, 80));
  return { lower, upper };
}
