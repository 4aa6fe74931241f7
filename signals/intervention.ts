/**
 * Evaluation of an intervention (a camera, a field worker, a closed venue): how did an indicator change in one
 * area after a start month, compared with how it changed in comparison areas over the same months?
 *
 * Difference-in-differences on the rate-ratio scale, fitted as the conditional Poisson model: given the monthly
 * total of area + comparison areas, the area's count is binomial with logit share = γ + offset_t + θ·after_t,
 * where offset_t = log(area's exposure / comparison areas' exposure). Conditioning on the monthly totals removes
 * every month effect (season, municipal trend, city-wide shocks) exactly, so θ is the log ratio of the area's
 * after/before change to the comparison areas' — the DiD — and exp(θ) is a rate ratio (0.7 = −30 %).
 * Overdispersion enters as a quasi-binomial scale from the monthly Pearson residuals, and the interval uses
 * Student's t with months − 2 degrees of freedom. A placebo start halfway through the before-period checks the
 * parallel-trends assumption the estimate rests on.
 */
import { monthIndex, monthText } from './months.ts';
import { studentTCdf, studentTQuantile } from './special.ts';
import type { SeriesKind, SeriesPoint } from './types.ts';

export interface InterventionInput {
  area: string;
  indicator: string;
  /** First month with the intervention in place. */
  start: string;
  /** Last month of the after-period; defaults to the last month with data. */
  end?: string;
  /** Months before `start` used as the before-period (default 24). */
  beforeMonths?: number;
  /** Comparison areas; default every other area except the untested ones. */
  comparisonAreas?: readonly string[];
  untestedAreas?: readonly string[];
  confidence?: number;
}

export interface PeriodSummary {
  from: string;
  to: string;
  months: number;
  /** Events in the area. */
  observed: number;
  /** Events in the comparison areas. */
  comparison: number;
}

export interface EffectEstimate {
  /** Rate ratio after vs before, relative to the comparison areas. */
  effect: number;
  lower: number;
  upper: number;
  /** Two-sided p-value for "no change". */
  pValue: number;
}

export interface InterventionResult extends EffectEstimate {
  indicator: string;
  area: string;
  kind: SeriesKind;
  method: string;
  /** (effect − 1)·100. */
  percentChange: number;
  /** Quasi-binomial scale (1 = no overdispersion beyond Poisson). */
  dispersion: number;
  comparisonAreas: string[];
  before: PeriodSummary;
  after: PeriodSummary & { counterfactual: number };
  /** Placebo at the middle of the before-period; an interval excluding 1 warns that trends were not parallel. */
  preTrend: EffectEstimate | null;
  warnings: string[];
}

/** An evaluation that cannot be made with the data given (an expected failure, not a bug). */
export class InterventionError extends Error {
  override name = 'InterventionError';
}

interface MonthRow {
  month: number;
  treated: number;
  comparison: number;
  offset: number;
  after: boolean;
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

interface Fit {
  gamma: number;
  theta: number;
  seTheta: number;
  dispersion: number;
  df: number;
}

/** Newton–Raphson for the two-parameter logistic model with offsets, with the quasi-binomial scale. */
function fitDid(rows: readonly MonthRow[]): Fit {
  const used = rows.filter((r) => r.treated + r.comparison > 0);
  let gamma = 0;
  let theta = 0;
  const info = (): { i11: number; i12: number; i22: number; s1: number; s2: number } => {
    let i11 = 0,
      i12 = 0,
      i22 = 0,
      s1 = 0,
      s2 = 0;
    for (const r of used) {
      const n = r.treated + r.comparison;
      const p = logistic(gamma + r.offset + (r.after ? theta : 0));
      const w = n * p * (1 - p);
      const resid = r.treated - n * p;
      const x = r.after ? 1 : 0;
      i11 += w;
      i12 += w * x;
      i22 += w * x * x;
      s1 += resid;
      s2 += resid * x;
    }
    return { i11, i12, i22, s1, s2 };
  };
  for (let iteration = 0; iteration < 100; iteration++) {
    const { i11, i12, i22, s1, s2 } = info();
    const det = i11 * i22 - i12 * i12;
    if (!(det > 0)) break;
    const dg = (i22 * s1 - i12 * s2) / det;
    const dt = (i11 * s2 - i12 * s1) / det;
    // Damped steps keep the iteration inside the region where the logistic curve is not flat.
    const scale = Math.min(1, 2 / Math.max(Math.abs(dg), Math.abs(dt), 1e-12));
    gamma += scale * dg;
    theta += scale * dt;
    if (Math.abs(dg) + Math.abs(dt) < 1e-10) break;
  }
  const { i11, i12, i22 } = info();
  const det = i11 * i22 - i12 * i12;
  let pearson = 0;
  for (const r of used) {
    const n = r.treated + r.comparison;
    const p = logistic(gamma + r.offset + (r.after ? theta : 0));
    const v = n * p * (1 - p);
    if (v > 0) pearson += ((r.treated - n * p) * (r.treated - n * p)) / v;
  }
  const df = Math.max(1, used.length - 2);
  const dispersion = Math.max(1, pearson / df);
  return { gamma, theta, seTheta: Math.sqrt((dispersion * i11) / det), dispersion, df };
}

function estimate(fit: Fit, confidence: number): EffectEstimate {
  const t = studentTQuantile(1 - (1 - confidence) / 2, fit.df);
  const z = Math.abs(fit.theta / fit.seTheta);
  return {
    effect: Math.exp(fit.theta),
    lower: Math.exp(fit.theta - t * fit.seTheta),
    upper: Math.exp(fit.theta + t * fit.seTheta),
    pValue: Math.min(1, 2 * (1 - studentTCdf(z, fit.df))),
  };
}

function checkEstimable(rows: readonly MonthRow[], label: string): void {
  const total = (pick: (r: MonthRow) => number, after: boolean): number =>
    rows.filter((r) => r.after === after).reduce((s, r) => s + pick(r), 0);
  const cells: [string, number][] = [
    [`the area before ${label}`, total((r) => r.treated, false)],
    [`the area after ${label}`, total((r) => r.treated, true)],
    [`the comparison areas before ${label}`, total((r) => r.comparison, false)],
    [`the comparison areas after ${label}`, total((r) => r.comparison, true)],
  ];
  const empty = cells.find(([, n]) => n === 0);
  if (empty) throw new InterventionError(`no events in ${empty[0]}: the change cannot be estimated`);
}

export function evaluateIntervention(series: readonly SeriesPoint[], input: InterventionInput): InterventionResult {
  const confidence = input.confidence ?? 0.95;
  const points = series.filter((p) => p.indicator === input.indicator);
  if (points.length === 0) throw new InterventionError(`no data for indicator ${input.indicator}`);
  const kind = points[0]?.kind ?? 'count';
  const start = monthIndex(input.start);
  const lastMonth = Math.max(...points.map((p) => monthIndex(p.month)));
  const end = input.end ? monthIndex(input.end) : lastMonth;
  const beforeMonths = input.beforeMonths ?? 24;
  const from = start - beforeMonths;
  if (end < start) throw new InterventionError(`the after-period is empty (start ${input.start}, data until ${monthText(end)})`);
  const skip = new Set([...(input.untestedAreas ?? ['okand']), input.area]);
  const comparison = new Set(
    input.comparisonAreas ? input.comparisonAreas.filter((a) => a !== input.area) : points.map((p) => p.area).filter((a) => !skip.has(a)),
  );
  if (comparison.size === 0) throw new InterventionError('no comparison areas');
  if (!points.some((p) => p.area === input.area)) throw new InterventionError(`no data for area ${input.area}`);

  // Monthly sums; exposure is the denominator for rates and shares, 1 per area for plain counts.
  const byMonth = new Map<number, { treated: number; comparison: number; treatedExposure: number; comparisonExposure: number }>();
  for (const p of points) {
    const m = monthIndex(p.month);
    if (m < from || m > end) continue;
    const isTreated = p.area === input.area;
    if (!isTreated && !comparison.has(p.area)) continue;
    const entry = byMonth.get(m) ?? { treated: 0, comparison: 0, treatedExposure: 0, comparisonExposure: 0 };
    const exposure = kind === 'count' ? 1 : (p.denominator ?? 0);
    if (isTreated) {
      entry.treated += p.count;
      entry.treatedExposure += exposure;
    } else {
      entry.comparison += p.count;
      entry.comparisonExposure += exposure;
    }
    byMonth.set(m, entry);
  }
  const warnings: string[] = [];
  const rows: MonthRow[] = [];
  for (const [month, e] of [...byMonth].sort(([a], [b]) => a - b)) {
    // A missing row for the area is a month without events; for counts its exposure is still one area.
    const treatedExposure = kind === 'count' ? 1 : e.treatedExposure;
    const comparisonExposure = kind === 'count' ? comparison.size : e.comparisonExposure;
    if (!(treatedExposure > 0 && comparisonExposure > 0)) {
      warnings.push(`${monthText(month)} left out: no denominator`);
      continue;
    }
    rows.push({
      month,
      treated: e.treated,
      comparison: e.comparison,
      offset: Math.log(treatedExposure / comparisonExposure),
      after: month >= start,
    });
  }
  checkEstimable(rows, 'the start');
  const fit = fitDid(rows);
  const main = estimate(fit, confidence);

  let preTrend: EffectEstimate | null = null;
  const beforeRows = rows.filter((r) => !r.after);
  if (beforeRows.length >= 6) {
    const placeboStart = beforeRows[Math.floor(beforeRows.length / 2)]?.month ?? start;
    const placebo = beforeRows.map((r) => ({ ...r, after: r.month >= placeboStart }));
    try {
      checkEstimable(placebo, 'the placebo start');
      preTrend = estimate(fitDid(placebo), confidence);
      if (preTrend.lower > 1 || preTrend.upper < 1) {
        warnings.push('the area and the comparison areas already diverged before the start: the estimate may be biased');
      }
    } catch (error) {
      if (!(error instanceof InterventionError)) throw error;
      warnings.push(`no pre-trend check: ${error.message}`);
    }
  }

  const summary = (after: boolean): PeriodSummary => {
    const part = rows.filter((r) => r.after === after);
    return {
      from: monthText(part[0]?.month ?? start),
      to: monthText(part[part.length - 1]?.month ?? start),
      months: part.length,
      observed: part.reduce((s, r) => s + r.treated, 0),
      comparison: part.reduce((s, r) => s + r.comparison, 0),
    };
  };
  const counterfactual = rows.filter((r) => r.after).reduce((s, r) => s + (r.treated + r.comparison) * logistic(fit.gamma + r.offset), 0);
  return {
    indicator: input.indicator,
    area: input.area,
    kind,
    method: 'difference-in-differences, conditional Poisson (binomial on monthly totals), quasi-likelihood t-interval',
    ...main,
    percentChange: (main.effect - 1) * 100,
    dispersion: fit.dispersion,
    comparisonAreas: [...comparison].sort(),
    before: summary(false),
    after: { ...summary(true), counterfactual },
    preTrend,
    warnings,
  };
}
