/** The municipal property company (schools, preschools, sports halls): vandalism as one Windows-1252 CSV. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFormat } from './csv.ts';
import { writeCsv } from './csv.ts';
import type { Vandalism } from './events.ts';
import { isoDate } from './time.ts';

export const SCHOOL_VANDALISM_FILE = (year: number): string => `skadegorelse_${year}.csv`;
const FORMAT: CsvFormat = { delimiter: ';', newline: '\r\n', encoding: 'cp1252' };

/** Whole kronor with a space as thousands separator ('12 500'), as typed in Excel. */
const amount = (v: number): string => String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

export async function writeFastighetskontoret(root: string, year: number, rows: readonly Vandalism[]): Promise<string[]> {
  const dir = join(root, 'inbox', 'fastighetskontoret');
  await mkdir(dir, { recursive: true });
  const out: string[][] = [['Fastighet', 'Adress', 'Datum', 'Skadetyp', 'Kostnad (kr)', 'Polisanmäld']];
  for (const v of rows) out.push([v.property, v.address, isoDate(v.date), v.damage, amount(v.cost), v.policeReported ? 'Ja' : 'Nej']);
  await writeCsv(join(dir, SCHOOL_VANDALISM_FILE(year)), out, FORMAT);
  return [`inbox/fastighetskontoret/${SCHOOL_VANDALISM_FILE(year)}`];
}
