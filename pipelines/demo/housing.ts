/**
 * Property owners' records: vandalism with repair cost (the public housing company and the municipal property
 * company, which owns the schools) and the housing company's disturbance duty calls. They address their own
 * buildings tidily, so every record maps, except an ambiguous street number written without postcode.
 */
import type { Boost } from './escalation.ts';
import { ordinaryAndPlanted } from './escalation.ts';
import type { DisturbanceCall, Landlord, Vandalism } from './events.ts';
import { randomStyle, renderAddress, textArea } from './location.ts';
import type { Municipality } from './municipality.ts';
import { AreaPicker } from './municipality.ts';
import type { Rng } from './random.ts';
import type { Wall } from './time.ts';
import { EVENING_HOURS, FLAT_MONTHS, OFFICE_HOURS, SUMMER_HEAVY, TimeSampler, WEEKDAYS_ONLY, WEEKEND_HEAVY, wall } from './time.ts';

const HOUSING_DAMAGE: readonly (readonly [string, number])[] = [
  ['Klotter', 25],
  ['Glaskross', 20],
  ['Brand i soprum', 8],
  ['Trapphus', 10],
  ['Hiss', 8],
  ['Tvättstuga', 8],
  ['Dörr/lås', 12],
  ['Cykelrum', 9],
];

const SCHOOL_DAMAGE: readonly (readonly [string, number])[] = [
  ['Klotter', 35],
  ['Glaskross', 30],
  ['Brand', 6],
  ['Inbrottsskada', 14],
  ['Skadad utrustning', 15],
];

/** Log-normal repair cost, rounded to 50 kr. */
function cost(rng: Rng, median: number): number {
  const raw = median * Math.exp(0.9 * rng.normal());
  return Math.max(300, Math.min(250_000, Math.round(raw / 50) * 50));
}

/** Property designation like 'Tallhöjden 4:12' (district name + block:unit). */
function designation(rng: Rng, m: Municipality, area: string): string {
  const name = m.areaByCode.get(area)?.name.split(' ')[0] ?? 'Norrvik';
  return `${name} ${rng.int(1, 9)}:${rng.int(1, 40)}`;
}

function housingVandalism(rng: Rng, m: Municipality, area: string, sampler: TimeSampler): Vandalism {
  const a = rng.pick(m.addressesByArea.get(area) ?? m.addresses);
  const rendered = renderAddress(a, randomStyle(rng, 'tidy'), rng);
  const c = cost(rng, 6000);
  return {
    landlord: 'bostadsbolaget',
    property: designation(rng, m, area),
    address: rendered.text,
    date: sampler.sample(rng),
    damage: rng.weighted(HOUSING_DAMAGE),
    cost: c,
    policeReported: rng.chance(c > 10_000 ? 0.7 : 0.3),
    area: textArea(rendered, area),
  };
}

/** `boosts`: planted escalations (escalation.ts) on top of the ordinary records. */
export function generateHousingVandalism(
  rng: Rng,
  m: Municipality,
  year: number,
  scale: number,
  boosts: readonly Boost[] = [],
): Vandalism[] {
  const sampler = new TimeSampler(year, { month: SUMMER_HEAVY, weekday: WEEKDAYS_ONLY, hour: OFFICE_HOURS });
  // Rental blocks: not in the rural areas, concentrated where the company owns most (the hot areas).
  const picker = new AreaPicker(m, (a) => (a.kind === 'rural' ? 0 : a.population * a.hot ** 1.5));
  const out = ordinaryAndPlanted(
    rng,
    Math.round(190 * scale),
    picker,
    sampler,
    boosts,
    (r, area, s) => housingVandalism(r, m, area, s),
    (t, v) => t.vandalism(v),
  );
  return out.sort((x, y) => x.date - y.date);
}

/** School summer break and autumn half-term: empty schools get more vandalism. */
function schoolBreaks(year: number): (w: Wall) => number {
  const summer = [wall(year, 6, 14), wall(year, 8, 17)] as const;
  const autumn = [wall(year, 10, 27), wall(year, 11, 2)] as const;
  return (w) => ((w >= summer[0] && w <= summer[1]) || (w >= autumn[0] && w <= autumn[1]) ? 2.2 : 1);
}

export function generateSchoolVandalism(rng: Rng, m: Municipality, year: number, scale: number): Vandalism[] {
  const landlord: Landlord = 'fastighetskontoret';
  const sampler = new TimeSampler(year, { month: FLAT_MONTHS, weekday: WEEKDAYS_ONLY, hour: OFFICE_HOURS, day: schoolBreaks(year) });
  const buildings = m.places.filter((p) => p.kind === 'skola' || p.kind === 'forskola' || p.kind === 'idrott');
  const centres = new AreaPicker(m, (a) => (a.kind === 'centre' || a.kind === 'urban' ? a.population * a.hot : 0));
  const out: Vandalism[] = [];
  for (let i = 0, n = Math.round(85 * scale); i < n; i++) {
    const date = sampler.sample(rng);
    const c = cost(rng, 9000);
    const damage = rng.weighted(SCHOOL_DAMAGE);
    const policeReported = rng.chance(c > 10_000 ? 0.8 : 0.4);
    if (rng.chance(0.75) && buildings.length > 0) {
      // Hot-area schools are hit more often.
      const p = buildings[rng.weightedIndex(buildings.map((b) => m.areaByCode.get(b.area)?.hot ?? 1))] ?? buildings[0];
      if (!p) continue;
      out.push({ landlord, property: designation(rng, m, p.area), address: p.name, date, damage, cost: c, policeReported, area: p.area });
    } else {
      // Other municipal premises (libraries, offices) at street addresses.
      const area = centres.pick(rng);
      const a = rng.pick(m.addressesByArea.get(area) ?? m.addresses);
      const rendered = renderAddress(a, 'plain', rng);
      out.push({
        landlord,
        property: designation(rng, m, area),
        address: rendered.text,
        date,
        damage,
        cost: c,
        policeReported,
        area: textArea(rendered, area),
      });
    }
  }
  return out.sort((x, y) => x.date - y.date);
}

const DISTURBANCES: readonly (readonly [string, number])[] = [
  ['Hög musik', 30],
  ['Bråk/skrik', 20],
  ['Fest', 15],
  ['Rökning i trapphus', 10],
  ['Hundskall', 8],
  ['Övrigt', 12],
];

const ACTIONS: readonly (readonly [string, number])[] = [
  ['Samtal på plats', 45],
  ['Lapp i dörren', 20],
  ['Polis kontaktad', 8],
  ['Ingen åtgärd', 15],
  ['Brev skickat', 12],
];

function disturbance(rng: Rng, m: Municipality, area: string, sampler: TimeSampler): DisturbanceCall {
  const a = rng.pick(m.addressesByArea.get(area) ?? m.addresses);
  const rendered = renderAddress(a, rng.chance(0.8) ? 'plain' : 'compact', rng);
  return {
    time: sampler.sample(rng),
    address: rendered.text,
    apartment: `${rng.int(10, 16)}${String(rng.int(1, 4)).padStart(2, '0')}`,
    kind: rng.weighted(DISTURBANCES),
    action: rng.weighted(ACTIONS),
    area: textArea(rendered, area),
  };
}

/** `boosts`: planted escalations (escalation.ts) on top of the ordinary calls. */
export function generateDisturbances(
  rng: Rng,
  m: Municipality,
  year: number,
  scale: number,
  boosts: readonly Boost[] = [],
): DisturbanceCall[] {
  const sampler = new TimeSampler(year, { month: SUMMER_HEAVY, weekday: WEEKEND_HEAVY, hour: EVENING_HOURS });
  const picker = new AreaPicker(m, (a) => (a.kind === 'rural' ? 0 : a.population * a.hot ** 1.5));
  const out = ordinaryAndPlanted(
    rng,
    Math.round(420 * scale),
    picker,
    sampler,
    boosts,
    (r, area, s) => disturbance(r, m, area, s),
    (t, d) => t.disturbance(d),
  );
  return out.sort((x, y) => x.time - y.time);
}
