/** Security guards: tab-delimited UTF-8 text with CRLF, plus a byte-identical copy saved under another name. */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFormat } from './csv.ts';
import { writeCsv } from './csv.ts';
import type { GuardReport } from './events.ts';
import { hhmm, isoDate } from './time.ts';

export const GUARD_FILE = (year: number): string => `rapporter_${year}.txt`;
/** The re-delivery: same bytes, new name. Must be detected as a duplicate and count once. */
export const GUARD_COPY_FILE = (year: number): string => `rapporter_${year} (kopia).txt`;
const FORMAT: CsvFormat = { delimiter: '\t', newline: '\r\n', encoding: 'utf8' };

export async function writeSecuritas(root: string, year: number, reports: readonly GuardReport[]): Promise<string[]> {
  const dir = join(root, 'inbox', 'securitas');
  await mkdir(dir, { recursive: true });
  const rows: string[][] = [['Datum', 'Tid', 'Område/Objekt', 'Händelsekategori', 'Beskrivning']];
  for (const r of reports) rows.push([isoDate(r.time), hhmm(r.time), r.object, r.category, r.description]);
  await writeCsv(join(dir, GUARD_FILE(year)), rows, FORMAT);
  await copyFile(join(dir, GUARD_FILE(year)), join(dir, GUARD_COPY_FILE(year)));
  return [`inbox/securitas/${GUARD_FILE(year)}`, `inbox/securitas/${GUARD_COPY_FILE(year)}`];
}
