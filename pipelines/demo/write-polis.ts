/**
 * Police deliveries: STORM event reports in two overlapping deliveries (an Excel export Jan–Jun, a CSV Jun–Dec that is
 * authoritative for June), and reported crimes as a Windows-1252 CSV.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFormat } from './csv.ts';
import { CsvStream, writeCsv } from './csv.ts';
import type { CrimeReport, StormEvent } from './events.ts';
import { KOMMUN } from './gazetteer.ts';
import type { Rng } from './random.ts';
import { dmySlashTime, isoDate } from './time.ts';
import type { Cell } from './xlsx.ts';
import { writeWorkbook } from './xlsx.ts';

export const STORM_FIRST_FILE = (year: number): string => `STORM_${year}-01_${year}-06.xlsx`;
export const STORM_SECOND_FILE = (year: number): string => `STORM_${year}-06_${year}-12.csv`;
export const CRIMES_FILE = (year: number): string => `anmalda_brott_${year}.csv`;

export const STORM_HEADER_XLSX = [
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
];
// The later system version exports the place column under another name.
export const STORM_HEADER_CSV = [
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
];
const STORM_CSV: CsvFormat = { delimiter: ';', newline: '\r\n', encoding: 'utf8-bom' };
const CRIMES_CSV: CsvFormat = { delimiter: ';', newline: '\r\n', encoding: 'cp1252' };

/** X is the easting column, except on swapped rows (northing — the 7-digit one — in X). */
function xy(e: StormEvent): [number | null, number | null] {
  if (e.e === null || e.n === null) return [null, null];
  return e.swapped ? [e.n, e.e] : [e.e, e.n];
}

export class StormWriter {
  private readonly dir: string;
  private readonly year: number;
  private readonly rng: Rng;
  private readonly firstRows: Cell[][] = [];
  private csv: CsvStream | undefined;
  firstCount = 0;
  secondCount = 0;

  constructor(root: string, year: number, rng: Rng) {
    this.dir = join(root, 'inbox', 'polis');
    this.year = year;
    this.rng = rng;
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.csv = new CsvStream(join(this.dir, STORM_SECOND_FILE(this.year)), STORM_CSV);
    await this.csv.row(STORM_HEADER_CSV);
  }

  async event(e: StormEvent): Promise<void> {
    const [x, y] = xy(e);
    const filed = e.reportFiled ? 'Ja' : 'Nej';
    if (e.inFirst) {
      this.firstCount++;
      this.firstRows.push([
        e.nr,
        { date: e.time, format: 'yyyy-mm-dd hh:mm' },
        e.firstFileType ?? e.type,
        e.place,
        KOMMUN,
        x,
        y,
        e.prio,
        filed,
        e.summary,
      ]);
    }
    if (e.inSecond) {
      if (!this.csv) throw new Error('StormWriter.open() not called');
      this.secondCount++;
      // A few coordinates come with decimals (decimal comma), the rest as whole metres.
      const fmt = (v: number | null): string => (v === null ? '' : this.rng.chance(0.08) ? `${v},${this.rng.int(0, 9)}` : String(v));
      await this.csv.row([e.nr, dmySlashTime(e.time), e.type, e.place, KOMMUN, fmt(x), fmt(y), String(e.prio), filed, e.summary]);
    }
  }

  async close(): Promise<string[]> {
    await this.csv?.close();
    const title = `Händelserapporter STORM – Lokalpolisområde ${KOMMUN}`;
    await writeWorkbook(
      join(this.dir, STORM_FIRST_FILE(this.year)),
      [
        {
          name: 'Händelser',
          rows: [[title], [`Uttag ${this.year}-07-01`], [], STORM_HEADER_XLSX, ...this.firstRows],
          merges: ['A1:F1'],
          cols: [
            { wch: 14 },
            { wch: 17 },
            { wch: 18 },
            { wch: 34 },
            { wch: 10 },
            { wch: 11 },
            { wch: 11 },
            { wch: 9 },
            { wch: 9 },
            { wch: 60 },
          ],
        },
      ],
      this.year,
    );
    return [`inbox/polis/${STORM_FIRST_FILE(this.year)}`, `inbox/polis/${STORM_SECOND_FILE(this.year)}`];
  }
}

export async function writeCrimes(root: string, year: number, crimes: readonly CrimeReport[]): Promise<string[]> {
  const dir = join(root, 'inbox', 'polis');
  await mkdir(dir, { recursive: true });
  const rows: string[][] = [
    [
      'Diarienummer',
      'Anmäld',
      'Brottsdatum',
      'Brottskod',
      'Brottsbenämning',
      'Brottsplats',
      'Misstänkts ålder',
      'Misstänkts folkbokföringsadress',
    ],
  ];
  for (const c of crimes) {
    rows.push([
      c.nr,
      isoDate(c.reported),
      isoDate(c.crimeDate),
      c.crime.code,
      c.crime.name,
      c.place,
      c.suspect ? String(c.suspect.age) : '',
      c.suspect?.home ?? '',
    ]);
  }
  await writeCsv(join(dir, CRIMES_FILE(year)), rows, CRIMES_CSV);
  return [`inbox/polis/${CRIMES_FILE(year)}`];
}
