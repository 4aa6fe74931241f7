/**
 * The CSV extract, made for Excel on Swedish Windows: UTF-8 with BOM (so Excel does not guess Windows-1252),
 * `;` between fields, CRLF, decimal comma without grouping, ISO dates. Suppressed values are `..`, never 0 or blank.
 */
import { csvValue, displayUnit, SUPPRESSED } from './format.ts';
import { extractRows } from './rows.ts';
import { reasonText, STATUS_LABEL } from './texts.ts';
import type { ViewExtract } from './types.ts';

export const CSV_HEADER = [
  'Indikator',
  'Indikatorkod',
  'Område',
  'Områdeskod',
  'Nivå',
  'Period',
  'Periodstart',
  'Periodslut',
  'Värde',
  'Status',
  'Förklaring',
  'Underlag',
  'Osäkerhet nedre',
  'Osäkerhet övre',
] as const;

const BOM = '\uFEFF';

/** Any line break, including the Unicode ones that line-based tools split on. */
const LINE_BREAKS = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/gu;
/** Starts a formula in Excel, LibreOffice or Google Sheets (also after leading blanks; full-width forms in CJK Excel). */
const FORMULA_START = /^[\t\r]|^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;

/**
 * Makes text from the extract (area names, labels, codes) safe to open in a spreadsheet. Line breaks become spaces
 * first: otherwise "x\n=1+1" puts a formula at the start of a line for any tool that reads the file line by line
 * (papaparse's escapeFormulae checks only the start of the field). Then a leading formula character gets a `'`.
 */
export function spreadsheetText(text: string): string {
  const oneLine = text.replace(LINE_BREAKS, ' ');
  return FORMULA_START.test(oneLine) ? `'${oneLine}` : oneLine;
}

/** RFC 4180 quoting for `;`-separated fields. */
const quoted = (field: string): string => (/[;"]/u.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

const text = (value: string): string => quoted(spreadsheetText(value));

export function extractCsv(x: ViewExtract): Uint8Array {
  const lines = [CSV_HEADER.join(';')];
  for (const { indicator, area, period, cell } of extractRows(x)) {
    lines.push(
      [
        text(`${indicator.label}, ${displayUnit(indicator)}`),
        text(indicator.code),
        text(area.name),
        text(area.code),
        String(area.level),
        text(period.label),
        text(period.start),
        text(period.end),
        // Our own numbers are not text: a negative bound must stay a number, so they bypass the formula guard.
        csvValue(indicator, cell.value),
        text(STATUS_LABEL[cell.status]),
        text(reasonText(cell, x.suppression.k)),
        cell.basis === undefined ? '' : cell.basis === null ? SUPPRESSED : String(cell.basis),
        csvValue(indicator, cell.lower),
        csvValue(indicator, cell.upper),
      ].join(';'),
    );
  }
  return new TextEncoder().encode(`${BOM}${lines.join('\r\n')}\r\n`);
}
