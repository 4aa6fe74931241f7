/**
 * Discrete distributions for the exact tests: the beta-binomial (whose tail is Fisher's exact test, see
 * window-law.ts) and Poisson / negative binomial quantiles for the band in the evidence chart. Tails are summed by
 * recurrence from one log-gamma evaluation, so a series with thousands of events costs a few thousand additions.
 */
import { logChoose, logGamma } from './special.ts';

/**
 * Quantile of a count with the given mean and variance: Poisson when the variance does not exceed the mean,
 * otherwise the negative binomial with that mean and variance.
 */
export function countQuantile(mean: number, variance: number, p: number): number {
  if (!(mean > 0)) return 0;
  const overdispersed = variance > mean * (1 + 1e-9);
  const size = overdispersed ? (mean * mean) / (variance - mean) : Number.POSITIVE_INFINITY;
  const logP0 = overdispersed ? size * Math.log(size / (size + mean)) : -mean;
  const logQ = overdispersed ? Math.log(mean / (size + mean)) : Math.log(mean);
  let logPmf = logP0;
  let cdf = Math.exp(logPmf);
  let k = 0;
  const cap = Math.ceil(mean + 50 * Math.sqrt(variance) + 50);
  while (cdf < p && k < cap) {
    logPmf += overdispersed ? Math.log(k + size) - Math.log(k + 1) + logQ : logQ - Math.log(k + 1);
    k++;
    cdf += Math.exp(logPmf);
  }
  return k;
}

/** ln B(a, b). */
function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln P(Y = k) for Y ~ BetaBinomial(n, a, b). */
export function betaBinomialLogPmf(k: number, n: number, a: number, b: number): number {
  if (k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  return logChoose(n, k) + logBeta(k + a, n - k + b) - logBeta(a, b);
}

/**
 * P(Y ≥ y) for Y ~ BetaBinomial(n, a, b); a or b ≤ 0 are the point masses at 0 and n. Sums the short side by the
 * pmf recurrence p(k+1)/p(k) = (n−k)(k+a) / ((k+1)(n−k−1+b)), stopping once terms no longer matter.
 */
export function betaBinomialUpper(y: number, n: number, a: number, b: number): number {
  if (y <= 0) return 1;
  if (y > n) return 0;
  if (b <= 0) return 1;
  if (a <= 0) return 0;
  const mean = (n * a) / (a + b);
  if (y < mean) return Math.max(0, 1 - betaBinomialLower(y - 1, n, a, b));
  let logP = betaBinomialLogPmf(y, n, a, b);
  let sum = 0;
  for (let k = y; k <= n; k++) {
    const term = Math.exp(logP);
    sum += term;
    if (term < sum * 1e-16 && k > mean) break;
    logP += Math.log(n - k) + Math.log(k + a) - Math.log(k + 1) - Math.log(n - k - 1 + b);
  }
  return Math.min(1, sum);
}

/** P(Y ≤ y) for Y ~ BetaBinomial(n, a, b). */
export function betaBinomialLower(y: number, n: number, a: number, b: number): number {
  if (y < 0) return 0;
  if (y >= n) return 1;
  if (a <= 0) return 1;
  if (b <= 0) return 0;
  const mean = (n * a) / (a + b);
  if (y > mean) return Math.max(0, 1 - betaBinomialUpper(y + 1, n, a, b));
  let logP = betaBinomialLogPmf(y, n, a, b);
  let sum = 0;
  for (let k = y; k >= 0; k--) {
    const term = Math.exp(logP);
    sum += term;
    if (term < sum * 1e-16 && k < mean) break;
    // p(k−1)/p(k) = k(n−k+b) / ((n−k+1)(k−1+a))
    logP += Math.log(k) + Math.log(n - k + b) - Math.log(n - k + 1) - Math.log(k - 1 + a);
  }
  return Math.min(1, sum);
}
