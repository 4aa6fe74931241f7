/**
 * The police STORM event stream for the year, generated day by day in registration order so the benchmark's million
 * rows never sit in memory at once. 'Brand' events come only from the fire plan (fires.ts), which keeps the
 * "different fires ≥ 3 h apart per area" guarantee at any volume.
 */
import type { Boost, EscalationStream } from './escalation.ts';
import { excessPerMonth } from './escalation.ts';
import type { Located, StormEvent, StormType } from './events.ts';
import type { PoliceFire } from './fires.ts';
import { POLICE_LOCATE } from './fires.ts';
import { fullName, randomAdultPnr } from './identity.ts';
import { locate } from './location.ts';
import type { Area, Municipality } from './municipality.ts';
import { AreaPicker } from './municipality.ts';
import type { Rng } from './random.ts';
import { Choice, WeightedSampler, apportion, scatter } from './random.ts';
import type { Wall } from './time.ts';
import { DAYTIME_HOURS, EVENING_HOURS, SUMMER_HEAVY, TimeSampler, WEEKEND_HEAVY, dayIndexOf, daysInYear, wall } from './time.ts';

const TYPE_WEIGHTS: readonly (readonly [StormType, number])[] = [
  ['Ordningsstörning', 26],
  ['Bråk', 8],
  ['Skadegörelse', 10],
  ['Misshandel', 7],
  ['Narkotika', 7],
  ['Rån', 2],
  ['Olaga hot', 7],
  ['Stöld/tillgrepp', 13],
  ['Trafik', 14],
  ['Övrigt', 1.2],
  ['Djur', 0.4],
  ['Hittegods', 0.4],
];

const REPORT_RATE: Record<StormType, number> = {
  Ordningsstörning: 0.15,
  Bråk: 0.4,
  Skadegörelse: 0.6,
  Brand: 0.4,
  Misshandel: 0.85,
  Narkotika: 0.7,
  Rån: 0.95,
  'Olaga hot': 0.75,
  'Stöld/tillgrepp': 0.8,
  Trafik: 0.3,
  Övrigt: 0.05,
  Djur: 0,
  Hittegods: 0.02,
};

const PRIORITY = new Choice<1 | 2 | 3>([
  [1, 15],
  [2, 50],
  [3, 35],
]);

const DAYTIME_TYPES: ReadonlySet<StormType> = new Set<StormType>(['Trafik', 'Stöld/tillgrepp', 'Hittegods', 'Djur']);

/** Types a June event may have carried in the first file: each maps to a different indicator than the final type. */
const CORRECTABLE: readonly StormType[] = ['Ordningsstörning', 'Skadegörelse', 'Narkotika', 'Stöld/tillgrepp', 'Trafik', 'Olaga hot'];

/** A planted escalation's extra call on a day: its area and type are fixed, the rest is drawn like any call. */
export interface PlantedCall {
  boost: Boost;
  type: StormType;
}

export interface StormLayout {
  year: number;
  basePerDay: number[];
  bulkPerDay: number[];
  firesPerDay: PoliceFire[][];
  /** Planted escalations' extra calls per day (escalation.ts). */
  plantedPerDay: PlantedCall[][];
  /** Data rows in the first (xlsx) and second (csv) delivery. */
  firstRows: number;
  secondRows: number;
  distinct: number;
  lateJuneIndex: number;
  correctedJuneIndex: number;
}

const JUNE = 6;

/** Where STORM calls come from: population × hotness. */
const areaWeight = (a: Area): number => a.population * a.hot;

const PLANTED_TYPE: Partial<Record<EscalationStream, StormType>> = {
  'polis.storm.ordningsstorning': 'Ordningsstörning',
  'polis.storm.skadegorelse': 'Skadegörelse',
};

/**
 * The planted calls per day: (factor − 1) × the area's expected calls of the type in the month, from the same
 * volume, area weights, type weights and season the ordinary calls follow.
 */
function plantCalls(m: Municipality, sampler: TimeSampler, total: number, boosts: readonly Boost[]): PlantedCall[][] {
  const out: PlantedCall[][] = sampler.dayWeights.map(() => []);
  const allAreas = m.areas.reduce((a, x) => a + areaWeight(x), 0);
  const allTypes = TYPE_WEIGHTS.reduce((a, t) => a + t[1], 0);
  for (const boost of boosts) {
    const type = PLANTED_TYPE[boost.stream];
    const area = m.areaByCode.get(boost.area);
    if (!type || !area) continue;
    const perYear = (total * areaWeight(area) * (TYPE_WEIGHTS.find((t) => t[0] === type)?.[1] ?? 0)) / allAreas / allTypes;
    for (const [month, extra] of excessPerMonth(boost, (mo) => perYear * sampler.monthShare(mo))) {
      const days = sampler.inMonth(month);
      for (let i = 0; i < extra; i++) out[days.sampleDay(boost.rng)]?.push({ boost, type });
    }
  }
  return out;
}

/**
 * Decides how many events fall on each day. `stormRows` (benchmark) sets the number of data rows in the second, CSV,
 * delivery; extra rows are spread over June–December and appear only there. `escalation`: planted escalations'
 * extra calls (escalation.ts), in the municipality `m`.
 */
export function planStorm(
  rng: Rng,
  year: number,
  scale: number,
  fires: readonly PoliceFire[],
  stormRows?: number,
  escalation?: { m: Municipality; boosts: readonly Boost[] },
): StormLayout {
  const days = daysInYear(year);
  const sampler = new TimeSampler(year, { month: SUMMER_HEAVY, weekday: WEEKEND_HEAVY, hour: EVENING_HOURS });
  const total = Math.round(1450 * scale);
  const basePerDay = scatter(rng, total, sampler.dayWeights);
  const juneFirst = dayIndexOf(wall(year, JUNE, 1));
  const julyFirst = dayIndexOf(wall(year, JUNE + 1, 1));
  const firesPerDay: PoliceFire[][] = Array.from({ length: days }, () => []);
  for (const f of fires) firesPerDay[dayIndexOf(f.time)]?.push(f);
  const plantedPerDay = escalation ? plantCalls(escalation.m, sampler, total, escalation.boosts) : sampler.dayWeights.map(() => []);

  const sum = (arr: readonly number[], from: number, to: number): number => arr.slice(from, to).reduce((a, b) => a + b, 0);
  const firesIn = (from: number, to: number): number => firesPerDay.slice(from, to).reduce((a, l) => a + l.length, 0);
  const plantedIn = (from: number, to: number): number => plantedPerDay.slice(from, to).reduce((a, l) => a + l.length, 0);
  const baseSecond = sum(basePerDay, juneFirst, days) + firesIn(juneFirst, days) + plantedIn(juneFirst, days);
  const bulk = stormRows === undefined ? 0 : Math.max(0, stormRows - baseSecond);
  const bulkWeights = sampler.dayWeights.map((w, i) => (i >= juneFirst ? w : 0));
  const bulkPerDay = apportion(bulk, bulkWeights);

  const juneBase = sum(basePerDay, juneFirst, julyFirst);
  const lateJuneIndex = juneBase >= 2 ? rng.int(0, juneBase - 1) : -1;
  let correctedJuneIndex = juneBase >= 2 ? rng.int(0, juneBase - 2) : -1;
  if (correctedJuneIndex >= lateJuneIndex && lateJuneIndex >= 0) correctedJuneIndex++;

  const firstRows = sum(basePerDay, 0, julyFirst) + firesIn(0, julyFirst) + plantedIn(0, julyFirst) - (lateJuneIndex >= 0 ? 1 : 0);
  const secondRows = baseSecond + bulk;
  const distinct = sum(basePerDay, 0, days) + fires.length + plantedIn(0, days) + bulk;
  return {
    year,
    basePerDay,
    bulkPerDay,
    firesPerDay,
    plantedPerDay,
    firstRows,
    secondRows,
    distinct,
    lateJuneIndex,
    correctedJuneIndex,
  };
}

/**
 * A call at a place and time: priority, report, summary and a swapped-axes slip drawn from `rng` in this order
 * (the order is part of the seed's output). Explicit fields, not spreads: this runs a million times in the benchmark.
 */
function drawEvent(rng: Rng, loc: Located, time: Wall, type: StormType, year: number, inFirst: boolean, inSecond: boolean): StormEvent {
  return {
    nr: '',
    place: loc.place,
    e: loc.e,
    n: loc.n,
    area: loc.area,
    time,
    type,
    prio: PRIORITY.draw(rng),
    reportFiled: rng.chance(REPORT_RATE[type]),
    summary: summary(rng, type, year),
    swapped: loc.e !== null && rng.chance(0.02),
    inFirst,
    inSecond,
  };
}

function summary(rng: Rng, type: StormType, year: number): string {
  const r = rng.next();
  // About one in six free texts names people, with identity numbers: the pipeline must never store these.
  if (r < 0.07) return `Anmälaren ${fullName(rng)} (${randomAdultPnr(rng, year)}) uppger att ${fullName(rng)} bråkar i trapphuset.`;
  if (r < 0.11) return `Kontroll av ${fullName(rng)}, ${randomAdultPnr(rng, year)}. Ingen åtgärd.`;
  if (r < 0.14) return `${fullName(rng)} (${randomAdultPnr(rng, year)}) omhändertagen enligt LOB.`;
  if (r < 0.17) return `Vittne ${fullName(rng)} nås på 070-${rng.int(1000000, 9999999)}.`;
  switch (type) {
    case 'Trafik':
      return rng.pick(['Trafikolycka, ingen personskada.', 'Hastighetskontroll.', 'Fordon stillastående i körbana.']);
    case 'Stöld/tillgrepp':
      return rng.pick(['Cykelstöld anmäld.', 'Snatteri i butik, väktare på plats.', 'Inbrott i källarförråd.']);
    case 'Skadegörelse':
      return rng.pick(['Krossad ruta i trapphus.', 'Klotter på fasad.', 'Skadegörelse på busskur.']);
    default:
      return rng.pick([
        'Patrull på plats, lugnt vid ankomst.',
        'Grannar hör skrik, patrull skickad.',
        'Inget att erinra vid ankomst.',
        'Ungdomsgrupp, avvisades.',
      ]);
  }
}

/** Yields every distinct STORM event of the year in registration order, with its delivery membership. */
export function* stormEvents(rng: Rng, m: Municipality, layout: StormLayout): Generator<StormEvent> {
  const { year } = layout;
  const picker = new AreaPicker(m, areaWeight);
  const evening = new TimeSampler(year, { month: SUMMER_HEAVY, weekday: WEEKEND_HEAVY, hour: EVENING_HOURS });
  const daytime = new TimeSampler(year, { month: SUMMER_HEAVY, weekday: WEEKEND_HEAVY, hour: DAYTIME_HOURS });
  const types = new WeightedSampler(TYPE_WEIGHTS.map((t) => t[1]));
  const juneFirst = dayIndexOf(wall(year, JUNE, 1));
  const julyFirst = dayIndexOf(wall(year, JUNE + 1, 1));
  let seq = 0;
  let juneBaseSeen = 0;

  interface Draft {
    /** Numbered once the day is sorted. */
    event: StormEvent;
    order: number;
  }

  for (let day = 0; day < layout.basePerDay.length; day++) {
    const drafts: Draft[] = [];
    const base = layout.basePerDay[day] ?? 0;
    const bulk = layout.bulkPerDay[day] ?? 0;
    const isJune = day >= juneFirst && day < julyFirst;
    for (let i = 0; i < base + bulk; i++) {
      const isBulk = i >= base;
      const type = TYPE_WEIGHTS[types.sample(rng)]?.[0] ?? 'Ordningsstörning';
      const time: Wall = (DAYTIME_TYPES.has(type) ? daytime : evening).sampleTimeOnDay(rng, day);
      const loc = locate(rng, m, picker.pick(rng), POLICE_LOCATE);
      const event = drawEvent(rng, loc, time, type, year, day < julyFirst && !isBulk, day >= juneFirst);
      if (isJune && !isBulk) {
        if (juneBaseSeen === layout.lateJuneIndex) event.inFirst = false;
        if (juneBaseSeen === layout.correctedJuneIndex) {
          event.firstFileType = rng.pick(CORRECTABLE.filter((t) => t !== type));
        }
        juneBaseSeen++;
      }
      drafts.push({ event, order: drafts.length });
    }
    for (const { boost, type } of layout.plantedPerDay[day] ?? []) {
      // Drawn from the escalation's own stream, so planting never shifts the ordinary calls.
      const r = boost.rng;
      const loc = locate(r, m, boost.area, POLICE_LOCATE);
      const event = drawEvent(r, loc, evening.sampleTimeOnDay(r, day), type, year, day < julyFirst, day >= juneFirst);
      boost.truth.storm(event);
      drafts.push({ event, order: drafts.length });
    }
    for (const f of layout.firesPerDay[day] ?? []) {
      drafts.push({
        event: {
          nr: '',
          place: f.place,
          e: f.e,
          n: f.n,
          area: f.area,
          time: f.time,
          type: f.type,
          prio: f.prio,
          reportFiled: f.reportFiled,
          summary: f.summary,
          swapped: f.e !== null && rng.chance(0.02),
          inFirst: day < julyFirst,
          inSecond: day >= juneFirst,
        },
        order: drafts.length,
      });
    }
    drafts.sort((a, b) => a.event.time - b.event.time || a.order - b.order);
    for (const d of drafts) {
      seq++;
      d.event.nr = `${year}${String(seq).padStart(7, '0')}`;
      yield d.event;
    }
  }
}
