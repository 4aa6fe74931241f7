// Entry point for every delivery: choose the reader by the file's first bytes, never by its name (a workbook
// named .csv and a CSV named .xlsx both arrive).
import { diagnostic } from '../../schemas/diagnostics.ts';
import { readCsv } from './csv.ts';
import { defaultLimits } from './types.ts';
import type { ReadOptions, ReadResult } from './types.ts';
import { readWorkbook } from './xlsx.ts';

export { normaliseHeader } from './normalise.ts';
export { cellText } from './cell-text.ts';
export type { CellValue, RawRow, RawSheet, ReadOptions, ReadResult } from './types.ts';

export type SniffedFormat = 'zip' | 'cfb' | 'text';

/** PK\3\4 (or an empty/spanned zip) → zip container; D0 CF 11 E0 → OLE2 compound file (xls, or encrypted xlsx). */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  const [a, b, c, d] = bytes;
  if (a === 0x50 && b === 0x4b && ((c === 3 && d === 4) || (c === 5 && d === 6) || (c === 7 && d === 8))) return 'zip';
  const cfb = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  if (bytes.length >= 8 && cfb.every((x, i) => bytes[i] === x)) return 'cfb';
  return 'text';
}

/** The format a read result reports for a sniffed file. */
export function readFormat(format: SniffedFormat): ReadResult['format'] {
  return format === 'zip' ? 'xlsx' : format === 'cfb' ? 'xls' : 'csv';
}

export function readDelivery(bytes: Uint8Array, opts: ReadOptions): ReadResult {
  const file = opts.fileName;
  const maxBytes = opts.maxBytes ?? defaultLimits.maxBytes;
  if (bytes.length === 0) {
    return { format: 'csv', sheets: [], diagnostics: [diagnostic('file.empty', 'error', { file })] };
  }
  const format = sniffFormat(bytes);
  if (bytes.length > maxBytes) {
    return {
      format: readFormat(format),
      sheets: [],
      diagnostics: [diagnostic('file.too_large', 'error', { file }, { maxBytes })],
    };
  }
  switch (format) {
    case 'zip':
      return readWorkbook(bytes, opts, 'xlsx');
    case 'cfb':
      return readWorkbook(bytes, opts, 'xls');
    case 'text':
      return readCsv(bytes, opts);
  }
}
