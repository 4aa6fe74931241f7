/** Social services: reports of concern, Windows-1252 with CRLF, still carrying the child's identity number. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFormat } from './csv.ts';
import { writeCsv } from './csv.ts';
import type { ConcernReport } from './events.ts';
import { isoDate } from './time.ts';

export const CONCERN_FILE = (year: number): string => `orosanmalningar_${year}.csv`;
const FORMAT: CsvFormat = { delimiter: ';', newline: '\r\n', encoding: 'cp1252' };

export async function writeSocialtjansten(root: string, year: number, reports: readonly ConcernReport[]): Promise<string[]> {
  const dir = join(root, 'inbox', 'socialtjansten');
  await mkdir(dir, { recursive: true });
  const rows: string[][] = [['Personnummer', 'Inkom', 'Anmälare', 'Anledning', 'Ålder', 'Folkbokföringsadress']];
  for (const r of reports) rows.push([r.pnr, isoDate(r.received), r.reporter, r.reason, String(r.age), r.address]);
  await writeCsv(join(dir, CONCERN_FILE(year)), rows, FORMAT);
  return [`inbox/socialtjansten/${CONCERN_FILE(year)}`];
}
