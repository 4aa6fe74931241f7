/**
 * Deterministic .xlsx output with the spreadsheet quirks actors produce: title rows, merged cells, real date cells
 * (serial + number format), text numbers, formulas with cached values, hidden columns, a "used range" larger than the
 * data. The creation date is fixed from the demo year so the same seed gives the same bytes.
 */
import { writeFile } from 'node:fs/promises';
import * as XLSX from '@e965/xlsx';
import type { Wall } from './time.ts';
import { excelSerial } from './time.ts';

export type Cell =
  | string
  | number
  | null
  | { date: Wall; format: string }
  | { number: number; format: string }
  | { formula: string; value: number; format?: string };

export interface SheetSpec {
  name: string;
  rows: readonly (readonly Cell[])[];
  /** Merged ranges, e.g. 'A1:F1'. */
  merges?: readonly string[];
  /** Column widths (characters); `hidden` hides a column. */
  cols?: readonly { wch?: number; hidden?: boolean }[];
  /** Extra empty rows included in the sheet's used range ("Excel says these are used"). */
  trailingUsedRows?: number;
}

function toCell(c: Exclude<Cell, null>): XLSX.CellObject {
  if (typeof c === 'string') return { t: 's', v: c };
  if (typeof c === 'number') return { t: 'n', v: c };
  if ('date' in c) return { t: 'n', v: excelSerial(c.date), z: c.format };
  if ('formula' in c) return c.format ? { t: 'n', v: c.value, f: c.formula, z: c.format } : { t: 'n', v: c.value, f: c.formula };
  return { t: 'n', v: c.number, z: c.format };
}

export function buildSheet(spec: SheetSpec): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  let maxCol = 0;
  spec.rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell === null) return;
      ws[XLSX.utils.encode_cell({ r, c })] = toCell(cell);
      maxCol = Math.max(maxCol, c);
    });
    maxCol = Math.max(maxCol, row.length - 1);
  });
  const lastRow = Math.max(0, spec.rows.length - 1 + (spec.trailingUsedRows ?? 0));
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: lastRow, c: maxCol } });
  if (spec.merges) ws['!merges'] = spec.merges.map((m) => XLSX.utils.decode_range(m));
  if (spec.cols) ws['!cols'] = spec.cols.map((c) => ({ ...c }));
  return ws;
}

export function workbookBytes(sheets: readonly SheetSpec[], year: number): Buffer {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, buildSheet(s), s.name);
  // SheetJS writes docProps dates; pin them so output is byte-stable.
  wb.Props = { CreatedDate: new Date(Date.UTC(year, 0, 1)), ModifiedDate: new Date(Date.UTC(year, 0, 1)) };
  // Without its own format table SheetJS copies the process-global one, which grows with every workbook read or
  // written in the process: number-format ids (and bytes) would then depend on what ran before.
  // Custom formats get ids from 164 up, as Excel numbers them.
  const table: Record<number, string> = { 0: 'General' };
  const formats = new Set<string>();
  for (const sheet of sheets) {
    for (const row of sheet.rows) {
      for (const cell of row) if (cell !== null && typeof cell === 'object' && cell.format) formats.add(cell.format);
    }
  }
  [...formats].forEach((f, i) => {
    table[164 + i] = f;
  });
  (wb as XLSX.WorkBook & { SSF?: Record<number, string> }).SSF = table;
  const out: unknown = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
  if (!Buffer.isBuffer(out)) throw new Error('SheetJS did not return a buffer');
  return out;
}

export async function writeWorkbook(path: string, sheets: readonly SheetSpec[], year: number): Promise<void> {
  await writeFile(path, workbookBytes(sheets, year));
}
