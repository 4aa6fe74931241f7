// Workbook (xlsx, and legacy xls) → one RawSheet per sheet whose header is found. SheetJS does the parsing; we
// guard it (zip pre-scan), and turn its cells into plain values: dates as wall-clock strings from the serial,
// formula cells by their cached value, error cells as null with a warning.
import * as XLSX from '@e965/xlsx';
import type { CellObject, WorkBook, WorkSheet } from '@e965/xlsx';
import { diagnostic } from '../../schemas/diagnostics.ts';
import type { Diagnostic, Location } from '../../schemas/diagnostics.ts';
import { formatWallClock, serialToWallClock } from './excel-date.ts';
import { cleanText } from './normalise.ts';
import { TableBuilder, findHeader } from './table.ts';
import type { HeaderCandidate, PendingRow } from './table.ts';
import type { CellValue, ReadOptions, ReadResult } from './types.ts';
import { defaultLimits } from './types.ts';
import { scanZip } from './zip-scan.ts';

// SheetJS types SSF as any; this is the one function we use from it.
const SSF: { is_date: (fmt: string) => boolean } = XLSX.SSF;

const PARSE_OPTIONS: XLSX.ParsingOptions = {
  type: 'buffer',
  cellDates: false, // serials, converted by us without the process timezone
  cellFormula: true, // keeps `f`, so a formula without cached value can be told from an empty cell
  cellNF: true, // keeps the number format `z`, which is how date cells are recognised
  dense: true, // rows as arrays: we visit only rows that exist, whatever the used range claims
  sheetStubs: true, // without it SheetJS silently drops formula cells that have no cached value
  cellText: false, // formatted text is not used; skipping it saves time and memory
  cellHTML: false,
};

/** Excel's error codes as SheetJS stores them in `v` (BIFF numbering). */
const ERROR_TEXT: ReadonlyMap<number, string> = new Map([
  [0x00, '#NULL!'],
  [0x07, '#DIV/0!'],
  [0x0f, '#VALUE!'],
  [0x17, '#REF!'],
  [0x1d, '#NAME?'],
  [0x24, '#NUM!'],
  [0x2a, '#N/A'],
  [0x2b, '#GETTING_DATA'],
]);

const dateFormatCache = new Map<string, boolean>();
function isDateFormat(fmt: string | number | undefined): boolean {
  if (typeof fmt !== 'string' || fmt === 'General') return false;
  let known = dateFormatCache.get(fmt);
  if (known === undefined) {
    known = SSF.is_date(fmt);
    dateFormatCache.set(fmt, known);
  }
  return known;
}

interface CellContext {
  file: string;
  sheet: string;
  date1904: boolean;
}

type Converted = { value: CellValue; problem?: Diagnostic };

function cellLocation(ctx: CellContext, r: number, c: number): Location {
  return { file: ctx.file, sheet: ctx.sheet, row: r + 1, column: XLSX.utils.encode_col(c) };
}

/** One SheetJS cell → a reader value, plus a diagnostic when the cell cannot give one. */
function convertCell(cell: CellObject | undefined, ctx: CellContext, r: number, c: number): Converted {
  if (cell === undefined || cell === null) return { value: null };
  const hasFormula = cell.f !== undefined || cell.F !== undefined;
  // With sheetStubs, a formula without cached value arrives as a stub ('z'), or as an error cell without value.
  if (hasFormula && (cell.t === 'z' || cell.v === undefined)) {
    return { value: null, problem: diagnostic('file.formula_without_value', 'error', cellLocation(ctx, r, c)) };
  }
  switch (cell.t) {
    case 'z':
      return { value: null };
    case 'e': {
      const code = typeof cell.v === 'number' ? ERROR_TEXT.get(cell.v) : undefined;
      return {
        value: null,
        problem: diagnostic('row.error_cell', 'warning', cellLocation(ctx, r, c), { error: code ?? cell.w ?? '#ERROR' }),
      };
    }
    case 'b':
      return { value: cell.v === true };
    case 'n': {
      const v = cell.v;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        return { value: null, problem: diagnostic('row.error_cell', 'warning', cellLocation(ctx, r, c), { error: '#NUM!' }) };
      }
      if (isDateFormat(cell.z)) {
        const wc = serialToWallClock(v, ctx.date1904);
        // A serial outside Excel's calendar cannot be shown as a date by Excel either; keep the number.
        return { value: wc === null ? v : formatWallClock(wc) };
      }
      return { value: v };
    }
    case 's': {
      const t = cleanText(String(cell.v ?? ''));
      return { value: t === '' ? null : t };
    }
    case 'd': {
      // Only produced with cellDates (not used); ISO text is already wall clock, a Date object would need a zone.
      if (typeof cell.v === 'string') {
        const t = cleanText(cell.v)
          .replace('T', ' ')
          .replace(/\.\d+$/, '');
        return { value: t === '' ? null : t };
      }
      return { value: null, problem: diagnostic('row.error_cell', 'warning', cellLocation(ctx, r, c), { error: '#DATE' }) };
    }
    default:
      return { value: null };
  }
}

/** Merges covering a row: the merged cells take the top-left value (used for header candidates). */
function mergedValues(ws: WorkSheet, data: CellObject[][], r: number, ctx: CellContext, width: number): Map<number, CellValue> {
  const out = new Map<number, CellValue>();
  for (const m of ws['!merges'] ?? []) {
    if (m.s.r > r || m.e.r < r) continue;
    const top = convertCell(data[m.s.r]?.[m.s.c], ctx, m.s.r, m.s.c).value;
    // A merge may span to column XFD; nothing beyond the widest row matters.
    for (let c = m.s.c; c <= Math.min(m.e.c, width - 1); c++) out.set(c, top);
  }
  return out;
}

function headerCandidateCells(ws: WorkSheet, data: CellObject[][], r: number, ctx: CellContext, width: number): CellValue[] {
  const row = data[r] ?? [];
  const cells: CellValue[] = [];
  for (let c = 0; c < row.length; c++) cells.push(convertCell(row[c], ctx, r, c).value);
  for (const [c, v] of mergedValues(ws, data, r, ctx, width)) {
    while (cells.length <= c) cells.push(null);
    cells[c] = v;
  }
  return cells;
}

/** Indices of rows that exist. Dense data may be sparse (holes), so only present rows are visited. */
function* presentRows(data: CellObject[][], from = 0): Generator<number> {
  for (let r = from; r < data.length; r++) if (data[r] !== undefined && data[r] !== null) yield r;
}

function workbookIsDate1904(wb: WorkBook): boolean {
  return wb.Workbook?.WBProps?.date1904 === true;
}

function readerError(file: string, err: unknown): Diagnostic {
  const msg = err instanceof Error ? err.message : '';
  // SheetJS messages may quote file content, so only a fixed reason goes into params.
  const reason = /password|encrypt/i.test(msg) ? 'encrypted' : 'parse';
  return diagnostic('file.unreadable', 'error', { file }, { reason });
}

/** A zip with no spreadsheet part (xl/… for OOXML, content.xml for ODS) is some other document: docx, zipped CSVs. */
function isWorkbookZip(names: readonly string[]): boolean {
  return names.some((n) => /^xl\//i.test(n) || n === 'content.xml');
}

/** Refuse before SheetJS inflates anything: zip bombs, encrypted or non-workbook zips. */
function zipProblem(bytes: Uint8Array, opts: ReadOptions): Diagnostic | null {
  const file = opts.fileName;
  const scan = scanZip(bytes, { maxUncompressedBytes: opts.maxUncompressedBytes ?? defaultLimits.maxUncompressedBytes });
  if (!scan.ok) {
    const code = scan.problem === 'too_large' ? 'file.too_large' : 'file.unreadable';
    return diagnostic(code, 'error', { file }, { reason: scan.reason });
  }
  return isWorkbookZip(scan.entries.map((e) => e.name)) ? null : diagnostic('file.not_spreadsheet', 'error', { file });
}

interface SheetRead {
  /** The table, when the sheet has a header row. */
  table: TableBuilder | null;
  hasCells: boolean;
}

/** One worksheet: find its header among the first rows, then convert the rows under it. */
function readSheet(
  ws: WorkSheet,
  ctx: CellContext,
  opts: ReadOptions,
  hidden: boolean,
  diagnostics: Diagnostic[],
  rowBudget: number,
): SheetRead {
  const data = ws['!data'];
  if (data === undefined) return { table: null, hasCells: false }; // chart sheets have no cells
  let width = 0;
  for (const r of presentRows(data)) width = Math.max(width, data[r]?.length ?? 0);
  const candidates = function* (): Generator<HeaderCandidate> {
    for (const r of presentRows(data)) yield { index: r, cells: headerCandidateCells(ws, data, r, ctx, width) };
  };
  const found = findHeader(candidates(), opts.isKnownHeader, opts.minKnownHeaders ?? defaultLimits.minKnownHeaders);
  if (found === null) return { table: null, hasCells: width > 0 };

  const headerCells = headerCandidateCells(ws, data, found.index, ctx, width);
  const table = new TableBuilder(diagnostics, { file: ctx.file, sheet: ctx.sheet, headerRow: found.index + 1, hidden }, headerCells);
  for (const r of presentRows(data, found.index + 1)) {
    const row = data[r] ?? [];
    const cells: CellValue[] = [];
    const problems: Diagnostic[] = [];
    for (let c = 0; c < row.length; c++) {
      const { value, problem } = convertCell(row[c], ctx, r, c);
      cells.push(value);
      if (problem) {
        const header = table.sheet.header[c];
        if (header) problem.params.header = header;
        problems.push(problem);
      }
    }
    const pending: PendingRow = { row: r + 1, cells, diagnostics: problems };
    // Stop as soon as the budget is exceeded: the caller refuses the file anyway.
    if (table.add(pending) && table.sheet.rows.length > rowBudget) break;
  }
  return { table, hasCells: true };
}

export function readWorkbook(bytes: Uint8Array, opts: ReadOptions, format: 'xlsx' | 'xls'): ReadResult {
  const file = opts.fileName;
  const diagnostics: Diagnostic[] = [];
  const result: ReadResult = { format, sheets: [], diagnostics };
  const maxRows = opts.maxRows ?? defaultLimits.maxRows;

  const refused = format === 'xlsx' ? zipProblem(bytes, opts) : null;
  if (refused) {
    diagnostics.push(refused);
    return result;
  }
  let wb: WorkBook;
  try {
    wb = XLSX.read(bytes, PARSE_OPTIONS);
  } catch (err) {
    diagnostics.push(readerError(file, err));
    return result;
  }

  const date1904 = workbookIsDate1904(wb);
  let anyCells = false;
  let rowCount = 0;
  for (const [index, name] of wb.SheetNames.entries()) {
    const ws = wb.Sheets[name];
    if (ws === undefined) {
      // SheetJS drops a sheet it cannot parse (a cell pointing past the shared strings, a missing part) without a
      // word; the workbook still lists it, so loading the other sheets would leave a hole nobody sees.
      diagnostics.push(diagnostic('file.sheet_missing', 'error', { file, sheet: name }));
      continue;
    }
    const hidden = (wb.Workbook?.Sheets?.[index]?.Hidden ?? 0) !== 0;
    const { table, hasCells } = readSheet(ws, { file, sheet: name, date1904 }, opts, hidden, diagnostics, maxRows - rowCount);
    anyCells ||= hasCells;
    if (table === null) continue;
    rowCount += table.sheet.rows.length;
    if (rowCount > maxRows) {
      // A refused file reports the refusal, not the rows nobody will load.
      return { format, sheets: [], diagnostics: [diagnostic('file.too_large', 'error', { file }, { maxRows })] };
    }
    result.sheets.push(table.sheet);
  }

  if (diagnostics.some((d) => d.code === 'file.sheet_missing')) return { format, sheets: [], diagnostics };
  if (!anyCells) diagnostics.push(diagnostic('file.empty', 'error', { file }));
  else if (result.sheets.length === 0) {
    diagnostics.push(
      diagnostic('file.header_not_found', 'error', { file }, { minKnownHeaders: opts.minKnownHeaders ?? defaultLimits.minKnownHeaders }),
    );
  }
  return result;
}
