// Delimited text (CSV/TXT) → one RawSheet. Decoding is strict, the delimiter is chosen by which one makes the
// header row make sense, and the header row is found by known header names (title rows above it are skipped).
import { diagnostic } from '../../schemas/diagnostics.ts';
import type { Diagnostic } from '../../schemas/diagnostics.ts';
import { decodeText } from './decode.ts';
import { tokenizeCsv } from './csv-parse.ts';
import { textCell } from './normalise.ts';
import { HEADER_SEARCH_ROWS, TableBuilder, findHeader } from './table.ts';
import type { CellValue, RawRow, ReadOptions, ReadResult } from './types.ts';
import { defaultLimits } from './types.ts';

type Delimiter = ';' | ',' | '\t';
// Order breaks ties: ';' is the Swedish default, tab next, comma last (it is also the decimal separator).
const DELIMITERS: readonly Delimiter[] = [';', '\t', ','];

function toRow(line: number, fields: readonly string[]): RawRow {
  const cells: CellValue[] = fields.map(textCell);
  return { row: line, cells };
}

/** Excel writes `sep=;` as a first line when asked to; it names the delimiter and is not data. */
function sepHint(text: string): { delimiter: Delimiter; rest: string; lines: number } | null {
  const m = /^sep=(.)\r?\n/i.exec(text);
  const d = m?.[1];
  if (m === null || (d !== ';' && d !== ',' && d !== '\t')) return null;
  return { delimiter: d, rest: text.slice(m[0].length), lines: 1 };
}

/** The delimiter under which the header row holds the most known headers (never papaparse's guess). */
function detectDelimiter(text: string, opts: ReadOptions, minKnown: number): Delimiter | null {
  let best: { d: Delimiter; score: number } | null = null;
  for (const d of DELIMITERS) {
    const { records } = tokenizeCsv(text, d, HEADER_SEARCH_ROWS);
    const rows = records.map((r, index) => ({ index, cells: toRow(r.line, r.fields).cells }));
    const found = findHeader(rows, opts.isKnownHeader, minKnown);
    if (found && (best === null || found.score > best.score)) best = { d, score: found.score };
  }
  return best?.d ?? null;
}

export function readCsv(bytes: Uint8Array, opts: ReadOptions): ReadResult {
  const file = opts.fileName;
  const diagnostics: Diagnostic[] = [];
  const minKnown = opts.minKnownHeaders ?? defaultLimits.minKnownHeaders;
  const maxRows = opts.maxRows ?? defaultLimits.maxRows;

  const decoded = decodeText(bytes, opts.encoding ?? 'auto');
  if (!decoded.ok) {
    return { format: 'csv', sheets: [], diagnostics: [diagnostic('file.unreadable', 'error', { file }, { reason: 'binary' })] };
  }
  const result: ReadResult = { format: 'csv', encoding: decoded.encoding, sheets: [], diagnostics };
  if (decoded.fellBack) {
    diagnostics.push(diagnostic('file.encoding_fallback', 'info', { file }, { encoding: 'windows-1252' }));
  }
  let text = decoded.text;
  if (text.trim() === '') {
    diagnostics.push(diagnostic('file.empty', 'error', { file }));
    return result;
  }

  let lineOffset = 0;
  let delimiter: Delimiter | null = opts.delimiter === undefined || opts.delimiter === 'auto' ? null : opts.delimiter;
  const hint = sepHint(text);
  if (hint) {
    text = hint.rest;
    lineOffset = hint.lines;
    delimiter ??= hint.delimiter;
  }
  delimiter ??= detectDelimiter(text, opts, minKnown);
  if (delimiter === null) {
    diagnostics.push(diagnostic('file.header_not_found', 'error', { file }, { minKnownHeaders: minKnown }));
    return result;
  }
  result.delimiter = delimiter;

  // Blank lines are not kept, so the cap (row limit + title rows + header) bounds memory, not just time.
  const tok = tokenizeCsv(text, delimiter, maxRows + HEADER_SEARCH_ROWS + 1);
  if (tok.unterminatedQuoteLine !== null) {
    diagnostics.push(diagnostic('file.unterminated_quote', 'error', { file, row: tok.unterminatedQuoteLine + lineOffset }));
    return result;
  }

  const rows = tok.records.map((r) => toRow(r.line + lineOffset, r.fields));
  const found = findHeader(
    rows.map((r, index) => ({ index, cells: r.cells })),
    opts.isKnownHeader,
    minKnown,
  );
  const headerRow = found === null ? undefined : rows[found.index];
  if (found === null || headerRow === undefined) {
    diagnostics.push(diagnostic('file.header_not_found', 'error', { file }, { minKnownHeaders: minKnown }));
    return result;
  }

  const fileLevel = diagnostics.length;
  const table = new TableBuilder(diagnostics, { file, headerRow: headerRow.row }, headerRow.cells);
  for (let i = found.index + 1; i < rows.length; i++) {
    const row = rows[i];
    if (row) table.add(row);
  }
  if (tok.truncated || table.sheet.rows.length > maxRows) {
    // A refused file reports the refusal, not the rows nobody will load.
    diagnostics.length = fileLevel;
    diagnostics.push(diagnostic('file.too_large', 'error', { file }, { maxRows }));
    return result;
  }
  result.sheets.push(table.sheet);
  return result;
}
