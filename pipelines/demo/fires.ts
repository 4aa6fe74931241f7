/**
 * The year's fires, planned before either actor's file is written, because the police and the rescue service report
 * some of the same fires. Guarantees the truth of brand.unika_handelser is unambiguous:
 *   - a fire reported by both has the same NYKO3 area on both sides and the reports are ≤ 45 minutes apart, in the
 *     same local day (so the same month);
 *   - two different fires in one area are always more than 3 hours apart (every report of each), also across the
 *     turn of the year (no fire in a known area within 3 h 10 min of midnight on New Year's Eve);
 *   - fire times avoid the nights of the daylight-saving changes, where wall clock and real time disagree.
 * Also produces the rescue service's non-fire call-outs.
 */
import type { Boost } from './escalation.ts';
import { plant } from './escalation.ts';
import { isRtjFire } from './truth.ts';
import type { Located, RtjCallout, RtjCause, RtjObject, RtjType, StormType } from './events.ts';
import { OKAND } from './events.ts';
import { fullName, randomAdultPnr } from './identity.ts';
import { locate, randomStyle, renderAddress, textArea } from './location.ts';
import type { Municipality, NamedPlace } from './municipality.ts';
import { AreaPicker } from './municipality.ts';
import type { Rng } from './random.ts';
import type { Wall } from './time.ts';
import {
  DAYTIME_HOURS,
  EVENING_HOURS,
  FIRE_MONTHS,
  FLAT_MONTHS,
  TimeSampler,
  WEEKEND_HEAVY,
  addMinutes,
  dayIndexOf,
  instant,
  monthKey,
  wall,
} from './time.ts';

/** A police STORM 'Brand' event fixed by the plan; the STORM generator numbers it and merges it in. */
export interface PoliceFire extends Located {
  time: Wall;
  type: StormType;
  prio: 1 | 2 | 3;
  reportFiled: boolean;
  summary: string;
}

export interface FirePlan {
  rtj: RtjCallout[];
  policeFires: PoliceFire[];
  /** Fires reported by both actors (counted once in brand.unika_handelser). */
  pairs: number;
}

export const POLICE_LOCATE = { coords: 0.72, unmappable: 0.045, place: 0.08, crossing: 0.04, blankWithCoords: 0.03 };

const MIN_GAP_MS = 3 * 60 * 60_000 + 10 * 60_000;

class Separation {
  private readonly byArea = new Map<string, number[]>();
  /** The year's first and last instant count as taken in every area: the guarantee holds across years too. */
  private readonly edges: number[];

  constructor(year: number) {
    this.edges = [instant(wall(year, 1, 1)), instant(wall(year + 1, 1, 1))];
  }

  ok(area: string, times: readonly Wall[]): boolean {
    if (area === OKAND) return true;
    const taken = [...(this.byArea.get(area) ?? []), ...this.edges];
    return times.every((t) => taken.every((u) => Math.abs(instant(t) - u) >= MIN_GAP_MS));
  }

  add(area: string, times: readonly Wall[]): void {
    if (area === OKAND) return;
    const taken = this.byArea.get(area) ?? [];
    taken.push(...times.map(instant));
    this.byArea.set(area, taken);
  }
}

interface FireShape {
  object: RtjObject;
  type: RtjType;
  indoor: boolean;
  cause: RtjCause;
}

const OBJECT_WEIGHTS: readonly (readonly [RtjObject, number])[] = [
  ['Container/soptunna', 26],
  ['Bil', 16],
  ['Flerbostadshus', 14],
  ['Villa', 7],
  ['Park/grönområde', 12],
  ['Skola', 9],
  ['Förskola', 4],
  ['Idrottsanläggning', 4],
  ['Butik', 5],
];

function shape(rng: Rng, object: RtjObject): FireShape {
  const arsonProne: readonly RtjObject[] = ['Container/soptunna', 'Park/grönområde', 'Skola', 'Förskola', 'Bil', 'Idrottsanläggning'];
  const cause = arsonProne.includes(object)
    ? rng.weighted<RtjCause>([
        ['Anlagd med uppsåt', 55],
        ['Okänd', 25],
        ['Oförsiktighet', 15],
        ['Tekniskt fel', 5],
      ])
    : rng.weighted<RtjCause>([
        ['Anlagd med uppsåt', 10],
        ['Okänd', 20],
        ['Oförsiktighet', 40],
        ['Tekniskt fel', 30],
      ]);
  switch (object) {
    case 'Container/soptunna':
    case 'Park/grönområde':
      return { object, type: 'Brand ej i byggnad', indoor: false, cause };
    case 'Bil':
      return { object, type: 'Brand i fordon', indoor: false, cause };
    case 'Skola':
    case 'Förskola':
    case 'Idrottsanläggning': {
      // Fires against facades and in school yards are outdoor fires at a school.
      const indoor = rng.chance(0.5);
      return { object, type: indoor ? 'Brand i byggnad' : 'Brand ej i byggnad', indoor, cause };
    }
    case 'Butik':
    case 'Flerbostadshus':
    case 'Villa': {
      const indoor = rng.chance(0.88);
      return { object, type: indoor ? 'Brand i byggnad' : 'Brand ej i byggnad', indoor, cause };
    }
  }
}

function placesFor(m: Municipality, object: RtjObject): NamedPlace[] {
  switch (object) {
    case 'Skola':
      return m.places.filter((p) => p.kind === 'skola');
    case 'Förskola':
      return m.places.filter((p) => p.kind === 'forskola');
    case 'Idrottsanläggning':
      return m.places.filter((p) => p.kind === 'idrott');
    case 'Butik':
      return m.places.filter((p) => p.kind === 'centrum' || p.kind === 'torg');
    default:
      return [];
  }
}

/** Summer holiday (mid June – mid August): school fires peak. */
function schoolHoliday(year: number): (w: Wall) => number {
  const from = wall(year, 6, 14);
  const to = wall(year, 8, 17);
  return (w) => (w >= from && w <= to ? 3.2 : 1);
}

interface FireSite {
  point: [number, number];
  /** The rescue service's address field and the area it implies (null coordinates case). */
  address: string;
  addressArea: string;
  area: string;
}

function fireSite(rng: Rng, m: Municipality, pickArea: (rng: Rng) => string, object: RtjObject): FireSite {
  const places = placesFor(m, object);
  if (places.length > 0 && (object !== 'Butik' || rng.chance(0.6))) {
    const p = rng.pick(places);
    const e = Math.round(p.e + (rng.next() * 2 - 1) * 40);
    const n = Math.round(p.n + (rng.next() * 2 - 1) * 40);
    return { point: [e, n], address: rng.chance(0.85) ? p.name : p.name.toUpperCase(), addressArea: p.area, area: p.area };
  }
  const area = pickArea(rng);
  const a = rng.pick(m.addressesByArea.get(area) ?? m.addresses);
  // Small offsets: the address keeps EDGE_MARGIN (40 m) from every edge, the police add ±15 m on top.
  const e = Math.round(a.e + (rng.next() * 2 - 1) * 10);
  const n = Math.round(a.n + (rng.next() * 2 - 1) * 10);
  const rendered = renderAddress(a, randomStyle(rng, 'messy'), rng);
  return { point: [e, n], address: rendered.text, addressArea: textArea(rendered, area), area };
}

function policeFireSummary(rng: Rng, object: RtjObject | ''): string {
  const base =
    object === 'Bil'
      ? 'Bilbrand, räddningstjänsten släcker.'
      : object === 'Container/soptunna'
        ? 'Brand i container, RTJ på plats.'
        : object === 'Skola' || object === 'Förskola'
          ? 'Brand vid skolbyggnad, RTJ larmad.'
          : 'Rökutveckling, räddningstjänsten larmad.';
  if (rng.chance(0.15)) return `${base} Vittne ${fullName(rng)} (${randomAdultPnr(rng, 2000)}) hörd på plats.`;
  return base;
}

/**
 * The expected share of the year's fires in an area: fires at a kind of named place (schools, sports grounds,
 * most shops) go to one of those places, the rest to the area picker.
 */
function expectedFireShare(m: Municipality, picker: AreaPicker, area: string): number {
  const total = OBJECT_WEIGHTS.reduce((a, [, w]) => a + w, 0);
  let share = 0;
  for (const [object, weight] of OBJECT_WEIGHTS) {
    const places = placesFor(m, object);
    const atPlace = places.length === 0 ? 0 : object === 'Butik' ? 0.6 : 1;
    const inArea = places.length === 0 ? 0 : places.filter((p) => p.area === area).length / places.length;
    share += (weight / total) * (atPlace * inArea + (1 - atPlace) * picker.share(area));
  }
  return share;
}

/** Objects of the fires an escalation adds: set outdoors, at street addresses of the area. */
const ESCALATION_OBJECTS: readonly (readonly [RtjObject, number])[] = [
  ['Container/soptunna', 26],
  ['Bil', 16],
  ['Park/grönområde', 12],
];

/** `boosts`: planted escalations (escalation.ts): extra deliberately set outdoor fires in an area. */
export function planFires(rng: Rng, m: Municipality, year: number, scale: number, boosts: readonly Boost[] = []): FirePlan {
  const sep = new Separation(year);
  // Fires concentrate harder in hot areas than population alone says.
  const picker = new AreaPicker(m, (a) => a.population * a.hot ** 1.4);
  const pickArea = (r: Rng): string => picker.pick(r);
  const general = new TimeSampler(year, { month: FIRE_MONTHS, weekday: WEEKEND_HEAVY, hour: EVENING_HOURS });
  const school = new TimeSampler(year, { month: FIRE_MONTHS, weekday: WEEKEND_HEAVY, hour: EVENING_HOURS, day: schoolHoliday(year) });
  const traffic = new TimeSampler(year, { month: FLAT_MONTHS, weekday: WEEKEND_HEAVY, hour: DAYTIME_HOURS });

  const nFires = Math.round(170 * scale);
  const nPairs = Math.round(45 * scale);
  const nPoliceOnly = Math.round(22 * scale);
  const nOther = Math.round(75 * scale);

  const callouts: Omit<RtjCallout, 'nr'>[] = [];
  const policeFires: PoliceFire[] = [];
  let pairs = 0;

  /**
   * One try at placing a fire (site, time, what each actor writes); null when it breaks a guarantee (a pair without
   * a known area or across midnight, another fire in the area within three hours), so the caller tries again.
   */
  const tryFire = (
    r: Rng,
    s: FireShape,
    sampler: TimeSampler,
    paired: boolean,
    siteArea: (r: Rng) => string,
  ): { callout: Omit<RtjCallout, 'nr'>; police: PoliceFire | undefined } | null => {
    const site = fireSite(r, m, siteArea, s.object);
    const time = sampler.sample(r, true);
    const roll = r.next();
    // Coordinates on ~75 %, address only on the rest; a few with neither usable → okand.
    const unlocatable = !paired && roll < 0.03;
    const coords = !unlocatable && (paired ? roll < 0.7 : roll < 0.78);
    const address = unlocatable ? r.pick(['', ...m.unknownPlaces]) : coords && r.chance(0.12) ? '' : site.address;
    const area = unlocatable ? OKAND : coords ? site.area : address === '' ? OKAND : site.addressArea;
    if (paired && area === OKAND) return null;
    const times: Wall[] = [time];
    let policeTime: Wall | undefined;
    if (paired) {
      // The police register the same fire minutes before or after the rescue service, on the same day.
      let delta = r.int(-10, 45);
      if (r.chance(0.3)) delta = r.int(-4, 6);
      policeTime = addMinutes(time, delta);
      if (dayIndexOf(policeTime) !== dayIndexOf(time)) policeTime = addMinutes(time, -delta);
      if (dayIndexOf(policeTime) !== dayIndexOf(time)) return null;
      times.push(policeTime);
    }
    if (!sep.ok(area, times)) return null;
    sep.add(area, times);
    const callout: Omit<RtjCallout, 'nr'> = {
      time,
      type: s.type,
      cause: s.cause,
      object: s.object,
      address,
      indoor: s.indoor,
      threat: r.chance((m.areaByCode.get(area)?.hot ?? 1) >= 1.8 ? 0.06 : 0.015),
      e: coords ? site.point[0] : null,
      n: coords ? site.point[1] : null,
      area,
    };
    callouts.push(callout);
    if (policeTime !== undefined) {
      pairs++;
      // The police always have coordinates for a fire they attend; the text may be anything.
      const e = site.point[0] + r.int(-15, 15);
      const n = site.point[1] + r.int(-15, 15);
      const place = r.weighted<string>([
        [site.address, 5],
        ['', 1],
      ]);
      const police: PoliceFire = {
        time: policeTime,
        type: 'Brand',
        place,
        e,
        n,
        area: site.area,
        prio: r.chance(0.6) ? 1 : 2,
        reportFiled: s.cause === 'Anlagd med uppsåt' ? r.chance(0.7) : r.chance(0.2),
        summary: policeFireSummary(r, s.object),
      };
      policeFires.push(police);
      return { callout, police };
    }
    return { callout, police: undefined };
  };

  for (let i = 0; i < nFires; i++) {
    const s = shape(rng, rng.weighted(OBJECT_WEIGHTS));
    const sampler = s.object === 'Skola' || s.object === 'Förskola' ? school : general;
    const paired = pairs < nPairs && rng.chance(Math.min(1, (nPairs - pairs) / Math.max(1, nFires - i)));
    for (let attempt = 0; attempt < 60; attempt++) if (tryFire(rng, s, sampler, paired, pickArea)) break;
  }

  const policePicker = new AreaPicker(m, (a) => a.population * a.hot ** 1.4);
  for (let i = 0; i < nPoliceOnly; i++) {
    for (let attempt = 0; attempt < 60; attempt++) {
      const area = policePicker.pick(rng);
      const loc = locate(rng, m, area, POLICE_LOCATE);
      const time = general.sample(rng, true);
      if (!sep.ok(loc.area, [time])) continue;
      sep.add(loc.area, [time]);
      policeFires.push({
        ...loc,
        time,
        type: 'Brand',
        prio: 2,
        reportFiled: rng.chance(0.3),
        summary: policeFireSummary(rng, rng.pick(['Bil', 'Container/soptunna', ''] as const)),
      });
      break;
    }
  }

  // Escalations, after every ordinary fire so they never shift its draws: deliberately set outdoor fires in the area,
  // about as often reported by the police as other fires.
  const perYear = (area: string): number => nFires * expectedFireShare(m, picker, area);
  plant(
    boosts,
    perYear,
    general,
    (r, area, monthSampler) => {
      const s: FireShape = { ...shape(r, r.weighted(ESCALATION_OBJECTS)), indoor: false, cause: 'Anlagd med uppsåt' };
      const paired = r.chance(nPairs / Math.max(1, nFires));
      for (let attempt = 0; attempt < 60; attempt++) {
        const placed = tryFire(r, s, monthSampler, paired, () => area);
        if (placed) return placed;
      }
      return null;
    },
    (truth, { callout, police }) => {
      const c: RtjCallout = { ...callout, nr: '' };
      truth.rtj(c);
      // One fire, counted once in brand.unika_handelser even when the police reported it too (the plan pairs them).
      if (isRtjFire(c)) truth.add('brand.unika_handelser', c.area, monthKey(c.time));
      if (police) truth.storm(police);
    },
  );

  for (let i = 0; i < nOther; i++) {
    const type: RtjType = rng.chance(0.55) ? 'Automatlarm' : 'Trafikolycka';
    const time = traffic.sample(rng);
    const area = picker.pick(rng);
    let address: string;
    let point: [number, number];
    let object: RtjObject | '' = '';
    let addressArea: string;
    const places = m.placesByArea.get(area) ?? [];
    if (type === 'Automatlarm' && places.length > 0 && rng.chance(0.5)) {
      // Alarms at schools that were not fires: must not count as school fires.
      const p = rng.pick(places);
      address = p.name;
      addressArea = p.area;
      point = [p.e, p.n];
      object = p.kind === 'skola' ? 'Skola' : p.kind === 'forskola' ? 'Förskola' : p.kind === 'idrott' ? 'Idrottsanläggning' : 'Butik';
    } else {
      const a = rng.pick(m.addressesByArea.get(area) ?? m.addresses);
      const rendered = renderAddress(a, randomStyle(rng, 'messy'), rng);
      address = rendered.text;
      addressArea = textArea(rendered, area);
      point = [a.e, a.n];
      object = type === 'Trafikolycka' ? 'Bil' : rng.pick(['Flerbostadshus', 'Butik', 'Villa'] as const);
    }
    const coords = rng.chance(0.75);
    callouts.push({
      time,
      type,
      cause: '',
      object,
      address,
      indoor: type === 'Automatlarm',
      threat: rng.chance(0.02),
      e: coords ? point[0] : null,
      n: coords ? point[1] : null,
      area: coords ? area : addressArea,
    });
  }

  callouts.sort((a, b) => a.time - b.time);
  const rtj = callouts.map((c, i) => ({ ...c, nr: `RTJ-${year}-${String(i + 1).padStart(5, '0')}` }));
  policeFires.sort((a, b) => a.time - b.time);
  return { rtj, policeFires, pairs };
}
