/**
 * The municipality's reference data: NYKO areas and population go into the lager (the SQL needs them); the
 * address register and boundaries are kept as validated files in `register/` and loaded by the locator.
 */
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readDelivery, normaliseHeader } from '../connectors/readers/index.ts';
import { cellText } from '../connectors/readers/values.ts';
import { AddressRegister } from '../nyko/addressRegister.ts';
import { AreaBoundaries } from '../nyko/boundaries.ts';
import { AreaRegister, type AreaRow } from '../nyko/areaRegister.ts';
import { Locator } from '../nyko/locator.ts';
import { parseAddressRows, parseNykoRows, parsePopulationRows } from '../nyko/registerFiles.ts';
import { inTransaction } from '../sql/db.ts';
import { formatDiagnostic } from '../reports/messages.ts';
import type { Workspace } from './workspace.ts';
import { sha256 } from '../disclosure/index.ts';

export const registerKinds = ['nyko', 'addresses', 'boundaries', 'population'] as const;
export type RegisterKind = (typeof registerKinds)[number];

export class RegisterError extends Error {
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(
      `${file}: registret lästes inte in:\n  ${problems.slice(0, 50).join('\n  ')}${problems.length > 50 ? `\n  … och ${problems.length - 50} fel till` : ''}`,
    );
    this.name = 'RegisterError';
    this.problems = problems;
  }
}

const KNOWN_REGISTER_HEADERS = new Set(
  [
    'nyckelkod',
    'kod',
    'code',
    'nivå',
    'niva',
    'level',
    'namn',
    'name',
    'giltig från',
    'giltig_fran',
    'valid_from',
    'giltig till',
    'överordnad',
    'parent',
    'gatuadress',
    'adress',
    'postnummer',
    'postort',
    'nyko',
    'e_sweref99tm',
    'n_sweref99tm',
    'e',
    'n',
    'x',
    'y',
    'region',
    'område',
    'ålder',
    'alder',
    'åldersgrupp',
    'kön',
    'antal',
    'folkmängd',
    'år',
  ].map(normaliseHeader),
);

/** Reads a register table (CSV or Excel, any of the usual encodings) into header + text rows. */
export function readRegisterTable(bytes: Uint8Array, file: string): { header: string[]; rows: string[][] } {
  const read = readDelivery(bytes, {
    fileName: file,
    isKnownHeader: (h) => KNOWN_REGISTER_HEADERS.has(h) || /^\d{4}$/.test(h),
    minKnownHeaders: 2,
  });
  const errors = read.diagnostics.filter((d) => d.severity === 'error');
  const sheet = read.sheets[0];
  if (errors.length > 0 || !sheet) {
    throw new RegisterError(file, errors.length > 0 ? errors.map((d) => formatDiagnostic(d)) : ['hittade ingen rubrikrad']);
  }
  return { header: sheet.header, rows: sheet.rows.map((r) => sheet.header.map((_, i) => cellText(r.cells[i] ?? null))) };
}

function registerFileName(kind: RegisterKind): string {
  return kind === 'boundaries' ? 'omraden.geojson' : kind === 'addresses' ? 'adresser.csv' : `${kind}.csv`;
}

/** Writes a validated copy beside the others under a temporary name first, so a reader never sees half a file. */
function keepCopy(ws: Workspace, kind: RegisterKind, source: string): void {
  const target = join(ws.paths.register, registerFileName(kind));
  const temp = `${target}.tmp-${process.pid}`;
  copyFileSync(source, temp);
  renameSync(temp, target);
}

function ageRange(band: string): { from: number | null; to: number | null } {
  const range = /^(\d+)-(\d+)$/.exec(band);
  if (range) return { from: Number(range[1]), to: Number(range[2]) };
  const open = /^(\d+)\+$/.exec(band);
  if (open) return { from: Number(open[1]), to: null };
  const single = /^(\d+)$/.exec(band);
  if (single) return { from: Number(single[1]), to: Number(single[1]) };
  return { from: null, to: null };
}

export interface RegisterImportResult {
  kind: RegisterKind;
  rows: number;
  registerId: string;
}

export async function importRegister(
  ws: Workspace,
  connection: DuckDBConnection,
  kind: RegisterKind,
  file: string,
  now: Date,
): Promise<RegisterImportResult> {
  const bytes = new Uint8Array(readFileSync(file));
  const digest = sha256(bytes);
  const registerId = `${kind}-${digest.slice(0, 12)}`;
  const municipality = ws.config.municipality.code;
  let rows = 0;

  if (kind === 'boundaries') {
    let boundaries: AreaBoundaries;
    try {
      boundaries = AreaBoundaries.fromGeoJSON(JSON.parse(new TextDecoder().decode(bytes)));
    } catch (cause) {
      throw new RegisterError(file, [cause instanceof Error ? cause.message : String(cause)]);
    }
    rows = boundaries.codes().length;
  } else {
    const table = readRegisterTable(bytes, file);
    if (kind === 'addresses') {
      const parsed = parseAddressRows(table.header, table.rows, file);
      if (parsed.errors.length > 0)
        throw new RegisterError(
          file,
          parsed.errors.map((e) => `rad ${e.row}, kolumn "${e.column}": ${e.message}`),
        );
      new AddressRegister(parsed.entries);
      rows = parsed.entries.length;
    } else if (kind === 'nyko') {
      const parsed = parseNykoRows(table.header, table.rows, file);
      if (parsed.errors.length > 0)
        throw new RegisterError(
          file,
          parsed.errors.map((e) => `rad ${e.row}, kolumn "${e.column}": ${e.message}`),
        );
      rows = parsed.rows.length;
      await inTransaction(connection, async () => {
        for (const row of parsed.rows) {
          await connection.run('delete from areas where municipality = $m and code = $code and valid_from = cast($from as date)', {
            m: municipality,
            code: row.code,
            from: row.validFrom,
          });
          await connection.run(
            'insert into areas values ($m, $code, $level, $name, $parent, cast($from as date), cast($to as date), $register)',
            {
              m: municipality,
              code: row.code,
              level: row.level,
              name: row.name,
              parent: row.parent ?? null,
              from: row.validFrom,
              to: row.validTo ?? null,
              register: registerId,
            },
          );
        }
        await recordRegister(connection, registerId, kind, file, digest, rows, now);
      });
    } else {
      const parsed = parsePopulationRows(table.header, table.rows, file);
      if (parsed.errors.length > 0)
        throw new RegisterError(
          file,
          parsed.errors.map((e) => `rad ${e.row}, kolumn "${e.column}": ${e.message}`),
        );
      rows = parsed.rows.length;
      const years = [...new Set(parsed.rows.map((r) => r.year))];
      await inTransaction(connection, async () => {
        for (const year of years)
          await connection.run('delete from population where municipality = $m and year = $y', { m: municipality, y: year });
        for (const row of parsed.rows) {
          const range = ageRange(row.ageBand);
          await connection.run('insert into population values ($m, $area, $year, $band, $from, $to, $persons, $register)', {
            m: municipality,
            area: row.areaCode,
            year: row.year,
            band: row.ageBand,
            from: range.from,
            to: range.to,
            persons: row.persons,
            register: registerId,
          });
        }
        await recordRegister(connection, registerId, kind, file, digest, rows, now);
      });
    }
  }
  if (kind === 'addresses' || kind === 'boundaries') await recordRegister(connection, registerId, kind, file, digest, rows, now);
  keepCopy(ws, kind, file);
  await connection.run('checkpoint');
  return { kind, rows, registerId };
}

async function recordRegister(
  connection: DuckDBConnection,
  registerId: string,
  kind: RegisterKind,
  file: string,
  digest: string,
  rows: number,
  now: Date,
): Promise<void> {
  await connection.run('delete from registers where register_id = $id', { id: registerId });
  await connection.run('insert into registers values ($id, $kind, $file, $sha, $rows, $at)', {
    id: registerId,
    kind,
    file: file.split(/[\\/]/).pop() ?? file,
    sha: digest,
    rows,
    at: now.toISOString(),
  });
}

export interface AreaModel {
  areas: AreaRegister;
  locator: Locator;
  hasAddresses: boolean;
  hasBoundaries: boolean;
}

/**
 * The files in `register/` must be the ones last imported: a copy edited by hand, damaged or removed since would
 * place records with data nobody validated, so the run stops before reading any delivery.
 */
async function checkRegisterCopies(ws: Workspace, connection: DuckDBConnection): Promise<void> {
  const reader = await connection.runAndReadAll(
    `select kind, sha256 from registers where kind in ('addresses', 'boundaries')
     qualify row_number() over (partition by kind order by imported_at desc) = 1`,
  );
  for (const row of reader.getRowObjectsJS()) {
    const kind: RegisterKind = row['kind'] === 'boundaries' ? 'boundaries' : 'addresses';
    const file = join(ws.paths.register, registerFileName(kind));
    const problem = !existsSync(file)
      ? 'filen saknas'
      : sha256(new Uint8Array(readFileSync(file))) !== row['sha256']
        ? 'filen har ändrats sedan den lästes in'
        : null;
    if (problem)
      throw new RegisterError(file, [
        `${problem}; importera registret på nytt med \`lagesbild register import --kind ${kind} FIL\` (inget lästes in)`,
      ]);
  }
}

/** The municipality's versioned area register, as imported into the lager. */
export async function loadAreaRegister(connection: DuckDBConnection, municipality: string): Promise<AreaRegister> {
  const reader = await connection.runAndReadAll(
    `select code, level, name, parent_code, strftime(valid_from, '%Y-%m-%d') as valid_from, strftime(valid_to, '%Y-%m-%d') as valid_to
     from areas where municipality = $m order by level, code, valid_from`,
    { m: municipality },
  );
  const rows: AreaRow[] = reader.getRowObjectsJS().map((r) => ({
    code: String(r['code']),
    level: Number(r['level']),
    name: String(r['name']),
    validFrom: String(r['valid_from']),
    validTo: r['valid_to'] === null ? null : String(r['valid_to']),
    parent: r['parent_code'] === null ? null : String(r['parent_code']),
  }));
  return new AreaRegister(rows);
}

/** The area register from the lager and the address register and boundaries from `register/`. */
export async function loadAreaModel(ws: Workspace, connection: DuckDBConnection): Promise<AreaModel> {
  await checkRegisterCopies(ws, connection);
  const areas = await loadAreaRegister(connection, ws.config.municipality.code);
  const addressFile = join(ws.paths.register, registerFileName('addresses'));
  const boundaryFile = join(ws.paths.register, registerFileName('boundaries'));
  let addresses: AddressRegister | undefined;
  if (existsSync(addressFile)) {
    const table = readRegisterTable(new Uint8Array(readFileSync(addressFile)), addressFile);
    addresses = new AddressRegister(parseAddressRows(table.header, table.rows, addressFile).entries);
  }
  const boundaries = existsSync(boundaryFile) ? AreaBoundaries.fromGeoJSON(JSON.parse(readFileSync(boundaryFile, 'utf8'))) : undefined;
  const locator = new Locator({
    areas,
    ...(addresses ? { addresses } : {}),
    ...(boundaries ? { boundaries } : {}),
    reportingLevel: ws.config.areas.reportingLevel,
  });
  return { areas, locator, hasAddresses: !!addresses, hasBoundaries: !!boundaries };
}
