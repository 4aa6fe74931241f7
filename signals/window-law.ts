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

/** One-sided p-value for "higher than expected", and the smallest p-value n events could give. */
export function windowTest(t: WindowTable, p: WindowLawParams): { pValue: number; minAttainableP: number } {
  const n = t.y + t.x;
  if (n === 0) return { pValue: 1, minAttainableP: 1 };
  const { a, b } = shapes(t, p, 1, 'upper');
  const minAttainableP = b <= 0 ? 1 : a <= 0 ? 0 : Math.exp(betaBinomialLogPmf(n, n, a, b));
  return { pValue: betaBinomialUpper(t.y, n, a, b), minAttainableP };
}

/**
 * The null distribution of the test's p-value, which is discrete: P(p ≤ t) is the largest attainable p-value not
 * above t, i.e. P(Y ≥ y) for the smallest y with that tail ≤ t. The discrete multiple-testing step uses it: a test
 * on a few events cannot produce every p-value, and counting it as if it could wastes the others' power.
 *
 * Exact for t up to `ceiling` (above it, t itself, a valid bound for any p-value). The tails are tabulated once, on
 * first use, from far out in the upper tail downwards; tails beyond the start (below ~1e-12) are bounded, not listed.
 */
export function windowNullCdf(t: WindowTable, p: WindowLawParams, ceiling = 0.2): (level: number) => number {
  const n = t.y + t.x;
  if (n === 0) return () => 0;
  const { a, b } = shapes(t, p, 1, 'upper');
  if (!(a > 0) || !(b > 0)) return (level) => level;
  let tails: number[] | null = null;
  let beyond = 0;
  const tabulate = (): number[] => {
    const list: number[] = [];
    const mean = (n * a) / (a + b);
    const sd = Math.sqrt((n * a * b * (a + b + n)) / ((a + b) * (a + b) * (a + b + 1)));
    // Start where the tail left above is negligible (< 1e-12), moving further out for heavy (overdispersed) tails.
    let reach = 8;
    let start = Math.min(n, Math.ceil(mean + reach * sd + 8));
    beyond = start < n ? betaBinomialUpper(start + 1, n, a, b) : 0;
    while (beyond > 1e-12 && start < n) {
      reach *= 2;
      start = Math.min(n, Math.ceil(mean + reach * sd + 8));
      beyond = start < n ? betaBinomialUpper(start + 1, n, a, b) : 0;
    }
    let logP = betaBinomialLogPmf(start, n, a, b);
    let tail = beyond;
    for (let k = start; k >= 1; k--) {
      tail += Math.exp(logP);
      if (tail > ceiling) break;
      if (tail > 0) list.push(tail);
      // p(k−1)/p(k) = k(n−k+b) / ((n−k+1)(k−1+a))
      logP += Math.log(k) + Math.log(n - k + b) - Math.log(n - k + 1) - Math.log(k - 1 + a);
    }
    return list;
  };
  return (level) => {
    if (level >= ceiling) return level;
    tails ??= tabulate();
    // The tolerance absorbs rounding between this sum and the p-value's own.
    const bound = level * (1 + 1e-9);
    if ((tails[0] ?? Number.POSITIVE_INFINITY) > bound) return Math.min(level, beyond);
    let lo = 0;
    let hi = tails.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((tails[mid] ?? 0) <= bound) lo = mid;
      else hi = mid - 1;
    }
    return Math.min(level, tails[lo] ?? 0);
  };
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
