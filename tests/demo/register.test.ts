/** The demo municipality's reference data: NYKO hierarchy, addresses inside their polygons, population. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../pipelines/demo/index.ts';
import type { RegisterIndex } from './helpers.ts';
import { inPolygon, loadRegister, parseDelimited, readTextFile, tempDir } from './helpers.ts';

let dir = '';
let reg: RegisterIndex;
let cleanup: () => Promise<void> = async () => {};
let nyko: string[][] = [];
let addresses: string[][] = [];

beforeAll(async () => {
  const t = await tempDir('register');
  dir = t.dir;
  cleanup = t.cleanup;
  await generateDemo(dir, { seed: 11, year: 2025, scale: 0.2 });
  reg = await loadRegister(dir);
  nyko = parseDelimited(await readTextFile(join(dir, 'register/nyko.csv'), 'utf8'), ';').slice(1);
  addresses = parseDelimited(await readTextFile(join(dir, 'register/adresser.csv'), 'utf8'), ';').slice(1);
});
afterAll(() => cleanup());

describe('demo register', () => {
  it('has a NYKO hierarchy of 3–5 / 6–8 / 20–30 areas, each code prefixed by its parent', () => {
    const byLevel = (l: string): string[][] => nyko.filter((r) => r[1] === l);
    expect(byLevel('1').length).toBeGreaterThanOrEqual(3);
    expect(byLevel('1').length).toBeLessThanOrEqual(5);
    expect(byLevel('2').length).toBeGreaterThanOrEqual(6);
    expect(byLevel('2').length).toBeLessThanOrEqual(8);
    expect(byLevel('3').length).toBeGreaterThanOrEqual(20);
    expect(byLevel('3').length).toBeLessThanOrEqual(30);
    const codes = new Set(nyko.map((r) => r[0]));
    for (const [code = '', level = '', name = '', from = ''] of nyko) {
      expect(code).toMatch(new RegExp(`^[1-9]{${level}}$`));
      if (level !== '1') expect(codes.has(code.slice(0, -1)), code).toBe(true);
      expect(name.length).toBeGreaterThan(1);
      expect(from).toBe('2020-01-01');
    }
    // Names are unique over all levels, so an area given by name alone is never ambiguous.
    expect(new Set(nyko.map((r) => r[2]?.toLowerCase())).size).toBe(nyko.length);
  });

  it('places every address inside its own area polygon and no other', () => {
    const withCoords = addresses.filter((r) => r[4] !== '');
    expect(withCoords.length).toBeGreaterThanOrEqual(300);
    expect(withCoords.length).toBeLessThanOrEqual(1500);
    for (const [text = '', postcode = '', town = '', key = '', e = '', n = ''] of withCoords) {
      expect(key, text).toMatch(/^[1-9]{6}$/);
      expect(postcode).toMatch(/^\d{3} \d{2}$/);
      expect(town.length).toBeGreaterThan(1);
      const area = key.slice(0, 3);
      const rings = reg.polygons.get(area);
      expect(rings, area).toBeDefined();
      expect(inPolygon(Number(e), Number(n), rings ?? []), `${text} in ${area}`).toBe(true);
      const others = [...reg.polygons].filter(([code, r]) => code !== area && inPolygon(Number(e), Number(n), r));
      expect(others, text).toEqual([]);
    }
    expect(withCoords.some((r) => / \d+ [A-Z]$/.test(r[0] ?? ''))).toBe(true); // house letters
  });

  it('lists named places last, without postcode or coordinates: torg, centrum, station, schools', () => {
    const firstPlace = addresses.findIndex((r) => r[1] === '');
    expect(firstPlace).toBeGreaterThan(0);
    const places = addresses.slice(firstPlace);
    expect(places.every((r) => r[1] === '' && r[2] === '' && r[4] === '' && r[5] === '')).toBe(true);
    const names = places.map((r) => r[0] ?? '');
    expect(names.some((n) => /torg/.test(n))).toBe(true);
    expect(names.some((n) => / centrum$/.test(n))).toBe(true);
    expect(names.some((n) => / station$/.test(n))).toBe(true);
    expect(names.filter((n) => /skolan$/.test(n)).length).toBeGreaterThanOrEqual(3);
  });

  it('has a street name in two towns with different postcodes (never guess without postcode)', () => {
    const streets = new Map<string, Set<string>>();
    for (const [text = '', postcode = '', town = ''] of addresses.filter((r) => r[1] !== '')) {
      const street = text.replace(/ \d+( [A-Z])?$/, '');
      const set = streets.get(street) ?? new Set<string>();
      set.add(`${postcode} ${town}`);
      streets.set(street, set);
    }
    const dup = [...streets].filter(([, s]) => new Set([...s].map((x) => x.split(' ').slice(2).join(' '))).size > 1);
    expect(dup.length).toBeGreaterThanOrEqual(1);
    const [street] = dup[0] ?? [''];
    const sample = addresses.find((r) => r[0]?.startsWith(`${street} `));
    expect(reg.areaOf(sample?.[0] ?? '')).toBe('okand');
    expect(reg.areaOf(`${sample?.[0]}, ${sample?.[1]} ${sample?.[2]}`)).toBe(sample?.[3]?.slice(0, 3));
  });

  it('tiles the areas without overlap, one with a hole', () => {
    const all = [...reg.polygons.values()];
    expect(all.some((rings) => rings.length > 1)).toBe(true);
    const xs = all.flatMap((rings) => rings[0]?.map((p) => p[0]) ?? []);
    const ys = all.flatMap((rings) => rings[0]?.map((p) => p[1]) ?? []);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    for (let x = minX + 37; x < maxX; x += 173) {
      for (let y = minY + 41; y < maxY; y += 181) {
        expect(all.filter((rings) => inPolygon(x, y, rings)).length).toBeLessThanOrEqual(1);
      }
    }
  });

  it('writes population per area and age band like an SCB export (Windows-1252)', async () => {
    const rows = parseDelimited(await readTextFile(join(dir, 'register/befolkning_2025.csv'), 'cp1252'), ';').slice(1);
    const areas = nyko.filter((r) => r[1] === '3');
    expect(rows.length).toBe(areas.length * 6);
    for (const [code = '', , name = ''] of areas) {
      const mine = rows.filter((r) => r[0] === `${code} ${name}`);
      expect(mine.map((r) => r[1])).toEqual(['0-14 år', '15-17 år', '18-20 år', '21-64 år', '65+ år', 'totalt']);
      const values = mine.map((r) => Number(r[2]));
      expect(values.every((v) => Number.isInteger(v) && v > 0)).toBe(true);
      expect(values.slice(0, 5).reduce((a, b) => a + b, 0)).toBe(values[5]);
    }
  });
});
