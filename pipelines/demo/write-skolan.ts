/** The education office: spring-term grades per pupil (xlsx, one sheet) and autumn-term counts per school (CSV). */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFormat } from './csv.ts';
import { writeCsv } from './csv.ts';
import type { Pupil, SchoolTermRow } from './events.ts';
import type { Cell } from './xlsx.ts';
import { writeWorkbook } from './xlsx.ts';

export const PUPILS_FILE = (year: number): string => `Betyg_ak9_VT${year}.xlsx`;
export const SCHOOL_TERM_FILE = (year: number): string => `Betyg_ak9_HT${year}_per_skola.csv`;
const FORMAT: CsvFormat = { delimiter: ';', newline: '\r\n', encoding: 'utf8' };

export async function writeSkolan(
  root: string,
  year: number,
  pupils: readonly Pupil[],
  terms: readonly SchoolTermRow[],
): Promise<string[]> {
  const dir = join(root, 'inbox', 'skolan');
  await mkdir(dir, { recursive: true });
  const rows: Cell[][] = [
    ['Personnummer', 'Skola', 'Klass', 'Folkbokföringsadress', 'Antal ämnen godkända', 'Behörig gymnasiet', 'Meritvärde'],
  ];
  // Identity numbers as text cells: as numbers Excel would drop the leading zero of 09…-born pupils.
  for (const p of pupils) rows.push([p.pnr, p.school, p.className, p.address, p.passed, p.eligible ? 'Ja' : 'Nej', p.merit]);
  await writeWorkbook(join(dir, PUPILS_FILE(year)), [{ name: `Åk 9 VT ${year}`, rows }], year);

  const csv: string[][] = [['Skola', 'Termin', 'Antal elever', 'Antal med ofullständiga betyg']];
  for (const t of terms) csv.push([t.school, t.term, String(t.pupils), String(t.incomplete)]);
  await writeCsv(join(dir, SCHOOL_TERM_FILE(year)), csv, FORMAT);
  return [`inbox/skolan/${PUPILS_FILE(year)}`, `inbox/skolan/${SCHOOL_TERM_FILE(year)}`];
}
