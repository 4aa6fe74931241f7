/**
 * A seeded generator of municipality-like data for testing and benchmarking the detector: areas with their own
 * levels and growing populations, indicators from several actors with their own seasonality and municipal trend,
 * city-wide monthly shocks, slow area-specific drift, negative binomial noise — and, on request, planted
 * escalations in the last months and an intervention effect. Everything derives from `seed`.
 */
import { addMonths, monthText } from './months.ts';
import { binomial, createRng, negativeBinomial, normal, randomInt, sample, uniform, type Rng } from './random.ts';
import type { SeriesKind, SeriesPoint } from './types.ts';

export type Range = readonly [number, number];

export interface EscalationPlan {
  /** Escalations in one series each. */
  single: number;
  /** Areas where `bundleSize` indicators from different sources rise together (the cross-source escalation). */
  bundles: number;
  bundleSize: number;
  /** Multiplicative rise of single escalations, drawn uniformly. */
  factor: Range;
  /** Multiplicative rise of each series in a bundle. */
  bundleFactor: Range;
  /**
   * Length of the rise in months, ending in the last month: a number, or a range to draw each escalation's length
   * from uniformly (the onset is then unknown to the detector, as it is in practice).
   */
  months: number | Range;
  /** Only series whose expected monthly count is at least this are planted (a rise from 0.2 a month is not findable). */
  minMean: number;
}

export interface InterventionPlan {
  /** Multiplicative effect from the start on (0.7 = −30 %). */
  effect: number;
  /** Months from the start to the last month, inclusive. */
  afterMonths: number;
  minMean: number;
}

export interface SimulationOptions {
  areas: number | Range;
  indicators: number | Range;
  months: number;
  sources: number;
  /** Monthly mean of a typical area, per indicator, drawn log-uniformly. */
  meanRange: Range;
  /** Share of count indicators delivered as rates (with population). */
  rateShare: number;
  /** Number of share indicators (numerator out of e.g. pupils). */
  shares: number;
  /** SD of log area effects. */
  areaSpread: number;
  /** Largest seasonal amplitude on the log scale. */
  seasonalAmplitude: number;
  /** SD of the municipal log trend per year. */
  trendSd: number;
  /** SD of municipality-wide monthly log shocks. */
  commonShockSd: number;
  /** SD per year of area-specific log drift. */
  areaDriftSd: number;
  /** Negative binomial size per area-month (smaller = more overdispersed), drawn per indicator. */
  nbSize: Range;
  escalations: EscalationPlan | null;
  intervention: InterventionPlan | null;
}

export const defaultSimulationOptions: SimulationOptions = {
  areas: [17, 30],
  indicators: [10, 25],
  months: 48,
  sources: 6,
  meanRange: [0.2, 20],
  rateShare: 0.3,
  shares: 1,
  areaSpread: 0.5,
  seasonalAmplitude: 0.3,
  trendSd: 0.05,
  commonShockSd: 0.05,
  areaDriftSd: 0.02,
  nbSize: [5, 50],
  escalations: null,
  intervention: null,
};

export interface PlantedEscalation {
  area: string;
  indicator: string;
  factor: number;
  start: string;
  /** Index of the bundle the series belongs to, null for a single escalation. */
  bundle: number | null;
  /** Length of the rise in months (ending in the last month). */
  months: number;
  /** Expected events in the escalation months without the escalation. */
  baseExpected: number;
}

export interface PlantedIntervention {
  area: string;
  indicator: string;
  start: string;
  effect: number;
}

export interface Simulation {
  series: SeriesPoint[];
  asOf: string;
  firstMonth: string;
  areas: string[];
  indicators: { indicator: string; kind: SeriesKind; source: string; mean: number; nbSize: number }[];
  planted: PlantedEscalation[];
  intervention: PlantedIntervention | null;
  /**
   * The truth behind the counts, [indicator][area][month]: the expected count without the planted rise (with the
   * intervention's effect), or for share indicators the expected share. For oracle comparisons in the benchmark; a
   * detector never has it.
   */
  means: number[][][];
}

const pick = (rng: Rng, value: number | Range): number => (typeof value === 'number' ? value : randomInt(rng, value[0], value[1]));

export function simulate(seed: number, options: Partial<SimulationOptions> = {}): Simulation {
  const o: SimulationOptions = { ...defaultSimulationOptions, ...options };
  const rng = createRng(seed);
  const nAreas = pick(rng, o.areas);
  const nIndicators = pick(rng, o.indicators);
  const first = monthText(2021 * 12 + randomInt(rng, 0, 11));
  const asOf = addMonths(first, o.months - 1);
  const areas = Array.from({ length: nAreas }, (_, a) => `0${String(101 + a)}`);
  const areaCommon = areas.map(() => normal(rng) * o.areaSpread * 0.7);
  const population = areas.map(() => 3000 * Math.exp(0.5 * normal(rng)));
  const growth = areas.map(() => 0.01 + 0.015 * normal(rng));
  const pop = (a: number, t: number): number => Math.round((population[a] ?? 0) * Math.exp(((growth[a] ?? 0) * t) / 12));
  const pupils = areas.map(() => Math.round(uniform(rng, 20, 150)));

  const indicators: Simulation['indicators'] = [];
  const nShares = Math.min(o.shares, nIndicators);
  for (let i = 0; i < nIndicators; i++) {
    const isShare = i >= nIndicators - nShares;
    const kind: SeriesKind = isShare ? 'share' : rng.next() < o.rateShare ? 'rate' : 'count';
    const mean = Math.exp(uniform(rng, Math.log(o.meanRange[0]), Math.log(o.meanRange[1])));
    indicators.push({ indicator: `ind${String(i + 1).padStart(2, '0')}`, kind, source: `actor${(i % o.sources) + 1}`, mean, nbSize: 0 });
  }

  // Mean surface without noise, [indicator][area][month].
  const means: number[][][] = indicators.map((ind) => {
    const amplitude = uniform(rng, 0, o.seasonalAmplitude);
    const phase = uniform(rng, 0, 12);
    const trend = o.trendSd * normal(rng);
    const shocks = Array.from({ length: o.months }, () => o.commonShockSd * normal(rng));
    const firstMonthOfYear = Number(first.slice(5)) - 1;
    return areas.map((_, a) => {
      const level = Math.exp((areaCommon[a] ?? 0) + normal(rng) * o.areaSpread * 0.7);
      const drift = o.areaDriftSd * normal(rng);
      return Array.from({ length: o.months }, (_, t) => {
        const season = amplitude * Math.cos((2 * Math.PI * (firstMonthOfYear + t - phase)) / 12);
        const years = (t - o.months / 2) / 12;
        const logEffect = season + trend * years + (shocks[t] ?? 0) + drift * years;
        if (ind.kind === 'share') return Math.min(0.9, 0.15 * level * Math.exp(0.3 * logEffect));
        return ind.mean * level * (pop(a, t) / 3000) * Math.exp(logEffect);
      });
    });
  });
  const indicatorSize = indicators.map(() => uniform(rng, o.nbSize[0], o.nbSize[1]));
  indicators.forEach((ind, i) => {
    ind.nbSize = indicatorSize[i] ?? 0;
  });

  // Plant escalations in eligible count/rate series.
  const planted: PlantedEscalation[] = [];
  const factors = new Map<string, number>();
  const starts = new Map<string, number>();
  const key = (i: number, a: number): string => `${i}:${a}`;
  const plan = o.escalations;
  if (plan) {
    // Eligibility is judged on the last three months (or the fixed length) so the same series qualify whatever the
    // drawn lengths; baseExpected is over the escalation's own months.
    const nominal = typeof plan.months === 'number' ? plan.months : 3;
    const baseOf = (i: number, a: number, length = nominal): number => {
      let s = 0;
      for (let t = o.months - length; t < o.months; t++) s += means[i]?.[a]?.[t] ?? 0;
      return s;
    };
    const eligible: [number, number][] = [];
    indicators.forEach((ind, i) => {
      if (ind.kind === 'share') return;
      areas.forEach((_, a) => {
        if (baseOf(i, a) / nominal >= plan.minMean) eligible.push([i, a]);
      });
    });
    const plant = (i: number, a: number, factor: number, bundle: number | null): void => {
      // A fixed length draws nothing, so the random stream (and every dataset) is as before lengths could vary.
      const length = pick(rng, plan.months);
      factors.set(key(i, a), factor);
      starts.set(key(i, a), o.months - length);
      planted.push({
        area: areas[a] ?? '',
        indicator: indicators[i]?.indicator ?? '',
        factor,
        start: addMonths(asOf, -length + 1),
        bundle,
        months: length,
        baseExpected: baseOf(i, a, length),
      });
    };
    for (let b = 0; b < plan.bundles; b++) {
      // An area with enough eligible indicators from distinct sources.
      const candidates = sample(
        rng,
        areas.map((_, a) => a),
        areas.length,
      );
      for (const a of candidates) {
        const bySource = new Map<string, number>();
        for (const [i, area] of sample(rng, eligible, eligible.length)) {
          const source = indicators[i]?.source ?? '';
          if (area === a && !bySource.has(source) && !factors.has(key(i, a))) bySource.set(source, i);
        }
        if (bySource.size < plan.bundleSize) continue;
        for (const i of [...bySource.values()].slice(0, plan.bundleSize))
          plant(i, a, uniform(rng, plan.bundleFactor[0], plan.bundleFactor[1]), b);
        break;
      }
    }
    const bundleAreas = new Set(planted.map((p) => p.area));
    const free = eligible.filter(([i, a]) => !factors.has(key(i, a)) && !bundleAreas.has(areas[a] ?? ''));
    for (const [i, a] of sample(rng, free, plan.single)) plant(i, a, uniform(rng, plan.factor[0], plan.factor[1]), null);
  }

  let intervention: PlantedIntervention | null = null;
  const iplan = o.intervention;
  if (iplan) {
    const start = o.months - iplan.afterMonths;
    const candidates: [number, number][] = [];
    indicators.forEach((ind, i) => {
      if (ind.kind === 'share') return;
      areas.forEach((_, a) => {
        const row = means[i]?.[a] ?? [];
        if (row.reduce((s, v) => s + v, 0) / o.months >= iplan.minMean && !factors.has(key(i, a))) candidates.push([i, a]);
      });
    });
    const chosen = sample(rng, candidates, 1)[0];
    if (chosen) {
      const [i, a] = chosen;
      const row = means[i]?.[a];
      if (row) for (let t = start; t < o.months; t++) row[t] = (row[t] ?? 0) * iplan.effect;
      intervention = {
        area: areas[a] ?? '',
        indicator: indicators[i]?.indicator ?? '',
        start: addMonths(first, start),
        effect: iplan.effect,
      };
    }
  }

  const series: SeriesPoint[] = [];
  indicators.forEach((ind, i) => {
    const size = indicatorSize[i] ?? 10;
    areas.forEach((area, a) => {
      for (let t = 0; t < o.months; t++) {
        const month = addMonths(first, t);
        const mu = means[i]?.[a]?.[t] ?? 0;
        const escalation = t >= (starts.get(key(i, a)) ?? o.months) ? (factors.get(key(i, a)) ?? 1) : 1;
        if (ind.kind === 'share') {
          const n = pupils[a] ?? 50;
          const p = Math.min(0.95, mu * Math.exp(0.1 * normal(rng)));
          series.push({
            indicator: ind.indicator,
            area,
            month,
            count: binomial(rng, n, p),
            denominator: n,
            kind: 'share',
            source: ind.source,
          });
          continue;
        }
        const count = negativeBinomial(rng, mu * escalation, size);
        series.push({
          indicator: ind.indicator,
          area,
          month,
          count,
          denominator: ind.kind === 'rate' ? pop(a, t) : null,
          kind: ind.kind,
          source: ind.source,
        });
      }
    });
  });
  return { series, asOf, firstMonth: first, areas, indicators, planted, intervention, means };
}
