/**
 * A small fictional municipality, built in code: a three-level NYKO register (with one area split from 2026),
 * an address register with six-digit key codes, and a grid of square boundaries in SWEREF 99 TM.
 */
import type { FeatureCollection } from 'geojson';
import type { AddressEntry } from '../../nyko/addressRegister.ts';
import type { AreaRow } from '../../nyko/areaRegister.ts';

export const SWEREF99TM = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

const FROM = '2020-01-01';

export const nykoRows: AreaRow[] = [
  { code: '1', level: 1, name: 'Centrala staden', validFrom: FROM },
  { code: '3', level: 1, name: 'Södra', validFrom: FROM },
  { code: '4', level: 1, name: 'Järna med omnejd', validFrom: FROM },
  { code: '11', level: 2, name: 'Centrum', validFrom: FROM },
  { code: '31', level: 2, name: 'Hovsjö', validFrom: FROM },
  { code: '41', level: 2, name: 'Järna', validFrom: FROM },
  { code: '111', level: 3, name: 'Centrum norra', validFrom: FROM },
  // Centrum södra is split in two from 2026.
  { code: '112', level: 3, name: 'Centrum södra', validFrom: FROM, validTo: '2025-12-31' },
  { code: '113', level: 3, name: 'Centrum södra väst', validFrom: '2026-01-01' },
  { code: '114', level: 3, name: 'Centrum södra öst', validFrom: '2026-01-01' },
  { code: '311', level: 3, name: 'Hovsjö', validFrom: FROM },
  { code: '411', level: 3, name: 'Järna tätort', validFrom: FROM },
];

export const addressEntries: AddressEntry[] = [
  { address: 'Storgatan 1', postcode: '151 11', town: 'Södertälje', code: '111150', e: 641500, n: 6556964 },
  { address: 'Storgatan 11', postcode: '151 11', town: 'Södertälje', code: '111866', e: 641544, n: 6557160 },
  // The same street name in Järna.
  { address: 'Storgatan 11', postcode: '154 11', town: 'Järna', code: '411589', e: 645188, n: 6560902 },
  { address: 'Storgatan 5', postcode: '151 11', town: 'Södertälje', code: '111300' },
  { address: 'Storgatan 5 A', postcode: '154 11', town: 'Järna', code: '411300' },
  { address: 'Hovsjövägen 10 B', postcode: '153 11', town: 'Södertälje', code: '311451' },
  { address: 'Hovsjövägen 12', postcode: '153 11', town: 'Södertälje', code: '311452' },
  { address: 'Hovsjövägen 14 A', postcode: '153 11', town: 'Södertälje', code: '311460' },
  { address: 'Hovsjövägen 14 B', postcode: '153 11', town: 'Södertälje', code: '311460' },
  { address: 'Hovsjövägen 16 A', postcode: '153 11', town: 'Södertälje', code: '311470' },
  { address: 'Hovsjövägen 16 B', postcode: '153 11', town: 'Södertälje', code: '311471' },
  { address: 'Köpmangatan 25 A', postcode: '151 12', town: 'Södertälje', code: '112476' },
  // Same street, same number, two postcodes (a long street across a postcode boundary).
  { address: 'Kungsgatan 4', postcode: '151 11', town: 'Södertälje', code: '111404' },
  { address: 'Kungsgatan 4', postcode: '151 12', town: 'Södertälje', code: '112404' },
  // Two key codes that share one level-3 area.
  { address: 'Nygatan 7', postcode: '151 11', town: 'Södertälje', code: '111701' },
  { address: 'Nygatan 7', postcode: '151 11', town: 'Södertälje', code: '111702' },
  { address: 'Brunnsängsvägen 1', postcode: '151 11', town: 'Södertälje', code: '111900' },
  { address: 'Stora torget', code: '111000' },
  { address: 'Hovsjö centrum', code: '311000' },
];

export interface Square {
  code: string;
  minE: number;
  minN: number;
  size: number;
}

/** `cols` × `rows` squares of `size` metres from (e0, n0), coded '1' + column + row ('100', '101', …). */
export function squareGrid(cols: number, rows: number, size = 2000, e0 = 640_000, n0 = 6_556_000): Square[] {
  const squares: Square[] = [];
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) squares.push({ code: `1${c}${r}`, minE: e0 + c * size, minN: n0 + r * size, size });
  }
  return squares;
}

export function squareRing(s: Square): number[][] {
  const { minE, minN, size } = s;
  return [
    [minE, minN],
    [minE + size, minN],
    [minE + size, minN + size],
    [minE, minN + size],
    [minE, minN],
  ];
}

/** GeoJSON in EPSG:3006 as QGIS writes it, with the legacy `crs` member; code in `NYKO3`. */
export function gridGeoJSON(squares: readonly Square[], project?: (p: number[]) => number[]): FeatureCollection {
  const collection: FeatureCollection & { crs?: unknown } = {
    type: 'FeatureCollection',
    features: squares.map((s) => ({
      type: 'Feature',
      properties: { NYKO3: s.code, NAMN: `Ruta ${s.code}` },
      geometry: { type: 'Polygon', coordinates: [project ? squareRing(s).map(project) : squareRing(s)] },
    })),
  };
  if (!project) collection.crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } };
  return collection;
}
