import type { Diagnostic } from '../../schemas/diagnostics.ts';

/**
 * One cell as a reader hands it on. Text is trimmed (NBSP → space, NFC); empty cells are null.
 * XLSX date-formatted cells arrive as wall-clock strings 'YYYY-MM-DD HH:MM:SS' ('YYYY-MM-DD' at midnight),
 * computed from the serial number, never through a JS Date in the process timezone.
 */
export type CellValue = string | number | boolean | null;

/** A data row. `row` is the 1-based row a user sees (spreadsheet row, or CSV line where the record starts). */
export interface RawRow {
  row: number;
  cells: CellValue[];
}

/**
 * One table found in a file. `header` holds the header cells as written (trimmed, whitespace collapsed);
 * callers match them with `normaliseHeader`. Rows are padded with null to the header's width; cells beyond the
 * header are kept only when some of them are non-empty (so nothing is dropped silently).
 */
export interface RawSheet {
  file: string;
  sheet?: string;
  header: string[];
  headerRow: number;
  rows: RawRow[];
  /** Set when the workbook marks the sheet hidden; hidden sheets are still read (the connector decides). */
  hidden?: boolean;
}

export interface ReadOptions {
  /** File name for diagnostics. */
  fileName: string;
  /** Called with `normaliseHeader(cell)`; decides which row is the header row. */
  isKnownHeader: (normalisedHeader: string) => boolean;
  /** A row with at least this many known headers is the header row. Default 2. */
  minKnownHeaders?: number;
  /** Default 'auto': the delimiter under which the header row has the most known headers. */
  delimiter?: ';' | ',' | '\t' | 'auto';
  /** Default 'auto': BOM, else strict UTF-8, else Windows-1252. */
  encoding?: 'auto' | 'utf-8' | 'windows-1252';
  /** Default 200 MB. */
  maxBytes?: number;
  /** Default 5 000 000 data rows over all sheets. */
  maxRows?: number;
  /** Default 1 GB summed over all zip entries. */
  maxUncompressedBytes?: number;
}

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface ReadResult {
  /** 'xls' is the legacy Excel 97–2003 binary workbook, read through the same path as xlsx. */
  format: 'csv' | 'xlsx' | 'xls';
  encoding?: TextEncodingName;
  delimiter?: string;
  sheets: RawSheet[];
  diagnostics: Diagnostic[];
}

export const defaultLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxRows: 5_000_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  minKnownHeaders: 2,
} as const;
