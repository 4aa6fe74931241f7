// What CSV and XLSX readers share once cells are values: finding the header row, and turning the rows under it
// into a RawSheet (blank and summary rows skipped, duplicate headers reported). Headers stay an array: a header
// named `__proto__` or a repeated name can never collide with anything.
import { diagnostic } from '../../schemas/diagnostics.ts';
import type { Diagnostic } from '../../schemas/diagnostics.ts';
import { cellText } from './cell-text.ts';
import { displayHeader, normaliseHeader } from './normalise.ts';
import type { CellValue, RawRow, RawSheet } from './types.ts';

/** Title and blank rows above the header are skipped; the header must be among the first this many non-blank rows. */
export const HEADER_SEARCH_ROWS = 50;

const SUMMARY = /^(summa|totalt?|sum)\b/i;

export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

export function isSummaryRow(cells: readonly CellValue[]): boolean {
  const first = cells.find((c) => c !== null && !(typeof c === 'string' && c.trim() === ''));
  return typeof first === 'string' && SUMMARY.test(first.trim());
}

/** How many cells of a row are headers the caller knows. */
export function headerScore(cells: readonly CellValue[], isKnownHeader: (h: string) => boolean): number {
  let n = 0;
  for (const c of cells) {
    const h = normaliseHeader(cellText(c));
    if (h !== '' && isKnownHeader(h)) n++;
  }
  return n;
}

export interface HeaderCandidate {
  /** Position in the caller's row sequence. */
  index: number;
  cells: readonly CellValue[];
}

/**
 * The header row: the candidate with most known headers (earliest on ties), if it reaches `minKnown`.
 * The best row rather than the first qualifying one, so a title such as "Datum och adress" cannot win.
 */
export function findHeader(
  candidates: Iterable<HeaderCandidate>,
  isKnownHeader: (h: string) => boolean,
  minKnown: number,
): { index: number; score: number } | null {
  let best: { index: number; score: number } | null = null;
  let seen = 0;
  for (const cand of candidates) {
    if (isBlankRow(cand.cells)) continue;
    if (++seen > HEADER_SEARCH_ROWS) break;
    const score = headerScore(cand.cells, isKnownHeader);
    if (score >= minKnown && (best === null || score > best.score)) best = { index: cand.index, score };
  }
  return best;
}

/** Header names as shown to users: cleaned, with trailing empty header cells dropped. */
export function headerNames(cells: readonly CellValue[]): string[] {
  const names = cells.map((c) => displayHeader(cellText(c)));
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  return names;
}

export function duplicateHeaderDiagnostics(header: readonly string[], where: { file: string; sheet?: string; row: number }): Diagnostic[] {
  const counts = new Map<string, { name: string; count: number }>();
  for (const name of header) {
    const key = normaliseHeader(name);
    if (key === '') continue;
    const seen = counts.get(key);
    if (seen) seen.count++;
    else counts.set(key, { name, count: 1 });
  }
  const out: Diagnostic[] = [];
  for (const { name, count } of counts.values()) {
    if (count > 1) {
      out.push(diagnostic('file.duplicate_header', 'warning', { ...where, column: name }, { header: name, count }));
    }
  }
  return out;
}

/** Pad to the header's width; cells beyond it are kept only if one of them has content. */
export function fitToHeader(cells: readonly CellValue[], width: number): CellValue[] {
  const out = cells.slice();
  while (out.length > width && (out[out.length - 1] ?? null) === null) out.pop();
  while (out.length < width) out.push(null);
  return out;
}

export interface PendingRow extends RawRow {
  /** Cell problems found while converting this row; dropped with the row if it turns out blank or a summary. */
  diagnostics?: Diagnostic[];
}

/** Rows under the header → RawSheet rows. Blank rows vanish; summary rows are reported and skipped. */
export class TableBuilder {
  readonly sheet: RawSheet;
  private readonly width: number;
  private readonly out: Diagnostic[];

  constructor(
    out: Diagnostic[],
    where: { file: string; sheet?: string; headerRow: number; hidden?: boolean },
    headerCells: readonly CellValue[],
  ) {
    this.out = out;
    const header = headerNames(headerCells);
    this.width = header.length;
    this.sheet = { file: where.file, header, headerRow: where.headerRow, rows: [] };
    if (where.sheet !== undefined) this.sheet.sheet = where.sheet;
    if (where.hidden) this.sheet.hidden = true;
    out.push(...duplicateHeaderDiagnostics(header, { ...this.location(), row: where.headerRow }));
  }

  private location(): { file: string; sheet?: string } {
    return this.sheet.sheet === undefined ? { file: this.sheet.file } : { file: this.sheet.file, sheet: this.sheet.sheet };
  }

  /** Returns true when the row was kept as data. */
  add(row: PendingRow): boolean {
    if (isBlankRow(row.cells)) return false;
    if (isSummaryRow(row.cells)) {
      this.out.push(diagnostic('row.summary_skipped', 'info', { ...this.location(), row: row.row }));
      return false;
    }
    if (row.diagnostics) this.out.push(...row.diagnostics);
    this.sheet.rows.push({ row: row.row, cells: fitToHeader(row.cells, this.width) });
    return true;
  }
}
