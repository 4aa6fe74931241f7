/**
 * The engine's vocabulary. Inputs are monthly aggregates straight from the lager (one row per indicator × area ×
 * month); outputs are plain data the CLI, the joint view and the PDF render. Nothing here knows about DuckDB.
 */

export type SeriesKind = 'count' | 'rate' | 'share';

export interface SeriesPoint {
  indicator: string;
  area: string;
  /** Calendar month, `YYYY-MM`. */
  month: string;
  /** Number of events (count, rate) or of units with the property (share numerator). A non-negative integer. */
  count: number;
  /**
   * Population for rates (residents, children 0–17 …), or the total for shares (pupils in year 9 …).
   * Ignored for `count`. Required for `rate` and `share` at least once per area; gaps are filled from the
   * nearest month of the same area because populations move slowly.
   */
  denominator?: number | null;
  kind: SeriesKind;
  /** Delivering actor (Polis, Räddningstjänst …). Cross-source ranking groups indicators by it. */
  source?: string;
}

/** One month of the evidence chart for a series. */
export interface EvidencePoint {
  month: string;
  observed: number;
  /** What the area's own history and the rest of the municipality that month predict. */
  expected: number;
  /** 95 % band around `expected` for a single month (Poisson or negative binomial with the fitted dispersion). */
  low: number;
  high: number;
  /** Denominator that month (rates, shares); null for plain counts. */
  denominator: number | null;
  /** True for the months of the tested window. */
  inWindow: boolean;
}

/** One of the recent windows tested for a series (the scan): the last `months` months against the history. */
export interface WindowResult {
  months: number;
  windowStart: string;
  observed: number;
  expected: number;
  ratio: number | null;
  /** One-sided exact p-value of this window alone (not corrected for the scan). */
  pValue: number;
}

/** The test of one indicator in one area for the month of the run: always produced, signal or not. */
export interface SeriesTest {
  indicator: string;
  area: string;
  kind: SeriesKind;
  source: string;
  /**
   * The window with the strongest evidence among those scanned (smallest p-value), inclusive; `observed`,
   * `expected`, `ratio`, `dispersion` and the interval describe this window.
   */
  windowStart: string;
  windowEnd: string;
  /** Length of that window in months. */
  windowMonths: number;
  /** Events in the window (numerator for shares). */
  observed: number;
  /** Expected events in the window under "nothing changed here beyond what happened in the rest of the municipality". */
  expected: number;
  /** observed / expected; null when nothing was expected (no events in the area's history). */
  ratio: number | null;
  /**
   * One-sided p-value for "higher than expected in at least one of the scanned windows": the smallest window
   * p-value times the number of windows (Bonferroni; the window's own p-value when one window is tested).
   */
  pValue: number;
  /** Every scanned window, shortest first. */
  windows: WindowResult[];
  /**
   * Adjusted p-value of the run's discrete Benjamini–Hochberg procedure: the smallest FDR level at which the test
   * would be rejected (1 when it could not be at the configured level).
   */
  qValue: number;
  /** Smallest p-value the area's events could have produced, whatever their split (a function of the margins). */
  minAttainableP: number;
  /** Whether the test could be rejected at all at the configured level (its smallest attainable p-value allows it). */
  inFamily: boolean;
  /** Overdispersion factor used for the area (variance / mean of a monthly count), 1 = Poisson. */
  dispersion: number;
  /** Passed the FDR threshold and the guards (minimum observed, minimum ratio). */
  signal: boolean;
}

/** A test worth showing: the numbers plus interval, since when and the evidence chart. */
export interface Signal extends SeriesTest {
  /** Confidence interval for the ratio (exact, conditional); upper null when unbounded. */
  lower: number;
  upper: number | null;
  /** observed − expected. */
  excess: number;
  /** Since when: the first month of the window with the strongest evidence (= `windowStart`). */
  since: string;
  /** Rates per 1000 of the denominator in the window (rate kind). */
  observedRate?: number;
  expectedRate?: number;
  /** Shares in the window with a Clopper–Pearson interval for the observed share (share kind). */
  observedShare?: number;
  expectedShare?: number;
  shareLower?: number;
  shareUpper?: number;
  evidence: EvidencePoint[];
}

/** Cross-source view of one area. */
export interface AreaSignal<T extends SeriesTest = Signal> {
  area: string;
  /** Evidence that at least two sources are elevated (Benjamini–Heller partial conjunction). */
  pMulti: number;
  /** BH across areas of `pMulti`. */
  qMulti: number;
  /** Evidence that at least one source is elevated. */
  pAny: number;
  /** −log10(pMulti): the ranking score. */
  score: number;
  /** Sources with at least one indicator nominally elevated (one-sided p ≤ 0.05, ratio > 1). */
  sources: number;
  /** Sources tested in the area. */
  sourcesTested: number;
  /** qMulti ≤ fdr: several sources rising together, significant after multiple testing over areas. */
  crossSource: boolean;
  /** At least one indicator is a signal on its own. */
  hasSignal: boolean;
  /** Nominally elevated indicators, strongest first. */
  indicators: T[];
}

export type NoteCode =
  | 'point.invalid'
  | 'point.duplicate'
  | 'indicator.mixed_kind'
  | 'indicator.short_history'
  | 'indicator.window_incomplete'
  | 'indicator.too_few_areas'
  | 'area.no_denominator'
  | 'area.no_comparison_events';

/** Something the statistician should know about the input; collected, never thrown. */
export interface EngineNote {
  code: NoteCode;
  indicator?: string;
  area?: string;
  month?: string;
  detail: string;
}
