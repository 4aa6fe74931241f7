/** Test helpers: an independent minimal reader for the demo's text files (does not reuse the generator's code). */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';

export async function tempDir(label: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `lagesbild-demo-${label}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export type Enc = 'utf8' | 'utf8-bom' | 'cp1252';

/** Decode strictly: UTF-8 must be valid, a BOM must be present exactly when expected. */
export async function readTextFile(path: string, enc: Enc): Promise<string> {
  const bytes = await readFile(path);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (enc === 'cp1252') {
    if (hasBom) throw new Error(`${path}: unexpected BOM`);
    return iconv.decode(bytes, 'win1252');
  }
  if (hasBom !== (enc === 'utf8-bom')) throw new Error(`${path}: BOM ${hasBom ? 'present' : 'missing'}`);
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
}

/** Records of a delimited text with RFC 4180 quoting. */
export function parseDelimited(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Independent Luhn check of a Swedish identity number in any written form (10 or 12 digits, optional - or +). */
export function luhnValid(pnr: string): boolean {
  const digits = pnr.replace(/[-+]/g, '');
  const ten = digits.length === 12 ? digits.slice(2) : digits;
  if (!/^\d{10}$/.test(ten)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Identity-number-looking tokens in free text. */
export function findPnrs(text: string): string[] {
  return [...text.matchAll(/(?<!\d)(?:\d{8}|\d{6})[-+]?\d{4}(?!\d)/g)].map((m) => m[0]);
}

type Ring = readonly (readonly [number, number])[];

function inRing(e: number, n: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] ?? [0, 0];
    const [xj, yj] = ring[j] ?? [0, 0];
    if (yi > n !== yj > n && e < ((xj - xi) * (n - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function inPolygon(e: number, n: number, rings: readonly Ring[]): boolean {
  const [outer, ...holes] = rings;
  return !!outer && inRing(e, n, outer) && !holes.some((h) => inRing(e, n, h));
}

export { readFile };

export interface RegisterIndex {
  areaOf(place: string, e?: number | null, n?: number | null): string;
  polygons: Map<string, readonly Ring[]>;
}

/**
 * The documented location rule, re-implemented from the register files only: coordinates → polygon; else a register
 * address in any usual spelling (unique, or made unique by its postcode); else a named place; else 'okand'.
 */
export async function loadRegister(dir: string): Promise<RegisterIndex> {
  const text = await readTextFile(join(dir, 'register/adresser.csv'), 'utf8');
  const rows = parseDelimited(text, ';').slice(1);
  const byKey = new Map<string, { area: string; postcode: string }[]>();
  const places = new Map<string, string>();
  for (const [address = '', postcode = '', , key = ''] of rows) {
    const area = key.slice(0, 3);
    if (postcode === '') {
      places.set(address.toLowerCase(), area);
      continue;
    }
    const list = byKey.get(address.toLowerCase()) ?? [];
    list.push({ area, postcode });
    byKey.set(address.toLowerCase(), list);
  }
  const geo = JSON.parse(await readFile(join(dir, 'register/omraden.geojson'), 'utf8')) as {
    features: { properties: { NYKO3: string }; geometry: { coordinates: [number, number][][] } }[];
  };
  const polygons = new Map<string, readonly Ring[]>(geo.features.map((f) => [f.properties.NYKO3, f.geometry.coordinates]));

  function byCoords(e: number, n: number): string {
    const [x, y] = e > 1_000_000 ? [n, e] : [e, n]; // swapped columns: the northing is the 7-digit one
    const hits = [...polygons].filter(([, rings]) => inPolygon(x, y, rings)).map(([code]) => code);
    return hits.length === 1 ? (hits[0] ?? 'okand') : 'okand';
  }

  function byText(raw: string): string {
    let s = raw.trim().replace(/\s+lgh\s+\d+$/i, '');
    if (s === '' || s.includes('/')) return 'okand';
    const place = places.get(s.toLowerCase());
    if (place) return place;
    let postcode: string | undefined;
    const suffix = /^(.*?),\s*(\d{3} \d{2})\s+\S.*$/.exec(s);
    if (suffix) {
      s = suffix[1] ?? '';
      postcode = suffix[2];
    }
    const m = /^(.*?)\s*(\d+)\s*([a-zA-Z])?$/.exec(s);
    if (!m) return 'okand';
    let street = (m[1] ?? '').trim().toLowerCase();
    if (street.endsWith('v.')) street = `${street.slice(0, -2)}vägen`;
    const key = `${street} ${m[2]}${m[3] ? ` ${m[3].toLowerCase()}` : ''}`;
    let hits = byKey.get(key) ?? [];
    if (postcode !== undefined) hits = hits.filter((h) => h.postcode === postcode);
    const areas = new Set(hits.map((h) => h.area));
    return areas.size === 1 ? ([...areas][0] ?? 'okand') : 'okand';
  }

  return {
    polygons,
    areaOf(place, e, n) {
      if (e !== undefined && e !== null && n !== undefined && n !== null && Number.isFinite(e) && Number.isFinite(n)) return byCoords(e, n);
      return byText(place);
    },
  };
}

/** '646091', '646091,4' or '' → number | null */
export function coord(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return v;
  const n = Number(String(v).replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}
