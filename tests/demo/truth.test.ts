/**
 * The truth the generator returns must equal what its own files encode, recomputed here from the files alone with the
 * documented rules (register lookup, polygons, corrections, de-duplication of fires). Also checks totals per source.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult, TruthRow } from '../../pipelines/demo/index.ts';
import { generateDemo } from '../../pipelines/demo/index.ts';
import type { RegisterIndex } from './helpers.ts';
import { coord, loadRegister, parseDelimited, readTextFile, tempDir } from './helpers.ts';

let dir = '';
let result: DemoResult;
let reg: RegisterIndex;
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  const t = await tempDir('truth');
  dir = t.dir;
  cleanup = t.cleanup;
  result = await generateDemo(dir, { seed: 3, year: 2025 });
  reg = await loadRegister(dir);
});
afterAll(() => cleanup());

const SWEREF = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

class Recount {
  readonly cells = new Map<string, TruthRow>();
  add(indicator: string, area: string, month: string, value = 1, numerator = 0, denominator = 0, count = 1): void {
    const key = `${indicator}|${area}|${month}`;
    const c = this.cells.get(key) ?? { indicator, area, month, count: 0, value: 0, numerator: 0, denominator: 0 };
    c.count += count;
    c.value += value;
    c.numerator += numerator;
    c.denominator += denominator;
    this.cells.set(key, c);
  }
  forPrefix(prefix: string): TruthRow[] {
    return [...this.cells.values()].filter((r) => r.indicator.startsWith(prefix)).sort(order);
  }
}

function order(a: TruthRow, b: TruthRow): number {
  return a.indicator.localeCompare(b.indicator) || a.area.localeCompare(b.area) || a.month.localeCompare(b.month);
}

function truthFor(prefix: string): TruthRow[] {
  return result.truth.filter((r) => r.indicator.startsWith(prefix)).sort(order);
}

function expectSame(re: Recount, prefix: string): void {
  const expected = truthFor(prefix);
  expect(expected.length, prefix).toBeGreaterThan(0);
  expect(re.forPrefix(prefix)).toEqual(expected);
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** Excel serial (local wall time) → [YYYY-MM, minutes since epoch of the wall time]. */
function fromSerial(serial: number): [string, number] {
  const ms = Math.round(serial * 86400) * 1000 + Date.UTC(1899, 11, 30);
  const d = new Date(ms);
  return [`${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}`, ms / 60000];
}

function fromText(s: string): [string, number] {
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{2})\.(\d{2})$/.exec(s);
  if (m) {
    const ms = Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4]), Number(m[5]));
    return [`${m[3]}-${p2(Number(m[2]))}`, ms / 60000];
  }
  m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(s);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
    return [`${m[1]}-${m[2]}`, ms / 60000];
  }
  m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s);
  if (m) return [`${m[3]}-${m[2]}`, Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])) / 60000];
  throw new Error(`unparsed date ${s}`);
}

async function sheet(path: string, name: string): Promise<XLSX.WorkSheet> {
  const wb = XLSX.read(await readFile(join(dir, path)), { cellDates: false });
  const ws = wb.Sheets[name];
  if (!ws) throw new Error(`${path}: no sheet ${name}`);
  return ws;
}

function rowsOf(ws: XLSX.WorkSheet): unknown[][] {
  return XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
}

async function textRows(path: string, enc: 'utf8' | 'utf8-bom' | 'cp1252', delimiter: string): Promise<string[][]> {
  return parseDelimited(await readTextFile(join(dir, path), enc), delimiter).slice(1);
}

const STORM_SPECIFIC: Record<string, string> = {
  Ordningsstörning: 'ordningsstorning',
  Bråk: 'vald',
  Misshandel: 'vald',
  Skadegörelse: 'skadegorelse',
  Brand: 'brand',
  Narkotika: 'narkotika',
  'Stöld/tillgrepp': 'stold',
  'Olaga hot': 'hot',
  Trafik: 'trafik',
};

interface StormRow {
  nr: string;
  month: string;
  minute: number;
  type: string;
  area: string;
  filed: string;
}

async function stormRows(): Promise<{ first: StormRow[]; second: StormRow[] }> {
  const ws = await sheet('inbox/polis/STORM_2025-01_2025-06.xlsx', 'Händelser');
  const first = rowsOf(ws)
    .slice(4)
    .map((r) => {
      const [month, minute] = fromSerial(Number(r[1]));
      return {
        nr: String(r[0]),
        month,
        minute,
        type: String(r[2]),
        area: reg.areaOf(String(r[3] ?? ''), coord(r[5]), coord(r[6])),
        filed: String(r[8]),
      };
    });
  const second = (await textRows('inbox/polis/STORM_2025-06_2025-12.csv', 'utf8-bom', ';')).map((r) => {
    const [month, minute] = fromText(r[1] ?? '');
    return { nr: r[0] ?? '', month, minute, type: r[2] ?? '', area: reg.areaOf(r[3] ?? '', coord(r[5]), coord(r[6])), filed: r[8] ?? '' };
  });
  return { first, second };
}

describe('demo truth', () => {
  it('is written to truth/counts.csv exactly as returned', async () => {
    const text = await readFile(join(dir, 'truth/counts.csv'), 'utf8');
    const rows = parseDelimited(text, ',');
    expect(rows[0]).toEqual(['indicator', 'nyko3', 'month', 'count', 'value', 'numerator', 'denominator']);
    const parsed = rows.slice(1).map(([indicator = '', area = '', month = '', count, value, numerator, denominator]) => ({
      indicator,
      area,
      month,
      count: Number(count),
      value: Number(value),
      numerator: Number(numerator),
      denominator: Number(denominator),
    }));
    expect(parsed).toEqual(result.truth);
    const summary = JSON.parse(await readFile(join(dir, 'truth/summary.json'), 'utf8')) as Record<string, number>;
    expect(summary).toEqual(result.summary);
  });

  it('uses only register NYKO3 codes or okand, and months of the year', () => {
    const codes = new Set(reg.polygons.keys());
    for (const r of result.truth) {
      expect(r.area === 'okand' || codes.has(r.area), r.area).toBe(true);
      expect(r.month).toMatch(/^2025-(0[1-9]|1[0-2])$/);
    }
    expect(result.truth.some((r) => r.area === 'okand')).toBe(true);
  });

  it('STORM: one count per distinct Händelsenummer, final type from the second delivery, June overlap', async () => {
    const { first, second } = await stormRows();
    const finalRows = new Map<string, StormRow>();
    for (const r of first) finalRows.set(r.nr, r);
    for (const r of second) finalRows.set(r.nr, r); // the later delivery is authoritative for June
    expect(finalRows.size).toBe(result.summary['storm']);
    expect(first.length).toBe(result.summary['storm_first_file_rows']);
    expect(second.length).toBe(result.summary['storm_second_file_rows']);

    const juneFirst = new Map(first.filter((r) => r.month === '2025-06').map((r) => [r.nr, r]));
    const juneSecond = second.filter((r) => r.month === '2025-06');
    expect(juneSecond.filter((r) => juneFirst.has(r.nr)).length).toBeGreaterThan(10);
    expect(juneSecond.filter((r) => !juneFirst.has(r.nr))).toHaveLength(1);
    expect(juneSecond.filter((r) => juneFirst.has(r.nr) && juneFirst.get(r.nr)?.type !== r.type)).toHaveLength(1);

    const re = new Recount();
    for (const r of finalRows.values()) {
      re.add('polis.storm.total', r.area, r.month);
      const specific = STORM_SPECIFIC[r.type];
      if (specific) re.add(`polis.storm.${specific}`, r.area, r.month);
      if (r.filed === 'Nej') re.add('polis.storm.utan_anmalan', r.area, r.month);
    }
    expectSame(re, 'polis.storm.');
    expect(re.forPrefix('polis.storm.total').some((r) => r.area === 'okand')).toBe(true);
  });

  it('reported crimes: strategic group by crime place, young suspects (15–20) by home', async () => {
    const rows = await textRows('inbox/polis/anmalda_brott_2025.csv', 'cp1252', ';');
    expect(rows.length).toBe(result.summary['brott']);
    const strategic = new Set(['Rån', 'Fordonstillgrepp', 'Våld mot tjänsteman', 'Hot mot tjänsteman', 'Övergrepp i rättssak']);
    const re = new Recount();
    let withSuspect = 0;
    for (const [, , crimeDate = '', , name = '', place = '', age = '', home = ''] of rows) {
      const [month] = fromText(crimeDate);
      if (strategic.has(name)) re.add('polis.brott.strategiska', reg.areaOf(place), month);
      if (age !== '') {
        withSuspect++;
        if (Number(age) >= 15 && Number(age) <= 20) re.add('polis.brott.unga_misstankta', reg.areaOf(home), month);
      }
    }
    expect(withSuspect / rows.length).toBeGreaterThan(0.45);
    expect(withSuspect / rows.length).toBeLessThan(0.75);
    expectSame(re, 'polis.brott.');
  });

  it('rescue service indicators and unique fires (police + rescue, same area within 60 min once)', async () => {
    const rows = await textRows('inbox/raddningstjansten/insatser_2025.csv', 'utf8-bom', ',');
    expect(rows.length).toBe(result.summary['rtj']);
    const toSweref = proj4('WGS84', SWEREF);
    const re = new Recount();
    const fires: { area: string; month: string; minute: number }[] = [];
    for (const [, larm = '', type = '', cause = '', object = '', address = '', inout = '', threat = '', lat = '', lon = ''] of rows) {
      const [month, minute] = fromText(larm);
      let area: string;
      if (lat !== '' && lon !== '') {
        const [e, n] = toSweref.forward([Number(lon.replace(',', '.')), Number(lat.replace(',', '.'))]);
        area = reg.areaOf(address, e, n);
      } else area = reg.areaOf(address);
      if (threat === 'Ja') re.add('rtj.hot_mot_personal', area, month);
      if (!type.startsWith('Brand')) continue;
      fires.push({ area, month, minute });
      re.add('rtj.brand.alla', area, month);
      if (cause === 'Anlagd med uppsåt') re.add('rtj.brand.anlagd', area, month);
      if (object === 'Skola') re.add('rtj.brand.skola', area, month);
      if (inout === 'Utomhus' && ['Container/soptunna', 'Park/grönområde', 'Skola', 'Förskola', 'Idrottsanläggning'].includes(object)) {
        re.add('rtj.brand.offentlig_miljo.ute', area, month);
      }
      if (inout === 'Inomhus' && ['Skola', 'Förskola', 'Idrottsanläggning', 'Butik'].includes(object)) {
        re.add('rtj.brand.offentlig_miljo.inne', area, month);
      }
    }
    expectSame(re, 'rtj.');

    const { first, second } = await stormRows();
    const finalRows = new Map<string, StormRow>();
    for (const r of [...first, ...second]) finalRows.set(r.nr, r);
    const police = [...finalRows.values()].filter((r) => r.type === 'Brand').map((r) => ({ ...r, used: false }));
    let pairs = 0;
    for (const f of fires) {
      const match =
        f.area === 'okand' ? undefined : police.find((p) => !p.used && p.area === f.area && Math.abs(p.minute - f.minute) <= 60);
      if (match) {
        match.used = true;
        pairs++;
      }
      re.add('brand.unika_handelser', f.area, f.month);
    }
    for (const p of police) if (!p.used) re.add('brand.unika_handelser', p.area, p.month);
    expect(pairs).toBe(result.summary['fires_reported_by_both_police_and_rtj']);
    expect(pairs).toBeGreaterThan(10);
    expectSame(re, 'brand.');

    // No two different fires in one area within three hours (pairs excluded).
    const known = [...fires.map((f) => ({ ...f, used: false })), ...police.filter((p) => !p.used)].filter((x) => x.area !== 'okand');
    for (let i = 0; i < known.length; i++) {
      for (let j = i + 1; j < known.length; j++) {
        const a = known[i];
        const b = known[j];
        if (a && b && a.area === b.area) expect(Math.abs(a.minute - b.minute)).toBeGreaterThanOrEqual(180);
      }
    }
  });

  it('vandalism from both property owners (count and repair cost), disturbance duty', async () => {
    const re = new Recount();
    let total = 0;
    for (let q = 1; q <= 4; q++) {
      const rows = rowsOf(await sheet(`inbox/bostadsbolaget/Skadegorelse_2025_Q${q}.xlsx`, 'Data'));
      const end = rows.findIndex((r) => r[0] === 'Summa');
      const data = rows.slice(3, end).filter((r) => r.some((c) => c !== null));
      let quarterSum = 0;
      for (const r of data) {
        const cost =
          typeof r[4] === 'number'
            ? r[4]
            : Number(
                String(r[4])
                  .replace(/[\s\u00A0]|kr/g, '')
                  .replace(',', '.'),
              );
        const [month] = typeof r[2] === 'number' ? fromSerial(r[2]) : fromText(String(r[2]));
        const area = reg.areaOf(String(r[1]));
        re.add('bostad.skadegorelse.antal', area, month);
        re.add('bostad.skadegorelse.kostnad', area, month, cost);
        quarterSum += cost;
        total++;
      }
      const summa = rows[end]?.[4];
      expect(
        typeof summa === 'number'
          ? summa
          : Number(
              String(summa)
                .replace(/[\s\u00A0]|kr/g, '')
                .replace(',', '.'),
            ),
      ).toBe(quarterSum);
    }
    expect(total).toBe(result.summary['skadegorelse_bostadsbolaget']);
    const school = await textRows('inbox/fastighetskontoret/skadegorelse_2025.csv', 'cp1252', ';');
    expect(school.length).toBe(result.summary['skadegorelse_fastighetskontoret']);
    for (const [, address = '', date = '', , cost = ''] of school) {
      const [month] = fromText(date);
      const area = reg.areaOf(address);
      re.add('bostad.skadegorelse.antal', area, month);
      re.add('bostad.skadegorelse.kostnad', area, month, Number(cost.replace(/\s/g, '')));
    }
    const calls = await textRows('inbox/bostadsbolaget/Storningsjour_2025.csv', 'utf8', ';');
    expect(calls.length).toBe(result.summary['storningsjour']);
    for (const [date = '', , address = ''] of calls) re.add('bostad.storningsjour', reg.areaOf(address), fromText(date)[0]);
    expectSame(re, 'bostad.');
  });

  it('reports of concern, grades (per pupil and per school), guards', async () => {
    const re = new Recount();
    const soc = await textRows('inbox/socialtjansten/orosanmalningar_2025.csv', 'cp1252', ';');
    expect(soc.length).toBe(result.summary['oros']);
    for (const [, inkom = '', , , , address = ''] of soc) re.add('soc.orosanmalningar', reg.areaOf(address), fromText(inkom)[0]);

    const pupils = rowsOf(await sheet('inbox/skolan/Betyg_ak9_VT2025.xlsx', 'Åk 9 VT 2025')).slice(1);
    expect(pupils.length).toBe(result.summary['pupils9']);
    for (const r of pupils) {
      const incomplete = Number(r[4]) < 16 ? 1 : 0;
      re.add('skola.ofullstandiga_betyg.andel', reg.areaOf(String(r[3])), '2025-06', 1, incomplete, 1);
    }
    const terms = await textRows('inbox/skolan/Betyg_ak9_HT2025_per_skola.csv', 'utf8', ';');
    for (const [school = '', , pupilsN = '', incomplete = ''] of terms) {
      const n = Number(pupilsN);
      re.add('skola.ofullstandiga_betyg.andel', reg.areaOf(school), '2025-12', n, Number(incomplete), n, n);
    }

    const guards = await textRows('inbox/securitas/rapporter_2025.txt', 'utf8', '\t');
    expect(guards.length).toBe(result.summary['securitas']);
    const code: Record<string, string> = {
      Ordningsstörning: 'ordningsstorning',
      Skadegörelse: 'skadegorelse',
      'Nästan-händelse': 'nastan_handelse',
      Hot: 'hot',
    };
    for (const [date = '', , object = '', category = ''] of guards)
      re.add(`securitas.${code[category]}`, reg.areaOf(object), fromText(date)[0]);

    expectSame(re, 'soc.');
    expectSame(re, 'skola.');
    expectSame(re, 'securitas.');
  });

  it('covers every indicator of the interface and nothing else', () => {
    const indicators = new Set(result.truth.map((r) => r.indicator));
    expect([...indicators].sort()).toEqual(
      [
        'polis.storm.total',
        'polis.storm.ordningsstorning',
        'polis.storm.vald',
        'polis.storm.skadegorelse',
        'polis.storm.brand',
        'polis.storm.narkotika',
        'polis.storm.stold',
        'polis.storm.hot',
        'polis.storm.trafik',
        'polis.storm.utan_anmalan',
        'polis.brott.strategiska',
        'polis.brott.unga_misstankta',
        'rtj.brand.alla',
        'rtj.brand.anlagd',
        'rtj.brand.skola',
        'rtj.brand.offentlig_miljo.ute',
        'rtj.brand.offentlig_miljo.inne',
        'rtj.hot_mot_personal',
        'bostad.skadegorelse.antal',
        'bostad.skadegorelse.kostnad',
        'bostad.storningsjour',
        'soc.orosanmalningar',
        'skola.ofullstandiga_betyg.andel',
        'securitas.ordningsstorning',
        'securitas.skadegorelse',
        'securitas.nastan_handelse',
        'securitas.hot',
        'brand.unika_handelser',
      ].sort(),
    );
  });
});
