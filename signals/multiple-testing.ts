/**
 * Multiple testing: the discrete Benjamini–Hochberg procedure the run uses over its family (a discrete test on three
 * events cannot reach p = 0.0001, and counting it as if it could would dilute everyone else's threshold), plain
 * Benjamini–Hochberg (across areas in the cross-source view), Tarone's filter (the coarser all-or-nothing version of
 * the same idea, which the run used before the discrete procedure), and the combinations for the cross-source view.
 */
import { chiSquareEvenUpper } from './special.ts';

/** BH-adjusted p-values (q-values), same order as the input. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const q = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const entry = order[rank - 1];
    if (!entry) continue;
    running = Math.min(running, (entry.p * m) / rank);
    q[entry.i] = Math.min(1, running);
  }
  return q;
}

/**
 * Tarone (1990), as used for the FDR by Gilbert (2005): the smallest K such that at most K tests can reach
 * level/K. Only those tests form the family. Each test's minimum attainable p-value depends on its margins
 * alone, which the exact test conditions on, so the selection does not bias the p-values it keeps.
 */
export function taroneFamily(minAttainable: readonly number[], level: number): boolean[] {
  const m = minAttainable.length;
  const sorted = minAttainable.slice().sort((a, b) => a - b);
  let k = 1;
  for (; k <= m; k++) {
    const threshold = level / k;
    let count = 0;
    while (count < m && (sorted[count] ?? 1) <= threshold) count++;
    if (count <= k) break;
  }
  const threshold = level / Math.min(k, Math.max(m, 1));
  return minAttainable.map((p) => p <= threshold);
}

/** Simes' global p-value: min over k of m·p_(k)/k. Valid under positive dependence. */
export function simes(pValues: readonly number[]): number {
  const sorted = pValues.slice().sort((a, b) => a - b);
  const m = sorted.length;
  if (m === 0) return 1;
  let best = 1;
  sorted.forEach((p, i) => {
    best = Math.min(best, (m * p) / (i + 1));
  });
  return Math.min(1, best);
}

/** Fisher's combination: P(χ²_{2m} ≥ −2 Σ ln p). Assumes independent p-values. */
export function fisherCombination(pValues: readonly number[]): number {
  if (pValues.length === 0) return 1;
  const statistic = pValues.reduce((s, p) => s - 2 * Math.log(Math.max(p, 1e-300)), 0);
  return chiSquareEvenUpper(statistic, pValues.length);
}

/**
 * Zaykin et al. (2002) truncated product: W = Π p_i over the p_i ≤ τ, with its exact null distribution for
 * independent uniform p-values. Unlike Fisher it ignores p-values above τ, so a few moderately small p-values are
 * not drowned by the many unremarkable ones of the other sources.
 */
export function truncatedProduct(pValues: readonly number[], tau: number): number {
  const small = pValues.filter((p) => p <= tau);
  if (small.length === 0) return 1;
  const logW = small.reduce((s, p) => s + Math.log(Math.max(p, 1e-300)), 0);
  const L = pValues.length;
  const logTau = Math.log(tau);
  let total = 0;
  let logChooseLk = 0; // ln C(L, k), updated as k grows
  for (let k = 1; k <= L; k++) {
    logChooseLk += Math.log(L - k + 1) - Math.log(k);
    let term: number;
    if (logW <= k * logTau) {
      // w · Σ_{s<k} (k ln τ − ln w)^s / s!
      const x = k * logTau - logW;
      let inner = 0;
      let logTerm = 0;
      for (let s = 0; s < k; s++) {
        if (s > 0) logTerm += Math.log(x) - Math.log(s);
        inner += Math.exp(logTerm);
      }
      term = Math.exp(logW) * inner;
    } else {
      term = Math.exp(k * logTau);
    }
    total += Math.exp(logChooseLk + (L - k) * Math.log1p(-tau)) * term;
  }
  return Math.min(1, total);
}

/**
 * Benjamini & Heller (2008) partial conjunction: evidence that at least `u` of the hypotheses are false. Drop the
 * u−1 smallest p-values and combine the rest — so one extreme p-value alone cannot make it small.
 */
export type Combination = 'truncated' | 'fisher' | 'simes';

/** τ of the truncated product: sources at p ≤ 0.1 count as evidence. */
export const TRUNCATION = 0.1;

export function partialConjunction(pValues: readonly number[], u: number, method: Combination): number {
  const n = pValues.length;
  if (u > n) return 1;
  const kept = pValues
    .slice()
    .sort((a, b) => a - b)
    .slice(u - 1);
  if (method === 'fisher') return fisherCombination(kept);
  if (method === 'simes') return simes(kept);
  return truncatedProduct(kept, TRUNCATION);
}

/**
 * Discrete Benjamini–Hochberg, the step-up procedure [HSU] of Döhler, Durand & Roquain (2018, Electron. J. Stat.
 * 12:1867–1900): BH counts every test as able to produce any p-value, but a test on a handful of events can only
 * produce a few, and below its smallest one it cannot produce a false rejection at all. With F_i(t) = P(p_i ≤ t)
 * under the null (`nullCdfs`, or an upper bound of it), the last critical value is
 * τ_m = max{t : Σ_i F_i(t)/(1 − F_i(t)) ≤ m·level}, and p_(k) is rejected with all smaller ones when
 * p_(k) ≤ τ_m and Σ_i F_i(p_(k))/(1 − F_i(τ_m)) ≤ k·level. For continuous p-values (F_i(t) = t) this is BH at
 * level/(1 + level); it subsumes Tarone's filter. `adjusted` is the smallest level at which a test would be
 * rejected (1 when p > τ_m): the discrete analogue of a BH q-value. `firstCritical` is τ_1, the p-value the
 * strongest test must reach (BH's would be level/m).
 */
export function discreteBenjaminiHochberg(
  pValues: readonly number[],
  nullCdfs: readonly ((t: number) => number)[],
  level: number,
): { adjusted: number[]; firstCritical: number; lastCritical: number } {
  const m = pValues.length;
  const adjusted = new Array<number>(m).fill(1);
  if (m === 0) return { adjusted, firstCritical: 0, lastCritical: 0 };
  const cdf = (i: number, t: number): number => Math.min(t, Math.max(0, nullCdfs[i]?.(t) ?? t));
  // Σ_i F_i(t)/(1 − F_i(t)), stopping once it exceeds the bound (only the comparison matters).
  const bound = m * level;
  const g = (t: number): number => {
    let s = 0;
    for (let i = 0; i < m && s <= bound; i++) {
      const f = cdf(i, t);
      s += f / (1 - f);
    }
    return s;
  };
  // F_i(t) ≤ t makes g(level/(1+level)) ≤ m·level, so τ_m lies above that: bracket it by doubling, then bisect
  // on the log scale.
  let lo = level / (1 + level);
  let hi = Math.min(0.5, 2 * lo);
  while (hi < 0.5 && g(hi) <= bound) {
    lo = hi;
    hi = Math.min(0.5, 2 * hi);
  }
  const tauM = largestWithin(g, bound, lo, hi);
  const atTau = Array.from({ length: m }, (_, i) => 1 / (1 - cdf(i, tauM)));
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter((x) => x.p <= tauM)
    .sort((a, b) => a.p - b.p);
  const ratio: number[] = order.map(({ p }, k) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += cdf(i, p) * (atTau[i] ?? 1);
    return s / (k + 1);
  });
  let running = 1;
  for (let k = order.length - 1; k >= 0; k--) {
    running = Math.min(running, ratio[k] ?? 1);
    const entry = order[k];
    if (entry) adjusted[entry.i] = Math.min(1, running);
  }
  // τ_1, the p-value the strongest test must reach: what the family "costs" (BH's would be level/m).
  const first = (t: number): number => {
    let s = 0;
    for (let i = 0; i < m && s <= level; i++) s += cdf(i, t) * (atTau[i] ?? 1);
    return s;
  };
  // F_i(t) ≤ t and 1/(1 − F_i(τ_m)) ≤ 2 make level/m/2 a lower end.
  const firstCritical = largestWithin(first, level, Math.min(tauM, level / m / 2), tauM);
  return { adjusted, firstCritical, lastCritical: tauM };
}

/** The largest t in [lo, hi] with f(t) ≤ bound, f increasing and f(lo) ≤ bound: hi when it qualifies, else 20 geometric halvings. */
function largestWithin(f: (t: number) => number, bound: number, lo: number, hi: number): number {
  if (f(hi) <= bound) return hi;
  for (let it = 0; it < 20; it++) {
    const mid = Math.sqrt(lo * hi);
    if (f(mid) <= bound) lo = mid;
    else hi = mid;
  }
  return lo;
}
