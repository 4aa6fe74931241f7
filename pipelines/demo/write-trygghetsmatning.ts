/** The safety survey: already aggregated per area and question, shares with decimal comma. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFormat } from './csv.ts';
import { writeCsv } from './csv.ts';
import type { SurveyRow } from './events.ts';

export const SURVEY_FILE = (year: number): string => `trygghet_${year}.csv`;
const FORMAT: CsvFormat = { delimiter: ';', newline: '\r\n', encoding: 'utf8' };

export async function writeTrygghetsmatning(root: string, year: number, rows: readonly SurveyRow[]): Promise<string[]> {
  const dir = join(root, 'inbox', 'trygghetsmatning');
  await mkdir(dir, { recursive: true });
  const out: string[][] = [['Område', 'År', 'Fråga', 'Andel (%)', 'Antal svarande']];
  for (const r of rows) out.push([r.areaLabel, String(r.year), r.question, r.share.toFixed(1).replace('.', ','), String(r.respondents)]);
  await writeCsv(join(dir, SURVEY_FILE(year)), out, FORMAT);
  return [`inbox/trygghetsmatning/${SURVEY_FILE(year)}`];
}
