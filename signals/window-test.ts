/**
 * Builds, for one indicator, the window-vs-history table of every testable area (window-law.ts does the
 * probability) for each recent window of the scan, combines the windows of an area into one p-value, and
 * prepares the description a signal needs: expected count, interval, since when and the evidence chart.
 *
 * The scan: a rise may have begun last month or half a year ago, and a window that fits it is what finds it — a
 * one-month spike is diluted in three months, a rise of six months is half-hidden in three. Each window length w
 * (default 1, 3 and 6 months, all ending at the run's month) is tested as its own table, with every earlier month
 * of the run's span as history, so all windows of an area condition on the same total n. The area's p-value is the
 * smallest window p-value times the number of windows (Bonferroni: valid whatever the windows' dependence), and the
 * windows' exact discrete null laws bound its distribution for the discrete FDR step (multiple-testing.ts). The
 * window with the smallest p-value is reported: its counts, ratio and interval, and its first month as "since".
 *
 * Counts, rates and shares take the same road. A rate's population and a share's denominator (pupils, children)
 * are the area's exposure; for shares this is the Poisson approximation of the binomial, conservative when the
 * share is large (binomial variance n·p·(1−p) is below the Poisson n·p), and it lets one calibrated test serve all.
 */
import { countQuantile } from './distributions.ts';
import { dispersionAt, variance, type VarianceFunction } from './history-model.ts';
import { monthText } from './months.ts';
import type { IndicatorPanel } from './panel.ts';
import { betaQuantile } from './special.ts';
import type { EvidencePoint, SeriesTest, Signal, WindowResult } from './types.ts';
import { windowNullCdf, windowRatioInterval, windowTest, type WindowLawParams, type WindowTable } from './window-law.ts';

/** Positions (columns of the panel) of the window and history months. */
export interface WindowPlan {
  window: number[];
  history: number[];
}

/** What the history says about the indicator as a whole. */
export interface IndicatorModel {
  /** Area levels α̂ and month effects β̂ (every panel position; 0 where unknown) of the independence model. */
  alpha: number[];
  beta: number[];
  variance: VarianceFunction;
  /** Variance of the log change of an area's share between the halves of the fitted history (drift). */
  driftVariance: number;
  /** Months between the centres of those halves: the drift variance grows with the square of the lag. */
  driftLag: number;
}

/** What `describe` adds to a test to make it a Signal. */
export type SignalDetail = Omit<Signal, keyof SeriesTest>;

export interface DraftTest {
  test: SeriesTest;
  describe: (confidence: number) => SignalDetail;
  /** An upper bound of P(p ≤ t) under the null for the series' p-value (the discrete multiple-testing step). */
  nullCdf: (t: number) => number;
}

/** One area, one window: the numbers and how to describe them. */
interface WindowDraft {
  result: WindowResult;
  windowEnd: string;
  minAttainableP: number;
  dispersion: number;
  describe: (confidence: number) => SignalDetail;
  nullCdf: (t: number) => number;
}

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

/**
 * Every testable area of one indicator, each window of `plans` (shortest first; all share the same span of months,
 * so an area's total n is the same in every window's table), combined into one test per area.
 */
export function testIndicator(
  panel: IndicatorPanel,
  plans: readonly WindowPlan[],
  testable: readonly boolean[],
  model: IndicatorModel,
): DraftTest[] {
  const known = (a: number): boolean => panel.hasDenominator[a] ?? false;
  // An area without a denominator has no exposure, so its events would inflate the rest's rate: left out.
  const totals = panel.months.map((_, t) => panel.counts.reduce((s, row, a) => s + (known(a) ? (row[t] ?? 0) : 0), 0));
  // Expected-event exposure (α̂·denominator) of every area and month; the rest's is the total minus the area's,
  // so a rest whose busy areas grow counts as growing.
  const weighted = panel.denominators.map((row, a) => row.map((d) => d * (model.alpha[a] ?? 0)));
  const weightedTotal = panel.months.map((_, t) => weighted.reduce((s, row) => s + (row[t] ?? 0), 0));
  // The monthly mean that sets an area's dispersion is taken over the whole span: a function of n alone, the
  // margin every window's test conditions on, and the same for all windows.
  const span = plans[0] ? [...plans[0].history, ...plans[0].window] : [];
  const monthlyMean = panel.counts.map((row) => (span.length > 0 ? sum(span.map((t) => row[t] ?? 0)) / span.length : 0));
  const rowVariance = monthlyMean.map((m, a) => (known(a) ? variance(model.variance, m) : 0));
  const allMean = sum(monthlyMean.filter((_, a) => known(a)));
  const allVariance = sum(rowVariance);

  const labels = new Map(
    plans.map((plan) => [
      plan,
      {
        windowStart: monthText(panel.months[plan.window[0] ?? 0] ?? 0),
        windowEnd: monthText(panel.months[plan.window[plan.window.length - 1] ?? 0] ?? 0),
      },
    ]),
  );
  const windowOf = (a: number, plan: WindowPlan): WindowDraft => {
    const row = panel.counts[a] ?? [];
    const den = panel.denominators[a] ?? [];
    const { windowStart, windowEnd } = labels.get(plan) ?? { windowStart: '', windowEnd: '' };
    const rest = (t: number): number => (totals[t] ?? 0) - (row[t] ?? 0);
    const restExposure = (t: number): number => (weightedTotal[t] ?? 0) - (weighted[a]?.[t] ?? 0);
    // ψ0: the area's share of exposure in the window over its share in the history (month-weighted by β̂).
    let y = 0;
    let s = 0;
    let areaW = 0;
    let restW = 0;
    for (const t of plan.window) {
      y += row[t] ?? 0;
      s += rest(t);
      areaW += den[t] ?? 0;
      restW += restExposure(t);
    }
    let x = 0;
    let r = 0;
    let areaH = 0;
    let restH = 0;
    for (const t of plan.history) {
      const beta = model.beta[t] ?? 0;
      x += row[t] ?? 0;
      r += rest(t);
      areaH += (den[t] ?? 0) * beta;
      restH += restExposure(t) * beta;
    }
    const table: WindowTable = { y, x, s, r };
    const psi0 = areaW > 0 && restW > 0 && areaH > 0 && restH > 0 ? areaW / restW / (areaH / restH) : 1;
    const mean = monthlyMean[a] ?? 0;
    const restMean = allMean - mean;
    // Drift: the window's centre lies (history + window)/2 months after the history's centre.
    const lag = (plan.history.length + plan.window.length) / 2;
    const params: WindowLawParams = {
      psi0,
      areaDispersion: dispersionAt(model.variance, mean),
      restDispersion: restMean > 0 ? Math.max(1, (allVariance - (rowVariance[a] ?? 0)) / restMean) : 1,
      driftVariance: model.driftLag > 0 ? model.driftVariance * (lag / model.driftLag) ** 2 : 0,
    };
    const { pValue, minAttainableP } = windowTest(table, params);
    const expected = table.r > 0 ? (table.x * table.s * psi0) / table.r : 0;

    const describe = (confidence: number): SignalDetail => {
      const inWindow = new Set(plan.window);
      const interval = windowRatioInterval(table, params, confidence);
      // Chart: the area's history level times what the rest did that month per unit of exposure; the window
      // months are scaled to add up to the table's expected count.
      const restRate = (t: number): number => (restExposure(t) > 0 ? rest(t) / restExposure(t) : 0);
      const base = (t: number): number => (den[t] ?? 0) * restRate(t);
      const historyBase = sum(plan.history.map(base));
      const level = historyBase > 0 ? table.x / historyBase : 0;
      const windowRaw = sum(plan.window.map((t) => level * base(t)));
      const windowScale = windowRaw > 0 ? expected / windowRaw : 0;
      const evidence = [...plan.history, ...plan.window].map((t): EvidencePoint => {
        const e = level * base(t) * (inWindow.has(t) ? windowScale : 1);
        const v = variance(model.variance, e);
        return {
          month: monthText(panel.months[t] ?? 0),
          observed: row[t] ?? 0,
          expected: e,
          low: countQuantile(e, v, (1 - confidence) / 2),
          high: countQuantile(e, v, 1 - (1 - confidence) / 2),
          denominator: panel.kind === 'count' ? null : (den[t] ?? null),
          inWindow: inWindow.has(t),
        };
      });
      const alpha = (1 - confidence) / 2;
      const byKind =
        panel.kind === 'rate' && areaW > 0
          ? { observedRate: (1000 * y) / areaW, expectedRate: (1000 * expected) / areaW }
          : panel.kind === 'share' && areaW > 0
            ? {
                observedShare: y / areaW,
                expectedShare: Math.min(1, expected / areaW),
                // Clopper–Pearson: the exact binomial interval for the observed share.
                shareLower: y > 0 ? betaQuantile(alpha, y, areaW - y + 1) : 0,
                shareUpper: y < areaW ? betaQuantile(1 - alpha, y + 1, areaW - y) : 1,
              }
            : {};
      return {
        lower: interval.lower,
        upper: Number.isFinite(interval.upper) ? interval.upper : null,
        excess: y - expected,
        since: windowStart,
        ...byKind,
        evidence,
      };
    };
    return {
      result: {
        months: plan.window.length,
        windowStart,
        observed: table.y,
        expected,
        ratio: expected > 0 ? table.y / expected : null,
        pValue,
      },
      windowEnd,
      minAttainableP,
      dispersion: params.areaDispersion,
      describe,
      nullCdf: windowNullCdf(table, params),
    };
  };

  const drafts: DraftTest[] = [];
  panel.areas.forEach((area, a) => {
    if (!testable[a]) return;
    const windows = plans.map((plan) => windowOf(a, plan));
    const K = windows.length;
    // The reported window: smallest p-value; on a tie the longer window (more events behind the ratio).
    const best = windows.reduce<WindowDraft | undefined>((b, w) => (!b || w.result.pValue <= b.result.pValue ? w : b), undefined);
    if (!best) return;
    const test: SeriesTest = {
      indicator: panel.indicator,
      area,
      kind: panel.kind,
      source: panel.source,
      windowStart: best.result.windowStart,
      windowEnd: best.windowEnd,
      windowMonths: best.result.months,
      observed: best.result.observed,
      expected: best.result.expected,
      ratio: best.result.ratio,
      pValue: Math.min(1, K * Math.min(...windows.map((w) => w.result.pValue))),
      windows: windows.map((w) => w.result),
      qValue: 1,
      // The smallest combined p-value the area's n events could give: a function of the margins only.
      minAttainableP: Math.min(1, K * Math.min(...windows.map((w) => w.minAttainableP))),
      inFamily: false,
      dispersion: best.dispersion,
      signal: false,
    };
    // Under the null, K·min p ≤ t needs some window at p ≤ t/K: the windows' exact null probabilities of that
    // bound the combined p-value's distribution (and, the combination being valid, so does t).
    const nullCdf = (t: number): number =>
      Math.min(
        t,
        windows.reduce((s, w) => s + w.nullCdf(t / K), 0),
      );
    drafts.push({ test, describe: best.describe, nullCdf });
  });
  return drafts;
}
