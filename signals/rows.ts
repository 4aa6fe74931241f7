/**
 * Flat rows of a run for `lagesbild signals --format table|csv|json` and the PDF table: one row per signal, in the
 * order the reader should see them (areas with a cross-source signal first, then by p-value). Numbers are
 * rounded for reading; the full-precision result stays available for JSON.
 */
import type { EarlyWarningResult } from './detect.ts';

export interface SignalRow {
  area: string;
  indicator: string;
  source: string;
  kind: string;
  window: string;
  since: string;
  observed: number;
  expected: number;
  /** observed / expected, 2 decimals; null when nothing was expected. */
  ratio: number | null;
  lower: number;
  upper: number | null;
  pValue: number;
  qValue: number;
  /** The area is a cross-source signal (several actors' indicators rising together). */
  crossSourceArea: boolean;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const significant = (x: number): number => Number(x.toPrecision(2));

export function signalRows(result: EarlyWarningResult): SignalRow[] {
  const crossSource = new Set(result.areas.filter((a) => a.crossSource).map((a) => a.area));
  return result.signals
    .map((s): SignalRow => ({
      area: s.area,
      indicator: s.indicator,
      source: s.source,
      kind: s.kind,
      window: `${s.windowStart}–${s.windowEnd}`,
      since: s.since,
      observed: s.observed,
      expected: round(s.expected, 1),
      ratio: s.ratio === null ? null : round(s.ratio, 2),
      lower: round(s.lower, 2),
      upper: s.upper === null ? null : round(s.upper, 2),
      pValue: significant(s.pValue),
      qValue: significant(s.qValue),
      crossSourceArea: crossSource.has(s.area),
    }))
    .sort((a, b) => Number(b.crossSourceArea) - Number(a.crossSourceArea) || a.pValue - b.pValue);
}
