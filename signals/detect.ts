/**
 * The early-warning run: every indicator × area tested for a rise in the last `recentMonths`, one
 * Benjamini–Hochberg family over all of them (after Tarone's filter), the guards, and the cross-source ranking.
 * Pure: series in, result out; the caller reads the lager and renders.
 */
import { combineByArea } from './cross-source.ts';
import { estimateDriftVariance, fitPoissonIndependence, fitVarianceFunction, type VarianceFunction } from './history-model.ts';
import { monthIndex, monthText } from './months.ts';
import { benjaminiHochberg, taroneFamily } from './multiple-testing.ts';
import { parseSignalOptions, type SignalOptions, type SignalOptionsInput } from './options.ts';
import { buildPanels, type IndicatorPanel } from './panel.ts';
import type { AreaSignal, EngineNote, SeriesKind, SeriesPoint, SeriesTest, Signal } from './types.ts';
import { testIndicator, type DraftTest, type WindowPlan } from './window-test.ts';

export interface IndicatorSummary {
  indicator: string;
  kind: SeriesKind;
  source: string;
  historyMonths: number;
  areasTested: number;
  /** Variance of a monthly count with mean μ: V(μ) = φμ + κμ². */
  dispersion: VarianceFunction;
  /** Variance of the log window/history ratio due to slow area drift (0 = none detectable). */
  driftVariance: number;
}

export interface EarlyWarningResult {
  asOf: string;
  window: { from: string; to: string };
  history: { from: string; to: string };
  options: SignalOptions;
  /** Every test, signal or not, in indicator/area order. */
  tests: SeriesTest[];
  /** Tests in the multiple-testing family after Tarone's filter. */
  familySize: number;
  /** Signals, smallest p-value first. */
  signals: Signal[];
  /** Areas ranked: cross-source first, then single-indicator signals, then the watch list. */
  areas: AreaSignal[];
  indicators: IndicatorSummary[];
  notes: EngineNote[];
}

function positionsBetween(panel: IndicatorPanel, from: number, to: number): number[] {
  const positions: number[] = [];
  panel.months.forEach((m, i) => {
    if (m >= from && m <= to) positions.push(i);
  });
  return positions;
}

const columns = (table: number[][], positions: readonly number[]): number[][] => table.map((row) => positions.map((t) => row[t] ?? 0));

function testPanel(
  panel: IndicatorPanel,
  plan: WindowPlan,
  opts: SignalOptions,
  notes: EngineNote[],
): { drafts: DraftTest[]; summary: IndicatorSummary } | null {
  const testable = panel.areas.map((area, a) => !opts.untestedAreas.includes(area) && (panel.hasDenominator[a] ?? false));
  const withDenominator = panel.hasDenominator.filter(Boolean).length;
  if (withDenominator < 2 || !testable.some(Boolean)) {
    notes.push({
      code: 'indicator.too_few_areas',
      indicator: panel.indicator,
      detail: 'needs a tested area and at least one comparison area',
    });
    return null;
  }
  // An area without a denominator has no exposure; its events are left out of the model as well.
  const known = (a: number): boolean => panel.hasDenominator[a] ?? false;
  const counts = columns(panel.counts, plan.history).map((row, a) => (known(a) ? row : row.map(() => 0)));
  const exposures = columns(panel.denominators, plan.history).map((row, a) => (known(a) ? row : row.map(() => 0)));
  const fit = fitPoissonIndependence(counts, exposures);
  const usedAreas = fit.alpha.filter((a) => a > 0).length;
  const cells = fit.fitted.reduce((s, row) => s + row.filter((m) => m > 0).length, 0);
  const df = cells - usedAreas - plan.history.length + 1;
  const dispersion = fitVarianceFunction(counts, fit.fitted, df > 0 ? cells / df : 1);
  // Drift is estimated over half the history; the window sits (history + window)/2 months after the history's
  // centre, against history/2 between the halves' centres: scale the variance of a linear drift accordingly.
  const lagRatio = (plan.history.length + plan.window.length) / plan.history.length;
  const driftVariance = estimateDriftVariance(counts, exposures, fit, dispersion) * lagRatio * lagRatio;
  const beta = new Array<number>(panel.months.length).fill(0);
  plan.history.forEach((t, j) => {
    beta[t] = fit.beta[j] ?? 0;
  });
  const drafts = testIndicator(panel, plan, testable, { alpha: fit.alpha, beta, variance: dispersion, driftVariance });
  return {
    drafts,
    summary: {
      indicator: panel.indicator,
      kind: panel.kind,
      source: panel.source,
      historyMonths: plan.history.length,
      areasTested: drafts.length,
      dispersion,
      driftVariance,
    },
  };
}

export function runEarlyWarning(series: readonly SeriesPoint[], options: SignalOptionsInput): EarlyWarningResult {
  const opts = parseSignalOptions(options);
  const end = monthIndex(opts.asOf);
  const windowStart = end - opts.recentMonths + 1;
  const historyStart = windowStart - opts.historyMonths;
  const { panels, notes } = buildPanels(series, { from: historyStart, to: end }, opts.sources);

  const drafts: DraftTest[] = [];
  const indicators: IndicatorSummary[] = [];
  for (const panel of panels) {
    const plan: WindowPlan = {
      window: positionsBetween(panel, windowStart, end),
      history: positionsBetween(panel, historyStart, windowStart - 1),
    };
    if (plan.window.length < opts.recentMonths) {
      notes.push({
        code: 'indicator.window_incomplete',
        indicator: panel.indicator,
        detail: `${plan.window.length} of ${opts.recentMonths} window months delivered: not tested`,
      });
      continue;
    }
    if (plan.history.length < opts.minHistoryMonths) {
      notes.push({
        code: 'indicator.short_history',
        indicator: panel.indicator,
        detail: `${plan.history.length} history months delivered, ${opts.minHistoryMonths} needed: not tested`,
      });
      continue;
    }
    const tested = testPanel(panel, plan, opts, notes);
    if (!tested) continue;
    drafts.push(...tested.drafts);
    indicators.push(tested.summary);
  }

  // One family for the whole run: Tarone first, then BH on what remains.
  const inFamily = taroneFamily(
    drafts.map((d) => d.test.minAttainableP),
    opts.fdr,
  );
  const familyIndex = drafts.flatMap((_, i) => (inFamily[i] ? [i] : []));
  const q = benjaminiHochberg(familyIndex.map((i) => drafts[i]?.test.pValue ?? 1));
  familyIndex.forEach((i, j) => {
    const test = drafts[i]?.test;
    if (!test) return;
    test.inFamily = true;
    test.qValue = q[j] ?? 1;
    test.signal =
      test.qValue <= opts.fdr &&
      test.observed >= opts.minObserved &&
      (test.ratio === null || (test.ratio > 1 && test.ratio >= opts.minRatio));
  });

  const described = new Map<SeriesTest, Signal>();
  const describe = (draft: DraftTest): Signal => {
    let signal = described.get(draft.test);
    if (!signal) {
      signal = { ...draft.test, ...draft.describe(opts.confidence, opts.sinceLookback) };
      described.set(draft.test, signal);
    }
    return signal;
  };
  const draftOf = new Map(drafts.map((d) => [d.test, d]));
  const signals = drafts
    .filter((d) => d.test.signal)
    .map(describe)
    .sort((a, b) => a.pValue - b.pValue);
  const areas = combineByArea(
    drafts.map((d) => d.test),
    { fdr: opts.fdr, combination: opts.crossSourceCombination },
  ).map((area): AreaSignal => ({
    ...area,
    indicators: area.indicators.flatMap((t) => {
      const draft = draftOf.get(t);
      return draft ? [describe(draft)] : [];
    }),
  }));

  return {
    asOf: opts.asOf,
    window: { from: monthText(windowStart), to: opts.asOf },
    history: { from: monthText(historyStart), to: monthText(windowStart - 1) },
    options: opts,
    tests: drafts.map((d) => d.test),
    familySize: familyIndex.length,
    signals,
    areas,
    indicators,
    notes,
  };
}

/** The signals alone (see runEarlyWarning for tests, ranking and notes). */
export function detectSignals(series: readonly SeriesPoint[], options: SignalOptionsInput): Signal[] {
  return runEarlyWarning(series, options).signals;
}
