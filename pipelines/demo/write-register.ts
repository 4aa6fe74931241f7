/** The municipality's reference data: NYKO register, address register, area boundaries and SCB population. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFormat } from './csv.ts';
import { writeCsv } from './csv.ts';
import { VALID_FROM } from './gazetteer.ts';
import type { Municipality, PopulationYear } from './municipality.ts';
import { AGE_BANDS } from './municipality.ts';

const UTF8_SEMI: CsvFormat = { delimiter: ';', newline: '\r\n', encoding: 'utf8' };
/** SCB's statistical database exports Windows-1252 with ';' on Swedish systems. */
const SCB_EXPORT: CsvFormat = { delimiter: ';', newline: '\r\n', encoding: 'cp1252' };

/** `population`: persons per area and age band for each year written (one year, or the demo's whole span). */
export async function writeRegister(
  root: string,
  m: Municipality,
  population: ReadonlyMap<number, PopulationYear> = new Map([[m.year, m.population]]),
): Promise<string[]> {
  const dir = join(root, 'register');
  await mkdir(dir, { recursive: true });
  const files: string[] = [];

  const nyko: string[][] = [['Nyckelkod', 'Nivå', 'Namn', 'Giltig från']];
  for (const u of m.level1) nyko.push([u.code, '1', u.name, VALID_FROM]);
  for (const u of m.level2) nyko.push([u.code, '2', u.name, VALID_FROM]);
  for (const a of m.areas) nyko.push([a.code, '3', a.name, VALID_FROM]);
  await writeCsv(join(dir, 'nyko.csv'), nyko, UTF8_SEMI);
  files.push('register/nyko.csv');

  const addr: string[][] = [['Gatuadress', 'Postnummer', 'Postort', 'Nyckelkod', 'E_SWEREF99TM', 'N_SWEREF99TM']];
  for (const a of m.addresses) addr.push([a.text, a.postcode, a.town, a.keyCode, String(a.e), String(a.n)]);
  // Named places last, without postcode or coordinates, as address registers usually carry them.
  for (const p of m.places) addr.push([p.name, '', '', p.keyCode, '', '']);
  await writeCsv(join(dir, 'adresser.csv'), addr, UTF8_SEMI);
  files.push('register/adresser.csv');

  const geojson = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } },
    features: m.areas.map((a) => ({
      type: 'Feature',
      properties: { NYKO3: a.code, NAMN: a.name },
      geometry: { type: 'Polygon', coordinates: a.polygon },
    })),
  };
  await writeFile(join(dir, 'omraden.geojson'), `${JSON.stringify(geojson)}\n`, 'utf8');
  files.push('register/omraden.geojson');

  // One SCB-style file, one column per year (wide), as the statistics database exports a time series.
  const years = [...population.keys()].sort((a, b) => a - b);
  const pop: string[][] = [['Region', 'ålder', ...years.map(String)]];
  for (const a of m.areas) {
    const region = `${a.code} ${a.name}`;
    const perYear = years.map((y) => population.get(y)?.get(a.code));
    if (perYear.some((b) => b === undefined)) continue;
    for (const band of AGE_BANDS) pop.push([region, band, ...perYear.map((b) => String(b?.[band] ?? 0))]);
    pop.push([region, 'totalt', ...perYear.map((b) => String(AGE_BANDS.reduce((t, band) => t + (b?.[band] ?? 0), 0)))]);
  }
  const popName = years.length === 1 ? `befolkning_${years[0]}.csv` : `befolkning_${years[0]}-${years[years.length - 1]}.csv`;
  await writeCsv(join(dir, popName), pop, SCB_EXPORT);
  files.push(`register/${popName}`);
  return files;
}
