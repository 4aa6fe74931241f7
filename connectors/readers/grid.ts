// A worksheet as both workbook readers hand it on: the rows that exist, in order, already converted to reader
// values, plus the merged ranges. From here on a sheet read by SheetJS (xls, ods) and one read by our own OOXML
// reader (xlsx) go through the same header search and row assembly, so they cannot drift apart.
import type { Diagnostic } from '../../schemas/diagnostics.ts';
import { HEADER_SEARCH_ROWS, TableBuilder, findHeader, isBlankRow } from './table.ts';
import type { HeaderCandidate } from './table.ts';
import type { CellValue, ReadOptions } from './types.ts';
import { defaultLimits } from './types.ts';

/** A problem with one cell (error value, formula without value), reported only if its row is data. */
export interface CellProblem {
  column: number;
  diagnostic: Diagnostic;
}

/** One row that exists in the sheet. `index` is 0-based; cells are dense from column A. */
export interface GridRow {
  index: number;
  cells: CellValue[];
  problems: CellProblem[] | null;
}

export interface CellRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface SheetRead {
  /** The table, when the sheet has a header row. */
  table: TableBuilder | null;
  hasCells: boolean;
}

/** Column index (0-based) → letters as a user sees them: 0 → A, 27 → AB. */
export function columnLetters(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * A header candidate with merges filled in: every cell of a merged range takes the top-left value. A merge may span
 * to column XFD; nothing beyond the widest of the rows searched matters.
 */
function candidateCells(row: GridRow, rows: ReadonlyMap<number, GridRow>, merges: readonly CellRange[], width: number): CellValue[] {
  const cells = row.cells.slice();
  for (const m of merges) {
    if (m.s.r > row.index || m.e.r < row.index) continue;
    const top = rows.get(m.s.r)?.cells[m.s.c] ?? null;
    for (let c = m.s.c; c <= Math.min(m.e.c, width - 1); c++) {
      while (cells.length <= c) cells.push(null);
      cells[c] = top;
    }
  }
  return cells;
}

/**
 * One worksheet's rows → a table: the header is searched among the first rows (merges filled in), the rows under it
 * are assembled. Rows are pulled one at a time, so a sheet is read no further than the row budget.
 */
export function tableFromGrid(
  rows: Iterable<GridRow>,
  merges: readonly CellRange[],
  where: { file: string; sheet: string; hidden: boolean },
  opts: ReadOptions,
  diagnostics: Diagnostic[],
  rowBudget: number,
): SheetRead {
  const it = rows[Symbol.iterator]();
  // The rows the header search can look at: up to one past its limit of non-blank rows.
  const head: GridRow[] = [];
  let nonBlank = 0;
  let width = 0;
  while (nonBlank <= HEADER_SEARCH_ROWS) {
    const next = it.next();
    if (next.done) break;
    head.push(next.value);
    width = Math.max(width, next.value.cells.length);
    if (!isBlankRow(next.value.cells)) nonBlank++;
  }
  const byIndex = new Map(head.map((r) => [r.index, r]));
  const candidates = function* (): Generator<HeaderCandidate> {
    for (const r of head) yield { index: r.index, cells: candidateCells(r, byIndex, merges, width) };
  };
  const found = findHeader(candidates(), opts.isKnownHeader, opts.minKnownHeaders ?? defaultLimits.minKnownHeaders);
  if (found === null) return { table: null, hasCells: width > 0 };

  const headerRow = head.find((r) => r.index === found.index);
  if (headerRow === undefined) return { table: null, hasCells: true };
  const table = new TableBuilder(
    diagnostics,
    { file: where.file, sheet: where.sheet, headerRow: found.index + 1, hidden: where.hidden },
    candidateCells(headerRow, byIndex, merges, width),
  );
  const add = (row: GridRow): boolean => {
    const problems: Diagnostic[] = [];
    for (const p of row.problems ?? []) {
      const header = table.sheet.header[p.column];
      if (header) p.diagnostic.params.header = header;
      problems.push(p.diagnostic);
    }
    // Stop as soon as the budget is exceeded: the caller refuses the file anyway.
    return table.add({ row: row.index + 1, cells: row.cells, diagnostics: problems }) && table.sheet.rows.length > rowBudget;
  };
  const afterHeader = head.indexOf(headerRow) + 1;
  for (const row of head.slice(afterHeader)) if (add(row)) return { table, hasCells: true };
  for (let next = it.next(); !next.done; next = it.next()) if (add(next.value)) break;
  return { table, hasCells: true };
}
