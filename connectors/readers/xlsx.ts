// Workbook (xlsx, and legacy xls) → one RawSheet per sheet whose header is found. An .xlsx is read by our own
// OOXML reader (ooxml.ts); legacy .xls, .xlsb, .ods and packages it declines go through SheetJS, guarded by the zip
// pre-scan, with its cells turned into the same plain values: dates as wall-clock strings from the serial, formula
// cells by their cached value, error cells as null with a warning. Both end in the same grid → table code.
import * as XLSX from '@e965/xlsx';
import type { CellObject, WorkBook } from '@e965/xlsx';
import { diagnostic } from '../../schemas/diagnostics.ts';
import type { Diagnostic, Location } from '../../schemas/diagnostics.ts';
import { EXCEL_ERRORS, isDateFormat } from './cell-formats.ts';
import { formatWallClock, serialToWallClock } from './excel-date.ts';
import { cleanText, textCell } from './normalise.ts';
import { columnLetters, tableFromGrid } from './grid.ts';
import type { CellRange, GridRow } from './grid.ts';
import { OoxmlWorkbook, SheetScanner, faultOf, refusal, sheetMerges } from './ooxml.ts';
import type { SheetFault } from './ooxml.ts';
import type { CellValue, ReadOptions, ReadResult } from './types.ts';
import { defaultLimits } from './types.ts';
import { scanZipDirectory, verifyZipEntries } from './zip-scan.ts';

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

interface CellContext {
  file: string;
  sheet: string;
  date1904: boolean;
}

type Converted = { value: CellValue; problem?: Diagnostic };

function cellLocation(ctx: CellContext, r: number, c: number): Location {
  return { file: ctx.file, sheet: ctx.sheet, row: r + 1, column: columnLetters(c) };
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
      const code = typeof cell.v === 'number' ? EXCEL_ERRORS.get(cell.v) : undefined;
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
    case 's':
      return { value: textCell(String(cell.v ?? '')) };
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

/** A SheetJS sheet's rows that exist (dense data may have holes), converted. */
function* sheetJsRows(data: CellObject[][], ctx: CellContext): Generator<GridRow> {
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (row === undefined || row === null) continue;
    const cells: CellValue[] = [];
    let problems: GridRow['problems'] = null;
    for (let c = 0; c < row.length; c++) {
      const { value, problem } = convertCell(row[c], ctx, r, c);
      cells.push(value);
      if (problem) (problems ??= []).push({ column: c, diagnostic: problem });
    }
    yield { index: r, cells, problems };
  }
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

/** One sheet as either reader offers it: its rows, or why there are none to read. */
interface SheetSource {
  name: string;
  hidden: boolean;
  /** null: a sheet without cells (a chart sheet). */
  open(): SheetGrid | SheetFault | null;
}

interface SheetGrid {
  rows: Iterable<GridRow>;
  merges: readonly CellRange[];
  /** Known once the rows have been read: what stopped them. */
  fault(): SheetFault | null;
}

const isFault = (x: SheetGrid | SheetFault): x is SheetFault => 'kind' in x;

function sheetJsSources(wb: WorkBook, file: string): SheetSource[] {
  const date1904 = workbookIsDate1904(wb);
  return wb.SheetNames.map((name, index) => ({
    name,
    hidden: (wb.Workbook?.Sheets?.[index]?.Hidden ?? 0) !== 0,
    open: () => {
      const ws = wb.Sheets[name];
      // SheetJS drops a sheet it cannot parse (a cell pointing past the shared strings, a missing part) without a
      // word; the workbook still lists it.
      if (ws === undefined) return { kind: 'missing' };
      const data = ws['!data'];
      if (data === undefined) return null;
      return { rows: sheetJsRows(data, { file, sheet: name, date1904 }), merges: ws['!merges'] ?? [], fault: () => null };
    },
  }));
}

function ooxmlSources(book: OoxmlWorkbook, file: string): SheetSource[] {
  return book.sheets.map(({ name, hidden, part }) => ({
    name,
    hidden,
    open: () => {
      if (part === undefined) return { kind: 'missing' };
      if (part === null) return null;
      const xml = book.sheetXml(part);
      if (typeof xml !== 'string') return xml;
      const scanner = new SheetScanner(book, { file, sheet: name });
      return { rows: scanner.rows(xml), merges: sheetMerges(xml), fault: () => scanner.fault };
    },
  }));
}

/** Every sheet's table, under the row limit; a sheet that cannot be read refuses the whole workbook. */
function readSheets(sources: readonly SheetSource[], opts: ReadOptions, format: ReadResult['format']): ReadResult {
  const file = opts.fileName;
  const diagnostics: Diagnostic[] = [];
  const result: ReadResult = { format, sheets: [], diagnostics };
  const maxRows = opts.maxRows ?? defaultLimits.maxRows;
  const refuse = (d: Diagnostic): ReadResult => ({ format, sheets: [], diagnostics: [d] });
  let anyCells = false;
  let rowCount = 0;
  for (const source of sources) {
    const where = { file, sheet: source.name };
    const before = diagnostics.length;
    const opened = source.open();
    if (opened === null) continue;
    const read = isFault(opened)
      ? null
      : tableFromGrid(opened.rows, opened.merges, { ...where, hidden: source.hidden }, opts, diagnostics, maxRows - rowCount);
    const fault = isFault(opened) ? opened : opened.fault();
    if (fault !== null) {
      diagnostics.length = before;
      // Loading the other sheets of a workbook with one missing would leave a hole nobody sees.
      if (fault.kind === 'missing') diagnostics.push(diagnostic('file.sheet_missing', 'error', where));
      else return refuse(refusal(where, fault));
      continue;
    }
    if (read === null) continue;
    anyCells ||= read.hasCells;
    if (read.table === null) continue;
    rowCount += read.table.sheet.rows.length;
    // A refused file reports the refusal, not the rows nobody will load.
    if (rowCount > maxRows) return refuse(diagnostic('file.too_large', 'error', { file }, { maxRows }));
    result.sheets.push(read.table.sheet);
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

/**
 * An .xlsx by our reader, refused before anything is inflated when its directory says bomb, encrypted or not a
 * workbook. What our reader declines goes to SheetJS, once every entry has been inflated under a cap (SheetJS
 * inflates every entry unbounded).
 */
function readXlsx(bytes: Uint8Array, opts: ReadOptions): ReadResult {
  const file = opts.fileName;
  const refuse = (d: Diagnostic): ReadResult => ({ format: 'xlsx', sheets: [], diagnostics: [d] });
  const dir = scanZipDirectory(bytes, { maxUncompressedBytes: opts.maxUncompressedBytes ?? defaultLimits.maxUncompressedBytes });
  if (!dir.ok) return refuse(refusal({ file }, faultOf(dir)));
  if (!isWorkbookZip(dir.entries.map((e) => e.name))) return refuse(diagnostic('file.not_spreadsheet', 'error', { file }));
  const book = OoxmlWorkbook.open(bytes, dir.entries, file);
  if (book !== null && !(book instanceof OoxmlWorkbook)) return refuse(book);
  // A damaged entry is a damaged delivery, even in a part nobody reads; worksheets are checked as they are read.
  const verified = verifyZipEntries(bytes, book === null ? dir.entries : dir.entries.filter((e) => !book.readsPart(e.name)));
  if (!verified.ok) return refuse(refusal({ file }, faultOf(verified)));
  return book === null ? readWithSheetJs(bytes, opts, 'xlsx') : readSheets(ooxmlSources(book, file), opts, 'xlsx');
}

function readWithSheetJs(bytes: Uint8Array, opts: ReadOptions, format: 'xlsx' | 'xls'): ReadResult {
  let wb: WorkBook;
  try {
    wb = XLSX.read(bytes, PARSE_OPTIONS);
  } catch (err) {
    return { format, sheets: [], diagnostics: [readerError(opts.fileName, err)] };
  }
  return readSheets(sheetJsSources(wb, opts.fileName), opts, format);
}

export function readWorkbook(bytes: Uint8Array, opts: ReadOptions, format: 'xlsx' | 'xls'): ReadResult {
  return format === 'xlsx' ? readXlsx(bytes, opts) : readWithSheetJs(bytes, opts, format);
}
