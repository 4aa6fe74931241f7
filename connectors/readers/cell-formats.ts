// What both workbook readers agree a cell means beyond its value: which number formats show a date, and Excel's
// error values. One rule for SheetJS's cells (xls, ods) and our own reader's (xlsx), so a date cell is a date in both.
import * as XLSX from '@e965/xlsx';

// SheetJS types SSF as any; is_date is the one function used from it.
const SSF: { is_date: (fmt: string) => boolean } = XLSX.SSF;

const dateFormatCache = new Map<string, boolean>();

/** Whether a number format code shows a date or time (SheetJS's rule: d, m, y, h, s outside quotes, AM/PM, [h]). */
export function isDateFormat(fmt: string | number | undefined): boolean {
  if (typeof fmt !== 'string' || fmt === 'General') return false;
  let known = dateFormatCache.get(fmt);
  if (known === undefined) {
    known = SSF.is_date(fmt);
    dateFormatCache.set(fmt, known);
  }
  return known;
}

/** Excel's error values by their BIFF number (as SheetJS stores them in `v`); any other error is #ERROR. */
export const EXCEL_ERRORS: ReadonlyMap<number, string> = new Map([
  [0x00, '#NULL!'],
  [0x07, '#DIV/0!'],
  [0x0f, '#VALUE!'],
  [0x17, '#REF!'],
  [0x1d, '#NAME?'],
  [0x24, '#NUM!'],
  [0x2a, '#N/A'],
  [0x2b, '#GETTING_DATA'],
]);
