/** Rescue service call-outs: UTF-8 with BOM, comma-delimited, WGS84 coordinates with decimal comma (so quoted). */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFormat } from './csv.ts';
import { writeCsv } from './csv.ts';
import type { RtjCallout } from './events.ts';
import { swerefToWgs84 } from './geometry.ts';
import { isoDateTime } from './time.ts';

export const RTJ_FILE = (year: number): string => `insatser_${year}.csv`;
const FORMAT: CsvFormat = { delimiter: ',', newline: '\r\n', encoding: 'utf8-bom' };

const decimalComma = (v: number): string => v.toFixed(6).replace('.', ',');

export async function writeRtj(root: string, year: number, callouts: readonly RtjCallout[]): Promise<string[]> {
  const dir = join(root, 'inbox', 'raddningstjansten');
  await mkdir(dir, { recursive: true });
  const rows: string[][] = [
    [
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
  ];
  for (const c of callouts) {
    const wgs = c.e !== null && c.n !== null ? swerefToWgs84(c.e, c.n) : null;
    rows.push([
      c.nr,
      isoDateTime(c.time),
      c.type,
      c.cause,
      c.object,
      c.address,
      c.indoor ? 'Inomhus' : 'Utomhus',
      c.threat ? 'Ja' : 'Nej',
      wgs ? decimalComma(wgs.lat) : '',
      wgs ? decimalComma(wgs.lon) : '',
    ]);
  }
  await writeCsv(join(dir, RTJ_FILE(year)), rows, FORMAT);
  return [`inbox/raddningstjansten/${RTJ_FILE(year)}`];
}
