/** Every file the demo writes parses as what it claims to be: encoding, delimiter, line ending, header, sheets. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult } from '../../pipelines/demo/index.ts';
import { generateDemo } from '../../pipelines/demo/index.ts';
import type { Enc } from './helpers.ts';
import { parseDelimited, readTextFile, tempDir } from './helpers.ts';

let dir = '';
let result: DemoResult;
let cleanup: () => Promise<void> = async () => {};

beforeAll(async () => {
  const t = await tempDir('files');
  dir = t.dir;
  cleanup = t.cleanup;
  result = await generateDemo(dir, { seed: 7, year: 2025 });
});
afterAll(() => cleanup());

interface TextSpec {
  path: string;
  enc: Enc;
  delimiter: string;
  crlf: boolean;
  header: string[];
}

const TEXT_FILES: TextSpec[] = [
  { path: 'register/nyko.csv', enc: 'utf8', delimiter: ';', crlf: true, header: ['Nyckelkod', 'Nivå', 'Namn', 'Giltig från'] },
  {
    path: 'register/adresser.csv',
    enc: 'utf8',
    delimiter: ';',
    crlf: true,
    header: ['Gatuadress', 'Postnummer', 'Postort', 'Nyckelkod', 'E_SWEREF99TM', 'N_SWEREF99TM'],
  },
  { path: 'register/befolkning_2025.csv', enc: 'cp1252', delimiter: ';', crlf: true, header: ['Region', 'ålder', '2025'] },
  {
    path: 'inbox/polis/STORM_2025-06_2025-12.csv',
    enc: 'utf8-bom',
    delimiter: ';',
    crlf: true,
    header: [
      'Händelsenummer',
      'Registrerad',
      'Händelsetyp',
      'Händelseplats/Adress',
      'Kommun',
      'X-koordinat',
      'Y-koordinat',
      'Prioritet',
      'Anmälan upprättad',
      'Sammanfattning',
    ],
  },
  {
    path: 'inbox/polis/anmalda_brott_2025.csv',
    enc: 'cp1252',
    delimiter: ';',
    crlf: true,
    header: [
      'Diarienummer',
      'Anmäld',
      'Brottsdatum',
      'Brottskod',
      'Brottsbenämning',
      'Brottsplats',
      'Misstänkts ålder',
      'Misstänkts folkbokföringsadress',
    ],
  },
  {
    path: 'inbox/raddningstjansten/insatser_2025.csv',
    enc: 'utf8-bom',
    delimiter: ',',
    crlf: true,
    header: [
      'Ärendenummer',
      'Larmtid',
      'Händelsetyp',
      'Trolig orsak',
      'Objekttyp',
      'Adress',
      'Inomhus/Utomhus',
      'Hot eller våld mot personal',
      'Lat (WGS84)',
      'Long (WGS84)',
    ],
  },
  {
    path: 'inbox/bostadsbolaget/Storningsjour_2025.csv',
    enc: 'utf8',
    delimiter: ';',
    crlf: false,
    header: ['Datum', 'Tid', 'Adress', 'Lgh nr', 'Störningstyp', 'Åtgärd'],
  },
  {
    path: 'inbox/fastighetskontoret/skadegorelse_2025.csv',
    enc: 'cp1252',
    delimiter: ';',
    crlf: true,
    header: ['Fastighet', 'Adress', 'Datum', 'Skadetyp', 'Kostnad (kr)', 'Polisanmäld'],
  },
  {
    path: 'inbox/socialtjansten/orosanmalningar_2025.csv',
    enc: 'cp1252',
    delimiter: ';',
    crlf: true,
    header: ['Personnummer', 'Inkom', 'Anmälare', 'Anledning', 'Ålder', 'Folkbokföringsadress'],
  },
  {
    path: 'inbox/skolan/Betyg_ak9_HT2025_per_skola.csv',
    enc: 'utf8',
    delimiter: ';',
    crlf: true,
    header: ['Skola', 'Termin', 'Antal elever', 'Antal med ofullständiga betyg'],
  },
  {
    path: 'inbox/securitas/rapporter_2025.txt',
    enc: 'utf8',
    delimiter: '\t',
    crlf: true,
    header: ['Datum', 'Tid', 'Område/Objekt', 'Händelsekategori', 'Beskrivning'],
  },
  {
    path: 'inbox/trygghetsmatning/trygghet_2025.csv',
    enc: 'utf8',
    delimiter: ';',
    crlf: true,
    header: ['Område', 'År', 'Fråga', 'Andel (%)', 'Antal svarande'],
  },
];

function sheetRows(ws: XLSX.WorkSheet | undefined): unknown[][] {
  if (!ws) throw new Error('sheet missing');
  return XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
}

async function workbook(path: string): Promise<XLSX.WorkBook> {
  return XLSX.read(await readFile(join(dir, path)), { cellStyles: true });
}

const SERIAL_2025 = 45658; // 2025-01-01
const SERIAL_2026 = 46023; // 2026-01-01

describe('demo text files', () => {
  it('lists every file it wrote', () => {
    const expected = [...TEXT_FILES.map((f) => f.path), 'register/omraden.geojson', 'truth/counts.csv', 'truth/summary.json'];
    for (const f of expected) expect(result.files).toContain(f);
    expect(result.files).toContain('inbox/securitas/rapporter_2025 (kopia).txt');
    expect(result.files.filter((f) => f.endsWith('.xlsx'))).toHaveLength(6);
  });

  for (const spec of TEXT_FILES) {
    it(`${spec.path}: ${spec.enc}, '${spec.delimiter === '\t' ? 'TAB' : spec.delimiter}', ${spec.crlf ? 'CRLF' : 'LF'}, exact header`, async () => {
      // readTextFile has checked and removed the BOM.
      const body = await readTextFile(join(dir, spec.path), spec.enc);
      expect(body.includes('Ã')).toBe(false); // a decoding mistake, never data
      const lines = body.split('\n');
      expect(lines.slice(0, -1).every((l) => l.endsWith('\r'))).toBe(spec.crlf);
      const rows = parseDelimited(body, spec.delimiter);
      expect(rows[0]).toEqual(spec.header);
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) expect(row.length).toBe(spec.header.length);
      if (spec.enc === 'cp1252') {
        // Really Windows-1252: the Swedish letters are single bytes, so the file is not valid UTF-8.
        const bytes = await readFile(join(dir, spec.path));
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      }
    });
  }

  it('quotes the decimal-comma WGS84 coordinates of the rescue service', async () => {
    const text = await readTextFile(join(dir, 'inbox/raddningstjansten/insatser_2025.csv'), 'utf8-bom');
    expect(text).toMatch(/,"59,\d{6}","1[67],\d{6}"\r\n/);
  });

  it('writes the byte-identical copy of the guards file', async () => {
    const [a, b] = await Promise.all([
      readFile(join(dir, 'inbox/securitas/rapporter_2025.txt')),
      readFile(join(dir, 'inbox/securitas/rapporter_2025 (kopia).txt')),
    ]);
    expect(a.equals(b)).toBe(true);
  });

  it('writes GeoJSON in EPSG:3006 with NYKO3 and NAMN', async () => {
    const g = JSON.parse(await readFile(join(dir, 'register/omraden.geojson'), 'utf8')) as {
      type: string;
      crs: { properties: { name: string } };
      features: { properties: { NYKO3: string; NAMN: string }; geometry: { type: string; coordinates: number[][][] } }[];
    };
    expect(g.type).toBe('FeatureCollection');
    expect(g.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::3006');
    expect(g.features.length).toBeGreaterThanOrEqual(20);
    expect(g.features.length).toBeLessThanOrEqual(30);
    for (const f of g.features) {
      expect(f.properties.NYKO3).toMatch(/^\d{3}$/);
      expect(f.geometry.type).toBe('Polygon');
    }
    expect(g.features.some((f) => f.geometry.coordinates.length > 1)).toBe(true); // one area has a hole
  });
});

describe('demo workbooks', () => {
  it('STORM xlsx: title (merged), Uttag row, blank row, header, real date cells within the year', async () => {
    const wb = await workbook('inbox/polis/STORM_2025-01_2025-06.xlsx');
    expect(wb.SheetNames).toEqual(['Händelser']);
    const ws = wb.Sheets['Händelser'];
    const rows = sheetRows(ws);
    expect(String(rows[0]?.[0])).toMatch(/^Händelserapporter STORM/);
    expect(rows[1]?.[0]).toBe('Uttag 2025-07-01');
    expect(rows[2]?.every((c) => c === null)).toBe(true);
    expect(rows[3]).toEqual([
      'Händelsenummer',
      'Registrerad',
      'Händelsetyp',
      'Händelseplats',
      'Kommun',
      'X-koordinat',
      'Y-koordinat',
      'Prioritet',
      'Anmälan upprättad',
      'Sammanfattning',
    ]);
    expect(ws?.['!merges']?.some((m) => m.s.r === 0 && m.s.c === 0 && m.e.c > 0)).toBe(true);
    const b5 = ws?.['B5'];
    expect(b5?.t).toBe('n');
    expect(String(b5?.z)).toMatch(/yy/);
    for (let r = 4; r < rows.length; r++) {
      const cell = ws?.[XLSX.utils.encode_cell({ r, c: 1 })];
      expect(cell?.t).toBe('n');
      const serial = Number(cell?.v);
      expect(serial).toBeGreaterThanOrEqual(SERIAL_2025);
      expect(serial).toBeLessThan(SERIAL_2025 + 181); // January–June
      expect(typeof rows[r]?.[0]).toBe('string');
    }
  });

  it('housing workbooks: Info sheet first, title + blank row, Summa row, cost styles drift between quarters', async () => {
    const costKinds: string[] = [];
    for (let q = 1; q <= 4; q++) {
      const wb = await workbook(`inbox/bostadsbolaget/Skadegorelse_2025_Q${q}.xlsx`);
      expect(wb.SheetNames).toEqual(['Info', 'Data']);
      const info = sheetRows(wb.Sheets['Info']);
      expect(String(info[1]?.[0])).toMatch(/^Period: 2025-/);
      const data = sheetRows(wb.Sheets['Data']);
      expect(String(data[0]?.[0])).toMatch(/^Skadegörelse /);
      expect(data[1]?.every((c) => c === null)).toBe(true);
      expect(data[2]?.slice(0, 4)).toEqual(['Fastighet', 'Adress', 'Datum', 'Skadetyp']);
      expect(String(data[2]?.[4])).toMatch(/^Kostnad/);
      const summa = data.findIndex((r) => r[0] === 'Summa');
      expect(summa).toBeGreaterThan(3);
      expect(data[summa - 1]?.every((c) => c === null)).toBe(true);
      const cost = data[3]?.[4];
      costKinds.push(typeof cost === 'number' ? 'number' : String(cost).includes('\u00A0') ? 'nbsp' : 'space');
    }
    expect(new Set(costKinds)).toEqual(new Set(['number', 'nbsp', 'space']));
  });

  it('pupil workbook: one sheet, header in row 1, identity numbers as text', async () => {
    const wb = await workbook('inbox/skolan/Betyg_ak9_VT2025.xlsx');
    expect(wb.SheetNames).toEqual(['Åk 9 VT 2025']);
    const rows = sheetRows(wb.Sheets['Åk 9 VT 2025']);
    expect(rows[0]).toEqual([
      'Personnummer',
      'Skola',
      'Klass',
      'Folkbokföringsadress',
      'Antal ämnen godkända',
      'Behörig gymnasiet',
      'Meritvärde',
    ]);
    expect(rows.length - 1).toBe(result.summary['pupils9']);
    for (const r of rows.slice(1)) {
      expect(typeof r[0]).toBe('string');
      expect(Number(r[4])).toBeGreaterThanOrEqual(0);
      expect(Number(r[4])).toBeLessThanOrEqual(17);
    }
  });

  it('pins the workbook creation date to the demo year', async () => {
    const wb = await workbook('inbox/skolan/Betyg_ak9_VT2025.xlsx');
    expect(wb.Props?.CreatedDate?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('keeps every STORM date of the CSV delivery within June–December', async () => {
    const text = await readTextFile(join(dir, 'inbox/polis/STORM_2025-06_2025-12.csv'), 'utf8-bom');
    const rows = parseDelimited(text, ';').slice(1);
    for (const r of rows) {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{2})\.(\d{2})$/.exec(r[1] ?? '');
      expect(m, r[1]).not.toBeNull();
      expect(m?.[3]).toBe('2025');
      expect(Number(m?.[2])).toBeGreaterThanOrEqual(6);
    }
    expect(SERIAL_2026 - SERIAL_2025).toBe(365);
  });

  it('STORM places, coordinates and types carry the documented quirks', async () => {
    const wb = await workbook('inbox/polis/STORM_2025-01_2025-06.xlsx');
    const xlsxRows = sheetRows(wb.Sheets['Händelser']).slice(4);
    const csvRows = parseDelimited(await readTextFile(join(dir, 'inbox/polis/STORM_2025-06_2025-12.csv'), 'utf8-bom'), ';').slice(1);
    const places = [...xlsxRows.map((r) => String(r[3] ?? '')), ...csvRows.map((r) => r[3] ?? '')];
    const quirks: Record<string, RegExp> = {
      apartment: / lgh \d{4}$/,
      postcodeSuffix: /, \d{3} \d{2} [A-ZÅÄÖ]/,
      abbreviation: /v\. \d/,
      letterNoSpace: / \d+[A-Z]$/,
      letterWithSpace: / \d+ [A-Z]$/,
      upperCase: /^[A-ZÅÄÖ]{4,}[A-ZÅÄÖ ]* \d/,
      crossing: /^[^/\d]+\/[^/\d]+$/,
      namedPlace: / (centrum|station)$|torg(et)?$|skolan$/i,
    };
    for (const [name, re] of Object.entries(quirks))
      expect(
        places.some((p) => re.test(p)),
        name,
      ).toBe(true);
    expect(places.some((p) => p === '')).toBe(true);
    const xs = [...xlsxRows.map((r) => r[5]), ...csvRows.map((r) => r[5])];
    expect(xs.some((x) => x === null || x === '')).toBe(true); // blank coordinates
    expect(xs.some((x) => Number(String(x).replace(',', '.')) > 1_000_000)).toBe(true); // X/Y swapped
    expect(csvRows.some((r) => /^\d{6},\d$/.test(r[5] ?? ''))).toBe(true); // decimal comma
    const types = new Set([...xlsxRows.map((r) => String(r[2])), ...csvRows.map((r) => r[2] ?? '')]);
    for (const t of [
      'Ordningsstörning',
      'Bråk',
      'Skadegörelse',
      'Brand',
      'Misshandel',
      'Narkotika',
      'Rån',
      'Olaga hot',
      'Stöld/tillgrepp',
      'Trafik',
    ]) {
      expect(types.has(t), t).toBe(true);
    }
    expect([...types].some((t) => ['Övrigt', 'Djur', 'Hittegods'].includes(t))).toBe(true);
  });
});
