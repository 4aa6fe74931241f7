/**
 * The early-warning run: every indicator × area tested for a rise in the recent windows of the scan (by default the
 * last 1, 3 and 6 months, each against the area's own history and the rest of the municipality; Bonferroni over the
 * windows of a series), one discrete Benjamini–Hochberg family over all series, the guards, and the cross-source
 * ranking. Pure: series in, result out; the caller reads the lager and renders.
 */
import { combineByArea } from './cross-source.ts';
import {
  driftComponents,
  driftExceeds,
  fitPoissonIndependence,
  fitVarianceFunction,
  pooledDriftVariance,
  type DriftComponents,
  type VarianceFunction,
} from './history-model.ts';
import { monthIndex, monthText } from './months.ts';
import { discreteBenjaminiHochberg } from './multiple-testing.ts';
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
  /** Variance of the log window/history ratio due to slow area drift (0 = none detectable), at the longest window. */
  driftVariance: number;
}

export interface EarlyWarningResult {
  asOf: string;
  /** The months the scan's windows cover: the longest window. */
  window: { from: string; to: string };
  /** The months the indicator model (dispersion, drift) is fitted on: `historyMonths` before the longest window. */
  history: { from: string; to: string };
  options: SignalOptions;
  /** Every test, signal or not, in indicator/area order. */
  tests: SeriesTest[];
  /** Tests that could be rejected at all: smallest attainable p-value within the discrete BH's last critical value. */
  familySize: number;
  /**
   * The p-value the strongest test had to reach this run (the discrete BH's first critical value). Plain BH would
   * ask for fdr / (number of tests); tests on few events lower the bar less, as they rarely reach small p-values.
   */
  firstCritical: number;
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

/** An indicator ready to test: its model fitted on the core history, its drift components not yet pooled. */
interface FittedPanel {
  panel: IndicatorPanel;
  core: number[];
  plans: WindowPlan[];
  testable: boolean[];
  alpha: number[];
  beta: number[];
  dispersion: VarianceFunction;
  drift: DriftComponents;
}

function fitPanel(
  panel: IndicatorPanel,
  core: number[],
  plans: WindowPlan[],
  opts: SignalOptions,
  notes: EngineNote[],
): FittedPanel | null {
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
  // The model is fitted on the core history — the months before every window — so a rise in the recent months
  // inflates neither the dispersion nor the drift. An area without a denominator has no exposure; its events are
  // left out of the model as well.
  const known = (a: number): boolean => panel.hasDenominator[a] ?? false;
  const counts = columns(panel.counts, core).map((row, a) => (known(a) ? row : row.map(() => 0)));
  const exposures = columns(panel.denominators, core).map((row, a) => (known(a) ? row : row.map(() => 0)));
  const fit = fitPoissonIndependence(counts, exposures);
  const usedAreas = fit.alpha.filter((a) => a > 0).length;
  const cells = fit.fitted.reduce((s, row) => s + row.filter((m) => m > 0).length, 0);
  const df = cells - usedAreas - core.length + 1;
  const dispersion = fitVarianceFunction(counts, fit.fitted, df > 0 ? cells / df : 1);
  // Month effects: fitted on the core; for the later months (history of the shorter windows) the month total over
  // the areas' expected exposure, given the fitted levels.
  const beta = panel.months.map((_, t) => {
    let total = 0;
    let exposure = 0;
    panel.counts.forEach((row, a) => {
      if (!known(a)) return;
      total += row[t] ?? 0;
      exposure += (panel.denominators[a]?.[t] ?? 0) * (fit.alpha[a] ?? 0);
    });
    return exposure > 0 ? total / exposure : 0;
  });
  core.forEach((t, j) => {
    beta[t] = fit.beta[j] ?? 0;
  });
  return {
    panel,
    core,
    plans,
    testable,
    alpha: fit.alpha,
    beta,
    dispersion,
    drift: driftComponents(counts, exposures, fit, dispersion),
  };
}

/**
 * Drift variance per indicator. One indicator's own estimate rests on a couple of dozen areas and is noisy — and,
 * cut at zero, biased upwards, which costs power everywhere — while what moves areas apart (new housing, people
 * moving) is mostly shared by the indicators of a kind. So τ² is estimated from all indicators of the same kind
 * together; an indicator whose areas vary clearly more than that allows (Cochran's Q at the pooled τ², 1 % level)
 * keeps its own, larger estimate.
 */
function driftVariances(fitted: readonly FittedPanel[]): Map<FittedPanel, number> {
  const pooled = new Map<SeriesKind, number>();
  for (const kind of new Set(fitted.map((f) => f.panel.kind)))
    pooled.set(kind, pooledDriftVariance(fitted.filter((f) => f.panel.kind === kind).map((f) => f.drift)));
  return new Map(
    fitted.map((f) => {
      const common = pooled.get(f.panel.kind) ?? 0;
      const own = driftExceeds(f.drift, common) ? pooledDriftVariance([f.drift]) : 0;
      return [f, Math.max(common, own)];
    }),
  );
}

function testPanel(f: FittedPanel, driftVariance: number): { drafts: DraftTest[]; summary: IndicatorSummary } {
  // Drift is estimated between the halves of the core, whose centres are core/2 months apart.
  const driftLag = f.core.length / 2;
  const model = { alpha: f.alpha, beta: f.beta, variance: f.dispersion, driftVariance, driftLag };
  const drafts = testIndicator(f.panel, f.plans, f.testable, model);
  const longest = f.plans[f.plans.length - 1];
  const lag = longest ? (longest.history.length + longest.window.length) / 2 : 0;
  return {
    drafts,
    summary: {
      indicator: f.panel.indicator,
      kind: f.panel.kind,
      source: f.panel.source,
      historyMonths: f.core.length,
      areasTested: drafts.length,
      dispersion: f.dispersion,
      driftVariance: driftLag > 0 ? driftVariance * (lag / driftLag) ** 2 : 0,
    },
  };
}

export function runEarlyWarning(series: readonly SeriesPoint[], options: SignalOptionsInput): EarlyWarningResult {
  const opts = parseSignalOptions(options);
  const end = monthIndex(opts.asOf);
  const longest = Math.max(...opts.windows);
  const windowStart = end - longest + 1;
  const historyStart = windowStart - opts.historyMonths;
  const { panels, notes } = buildPanels(series, { from: historyStart, to: end }, opts.sources);

  const fitted: FittedPanel[] = [];
  for (const panel of panels) {
    // A window is tested only if every one of its months was delivered; its history is every earlier month of
    // the span, so all windows share the same months in total.
    const plans: WindowPlan[] = [];
    const missing: number[] = [];
    for (const w of opts.windows) {
      const window = positionsBetween(panel, end - w + 1, end);
      if (window.length < w) missing.push(w);
      else plans.push({ window, history: positionsBetween(panel, historyStart, end - w) });
    }
    if (plans.length === 0 || missing.length > 0) {
      const delivered = positionsBetween(panel, windowStart, end).length;
      notes.push({
        code: 'indicator.window_incomplete',
        indicator: panel.indicator,
        detail:
          plans.length === 0
            ? `${delivered} of the last ${longest} months delivered, none of the windows complete: not tested`
            : `${delivered} of the last ${longest} months delivered: windows of ${missing.join(', ')} months not tested`,
      });
      if (plans.length === 0) continue;
    }
    const core = positionsBetween(panel, historyStart, windowStart - 1);
    if (core.length < opts.minHistoryMonths) {
      notes.push({
        code: 'indicator.short_history',
        indicator: panel.indicator,
        detail: `${core.length} history months delivered, ${opts.minHistoryMonths} needed: not tested`,
      });
      continue;
    }
    const f = fitPanel(panel, core, plans, opts, notes);
    if (f) fitted.push(f);
  }

  const drafts: DraftTest[] = [];
  const indicators: IndicatorSummary[] = [];
  const drift = driftVariances(fitted);
  for (const f of fitted) {
    const tested = testPanel(f, drift.get(f) ?? 0);
    drafts.push(...tested.drafts);
    indicators.push(tested.summary);
  }

  // One family for the whole run: the discrete Benjamini–Hochberg procedure over every area × indicator test.
  const { adjusted, firstCritical, lastCritical } = discreteBenjaminiHochberg(
    drafts.map((d) => d.test.pValue),
    drafts.map((d) => d.nullCdf),
    opts.fdr,
  );
  drafts.forEach((d, i) => {
    const test = d.test;
    test.inFamily = test.minAttainableP <= lastCritical;
    test.qValue = adjusted[i] ?? 1;
    test.signal =
      test.qValue <= opts.fdr &&
      test.observed >= opts.minObserved &&
      (test.ratio === null || (test.ratio > 1 && test.ratio >= opts.minRatio));
  });

  const described = new Map<SeriesTest, Signal>();
  const describe = (draft: DraftTest): Signal => {
    let signal = described.get(draft.test);
    if (!signal) {
      signal = { ...draft.test, ...draft.describe(opts.confidence) };
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
    familySize: drafts.filter((d) => d.test.inFamily).length,
    firstCritical,
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
