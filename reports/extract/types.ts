/**
 * The input of every extract writer: one view, read from the publication layer only. Every value here has already
 * been through disclosure control; the writers format and explain it, they never compute new figures from it.
 */
import type * as GeoJSON from 'geojson';

export type CellStatus = 'published' | 'suppressed_primary' | 'suppressed_secondary' | 'perturbed';

/** NYKO3 areas, their parents, the municipality (level 0) and 'okand' (name 'Okänt område'). */
export interface ExtractArea {
  code: string;
  name: string;
  level: number;
  parent: string | null;
}

export interface ExtractIndicator {
  code: string;
  label: string;
  /** 'antal' | 'kronor' | 'andel' | 'per 1 000 invånare' ... */
  unit: string;
  kind: 'count' | 'sum' | 'share' | 'rate' | 'value';
  /**
   * A count with a population denominator: the rate of the same count (kind 'rate', e.g. per 1 000 invånare) that
   * the publication layer published beside it. Its cells are in `ViewExtract.rateCells`; maps colour by it, so
   * that a big area does not look worse just for being big.
   */
  rate?: ExtractIndicator;
}

export interface ExtractPeriod {
  /** '2025-03', '2025-Q1', '2025', or an ISO week '2025-W10' (the week's year is its Thursday's) */
  key: string;
  /** 'mars 2025', 'kv 1 2025', 'vecka 10 2025' */
  label: string;
  /** YYYY-MM-DD */
  start: string;
  /** YYYY-MM-DD */
  end: string;
}

export interface ExtractCell {
  indicator: string;
  area: string;
  period: string;
  /** null when suppressed */
  value: number | null;
  status: CellStatus;
  /** Reason codes like 'primary:k', 'secondary:hierarchy', 'ckm', 'share:denominator'. */
  reason: string;
  /** Count basis for shares/rates (published only if itself publishable). */
  basis?: number | null;
  /** Uncertainty interval for rates/shares/perturbed counts. */
  lower?: number | null;
  upper?: number | null;
  /** Small base: flag in outputs. */
  uncertain?: boolean;
}

/** Same keys as the main cells. */
export interface ExtractComparison {
  kind: 'previous_year' | 'rolling_12' | 'municipality_average';
  cells: ExtractCell[];
}

export interface ExtractSource {
  actor: string;
  actorName: string;
  coveredTo: string | null;
  lastDelivery: string | null;
}

export interface ExtractSignal {
  area: string;
  areaName: string;
  indicators: string[];
  since: string;
  ratio: number;
  note: string;
}

export interface ViewExtract {
  view: { name: string; title: string; actor: string; actorName: string; grain: 'week' | 'month' | 'quarter' };
  /** Data as-of date YYYY-MM-DD. */
  asOf: string;
  /** ISO timestamp (passed in: tests use a fixed clock). */
  generatedAt: string;
  municipality: { code: string; name: string };
  indicators: ExtractIndicator[];
  areas: ExtractArea[];
  periods: ExtractPeriod[];
  cells: ExtractCell[];
  /** Cells of the indicators' `rate`s, same areas and periods as `cells`; not rows of the CSV or Parquet. */
  rateCells?: ExtractCell[];
  comparisons: ExtractComparison[];
  sources: ExtractSource[];
  suppression: {
    method: 'suppression' | 'ckm' | 'mixed';
    k: number;
    suppressedPrimary: number;
    suppressedSecondary: number;
    perturbed: number;
    hiddenShareOfTotal: number;
  };
  /** EPSG:3006 polygons with property `code` (NYKO3); absent when none loaded. */
  boundaries?: GeoJSON.FeatureCollection;
  /** Early-warning section (joint view only). */
  signals?: ExtractSignal[];
}
