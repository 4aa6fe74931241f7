/**
 * Builds the demo municipality from the gazetteer and a seed: area polygons (EPSG:3006), addresses with six-digit key
 * codes and coordinates inside their area, named places, and population per age band. Everything downstream draws
 * locations from here, so the truth area of a record is known without any address matching.
 */
import type { AreaKind, AreaSpec, NykoUnit, PlaceKind } from './gazetteer.ts';
import {
  AREA_WITH_HOLE,
  AREAS,
  DUPLICATE_STREET,
  LEVEL1,
  LEVEL2,
  OUTSIDE_HOMES,
  PLACES,
  SPLIT_STREET,
  UNKNOWN_OBJECTS,
  UNKNOWN_PLACES,
} from './gazetteer.ts';
import type { Point, PolygonRings } from './geometry.ts';
import { bbox, safelyInside } from './geometry.ts';
import type { Rng } from './random.ts';
import { WeightedSampler } from './random.ts';

export interface Area {
  code: string;
  name: string;
  town: string;
  postcode: string;
  kind: AreaKind;
  hot: number;
  population: number;
  polygon: PolygonRings;
}

export interface Address {
  street: string;
  number: number;
  /** '' or a capital letter. */
  letter: string;
  postcode: string;
  town: string;
  keyCode: string;
  area: string;
  e: number;
  n: number;
  /** Register form, e.g. 'Tallhöjdsvägen 12 A'. */
  text: string;
  /** The same street + number + letter exists in another area: only a postcode or coordinates can tell them apart. */
  ambiguous: boolean;
}

export interface NamedPlace {
  name: string;
  area: string;
  kind: PlaceKind;
  keyCode: string;
  /** A point inside the area (not written to the register, which has no coordinates for places). */
  e: number;
  n: number;
}

export const AGE_BANDS = ['0-14 år', '15-17 år', '18-20 år', '21-64 år', '65+ år'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface Municipality {
  year: number;
  level1: readonly NykoUnit[];
  level2: readonly NykoUnit[];
  areas: Area[];
  areaByCode: Map<string, Area>;
  addresses: Address[];
  addressesByArea: Map<string, Address[]>;
  places: NamedPlace[];
  placeByName: Map<string, NamedPlace>;
  placesByArea: Map<string, NamedPlace[]>;
  /** Addresses whose street + number exists in two towns (see gazetteer DUPLICATE_STREET). */
  ambiguousAddresses: Address[];
  /** Population per area and age band. */
  population: Map<string, Record<AgeBand, number>>;
  unknownPlaces: readonly string[];
  outsideHomes: readonly string[];
  unknownObjects: readonly string[];
}

const GRID_COLS = 6;
const GRID_ROWS = 4;
const CELL = 1600;
const ORIGIN_E = 612_000;
const ORIGIN_N = 6_568_000;
const VERTEX_JITTER = 260;
/** Addresses stay this far from area edges, so whole-metre rounding and small GPS jitter never cross a boundary. */
export const EDGE_MARGIN = 40;

function snakeCell(i: number): { col: number; row: number } {
  const row = Math.floor(i / GRID_COLS);
  const k = i % GRID_COLS;
  return { row, col: row % 2 === 0 ? k : GRID_COLS - 1 - k };
}

function buildPolygons(rng: Rng): Map<string, PolygonRings> {
  const vertex: Point[][] = [];
  for (let i = 0; i <= GRID_COLS; i++) {
    const column: Point[] = [];
    for (let j = 0; j <= GRID_ROWS; j++) {
      const e = ORIGIN_E + i * CELL + Math.round((rng.next() * 2 - 1) * VERTEX_JITTER);
      const n = ORIGIN_N + j * CELL + Math.round((rng.next() * 2 - 1) * VERTEX_JITTER);
      column.push([e, n]);
    }
    vertex.push(column);
  }
  const v = (i: number, j: number): Point => vertex[i]?.[j] ?? [0, 0];
  const out = new Map<string, PolygonRings>();
  AREAS.forEach((spec, idx) => {
    const { col, row } = snakeCell(idx);
    // Shared jittered vertices: neighbours share edges exactly, so the areas tile without gaps or overlaps.
    const a = v(col, row);
    const outer: Point[] = [a, v(col + 1, row), v(col + 1, row + 1), v(col, row + 1), a];
    const rings: Point[][] = [outer];
    if (spec.code === AREA_WITH_HOLE) {
      const ce = Math.round((a[0] + v(col + 1, row + 1)[0]) / 2);
      const cn = Math.round((a[1] + v(col + 1, row + 1)[1]) / 2);
      const h = 220;
      // A lake: clockwise hole, no area of its own.
      rings.push([
        [ce - h, cn - h],
        [ce - h, cn + h],
        [ce + h, cn + h],
        [ce + h, cn - h],
        [ce - h, cn - h],
      ]);
    }
    out.set(spec.code, rings);
  });
  return out;
}

function randomPointIn(rng: Rng, rings: PolygonRings, margin: number): Point {
  const b = bbox(rings);
  for (let tries = 0; tries < 10_000; tries++) {
    const p: Point = [Math.round(b.minE + rng.next() * (b.maxE - b.minE)), Math.round(b.minN + rng.next() * (b.maxN - b.minN))];
    if (safelyInside(p, rings, margin)) return p;
  }
  throw new Error('no point found inside polygon');
}

/** Key code digits 4–6 from the position within the area: sub-district, block row, street block. */
function keyCodeFor(area: string, p: Point, rings: PolygonRings, streetIndex: number): string {
  const b = bbox(rings);
  const u = Math.min(0.999, Math.max(0, (p[0] - b.minE) / (b.maxE - b.minE)));
  const w = Math.min(0.999, Math.max(0, (p[1] - b.minN) / (b.maxN - b.minN)));
  const d4 = 1 + Math.floor(w * 3);
  const d5 = 1 + Math.floor(u * 3);
  const d6 = 1 + (streetIndex % 9);
  return `${area}${d4}${d5}${d6}`;
}

function houseCount(rng: Rng, kind: AreaKind): number {
  switch (kind) {
    case 'centre':
      return rng.int(12, 22);
    case 'urban':
      return rng.int(12, 24);
    case 'suburb':
      return rng.int(10, 20);
    case 'rural':
      return rng.int(6, 12);
  }
}

interface StreetLayout {
  numbers: { number: number; letter: string }[];
}

/** House numbers with gaps and a few A/B letters; the duplicate street uses the same numbering in both towns. */
function numbering(rng: Rng, count: number, start: number): StreetLayout {
  const numbers: { number: number; letter: string }[] = [];
  let n = start;
  while (numbers.length < count) {
    if (rng.chance(0.12)) {
      numbers.push({ number: n, letter: 'A' });
      numbers.push({ number: n, letter: 'B' });
    } else {
      numbers.push({ number: n, letter: '' });
    }
    n += rng.chance(0.25) ? 2 : 1;
  }
  return { numbers };
}

export function addressText(street: string, number: number, letter: string): string {
  return letter ? `${street} ${number} ${letter}` : `${street} ${number}`;
}

function placeStreet(rng: Rng, spec: AreaSpec, rings: PolygonRings, street: string, streetIndex: number, layout: StreetLayout): Address[] {
  // A street is a line through the area; houses sit on either side of it.
  const start = randomPointIn(rng, rings, 150);
  const angle = rng.next() * Math.PI;
  const spacing = spec.kind === 'rural' ? 70 : 32;
  const out: Address[] = [];
  let dir = 1;
  let step = 0;
  for (const { number, letter } of layout.numbers) {
    let placed: Point | undefined;
    for (let attempt = 0; attempt < 40 && !placed; attempt++) {
      const along = dir * step * spacing;
      const side = (number % 2 === 0 ? 1 : -1) * 14 + (letter === 'B' ? 6 : 0);
      const e = start[0] + Math.cos(angle) * along - Math.sin(angle) * side + (rng.next() - 0.5) * 6;
      const n = start[1] + Math.sin(angle) * along + Math.cos(angle) * side + (rng.next() - 0.5) * 6;
      const p: Point = [Math.round(e), Math.round(n)];
      if (safelyInside(p, rings, EDGE_MARGIN)) placed = p;
      else {
        // Ran into the edge or the lake: continue the street in the other direction from the start.
        if (dir === 1) {
          dir = -1;
          step = 1;
        } else step++;
      }
    }
    if (!placed) placed = randomPointIn(rng, rings, EDGE_MARGIN);
    step++;
    out.push({
      street,
      number,
      letter,
      postcode: spec.postcode,
      town: spec.town,
      keyCode: keyCodeFor(spec.code, placed, rings, streetIndex),
      area: spec.code,
      e: placed[0],
      n: placed[1],
      text: addressText(street, number, letter),
      ambiguous: false,
    });
  }
  return out;
}

function populationBands(rng: Rng, spec: AreaSpec): Record<AgeBand, number> {
  const young = spec.hot >= 1.8 ? 1.3 : 1;
  const old = spec.hot >= 1.8 ? 0.6 : spec.kind === 'rural' ? 1.35 : 1;
  const jitter = (): number => 1 + (rng.next() - 0.5) * 0.1;
  const p = spec.population;
  const b0 = Math.round(p * 0.17 * young * jitter());
  const b15 = Math.round(p * 0.035 * young * jitter());
  const b18 = Math.round(p * 0.034 * young * jitter());
  const b65 = Math.round(p * 0.2 * old * jitter());
  return { '0-14 år': b0, '15-17 år': b15, '18-20 år': b18, '21-64 år': p - b0 - b15 - b18 - b65, '65+ år': b65 };
}

export function buildMunicipality(rng: Rng, year: number): Municipality {
  const polygons = buildPolygons(rng.fork('polygons'));
  const streetRng = rng.fork('streets');
  const areas: Area[] = AREAS.map((spec) => ({
    code: spec.code,
    name: spec.name,
    town: spec.town,
    postcode: spec.postcode,
    kind: spec.kind,
    hot: spec.hot,
    population: spec.population,
    polygon: polygons.get(spec.code) ?? [],
  }));
  const addresses: Address[] = [];
  const sharedLayouts = new Map<string, StreetLayout>();
  let streetIndex = 0;
  for (const spec of AREAS) {
    const rings = polygons.get(spec.code) ?? [];
    for (const street of spec.streets) {
      const seenBefore = AREAS.some((s) => s.code < spec.code && s.streets.includes(street));
      let layout: StreetLayout;
      if (street === SPLIT_STREET) {
        // Split street: continues numbering in the next area (same name, different numbers).
        layout = numbering(streetRng, houseCount(streetRng, spec.kind), seenBefore ? 61 : 1);
      } else if (seenBefore && sharedLayouts.has(street)) {
        layout = sharedLayouts.get(street) as StreetLayout;
      } else {
        // The duplicate street is short: enough to test "never guess" without leaving a hot area mostly unmapped.
        const count = street === DUPLICATE_STREET ? streetRng.int(5, 7) : houseCount(streetRng, spec.kind);
        layout = numbering(streetRng, count, 1);
        sharedLayouts.set(street, layout);
      }
      addresses.push(...placeStreet(streetRng, spec, rings, street, streetIndex++, layout));
    }
  }
  // Mark keys that exist in more than one area: the "never guess" cases.
  const areasByKey = new Map<string, Set<string>>();
  for (const a of addresses) {
    const key = a.text.toLowerCase();
    const set = areasByKey.get(key) ?? new Set<string>();
    set.add(a.area);
    areasByKey.set(key, set);
  }
  for (const a of addresses) a.ambiguous = (areasByKey.get(a.text.toLowerCase())?.size ?? 0) > 1;

  const placeRng = rng.fork('places');
  const places: NamedPlace[] = PLACES.map((spec) => {
    const rings = polygons.get(spec.area) ?? [];
    const p = randomPointIn(placeRng, rings, 120);
    return { name: spec.name, area: spec.area, kind: spec.kind, keyCode: keyCodeFor(spec.area, p, rings, 8), e: p[0], n: p[1] };
  });

  const registered = new Set(addresses.map((a) => a.street.toLowerCase()));
  for (const text of [...UNKNOWN_PLACES, ...OUTSIDE_HOMES]) {
    const street = text.split(/\s\d/)[0]?.toLowerCase() ?? '';
    if (registered.has(street)) throw new Error(`unknown place collides with register street: ${text}`);
  }

  const popRng = rng.fork('population');
  const population = new Map<string, Record<AgeBand, number>>();
  for (const spec of AREAS) population.set(spec.code, populationBands(popRng, spec));

  const addressesByArea = groupBy(addresses, (a) => a.area);
  return {
    year,
    level1: LEVEL1,
    level2: LEVEL2,
    areas,
    areaByCode: new Map(areas.map((a) => [a.code, a])),
    addresses,
    addressesByArea,
    places,
    placeByName: new Map(places.map((p) => [p.name, p])),
    placesByArea: groupBy(places, (p) => p.area),
    ambiguousAddresses: addresses.filter((a) => a.ambiguous),
    population,
    unknownPlaces: UNKNOWN_PLACES,
    outsideHomes: OUTSIDE_HOMES,
    unknownObjects: UNKNOWN_OBJECTS,
  };
}

/** Population per area and age band, for one year. */
export type PopulationYear = Map<string, Record<AgeBand, number>>;

/**
 * Population per year from `firstYear` to the municipality's year (the last is `m.population` itself): each area
 * grew by its own rate (−0.5 … +2.5 % a year), so earlier years are a little smaller. Areas and bands stay the same.
 */
export function populationHistory(rng: Rng, m: Municipality, firstYear: number): Map<number, PopulationYear> {
  const out = new Map<number, PopulationYear>();
  for (let y = firstYear; y < m.year; y++) out.set(y, new Map());
  for (const area of m.areas) {
    const growth = -0.005 + rng.next() * 0.03;
    const bands = m.population.get(area.code);
    if (!bands) continue;
    for (const [y, year] of out) {
      const factor = (1 + growth) ** -(m.year - y);
      year.set(area.code, Object.fromEntries(AGE_BANDS.map((b) => [b, Math.round(bands[b] * factor)])) as Record<AgeBand, number>);
    }
  }
  out.set(m.year, m.population);
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Picks areas in proportion to population × a per-source weight (usually the area's hotness). */
export class AreaPicker {
  private readonly sampler: WeightedSampler;
  private readonly codes: string[];
  private readonly weights: number[];

  constructor(m: Municipality, weight: (a: Area) => number) {
    this.codes = m.areas.map((a) => a.code);
    this.weights = m.areas.map(weight);
    this.sampler = new WeightedSampler(this.weights);
  }

  pick(rng: Rng): string {
    return this.codes[this.sampler.sample(rng)] ?? '';
  }

  /** The probability that `pick` returns the area. */
  share(code: string): number {
    const total = this.weights.reduce((a, w) => a + Math.max(0, w), 0);
    return Math.max(0, this.weights[this.codes.indexOf(code)] ?? 0) / total;
  }
}

export function pickAddress(rng: Rng, m: Municipality, area: string): Address {
  const list = m.addressesByArea.get(area);
  if (!list || list.length === 0) throw new Error(`no addresses in area ${area}`);
  return rng.pick(list);
}
