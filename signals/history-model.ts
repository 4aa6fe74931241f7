/**
 * What "normal" looks like for one indicator over the history months: an area × month independence model
 * (every area keeps its own level, every month moves all areas alike — seasonality, municipal trend, one-off
 * city-wide shocks), the extra-Poisson variation left around it, and how fast areas drift apart. The window test
 * conditions the month effects away; this model supplies the dispersion, the drift variance, and the area levels
 * that weight populations in ψ0.
 */
import { normalQuantile } from './special.ts';

export interface PoissonFit {
  /** Area level α_a (events per unit of denominator, relative to the month effect). */
  alpha: number[];
  /** Month effect β_t. */
  beta: number[];
  /** Fitted μ_{a,t} = e_{a,t}·α_a·β_t. */
  fitted: number[][];
}

/**
 * Poisson maximum likelihood of μ_{a,t} = e_{a,t}·α_a·β_t by iterative proportional fitting: the likelihood
 * equations say fitted row and column totals equal observed ones, and alternating the two scalings converges to
 * them. With e ≡ 1 one pass gives the closed form row·column/total.
 */
export function fitPoissonIndependence(counts: number[][], exposures: number[][]): PoissonFit {
  const areas = counts.length;
  const months = counts[0]?.length ?? 0;
  const rowTotals = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const colTotals = Array.from({ length: months }, (_, t) => counts.reduce((s, row) => s + (row[t] ?? 0), 0));
  const alpha = new Array<number>(areas).fill(1);
  const beta = new Array<number>(months).fill(1);
  for (let iteration = 0; iteration < 50; iteration++) {
    let change = 0;
    for (let a = 0; a < areas; a++) {
      let exposure = 0;
      for (let t = 0; t < months; t++) exposure += (exposures[a]?.[t] ?? 0) * (beta[t] ?? 0);
      const next = exposure > 0 ? (rowTotals[a] ?? 0) / exposure : 0;
      change = Math.max(change, Math.abs(next - (alpha[a] ?? 0)) / Math.max(next, 1e-12));
      alpha[a] = next;
    }
    for (let t = 0; t < months; t++) {
      let exposure = 0;
      for (let a = 0; a < areas; a++) exposure += (exposures[a]?.[t] ?? 0) * (alpha[a] ?? 0);
      beta[t] = exposure > 0 ? (colTotals[t] ?? 0) / exposure : 0;
    }
    if (change < 1e-10) break;
  }
  const fitted = counts.map((row, a) => row.map((_, t) => (exposures[a]?.[t] ?? 0) * (alpha[a] ?? 0) * (beta[t] ?? 0)));
  return { alpha, beta, fitted };
}

/** Variance of a monthly count as a function of its mean: V(μ) = φ·μ + κ·μ², φ ≥ 1, κ ≥ 0. */
export interface VarianceFunction {
  phi: number;
  kappa: number;
}

export function variance(v: VarianceFunction, mean: number): number {
  return v.phi * mean + v.kappa * mean * mean;
}

/** Variance-to-mean ratio of a count with the given monthly mean. */
export function dispersionAt(v: VarianceFunction, mean: number): number {
  return v.phi + v.kappa * mean;
}

/**
 * Method-of-moments fit of V(μ) = φμ + κμ² to squared residuals (weighted least squares, weights the inverse
 * variance of a squared residual). Two parameters because small-area counts show both shapes: a constant inflation
 * (quasi-Poisson) and one growing with the mean (negative binomial, e.g. a busy centre where one event drags
 * others along). `dfFactor` undoes the shrinkage of residuals by the fitted area and month effects.
 */
export function fitVarianceFunction(observed: number[][], fitted: number[][], dfFactor: number): VarianceFunction {
  const mu: number[] = [];
  const r2: number[] = [];
  observed.forEach((row, a) =>
    row.forEach((y, t) => {
      const m = fitted[a]?.[t] ?? 0;
      if (m > 0) {
        mu.push(m);
        r2.push((y - m) * (y - m) * dfFactor);
      }
    }),
  );
  if (mu.length < 3) return { phi: 1, kappa: 0 };
  let v: VarianceFunction = { phi: 1, kappa: 0 };
  for (let iteration = 0; iteration < 5; iteration++) {
    let s11 = 0,
      s12 = 0,
      s22 = 0,
      b1 = 0,
      b2 = 0;
    for (let i = 0; i < mu.length; i++) {
      const m = mu[i] ?? 0;
      // Var((y−μ)²) ≈ V + 2V² (exact for Poisson: μ + 2μ²), so small cells do not swamp the fit.
      const vm = variance(v, m);
      const w = 1 / (vm + 2 * vm * vm);
      const r = r2[i] ?? 0;
      s11 += w * m * m;
      s12 += w * m * m * m;
      s22 += w * m * m * m * m;
      b1 += w * m * r;
      b2 += w * m * m * r;
    }
    const det = s11 * s22 - s12 * s12;
    let phi = det > 0 ? (b1 * s22 - b2 * s12) / det : b1 / s11;
    let kappa = det > 0 ? (s11 * b2 - s12 * b1) / det : 0;
    // Respect the bounds one at a time: a negative κ means no quadratic term, φ < 1 means no more than Poisson.
    if (kappa < 0) {
      kappa = 0;
      phi = b1 / s11;
    }
    if (phi < 1) {
      phi = 1;
      kappa = Math.max(0, (b2 - s12) / s22);
    }
    v = { phi, kappa };
  }
  return v;
}

/** Per area with enough events: the log change of its share between the history halves, and that change's noise variance. */
export interface DriftComponents {
  d: number[];
  v: number[];
}

/**
 * For every area with enough events, the log change of its share of the indicator from the first to the second
 * half of the history (against its share of exposure), and the variance Poisson/overdispersion noise alone would
 * give that change. Real areas change slowly (a new block of flats, a school closing); what the changes vary
 * beyond their noise is the drift variance (`driftVariance`).
 */
export function driftComponents(
  counts: number[][],
  exposures: number[][],
  fit: { alpha: number[]; beta: number[] },
  varianceFn: VarianceFunction,
  minEvents = 5,
): DriftComponents {
  const months = counts[0]?.length ?? 0;
  const half = Math.floor(months / 2);
  const d: number[] = [];
  const v: number[] = [];
  if (half < 3) return { d, v };
  const firstHalf = Array.from({ length: half }, (_, j) => j);
  const secondHalf = Array.from({ length: months - half }, (_, j) => half + j);
  const total = (row: number[] | undefined, cols: number[]): number => cols.reduce((s, t) => s + (row?.[t] ?? 0), 0);
  const weighted = exposures.map((row, a) => row.map((e, t) => e * (fit.alpha[a] ?? 0) * (fit.beta[t] ?? 0)));
  const colTotals = Array.from({ length: months }, (_, t) => counts.reduce((s, row) => s + (row[t] ?? 0), 0));
  const colWeights = Array.from({ length: months }, (_, t) => weighted.reduce((s, row) => s + (row[t] ?? 0), 0));
  const means = counts.map((row) => total(row, [...firstHalf, ...secondHalf]) / months);
  const allMean = means.reduce((s, m) => s + m, 0);
  const allVariance = means.reduce((s, m) => s + variance(varianceFn, m), 0);
  counts.forEach((row, a) => {
    const x1 = total(row, firstHalf);
    const x2 = total(row, secondHalf);
    if (x1 < minEvents || x2 < minEvents) return;
    const r1 = total(colTotals, firstHalf) - x1;
    const r2 = total(colTotals, secondHalf) - x2;
    const e1 = total(weighted[a], firstHalf);
    const e2 = total(weighted[a], secondHalf);
    const f1 = total(colWeights, firstHalf) - e1;
    const f2 = total(colWeights, secondHalf) - e2;
    if (r1 <= 0 || r2 <= 0 || e1 <= 0 || e2 <= 0 || f1 <= 0 || f2 <= 0) return;
    const mean = means[a] ?? 0;
    const areaD = dispersionAt(varianceFn, mean);
    const restMean = allMean - mean;
    const restD = restMean > 0 ? Math.max(1, (allVariance - variance(varianceFn, mean)) / restMean) : 1;
    d.push(Math.log(x2 / x1) - Math.log(r2 / r1) - Math.log(e2 / f2 / (e1 / f1)));
    v.push(areaD * (1 / x1 + 1 / x2) + restD * (1 / r1 + 1 / r2));
  });
  return { d, v };
}

/** Cochran's Q of one group around its own weighted mean, weights 1/(v + τ²). */
function cochranQ(c: DriftComponents, tau2: number): { q: number; s1: number; s2: number } {
  const w = c.v.map((x) => 1 / (x + tau2));
  const s1 = w.reduce((s, x) => s + x, 0);
  const s2 = w.reduce((s, x) => s + x * x, 0);
  const mean = c.d.reduce((s, x, i) => s + (w[i] ?? 0) * x, 0) / s1;
  const q = c.d.reduce((s, x, i) => s + (w[i] ?? 0) * (x - mean) * (x - mean), 0);
  return { q, s1, s2 };
}

/**
 * DerSimonian–Laird moment estimate of the drift variance τ² common to the groups (each group — an indicator — has
 * its own mean change, which the window test's comparison with the rest cancels anyway). Returns 0 when fewer than
 * three areas qualify in all.
 */
export function pooledDriftVariance(groups: readonly DriftComponents[]): number {
  let q = 0;
  let df = 0;
  let scale = 0;
  for (const g of groups) {
    const k = g.d.length;
    if (k < 2) continue;
    const c = cochranQ(g, 0);
    q += c.q;
    df += k - 1;
    scale += c.s1 - c.s2 / c.s1;
  }
  if (df < 2 || scale <= 0) return 0;
  return Math.max(0, (q - df) / scale);
}

/**
 * Whether a group's changes vary more than noise plus a drift variance τ² allow: Cochran's Q at τ² against the
 * upper `level` quantile of χ² with k − 1 degrees of freedom (Wilson–Hilferty).
 */
export function driftExceeds(c: DriftComponents, tau2: number, level = 0.01): boolean {
  const k = c.d.length;
  if (k < 3) return false;
  const df = k - 1;
  const z = normalQuantile(1 - level);
  const h = 2 / (9 * df);
  const critical = df * (1 - h + z * Math.sqrt(h)) ** 3;
  return cochranQ(c, tau2).q > critical;
}

/**
 * Variance (log scale) of how much an area's share of one indicator drifts over half the history, by the
 * DerSimonian–Laird moment estimator on that indicator alone. Returns 0 when fewer than three areas qualify.
 */
export function estimateDriftVariance(
  counts: number[][],
  exposures: number[][],
  fit: { alpha: number[]; beta: number[] },
  varianceFn: VarianceFunction,
  minEvents = 5,
): number {
  const c = driftComponents(counts, exposures, fit, varianceFn, minEvents);
  return c.d.length < 3 ? 0 : pooledDriftVariance([c]);
}
