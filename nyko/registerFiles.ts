/**
 * The municipality's register files (NYKO register, address register, population per area and age band), from rows
 * already decoded to text by the file readers. Every problem of a file is collected, in Swedish, naming file, row
 * and column: the statistician fixes a register in one pass, not one error per run.
 */
import { normaliseAddress, normalisePostcode } from './address.ts';
import type { AddressEntry } from './addressRegister.ts';
import { checkAreaRows, type AreaRow, type AreaRowField } from './areaRegister.ts';
import { toSweref99 } from './coordinates.ts';
import { isIsoDay } from './isoDate.ts';

export interface RegisterError {
  file: string;
  /** 1-based row in the file as the user sees it (the header row for a missing column). */
  row: number;
  /** Column header as written in the file, or the expected name when the column is missing. */
  column: string;
  message: string;
}

export interface ParseOptions {
  /** File row number of `rows[0]`; default 2 (header on row 1). */
  firstRow?: number;
}

export interface PopulationRow {
  areaCode: string;
  /** Canonical age band: '0-17', '18+', 'totalt', '15-20', '7'. */
  ageBand: string;
  year: number;
  persons: number;
}

/** Header aliases, compared case- and accent-insensitively with '_'/'-' as spaces ('Giltig_fran' = 'Giltig från'). */
const NYKO_COLUMNS = {
  code: ['nyckelkod', 'kod', 'code', 'nyko', 'omradeskod'],
  level: ['niva', 'level'],
  name: ['namn', 'name', 'omradesnamn'],
  validFrom: ['giltig fran', 'giltig from', 'giltig fr o m', 'valid from', 'fran', 'from'],
  validTo: ['giltig till', 'giltig tom', 'giltig t o m', 'valid to', 'till', 'to'],
  parent: ['overordnad', 'overordnad kod', 'overordnat omrade', 'parent'],
} as const;

const ADDRESS_COLUMNS = {
  address: ['gatuadress', 'adress', 'address', 'belagenhetsadress'],
  postcode: ['postnummer', 'postnr', 'postcode', 'postal code'],
  town: ['postort', 'ort', 'town', 'city'],
  code: ['nyckelkod', 'nyko', 'kod', 'code'],
  e: ['e sweref99tm', 'e sweref99 tm', 'e', 'x', 'easting', 'ostlig', 'e koordinat', 'x koordinat'],
  n: ['n sweref99tm', 'n sweref99 tm', 'n', 'y', 'northing', 'nordlig', 'n koordinat', 'y koordinat'],
} as const;

const POPULATION_COLUMNS = {
  code: ['nyckelkod', 'kod', 'code', 'nyko', 'omradeskod'],
  region: ['region', 'omrade', 'area', 'omradesnamn'],
  age: ['alder', 'age', 'aldersgrupp', 'aldersklass'],
  year: ['ar', 'year', 'period'],
  persons: ['antal', 'folkmangd', 'befolkning', 'personer', 'persons', 'value', 'varde'],
} as const;

const NYKO_FIELD_COLUMN: Record<AreaRowField, keyof typeof NYKO_COLUMNS> = {
  code: 'code',
  level: 'level',
  name: 'name',
  validFrom: 'validFrom',
  validTo: 'validTo',
  parent: 'parent',
};

function fold(text: string): string {
  return text
    .replace(/^\ufeff/u, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_\-.]+/gu, ' ')
    .trim();
}

type Columns<K extends string> = { [key in K]: number | null };

/** Index of each wanted column (first header matching an alias), or null. */
function findColumns<K extends string>(header: readonly string[], aliases: Record<K, readonly string[]>): Columns<K> {
  const folded = header.map(fold);
  const found = {} as Columns<K>;
  for (const key of Object.keys(aliases) as K[]) {
    const index = folded.findIndex((h) => aliases[key].includes(h));
    found[key] = index === -1 ? null : index;
  }
  return found;
}

function cell(row: readonly string[], index: number | null): string {
  return index === null ? '' : (row[index] ?? '').replace(/[\s\u00a0]+/gu, ' ').trim();
}

function shown(value: string): string {
  return value.length > 40 ? `${value.slice(0, 39)}…` : value;
}

/** Collects errors with the file, row number and column header filled in. */
class ErrorLog {
  readonly #errors: RegisterError[] = [];
  readonly #file: string;
  readonly #header: readonly string[];

  constructor(file: string, header: readonly string[]) {
    this.#file = file;
    this.#header = header;
  }

  /** In file order: consistency checks run after the row checks but belong to their rows. */
  get errors(): RegisterError[] {
    return [...this.#errors].sort((a, b) => a.row - b.row);
  }

  get count(): number {
    return this.#errors.length;
  }

  add(row: number, column: number | string, message: string): void {
    const name = typeof column === 'number' ? (this.#header[column] ?? `kolumn ${column + 1}`) : column;
    this.#errors.push({ file: this.#file, row, column: name, message: `${this.#file}, rad ${row}, kolumn ${name}: ${message}` });
  }

  /** Required columns: returns false (and reports each) when one is missing. */
  requireColumns(columns: Record<string, number | null>, labels: Record<string, readonly string[]>, headerRow: number): boolean {
    let ok = true;
    for (const [key, index] of Object.entries(columns)) {
      const expected = labels[key];
      if (index !== null || expected === undefined) continue;
      ok = false;
      this.add(headerRow, expected[0] ?? key, `kolumnen saknas; förväntade en av rubrikerna ${expected.join(', ')}`);
    }
    return ok;
  }
}

const isBlankRow = (row: readonly string[]): boolean => row.every((c) => c.trim() === '');

/** A code as text; refuses what Excel does to codes stored as numbers ('101,0', '1.01E+2'). */
function checkCode(code: string): string | null {
  if (code === '') return 'koden saknas';
  if (/\s/u.test(code)) return `koden "${shown(code)}" innehåller mellanslag`;
  if (/^\d+[.,]\d+$|^\d+(?:[.,]\d+)?e[+-]?\d+$/iu.test(code)) {
    return `koden "${shown(code)}" ser ut som ett tal som Excel har ändrat; spara kodkolumnen som text`;
  }
  return null;
}

/** 'YYYY-MM-DD', also with a midnight time as spreadsheets add to date cells. */
function parseDay(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$/u.exec(value);
  return m?.[1] !== undefined && isIsoDay(m[1]) ? m[1] : null;
}

/** Decimal comma and space/NBSP thousands separators: '6 563 420', '59,1955'. */
function parseDecimal(value: string): number | null {
  const compact = value.replace(/[\s\u00a0]/gu, '').replace(',', '.');
  if (!/^-?\d+(?:\.\d+)?$/u.test(compact)) return null;
  return Number(compact);
}

/** NYKO (or DeSO/RegSO, catchment …) register rows. Rows with errors are left out, so the rest loads. */
export function parseNykoRows(
  header: string[],
  rows: string[][],
  file: string,
  options: ParseOptions = {},
): { rows: AreaRow[]; errors: RegisterError[] } {
  const firstRow = options.firstRow ?? 2;
  const log = new ErrorLog(file, header);
  const col = findColumns(header, NYKO_COLUMNS);
  const { code, level, name, validFrom } = col;
  if (!log.requireColumns({ code, level, name, validFrom }, NYKO_COLUMNS, firstRow - 1)) return { rows: [], errors: log.errors };

  const parsed: { row: AreaRow; rowNumber: number }[] = [];
  rows.forEach((raw, i) => {
    const rowNumber = firstRow + i;
    if (isBlankRow(raw)) return;
    const before = log.count;
    const codeText = cell(raw, col.code);
    const codeProblem = checkCode(codeText);
    if (codeProblem !== null) log.add(rowNumber, col.code ?? 'Kod', codeProblem);
    const levelText = cell(raw, col.level);
    if (!/^\d+$/u.test(levelText) || Number(levelText) < 1) {
      log.add(rowNumber, col.level ?? 'Nivå', `förväntade en nivå 1, 2, 3 …, fick "${shown(levelText)}"`);
    }
    const nameText = cell(raw, col.name);
    if (nameText === '') log.add(rowNumber, col.name ?? 'Namn', 'namnet saknas');
    const from = parseDay(cell(raw, col.validFrom));
    if (from === null) {
      log.add(rowNumber, col.validFrom ?? 'Giltig från', `förväntade ett datum ÅÅÅÅ-MM-DD, fick "${shown(cell(raw, col.validFrom))}"`);
    }
    const toText = cell(raw, col.validTo);
    const to = toText === '' ? null : parseDay(toText);
    if (toText !== '' && to === null) {
      log.add(rowNumber, col.validTo ?? 'Giltig till', `förväntade ett datum ÅÅÅÅ-MM-DD eller tomt, fick "${shown(toText)}"`);
    }
    if (log.count > before || from === null) return;
    const parentText = cell(raw, col.parent);
    parsed.push({
      row: {
        code: codeText,
        level: Number(levelText),
        name: nameText,
        validFrom: from,
        validTo: to,
        parent: parentText === '' ? null : parentText,
      },
      rowNumber,
    });
  });

  // Consistency across rows (overlapping versions, unknown parents). Removing a bad row can orphan its children,
  // so check again until nothing changes.
  let accepted = parsed;
  for (;;) {
    const problems = checkAreaRows(accepted.map((p) => p.row));
    if (problems.length === 0) break;
    const rejected = new Set<number>();
    for (const problem of problems) {
      const entry = accepted[problem.index];
      if (entry === undefined) continue;
      rejected.add(problem.index);
      const columnKey = NYKO_FIELD_COLUMN[problem.field];
      log.add(entry.rowNumber, col[columnKey] ?? NYKO_COLUMNS[columnKey][0], problem.message);
    }
    accepted = accepted.filter((_, index) => !rejected.has(index));
  }
  return { rows: accepted.map((p) => p.row), errors: log.errors };
}

/** Address register rows: address (or named place) → finest area code, with optional SWEREF 99 TM coordinates. */
export function parseAddressRows(
  header: string[],
  rows: string[][],
  file: string,
  options: ParseOptions = {},
): { entries: AddressEntry[]; errors: RegisterError[] } {
  const firstRow = options.firstRow ?? 2;
  const log = new ErrorLog(file, header);
  const col = findColumns(header, ADDRESS_COLUMNS);
  const { address, code } = col;
  if (!log.requireColumns({ address, code }, ADDRESS_COLUMNS, firstRow - 1)) return { entries: [], errors: log.errors };

  const entries: AddressEntry[] = [];
  rows.forEach((raw, i) => {
    const rowNumber = firstRow + i;
    if (isBlankRow(raw)) return;
    const addressText = cell(raw, col.address);
    const codeText = cell(raw, col.code);
    const codeProblem = checkCode(codeText);
    if (codeProblem !== null) log.add(rowNumber, col.code ?? 'Nyckelkod', `${codeProblem}; raden hoppas över`);
    const addressOk = addressText !== '' && normaliseAddress(addressText) !== null;
    if (!addressOk) {
      log.add(
        rowNumber,
        col.address ?? 'Gatuadress',
        `"${shown(addressText)}" kan inte tolkas som gatuadress eller platsnamn; raden hoppas över`,
      );
    }
    if (codeProblem !== null || !addressOk) return;

    const entry: AddressEntry = { address: addressText, code: codeText, postcode: null, town: null, e: null, n: null };
    const postcodeText = cell(raw, col.postcode);
    if (postcodeText !== '') {
      entry.postcode = normalisePostcode(postcodeText);
      if (entry.postcode === null) {
        log.add(
          rowNumber,
          col.postcode ?? 'Postnummer',
          `förväntade ett postnummer med fem siffror, fick "${shown(postcodeText)}"; det används inte`,
        );
      }
    }
    const townText = cell(raw, col.town);
    entry.town = townText === '' ? null : townText;

    const eText = cell(raw, col.e);
    const nText = cell(raw, col.n);
    if (eText !== '' || nText !== '') {
      const point = toSweref99(parseDecimal(eText), parseDecimal(nText));
      if (point.ok) {
        entry.e = point.e;
        entry.n = point.n;
      } else {
        log.add(
          rowNumber,
          col.e ?? col.n ?? 'E_SWEREF99TM',
          `koordinaterna "${shown(eText)}" / "${shown(nText)}" är inte SWEREF 99 TM eller WGS84 i Sverige (${point.reason}); de används inte`,
        );
      }
    }
    entries.push(entry);
  });
  return { entries, errors: log.errors };
}

/**
 * Canonical age band: '0-17 år' → '0-17', '18+ år' / '18 år och äldre' → '18+', 'Totalt' → 'totalt',
 * '15–20' → '15-20', '7 år' → '7', 'under 18 år' → '0-17'. Null when not recognisable.
 */
export function normaliseAgeBand(raw: string): string | null {
  const text = raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\b(?:ar|years?)\b/gu, ' ')
    .replace(/[–—]/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim();
  if (/^(?:totalt?|samtliga|alla|summa|alla aldrar|samtliga aldrar|totalt alla aldrar)$/u.test(text)) return 'totalt';
  const n = (digits: string | undefined): number => Number(digits);
  let m = /^(\d{1,3}) ?- ?(\d{1,3})$/u.exec(text);
  if (m) return n(m[1]) <= n(m[2]) ? `${n(m[1])}-${n(m[2])}` : null;
  m = /^(\d{1,3}) ?(?:\+|-|och aldre|eller aldre|och over|och uppat)$/u.exec(text);
  if (m) return `${n(m[1])}+`;
  m = /^(?:-|under|yngre an) ?(\d{1,3})$/u.exec(text);
  if (m) {
    const upper = text.startsWith('-') ? n(m[1]) : n(m[1]) - 1;
    return upper >= 0 ? `0-${upper}` : null;
  }
  m = /^(\d{1,3})$/u.exec(text);
  return m ? `${n(m[1])}` : null;
}

/** '1 234', '924'; SCB's '..' (missing/suppressed) and anything else is not a count. */
function parseCount(value: string): number | null {
  if (!/^\d{1,3}(?:[ \u00a0]\d{3})*$|^\d+$/u.test(value)) return null;
  return Number(value.replace(/[ \u00a0]/gu, ''));
}

/** The code at the start of a region label ('111 Centrum norra' → '111'), or the label when it is only a code. */
function codeOfRegion(region: string): string | null {
  const m = /^([0-9][0-9A-Za-z]*)(?:\s+\S.*)?$/u.exec(region);
  return m?.[1] ?? null;
}

/**
 * Population per area, age band and year, as exported from a statistics database: wide ('Region;ålder;2024;2025',
 * one column per year) or long ('Region;Ålder;År;Antal'). The region is a code column or 'code name' text.
 */
export function parsePopulationRows(
  header: string[],
  rows: string[][],
  file: string,
  options: ParseOptions = {},
): { rows: PopulationRow[]; errors: RegisterError[] } {
  const firstRow = options.firstRow ?? 2;
  const log = new ErrorLog(file, header);
  const col = findColumns(header, POPULATION_COLUMNS);
  const areaColumn = col.code ?? col.region;
  const yearColumns = header
    .map((h, index) => ({ index, year: /^(?:ar )?(\d{4})$/u.exec(fold(h))?.[1] }))
    .filter((c): c is { index: number; year: string } => c.year !== undefined)
    .map((c) => ({ index: c.index, year: Number(c.year) }));
  const long = yearColumns.length === 0 && col.year !== null && col.persons !== null;

  const ok = log.requireColumns({ region: areaColumn, age: col.age }, POPULATION_COLUMNS, firstRow - 1);
  if (yearColumns.length === 0 && !long) {
    log.add(firstRow - 1, 'År', 'hittade varken årskolumner (t.ex. 2025) eller kolumnerna År och Antal');
  }
  if (!ok || (yearColumns.length === 0 && !long)) return { rows: [], errors: log.errors };

  const out: PopulationRow[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, i) => {
    const rowNumber = firstRow + i;
    if (isBlankRow(raw)) return;
    const areaText = cell(raw, areaColumn);
    const areaCode = col.code !== null ? areaText : codeOfRegion(areaText);
    const codeProblem =
      areaCode === null ? `förväntade en områdeskod först, t.ex. "111 Centrum norra", fick "${shown(areaText)}"` : checkCode(areaCode);
    if (codeProblem !== null) log.add(rowNumber, areaColumn ?? 'Region', codeProblem);
    const ageText = cell(raw, col.age);
    const ageBand = normaliseAgeBand(ageText);
    if (ageBand === null) {
      log.add(
        rowNumber,
        col.age ?? 'Ålder',
        `förväntade en åldersgrupp som "0-17 år", "18+ år", "65 år och äldre" eller "totalt", fick "${shown(ageText)}"`,
      );
    }
    if (areaCode === null || codeProblem !== null || ageBand === null) return;

    const values = long
      ? [{ index: col.persons, year: Number(cell(raw, col.year)), yearText: cell(raw, col.year) }]
      : yearColumns.map((c) => ({ index: c.index, year: c.year, yearText: String(c.year) }));
    for (const { index, year, yearText } of values) {
      if (!/^\d{4}$/u.test(yearText)) {
        log.add(rowNumber, col.year ?? 'År', `förväntade ett år med fyra siffror, fick "${shown(yearText)}"`);
        continue;
      }
      const valueText = cell(raw, index);
      const persons = parseCount(valueText);
      if (persons === null) {
        const why = valueText === '..' || valueText === '' ? 'värdet saknas' : `förväntade ett antal personer, fick "${shown(valueText)}"`;
        log.add(rowNumber, index ?? 'Antal', why);
        continue;
      }
      const key = `${areaCode}\u0000${ageBand}\u0000${year}`;
      if (seen.has(key)) {
        log.add(rowNumber, index ?? 'Antal', `område ${areaCode}, ålder ${ageBand}, år ${year} förekommer redan på en tidigare rad`);
        continue;
      }
      seen.add(key);
      out.push({ areaCode, ageBand, year, persons });
    }
  });
  return { rows: out, errors: log.errors };
}
