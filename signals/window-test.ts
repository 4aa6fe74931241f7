/**
 * Builds, for one indicator, the window-vs-history table of every testable area (window-law.ts does the
 * probability) and the description a signal needs: expected count, interval, onset and the evidence chart.
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
import type { EvidencePoint, SeriesTest, Signal } from './types.ts';
import { windowRatioInterval, windowTest, type WindowLawParams, type WindowTable } from './window-law.ts';

/** Positions (columns of the panel) of the window and history months. */
export interface WindowPlan {
  window: number[];
  history: number[];
}

/** What the history says about the indicator as a whole. */
export interface IndicatorModel {
  /** Area levels α̂ and month effects β̂ (history positions; 0 elsewhere) of the independence model. */
  alpha: number[];
  beta: number[];
  variance: VarianceFunction;
  /** Variance of the log window/history ratio from slow area drift. */
  driftVariance: number;
}

/** What `describe` adds to a test to make it a Signal. */
export type SignalDetail = Omit<Signal, keyof SeriesTest>;

export interface DraftTest {
  test: SeriesTest;
  describe: (confidence: number, sinceLookback: number) => SignalDetail;
}

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

/**
 * Descriptive onset: among runs of months ending at the last month (1 … lookback long), the one whose observed
 * count departs most from expected (Poisson log-likelihood ratio). Not a test; it tells the reader where to look.
 */
function onset(evidence: readonly EvidencePoint[], lookback: number): string {
  let best = evidence[evidence.length - 1]?.month ?? '';
  let bestScore = -1;
  let observed = 0;
  let expected = 0;
  for (let k = 1; k <= Math.min(lookback, evidence.length); k++) {
    const point = evidence[evidence.length - k];
    if (!point) break;
    observed += point.observed;
    expected += point.expected;
    if (observed <= expected || expected <= 0) continue;
    const score = observed * Math.log(observed / expected) - (observed - expected);
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = point.month;
    }
  }
  return best;
}

export function testIndicator(panel: IndicatorPanel, plan: WindowPlan, testable: readonly boolean[], model: IndicatorModel): DraftTest[] {
  const known = (a: number): boolean => panel.hasDenominator[a] ?? false;
  // An area without a denominator has no exposure, so its events would inflate the rest's rate: left out.
  const totals = panel.months.map((_, t) => panel.counts.reduce((s, row, a) => s + (known(a) ? (row[t] ?? 0) : 0), 0));
  // Expected-event exposure (α̂·denominator) of every area and month; the rest's is the total minus the area's,
  // so a rest whose busy areas grow counts as growing.
  const weighted = panel.denominators.map((row, a) => row.map((d) => d * (model.alpha[a] ?? 0)));
  const weightedTotal = panel.months.map((_, t) => weighted.reduce((s, row) => s + (row[t] ?? 0), 0));
  const monthlyMean = panel.counts.map((row) => sum(plan.history.map((t) => row[t] ?? 0)) / plan.history.length);
  const rowVariance = monthlyMean.map((m, a) => (known(a) ? variance(model.variance, m) : 0));
  const allMean = sum(monthlyMean.filter((_, a) => known(a)));
  const allVariance = sum(rowVariance);
  const windowStart = monthText(panel.months[plan.window[0] ?? 0] ?? 0);
  const windowEnd = monthText(panel.months[plan.window[plan.window.length - 1] ?? 0] ?? 0);
  const inWindow = new Set(plan.window);

  const drafts: DraftTest[] = [];
  panel.areas.forEach((area, a) => {
    if (!testable[a]) return;
    const row = panel.counts[a] ?? [];
    const den = panel.denominators[a] ?? [];
    const rest = (t: number): number => (totals[t] ?? 0) - (row[t] ?? 0);
    const restExposure = (t: number): number => (weightedTotal[t] ?? 0) - (weighted[a]?.[t] ?? 0);
    const table: WindowTable = {
      y: sum(plan.window.map((t) => row[t] ?? 0)),
      x: sum(plan.history.map((t) => row[t] ?? 0)),
      s: sum(plan.window.map(rest)),
      r: sum(plan.history.map(rest)),
    };
    // ψ0: the area's share of exposure in the window over its share in the history (month-weighted by β̂).
    const areaW = sum(plan.window.map((t) => den[t] ?? 0));
    const restW = sum(plan.window.map(restExposure));
    const areaH = sum(plan.history.map((t) => (den[t] ?? 0) * (model.beta[t] ?? 0)));
    const restH = sum(plan.history.map((t) => restExposure(t) * (model.beta[t] ?? 0)));
    const psi0 = areaW > 0 && restW > 0 && areaH > 0 && restH > 0 ? areaW / restW / (areaH / restH) : 1;
    const mean = monthlyMean[a] ?? 0;
    const restMean = allMean - mean;
    const params: WindowLawParams = {
      psi0,
      areaDispersion: dispersionAt(model.variance, mean),
      restDispersion: restMean > 0 ? Math.max(1, (allVariance - (rowVariance[a] ?? 0)) / restMean) : 1,
      driftVariance: model.driftVariance,
    };
    const { pValue, minAttainableP } = windowTest(table, params);
    const expected = table.r > 0 ? (table.x * table.s * psi0) / table.r : 0;
    const test: SeriesTest = {
      indicator: panel.indicator,
      area,
      kind: panel.kind,
      source: panel.source,
      windowStart,
      windowEnd,
      observed: table.y,
      expected,
      ratio: expected > 0 ? table.y / expected : null,
      pValue,
      qValue: 1,
      minAttainableP,
      inFamily: false,
      dispersion: params.areaDispersion,
      signal: false,
    };

    const describe = (confidence: number, sinceLookback: number): SignalDetail => {
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
      const y = table.y;
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
        since: onset(evidence, sinceLookback),
        ...byKind,
        evidence,
      };
    };
    drafts.push({ test, describe });
  });
  return drafts;
}
