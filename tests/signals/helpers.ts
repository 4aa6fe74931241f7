// Small hand-built municipalities for targeted tests (the benchmark uses signals/simulate.ts).
import { addMonths } from '../../signals/months.ts';
import { createRng, poisson } from '../../signals/random.ts';
import type { SeriesKind, SeriesPoint } from '../../signals/types.ts';

export interface FlatOptions {
  seed: number;
  areas: number;
  months: number;
  first: string;
  /** Monthly mean per area. */
  mean: number;
  indicator?: string;
  kind?: SeriesKind;
  source?: string;
  /** Multiplier per (areaIndex, monthIndex); default 1. */
  factor?: (area: number, month: number) => number;
  denominator?: (area: number, month: number) => number;
}

export const areaCode = (a: number): string => `0${String(101 + a)}`;

/** Poisson counts with a common seasonal swing, every area at `mean` unless `factor` says otherwise. */
export function flatSeries(o: FlatOptions): SeriesPoint[] {
  const rng = createRng(o.seed);
  const points: SeriesPoint[] = [];
  for (let a = 0; a < o.areas; a++) {
    for (let t = 0; t < o.months; t++) {
      const season = 1 + 0.25 * Math.cos((2 * Math.PI * t) / 12);
      const mu = o.mean * season * (o.factor?.(a, t) ?? 1);
      points.push({
        indicator: o.indicator ?? 'skadegorelse',
        area: areaCode(a),
        month: addMonths(o.first, t),
        count: poisson(rng, mu),
        denominator: o.denominator ? o.denominator(a, t) : null,
        kind: o.kind ?? 'count',
        source: o.source ?? 'bostadsbolag',
      });
    }
  }
  return points;
}
