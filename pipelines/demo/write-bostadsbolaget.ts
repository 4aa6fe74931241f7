/**
 * The public housing company: quarterly vandalism workbooks (Info sheet first, title and blank rows, a Summa row,
 * cost written differently per quarter) and the disturbance-duty log as plain UTF-8 CSV.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvFormat } from './csv.ts';
import { writeCsv } from './csv.ts';
import type { DisturbanceCall, Vandalism } from './events.ts';
import { dmyDots, hhmmDot, isoDate, monthOf } from './time.ts';
import type { Cell } from './xlsx.ts';
import { writeWorkbook } from './xlsx.ts';

export const COMPANY = 'Norrvikshem';
export const VANDALISM_FILE = (year: number, q: number): string => `Skadegorelse_${year}_Q${q}.xlsx`;
export const DISTURBANCE_FILE = (year: number): string => `Storningsjour_${year}.csv`;

const QUARTER_NAMES = ['jan–mar', 'apr–jun', 'jul–sep', 'okt–dec'] as const;
const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'] as const;
const NBSP = '\u00A0';

/** '14 400,00 kr' with a normal or a non-breaking space as thousands separator. */
export function kronor(amount: number, thousands: string): string {
  const [int = '0', dec = '00'] = amount.toFixed(2).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, thousands)},${dec} kr`;
}

type CostStyle = 'text-space' | 'text-nbsp' | 'number';
type DateStyle = 'date-cell' | 'datetime-cell' | 'text';

interface QuarterStyle {
  cost: CostStyle;
  date: DateStyle;
  costHeader: string;
  hiddenIdColumn: boolean;
  trailingUsedRows: number;
}

/** Each quarter was exported by someone else, from another version of the system. */
const QUARTERS: readonly QuarterStyle[] = [
  { cost: 'text-space', date: 'datetime-cell', costHeader: 'Kostnad (kr)', hiddenIdColumn: false, trailingUsedRows: 0 },
  { cost: 'text-nbsp', date: 'date-cell', costHeader: 'Kostnad (kr)', hiddenIdColumn: false, trailingUsedRows: 0 },
  { cost: 'number', date: 'text', costHeader: 'Kostnad kr', hiddenIdColumn: true, trailingUsedRows: 0 },
  { cost: 'number', date: 'date-cell', costHeader: 'Kostnad (kr)', hiddenIdColumn: false, trailingUsedRows: 25 },
];

function costCell(amount: number, style: CostStyle): Cell {
  switch (style) {
    case 'text-space':
      return kronor(amount, ' ');
    case 'text-nbsp':
      return kronor(amount, NBSP);
    case 'number':
      return { number: amount, format: '#,##0.00 "kr"' };
  }
}

function dateCell(v: Vandalism, style: DateStyle): Cell {
  switch (style) {
    case 'date-cell':
      return { date: v.date - (v.date % 86_400_000), format: 'yyyy-mm-dd' };
    case 'datetime-cell':
      return { date: v.date, format: 'yyyy-mm-dd hh:mm' };
    case 'text':
      return isoDate(v.date);
  }
}

export async function writeBostadsbolaget(
  root: string,
  year: number,
  vandalism: readonly Vandalism[],
  disturbances: readonly DisturbanceCall[],
): Promise<string[]> {
  const dir = join(root, 'inbox', 'bostadsbolaget');
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let q = 1; q <= 4; q++) {
    const style = QUARTERS[q - 1] as QuarterStyle;
    const rows = vandalism.filter((v) => Math.ceil(monthOf(v.date) / 3) === q);
    const header: Cell[] = ['Fastighet', 'Adress', 'Datum', 'Skadetyp', style.costHeader, 'Polisanmäld'];
    if (style.hiddenIdColumn) header.push('Internt id');
    const data: Cell[][] = rows.map((v, i) => {
      const row: Cell[] = [
        v.property,
        v.address,
        dateCell(v, style.date),
        v.damage,
        costCell(v.cost, style.cost),
        v.policeReported ? 'Ja' : 'Nej',
      ];
      if (style.hiddenIdColumn) row.push(`SK-${year}-${q}${String(i + 1).padStart(4, '0')}`);
      return row;
    });
    const total = rows.reduce((a, v) => a + v.cost, 0);
    const firstData = 4;
    const lastData = firstData + rows.length - 1;
    // Numeric quarters carry a real SUM formula (with its cached value); text quarters a typed-in total.
    const sum: Cell =
      style.cost === 'number'
        ? { formula: `SUM(E${firstData}:E${Math.max(firstData, lastData)})`, value: total, format: '#,##0.00 "kr"' }
        : costCell(total, style.cost);
    const period = `${year}-${String(q * 3 - 2).padStart(2, '0')}-01 – ${year}-${QUARTER_END[q - 1]}`;
    await writeWorkbook(
      join(dir, VANDALISM_FILE(year, q)),
      [
        { name: 'Info', rows: [[`Export från ${COMPANY} fastighetssystem`], [`Period: ${period}`], ['Kontakt: förvaltningen']] },
        {
          name: 'Data',
          rows: [
            [`Skadegörelse ${COMPANY} ${QUARTER_NAMES[q - 1]} ${year}`],
            [],
            header,
            ...data,
            [],
            ['Summa', null, null, null, sum, null],
          ],
          cols: style.hiddenIdColumn
            ? [{ wch: 16 }, { wch: 26 }, { wch: 16 }, { wch: 16 }, { wch: 14 }, { wch: 11 }, { hidden: true }]
            : undefined,
          trailingUsedRows: style.trailingUsedRows,
        },
      ],
      year,
    );
    files.push(`inbox/bostadsbolaget/${VANDALISM_FILE(year, q)}`);
  }

  const fmt: CsvFormat = { delimiter: ';', newline: '\n', encoding: 'utf8' };
  const rows: string[][] = [['Datum', 'Tid', 'Adress', 'Lgh nr', 'Störningstyp', 'Åtgärd']];
  for (const d of disturbances) rows.push([dmyDots(d.time), hhmmDot(d.time), d.address, d.apartment, d.kind, d.action]);
  await writeCsv(join(dir, DISTURBANCE_FILE(year)), rows, fmt);
  files.push(`inbox/bostadsbolaget/${DISTURBANCE_FILE(year)}`);
  return files;
}
