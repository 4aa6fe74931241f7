/**
 * Several years of deliveries (`years`): each year its own files and its own draws, one register, population per
 * year, and the planted escalations of the final autumn recorded in truth/escalations.json and counted in the truth.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodFromName } from '../../connectors/period.ts';
import type { DemoResult, TruthRow } from '../../pipelines/demo/index.ts';
import { generateDemo } from '../../pipelines/demo/index.ts';
import { parseDelimited, readTextFile, tempDir } from './helpers.ts';

const SEED = 21;
const SCALE = 0.5;
let two = { dir: '', result: undefined as unknown as DemoResult };
let one = { dir: '', result: undefined as unknown as DemoResult };
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const [a, b] = await Promise.all([tempDir('years-2'), tempDir('years-1')]);
  cleanups.push(a.cleanup, b.cleanup);
  two = { dir: a.dir, result: await generateDemo(a.dir, { seed: SEED, year: 2025, years: 2, scale: SCALE }) };
  one = { dir: b.dir, result: await generateDemo(b.dir, { seed: SEED, year: 2025, scale: SCALE }) };
});
afterAll(async () => {
  for (const c of cleanups) await c();
});

const inbox = (files: string[]): string[] => files.filter((f) => f.startsWith('inbox/'));
const key = (r: TruthRow): string => `${r.indicator}|${r.area}|${r.month.slice(5)}`;

describe('demo over several years', () => {
  it('delivers every year the same set of files, each named with a period inside its own year', () => {
    const files = inbox(two.result.files);
    const y2024 = files.filter((f) => f.includes('2024'));
    const y2025 = files.filter((f) => f.includes('2025'));
    expect(y2024.length + y2025.length).toBe(files.length);
    expect(y2024.map((f) => f.replaceAll('2024', 'YYYY')).sort()).toEqual(y2025.map((f) => f.replaceAll('2025', 'YYYY')).sort());
    for (const f of files) {
      const name = (f.split('/').pop() ?? '').toLowerCase().replace(/\.[a-z0-9]+$/, '');
      const period = periodFromName(name);
      expect(period, f).not.toBeNull();
      const year = f.includes('2024') ? '2024' : '2025';
      expect(period?.start.slice(0, 4), f).toBe(year);
      expect(period?.end.slice(0, 4), f).toBe(year);
    }
  });

  it('draws each year afresh: the years differ, and the final year is the one-year demo byte for byte', async () => {
    const earlier = new Map(two.result.truth.filter((r) => r.month.startsWith('2024')).map((r) => [key(r), r.count]));
    const later = two.result.truth.filter((r) => r.month.startsWith('2025'));
    const same = later.filter((r) => earlier.get(key(r)) === r.count).length;
    expect(same / later.length).toBeLessThan(0.6);
    // A year's deliveries depend only on the seed and the year: the two-year demo ends with the one-year demo.
    expect(inbox(two.result.files).filter((f) => f.includes('2025'))).toEqual(inbox(one.result.files));
    for (const f of inbox(one.result.files)) {
      const [x, y] = await Promise.all([readFile(join(two.dir, f)), readFile(join(one.dir, f))]);
      expect(x.equals(y), f).toBe(true);
    }
    expect(two.result.truth.filter((r) => r.month.startsWith('2025'))).toEqual(one.result.truth);
    expect(two.result.summary['storm']).toBeGreaterThan((one.result.summary['storm'] ?? 0) * 1.8);
    expect(two.result.summary['first_year']).toBe(2024);
  });

  it('keeps one register, with population per year in one file (one column per year)', async () => {
    expect(two.result.files.filter((f) => f.startsWith('register/'))).toEqual([
      'register/adresser.csv',
      'register/befolkning_2024-2025.csv',
      'register/nyko.csv',
      'register/omraden.geojson',
    ]);
    for (const f of ['register/adresser.csv', 'register/nyko.csv', 'register/omraden.geojson']) {
      const [x, y] = await Promise.all([readFile(join(two.dir, f)), readFile(join(one.dir, f))]);
      expect(x.equals(y), f).toBe(true);
    }
    const [header, ...rows] = parseDelimited(await readTextFile(join(two.dir, 'register/befolkning_2024-2025.csv'), 'cp1252'), ';');
    expect(header).toEqual(['Region', 'ålder', '2024', '2025']);
    const single = parseDelimited(await readTextFile(join(one.dir, 'register/befolkning_2025.csv'), 'cp1252'), ';').slice(1);
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual(single.map((r) => [r[0], r[1], r[2]]));
    for (const [, , a = '', b = ''] of rows) {
      // Areas grow or shrink a little from one year to the next, never jump.
      expect(Number(a)).toBeGreaterThan(0);
      expect(Math.abs(Number(b) - Number(a))).toBeLessThanOrEqual(Math.max(2, Number(b) * 0.04));
    }
  });

  it('records the planted escalations, which the truth counts on top of the ordinary level', async () => {
    const written = JSON.parse(await readFile(join(two.dir, 'truth/escalations.json'), 'utf8')) as unknown;
    expect(written).toEqual(two.result.escalations);
    const patterns = two.result.escalations.map((e) => e.pattern).sort();
    expect(patterns).toEqual(['enskild', 'korsvis']);
    for (const e of two.result.escalations) {
      expect(e.fromMonth >= '2025-09' && e.fromMonth <= '2025-10', e.id).toBe(true);
      expect(e.factor).toBeGreaterThanOrEqual(2);
      expect(e.factor).toBeLessThanOrEqual(4);
      const boosted = Object.keys(e.factors);
      let during = 0;
      let before = 0;
      for (const indicator of e.indicators) {
        const planted = e.planted[indicator] ?? 0;
        expect(planted, `${e.id} ${indicator}`).toBeGreaterThan(0);
        const cells = two.result.truth.filter((r) => r.indicator === indicator && r.area === e.area);
        const inBoost = cells.filter((r) => boosted.includes(r.month)).reduce((a, r) => a + r.count, 0);
        // The extra records are in the truth, on top of the ordinary ones.
        expect(inBoost, `${e.id} ${indicator}`).toBeGreaterThanOrEqual(planted);
        during += inBoost;
        before += cells
          .filter((r) => boosted.includes(r.month.replace('2024', '2025')) && r.month < '2025')
          .reduce((a, r) => a + r.count, 0);
      }
      // Together the boosted months stand well above the same months a year before (single series are noisy).
      expect(during, e.id).toBeGreaterThan(before * 1.5);
    }
    const korsvis = two.result.escalations.find((e) => e.pattern === 'korsvis');
    // The study's pattern: vandalism, fires and disturbances, from more than one actor.
    expect(korsvis?.indicators).toEqual(
      expect.arrayContaining(['bostad.skadegorelse.antal', 'rtj.brand.alla', 'bostad.storningsjour', 'polis.storm.ordningsstorning']),
    );
    expect(two.result.escalations.find((e) => e.pattern === 'enskild')?.indicators).toHaveLength(1);
  });

  it('rejects an invalid number of years', async () => {
    await expect(generateDemo('/nonexistent', { seed: 1, years: 0 })).rejects.toThrow(/years/);
    await expect(generateDemo('/nonexistent', { seed: 1, years: 1.5 })).rejects.toThrow(/years/);
    await expect(generateDemo('/nonexistent', { seed: 1, years: 11 })).rejects.toThrow(/years/);
  });
});
