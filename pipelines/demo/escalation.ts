/**
 * Escalations planted in the last months of the demo's final year, so the early warning (signals/) has something
 * real to find: extra records on top of the ordinary ones, in one area, from a few actors at once. Each planted
 * record is an ordinary record of its actor (same address styles, same messiness); the truth counts it like any
 * other, and `truth/escalations.json` says where, what, from when and how strongly.
 *
 * The rise is multiplicative on the area's own expected level: in a boosted month the generator adds
 * (factor − 1) × expected records, where expected = the generator's yearly volume × the area's weight × the month's
 * share of the year (its own seasonal profile). Factors stay in the range real escalations show (×1.5–×3),
 * not a wall of events.
 */
import type { AreaPicker } from './municipality.ts';
import type { Rng } from './random.ts';
import type { TimeSampler } from './time.ts';
import { TruthCounter } from './truth.ts';

/**
 * The record streams an escalation can raise; each belongs to one generator: the housing company's vandalism and
 * disturbance calls, deliberately set outdoor fires (containers, cars, parks; some also reported by the police as
 * the same fire), the police's calls for disturbance and vandalism, reports of concern.
 */
export type EscalationStream =
  | 'bostad.skadegorelse'
  | 'bostad.storningsjour'
  | 'rtj.brand'
  | 'polis.storm.ordningsstorning'
  | 'polis.storm.skadegorelse'
  | 'soc.orosanmalningar';

export interface EscalationSpec {
  id: string;
  /** NYKO3 code. */
  area: string;
  /** 'korsvis': several actors' indicators rise together (the study's pattern); 'enskild': one indicator. */
  pattern: 'korsvis' | 'enskild';
  streams: readonly EscalationStream[];
  /** Factor per month (1–12) of the final year. */
  ramp: readonly (readonly [number, number])[];
}

/**
 * Bergaliden: vandalism, fires and disturbances climbing together over the autumn, seen by the housing company, the
 * rescue service and the police alike (×1.5 in September to ×3.5 in December) — the pattern the feasibility study
 * describes before a local escalation. Tallhöjden: reports of concern up 2.5 times from October, nothing else.
 *
 * Strength: chosen so that a plain one-sided Fisher exact test per area × indicator (the last three months against
 * the 33 before, the area against the rest of the municipality) with Benjamini–Hochberg at 5 % over all ~480 tests
 * finds both areas for each of the seeds 1–11 of a three-year demo, and nothing else; weaker ramps (×2–×3, single
 * ×2) were found in only some seeds.
 */
export const ESCALATIONS: readonly EscalationSpec[] = [
  {
    id: 'bergaliden',
    area: '211',
    pattern: 'korsvis',
    streams: ['bostad.skadegorelse', 'bostad.storningsjour', 'rtj.brand', 'polis.storm.ordningsstorning', 'polis.storm.skadegorelse'],
    ramp: [
      [9, 1.5],
      [10, 2.5],
      [11, 3],
      [12, 3.5],
    ],
  },
  {
    id: 'tallhojden',
    area: '221',
    pattern: 'enskild',
    streams: ['soc.orosanmalningar'],
    ramp: [
      [10, 2.5],
      [11, 2.5],
      [12, 2.5],
    ],
  },
];

/** One escalation's effect on one stream in one year; the generator adds the records and counts them here. */
export interface Boost {
  spec: EscalationSpec;
  stream: EscalationStream;
  area: string;
  /** Factor per month (1–12). */
  factors: ReadonlyMap<number, number>;
  /** The escalation's own stream: planting never shifts the ordinary records' draws. */
  rng: Rng;
  /** The planted records alone, counted by the truth's own rules (the generator feeds it every record it adds). */
  truth: TruthCounter;
}

/** The boosts of a year: none except in the final year. Forks are per escalation and stream. */
export function boostsFor(yearRng: Rng, isFinalYear: boolean, specs: readonly EscalationSpec[] = ESCALATIONS): Boost[] {
  if (!isFinalYear) return [];
  return specs.flatMap((spec) =>
    spec.streams.map((stream) => ({
      spec,
      stream,
      area: spec.area,
      factors: new Map(spec.ramp),
      rng: yearRng.fork(`eskalering ${spec.id} ${stream}`),
      truth: new TruthCounter(),
    })),
  );
}

export function boostsOf(boosts: readonly Boost[], stream: EscalationStream): Boost[] {
  return boosts.filter((b) => b.stream === stream);
}

/**
 * Extra records for each boost: per boosted month, (factor − 1) × the area's expected count that month, where the
 * expected count is the generator's own intensity (`perYear`: its volume × the area's weight) spread over the year
 * by its time profile. The excess is fixed (rounded, the remainder carried to the next month), not drawn: the
 * ordinary records around it are noisy enough, and a fixed excess makes the plant equally strong for every seed.
 * `make` creates one record in the area with a time from the month's sampler (or null when it cannot be placed);
 * `count` counts it in the boost's truth.
 */
export function plant<T>(
  boosts: readonly Boost[],
  perYear: (area: string) => number,
  sampler: TimeSampler,
  make: (rng: Rng, area: string, monthSampler: TimeSampler) => T | null,
  count: (truth: TruthCounter, t: T) => void,
): T[] {
  const out: T[] = [];
  for (const boost of boosts) {
    const expected = perYear(boost.area);
    for (const [month, extra] of excessPerMonth(boost, (mo) => expected * sampler.monthShare(mo))) {
      const monthSampler = sampler.inMonth(month);
      for (let i = 0; i < extra; i++) {
        const record = make(boost.rng, boost.area, monthSampler);
        if (record === null) continue;
        out.push(record);
        count(boost.truth, record);
      }
    }
  }
  return out;
}

/**
 * A generator's year: `n` ordinary records in areas drawn by `picker`, then each boosted area's planted excess over
 * its share of those `n`. Draws happen in that order, so a demo without boosts is unchanged by them.
 */
export function ordinaryAndPlanted<T>(
  rng: Rng,
  n: number,
  picker: AreaPicker,
  sampler: TimeSampler,
  boosts: readonly Boost[],
  make: (rng: Rng, area: string, sampler: TimeSampler) => T,
  count: (truth: TruthCounter, t: T) => void,
): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(make(rng, picker.pick(rng), sampler));
  for (const record of plant(boosts, (area) => n * picker.share(area), sampler, make, count)) out.push(record);
  return out;
}

/** Extra records per boosted month: (factor − 1) × expected, rounded with the remainder carried forward. */
export function excessPerMonth(boost: Boost, expected: (month: number) => number): [number, number][] {
  const out: [number, number][] = [];
  let target = 0;
  let made = 0;
  for (const [month, factor] of [...boost.factors].sort((a, b) => a[0] - b[0])) {
    target += expected(month) * (factor - 1);
    const n = Math.round(target) - made;
    made += n;
    out.push([month, n]);
  }
  return out;
}

export interface EscalationTruth {
  id: string;
  area: string;
  areaName: string;
  pattern: 'korsvis' | 'enskild';
  /** Indicators whose counts rise in the area (the planted records count in them). */
  indicators: string[];
  /** First boosted month, YYYY-MM. */
  fromMonth: string;
  /** The largest monthly factor. */
  factor: number;
  factors: Record<string, number>;
  /** Planted records counted in the area per indicator (on top of the ordinary level), over all boosted months. */
  planted: Record<string, number>;
}

export function escalationTruth(
  year: number,
  specs: readonly EscalationSpec[],
  boosts: readonly Boost[],
  areaName: (code: string) => string,
): EscalationTruth[] {
  const month = (m: number): string => `${year}-${String(m).padStart(2, '0')}`;
  return specs.map((spec) => {
    const planted: Record<string, number> = {};
    for (const b of boosts.filter((x) => x.spec === spec)) {
      for (const r of b.truth.rows()) if (r.area === spec.area) planted[r.indicator] = (planted[r.indicator] ?? 0) + r.count;
    }
    const indicators = Object.keys(planted).sort();
    const months = [...spec.ramp].sort((a, b) => a[0] - b[0]);
    return {
      id: spec.id,
      area: spec.area,
      areaName: areaName(spec.area),
      pattern: spec.pattern,
      indicators,
      fromMonth: month(months[0]?.[0] ?? 12),
      factor: Math.max(...months.map(([, f]) => f)),
      factors: Object.fromEntries(months.map(([m, f]) => [month(m), f])),
      planted: Object.fromEntries(indicators.map((i) => [i, planted[i] ?? 0])),
    };
  });
}
