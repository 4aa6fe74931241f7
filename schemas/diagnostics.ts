/**
 * Row-level diagnostics: collected, never thrown. Each has a code, a severity, parameters and a location; one
 * formatter per code (reports/receipt) renders it in Swedish. Parameters must never carry personal data: callers
 * pass sanitised values only (see `Diagnostic.params`).
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Location {
  file: string;
  sheet?: string;
  /** 1-based row number as the user sees it (spreadsheet row, or CSV line of the record's start). */
  row?: number;
  /** Column header as written in the file, or a column letter when there is no header. */
  column?: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  location: Location;
  /** Sanitised parameters for the message (expected format, the offending value when it is not personal data). */
  params: Record<string, string | number>;
}

/** Every diagnostic code the pipeline can raise. Receipts have one Swedish formatter per code. */
export const diagnosticCodes = [
  // file level
  'file.empty',
  'file.unreadable',
  'file.too_large',
  'file.not_spreadsheet',
  'file.encoding_fallback',
  'file.header_not_found',
  'file.sheet_missing',
  'file.formula_without_value',
  'file.unknown_kind',
  'file.ambiguous_kind',
  'file.unterminated_quote',
  'file.duplicate_header',
  // columns
  'column.missing',
  'column.ignored',
  'column.personal_data',
  // rows and values
  'row.empty_required',
  'row.bad_date',
  'row.bad_time',
  'row.bad_number',
  'row.date_out_of_range',
  'row.date_outside_period',
  'row.bad_coordinate',
  'row.duplicate_key',
  'row.unknown_category',
  'row.error_cell',
  'row.summary_skipped',
  'row.personal_data',
  'row.unknown_area',
  // areas
  'area.unmatched',
  'area.ambiguous',
  // delivery
  'delivery.duplicate',
  'delivery.period_inferred',
  'delivery.replaced',
  'delivery.refused',
] as const;
export type DiagnosticCode = (typeof diagnosticCodes)[number];

export function diagnostic(
  code: DiagnosticCode,
  severity: Severity,
  location: Location,
  params: Record<string, string | number> = {},
): Diagnostic {
  return { code, severity, location, params };
}

/** Appends lists of diagnostics in order; a loop, not push(...list), which overflows the stack at a few 100 000. */
export function appendDiagnostics(target: Diagnostic[], ...lists: readonly (readonly Diagnostic[])[]): void {
  for (const list of lists) for (const d of list) target.push(d);
}
