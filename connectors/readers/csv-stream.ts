// Large delimited files without materialising them. The header is found by the ordinary CSV reader on the head of
// the file; the rows are then read by DuckDB's CSV scanner (an in-memory instance of its own, never the lager),
// which parses at C++ speed and hands over only the columns a connector maps, a chunk at a time. Row numbers come
// from a quote-aware pre-scan of the bytes, so diagnostics name the same lines the whole-file reader would.
// Whatever this path cannot read exactly like readCsv (UTF-16, stray quotes, an unterminated quote, a title row
// broken over lines, a row wider than the header) is left to readCsv: `openCsvStream` answers 'fallback'.
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBDataChunk } from '@duckdb/node-api';
import { diagnostic, type Diagnostic } from '../../schemas/diagnostics.ts';
import { readCsv } from './csv.ts';
import { tokenizeCsv } from './csv-parse.ts';
import { looksBinary } from './decode.ts';
import { cleanText, textCell } from './normalise.ts';
import { appendRows } from './append.ts';
import { isSummaryRow } from './table.ts';
import type { CellValue, RawRow, ReadOptions, ReadResult } from './types.ts';
import { defaultLimits } from './types.ts';

/** The head given to readCsv for the header and delimiter: title rows and the header are near the top. */
const HEAD_BYTES = 1024 * 1024;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export type CsvStreamOpening =
  { kind: 'stream'; stream: CsvStream } | { kind: 'refused'; result: ReadResult } | { kind: 'fallback'; reason: string };

export interface CsvStream {
  /** As readCsv would describe the file: format, encoding, delimiter, one sheet with the header and no rows yet. */
  readonly head: ReadResult;
  /** Diagnostics found while streaming (summary rows skipped); complete once `rows` is exhausted. */
  readonly diagnostics: Diagnostic[];
  /**
   * The rows under the header with only `columns` filled (the rest null), blank rows left out, summary rows reported
   * and left out. Throws CsvStreamMismatch when DuckDB cannot read the file as the pre-scan did; the caller then
   * reads it the ordinary way.
   */
  rows(columns: readonly number[]): AsyncGenerator<RawRow[]>;
  /**
   * The same rows loaded as a table (`scan`) into an in-memory DuckDB instance of their own, for connectors that
   * judge each distinct value once instead of each row (see connectors/observe-table.ts). Blank and summary rows
   * are marked (the latter reported in `diagnostics`). Throws CsvStreamMismatch like `rows`, and DuckDB's own
   * error when the instance runs out of its `memoryMb` (see isOutOfMemory).
   */
  table(columns: readonly number[], memoryMb: number): Promise<ScanTable>;
  close(): void;
}

/**
 * A delivery's rows in an in-memory DuckDB instance: table `scan`, one row per record under the header (`rowid`
 * its index), the mapped column `index` as text named `column(index)` exactly as DuckDB read it (not yet cleaned:
 * '' and NULL both mean an empty field). Rows for which `skip` (a SQL condition on `scan`) holds are blank or summary
 * rows, to be left out. Nothing here is written to disk.
 */
export interface ScanTable {
  readonly connection: DuckDBConnection;
  /** A second connection to the instance, for appending while `connection` streams a result (see append.ts). */
  readonly writer: DuckDBConnection;
  readonly skip: string;
  column(index: number): string;
  /** The physical line (1-based) a record starts on, as readCsv numbers rows. */
  line(rec: number): number;
  close(): void;
}

/** The scanner and the pre-scan disagree about the file: nothing read this way can be trusted. */
export class CsvStreamMismatch extends Error {}

interface Layout {
  /** 1-based physical line where each non-empty record under the header starts. */
  recordLines: Int32Array;
  records: number;
  quotedLineBreak: boolean;
}

/**
 * Where every record under `headerLine` starts, by the rules of csv-parse.ts (a quote opens a quoted field only
 * at the start of a field; `""` inside is a quote). Null when the file has something DuckDB would read differently:
 * an unterminated quote, text after a closing quote, or a record that starts at or above the header and ends below it.
 */
function scanLayout(bytes: Uint8Array, delimiter: number, headerLine: number, maxRecords: number): Layout | null | 'too_large' {
  let lines = new Int32Array(1024);
  let records = 0;
  let quotedLineBreak = false;
  // Line endings outside quotes: 1 = LF, 2 = CRLF, 4 = a lone CR. DuckDB settles on one kind; a file mixing them
  // (or ending lines with a bare CR) is read by readCsv instead.
  let endings = 0;
  let line = 1;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const startLine = line;
    // The record's last line: where its line break is, or the last line when the file ends without one.
    let endLine = -1;
    let empty = true;
    for (;;) {
      if (bytes[i] === QUOTE) {
        empty = false;
        i++;
        for (;;) {
          if (i >= n) return null;
          const b = bytes[i];
          if (b === QUOTE) {
            if (bytes[i + 1] === QUOTE) i += 2;
            else {
              i++;
              break;
            }
          } else {
            if (b === LF || (b === CR && bytes[i + 1] !== LF)) {
              line++;
              quotedLineBreak = true;
            }
            i++;
          }
        }
        const after = bytes[i];
        if (i < n && after !== delimiter && after !== LF && after !== CR) return null;
      } else {
        while (i < n) {
          const b = bytes[i];
          if (b === delimiter || b === LF || b === CR) break;
          empty = false;
          i++;
        }
      }
      if (i >= n) break;
      if (bytes[i] === delimiter) {
        empty = false;
        i++;
        if (i >= n) break;
        continue;
      }
      endLine = line;
      const ending = bytes[i] === LF ? 1 : bytes[i + 1] === LF ? 2 : 4;
      endings |= ending;
      if (endings !== ending) return null;
      i += ending === 2 ? 2 : 1;
      line++;
      break;
    }
    if (endLine < 0) endLine = line;
    // DuckDB skips header lines physically: a record broken over lines up there would shift everything under it.
    if (startLine <= headerLine) {
      if (endLine !== startLine) return null;
      continue;
    }
    // A zero-length line is no record to DuckDB either; a line of delimiters or spaces is (and is dropped as blank).
    if (empty) continue;
    if (records >= maxRecords) return 'too_large';
    if (records === lines.length) {
      const grown = new Int32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[records++] = startLine;
  }
  return { recordLines: lines, records, quotedLineBreak };
}

/** The first HEAD_BYTES, cut after the last complete line. */
function headOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= HEAD_BYTES) return bytes;
  const cut = bytes.lastIndexOf(LF, HEAD_BYTES);
  return bytes.subarray(0, cut < 0 ? HEAD_BYTES : cut + 1);
}

/** Number of fields of the header record as written (trailing empty header cells included: rows carry them too). */
function headerWidth(head: Uint8Array, headerLine: number, delimiter: string): number {
  const text = new TextDecoder('utf-8').decode(head);
  const lines = text.split(/\r\n|\n|\r/);
  const record = tokenizeCsv(lines[headerLine - 1] ?? '', delimiter).records[0];
  return record?.fields.length ?? 0;
}

// What cleanText strips or turns into space at the ends (String.prototype.trim's whitespace, the invisible marks):
// a cell of only these is empty.
const BLANK_CHARS =
  '\t\n\v\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A' +
  '\u2028\u2029\u202F\u205F\u3000\uFEFF\u200B\u200C\u200D\u2060';

/**
 * The scan: the mapped columns as text, a flag for rows blank in every column, and (for the summary-row test) the
 * first non-blank cell when it could start "Summa"/"Totalt"/"Sum". Only integer-derived identifiers are spliced
 * in; the file, the delimiter and the blank characters are parameters.
 */
function scanSql(width: number, columns: readonly number[], parallel: boolean): string {
  const cols = Array.from({ length: width }, (_, i) => `c${i}`);
  const spec = cols.map((c) => `'${c}': 'VARCHAR'`).join(', ');
  const picked = columns.map((c) => `, c${c}`).join('');
  // DuckDB reads an empty field as NULL, so the first non-null cell is nearly always the first non-blank one: it is
  // when it starts with a visible character. Trimming (slow with this many blank characters) runs only for a cell
  // that starts with a blank one, and the trim over every column only for the rare row that is such a cell alone.
  const exact = `coalesce(${cols.map((c) => `nullif(trim(${c}, $blank), '')`).join(', ')})`;
  return `select first is null as blank, case when left(first, 1) in ('S', 's', 'T', 't') or contains($blank, left(first, 1)) then first end as summary ${picked}
  from (select case when any_cell is null then null when not contains($blank, left(any_cell, 1)) or trim(any_cell, $blank) <> '' then any_cell
      else ${exact} end as first ${picked}
    from (select coalesce(${cols.join(', ')}) as any_cell, *
      from read_csv($file, delim = $delim, quote = '"', escape = '"', header = false, skip = $skip,
        columns = {${spec}}, strict_mode = true, null_padding = true, auto_detect = false, parallel = ${parallel})))`;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Opens a delimited delivery for streaming. `path` is the file holding `bytes` (DuckDB reads the file; the bytes
 * are only pre-scanned). A Windows-1252 file is re-encoded into a private temporary file that `close` deletes.
 */
export async function openCsvStream(bytes: Uint8Array, path: string, opts: ReadOptions): Promise<CsvStreamOpening> {
  const file = opts.fileName;
  if (bytes.length === 0) return { kind: 'fallback', reason: 'empty' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { kind: 'fallback', reason: 'utf-16' };
  const last = bytes[bytes.length - 1];
  if (last === 0 || last === 0x1a || looksBinary(bytes)) return { kind: 'fallback', reason: 'padding or binary' };
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf8 = opts.encoding !== 'windows-1252' && isUtf8(bytes);

  let temp: string | null = null;
  let source = path;
  let body = bytes;
  const close = (): void => {
    if (temp !== null) rmSync(temp, { recursive: true, force: true });
    temp = null;
  };
  try {
    if (!utf8) {
      // windows-1252 maps every byte; DuckDB reads UTF-8, so the scanner gets a re-encoded private copy.
      body = Buffer.from(new TextDecoder('windows-1252').decode(hasBom ? bytes.subarray(3) : bytes), 'utf8');
      temp = mkdtempSync(join(tmpdir(), 'lagesbild-csv-'));
      source = join(temp, 'leverans.csv');
      writeFileSync(source, body, { mode: 0o600 });
    }
    const head = headOf(body);
    // The row limit is the pre-scan's to apply, over the whole file.
    const read = readCsv(head, { ...opts, encoding: 'utf-8', maxRows: Number.MAX_SAFE_INTEGER });
    const sheet = read.sheets[0];
    if (!sheet || read.diagnostics.some((d) => d.severity === 'error') || read.delimiter === undefined) {
      close();
      return { kind: 'fallback', reason: 'head' };
    }
    const headerLine = sheet.headerRow;
    const maxRows = opts.maxRows ?? defaultLimits.maxRows;
    const layout = scanLayout(body, read.delimiter.charCodeAt(0), headerLine, maxRows);
    if (layout === 'too_large') {
      close();
      return {
        kind: 'refused',
        result: { format: 'csv', sheets: [], diagnostics: [diagnostic('file.too_large', 'error', { file }, { maxRows })] },
      };
    }
    if (layout === null) {
      close();
      return { kind: 'fallback', reason: 'layout' };
    }
    const width = Math.max(headerWidth(head, headerLine, read.delimiter), sheet.header.length);
    const headResult: ReadResult = {
      format: 'csv',
      encoding: utf8 ? (hasBom ? 'utf-8-bom' : 'utf-8') : 'windows-1252',
      delimiter: read.delimiter,
      sheets: [{ ...sheet, rows: [] }],
      // Header-level findings only; the rows' own are found again while streaming.
      diagnostics: [
        ...(utf8 || opts.encoding === 'windows-1252'
          ? []
          : [diagnostic('file.encoding_fallback', 'info', { file }, { encoding: 'windows-1252' })]),
        ...read.diagnostics.filter((d) => d.location.row === undefined || d.location.row <= headerLine),
      ],
    };
    const stream = new DuckDBCsvStream(headResult, source, { delimiter: read.delimiter, headerLine, width, layout }, close);
    return { kind: 'stream', stream };
  } catch (error) {
    close();
    throw error;
  }
}

interface ScanPlan {
  delimiter: string;
  headerLine: number;
  width: number;
  layout: Layout;
}

/** Raw rows stay in this instance's memory; nothing spills to disk, nothing reaches the lager. */
async function scanInstance(memoryLimit: string): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: memoryLimit, temp_directory: '' });
  return { instance, connection: await instance.connect() };
}

class DuckDBCsvStream implements CsvStream {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly head: ReadResult,
    private readonly source: string,
    private readonly plan: ScanPlan,
    private readonly cleanup: () => void,
  ) {}

  async *rows(columns: readonly number[]): AsyncGenerator<RawRow[]> {
    const { plan } = this;
    const sheet = this.head.sheets[0];
    const file = sheet?.file ?? '';
    const headerWidth = sheet?.header.length ?? plan.width;
    this.diagnostics.length = 0;
    const { instance, connection } = await scanInstance('512MB');
    try {
      const scan = this.scan(columns);
      const result = await connection.stream(scan.sql, scan.params);
      let index = 0;
      let next: Promise<DuckDBDataChunk | null> = result.fetchChunk();
      for (;;) {
        const chunk = await next;
        if (chunk === null || chunk.rowCount === 0) break;
        // DuckDB reads the next chunk while this one is turned into rows.
        next = result.fetchChunk();
        const blank = chunk.getColumnVector(0);
        const summary = chunk.getColumnVector(1);
        const vectors = columns.map((_, k) => chunk.getColumnVector(k + 2));
        const rows: RawRow[] = [];
        for (let r = 0; r < chunk.rowCount; r++, index++) {
          if (index >= plan.layout.records) throw new CsvStreamMismatch('more records than the pre-scan found');
          const line = plan.layout.recordLines[index] ?? 0;
          if (blank.getItem(r) === true) continue;
          const candidate = textOf(summary.getItem(r));
          if (candidate !== null && isSummaryRow([cleanText(candidate)])) {
            this.diagnostics.push(diagnostic('row.summary_skipped', 'info', { file, row: line }));
            continue;
          }
          const cells: CellValue[] = new Array<CellValue>(headerWidth).fill(null);
          columns.forEach((c, k) => {
            const value = textOf(vectors[k]?.getItem(r));
            if (value === null) return;
            cells[c] = textCell(value);
          });
          rows.push({ row: line, cells });
        }
        yield rows;
      }
      if (index !== plan.layout.records) throw new CsvStreamMismatch(`${index} records read, ${plan.layout.records} expected`);
    } catch (error) {
      if (error instanceof CsvStreamMismatch) throw error;
      // DuckDB refused something the pre-scan let through (a row wider than the header, say): readCsv decides.
      throw new CsvStreamMismatch(error instanceof Error ? error.message : String(error));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  /** The scan of the file's mapped columns, as both `rows` and `table` run it. */
  private scan(columns: readonly number[]): { sql: string; params: Record<string, string | number> } {
    const { plan } = this;
    return {
      sql: scanSql(plan.width, columns, !plan.layout.quotedLineBreak),
      params: { file: this.source, delim: plan.delimiter, skip: plan.headerLine, blank: BLANK_CHARS },
    };
  }

  async table(columns: readonly number[], memoryMb: number): Promise<ScanTable> {
    const { plan } = this;
    const file = this.head.sheets[0]?.file ?? '';
    this.diagnostics.length = 0;
    const { instance, connection } = await scanInstance(`${memoryMb}MB`);
    const writer = await instance.connect();
    const close = (): void => {
      writer.closeSync();
      connection.closeSync();
      instance.closeSync();
    };
    try {
      // preserve_insertion_order (the default) keeps the file's order, so rowid is the record's index.
      const scan = this.scan(columns);
      await connection.run(`create table scan as ${scan.sql}`, scan.params);
      const total = await scalar(connection, 'select count(*) from scan');
      if (total !== plan.layout.records) throw new CsvStreamMismatch(`${total} records read, ${plan.layout.records} expected`);
      // The summary-row test runs once per distinct first cell, in JS, exactly as `rows` runs it.
      const candidates = await connection.runAndReadAll('select distinct summary from scan where not blank and summary is not null');
      const summaries = candidates
        .getRows()
        .map(([value]) => textOf(value))
        .filter((value): value is string => value !== null && isSummaryRow([cleanText(value)]));
      await connection.run('create table summaries (value varchar)');
      await appendRows(
        connection,
        'summaries',
        summaries.map((value) => [value]),
      );
      const skipped = await connection.runAndReadAll(
        'select rowid from scan where not blank and summary in (select value from summaries) order by rowid',
      );
      for (const [rec] of skipped.getRows()) {
        this.diagnostics.push(diagnostic('row.summary_skipped', 'info', { file, row: plan.layout.recordLines[Number(rec)] ?? 0 }));
      }
      return {
        connection,
        writer,
        skip: 'blank or coalesce(summary in (select value from summaries), false)',
        column: (index) => `c${index}`,
        line: (rec) => plan.layout.recordLines[rec] ?? 0,
        close,
      };
    } catch (error) {
      close();
      if (error instanceof CsvStreamMismatch || isOutOfMemory(error)) throw error;
      throw new CsvStreamMismatch(error instanceof Error ? error.message : String(error));
    }
  }

  close(): void {
    this.cleanup();
  }
}

/** DuckDB ran out of the memory its instance may use (nothing spills to disk here). */
export function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && /out of memory/i.test(error.message);
}

async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}
