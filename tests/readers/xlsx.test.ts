import * as XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDelivery } from '../../connectors/readers/index.ts';
import type { ReadResult } from '../../connectors/readers/types.ts';
import { options, patchZip, workbook, writeBook } from './fixtures.ts';

const KNOWN = ['Händelsenummer', 'Registrerad', 'Händelsetyp', 'Adress', 'Kostnad (kr)', 'Polisanmäld', 'Datum', 'Tid', 'Antal'];
const opts = (extra = {}) => options(KNOWN, { fileName: 'export.xlsx', ...extra });
const codes = (r: ReadResult): string[] => r.diagnostics.map((d) => d.code);

/** A date cell as Excel stores it: a serial with a date number format. */
const dateCell = (serial: number, z = 'yyyy-mm-dd hh:mm'): XLSX.CellObject => ({ t: 'n', v: serial, z });

describe('XLSX: tables', () => {
  it('skips title rows, converts date cells to wall clock, keeps numbers and text, skips summary rows', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['Händelserapporter STORM – Lokalpolisområde Södertälje'],
      ['Uttag 2025-07-02'],
      [],
      ['Händelsenummer', 'Registrerad', 'Händelsetyp', 'Adress', 'Antal'],
      ['2025100000', dateCell(45889.14910879629, 'm/d/yy'), 'Ordningsstörning', '  Rosenvägen\u00A01A ', 3],
      ['2025100001', dateCell(45730), 'Bråk', 'Storgatan 1', 2.5],
      ['2025100002', dateCell(45731, 'yyyy-mm-dd'), 'Brand', '', 0],
      [],
      ['Summa', null, null, null, { t: 'n', v: 5.5, f: 'SUM(E5:E7)' }],
    ]);
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 5 } }];
    const r = readDelivery(writeBook(workbook([['Händelser', ws]])), opts());
    expect(r.format).toBe('xlsx');
    expect(r.diagnostics).toEqual([
      { code: 'row.summary_skipped', severity: 'info', location: { file: 'export.xlsx', sheet: 'Händelser', row: 9 }, params: {} },
    ]);
    expect(r.sheets).toEqual([
      {
        file: 'export.xlsx',
        sheet: 'Händelser',
        header: ['Händelsenummer', 'Registrerad', 'Händelsetyp', 'Adress', 'Antal'],
        headerRow: 4,
        rows: [
          { row: 5, cells: ['2025100000', '2025-08-20 03:34:43', 'Ordningsstörning', 'Rosenvägen 1A', 3] },
          { row: 6, cells: ['2025100001', '2025-03-14', 'Bråk', 'Storgatan 1', 2.5] },
          { row: 7, cells: ['2025100002', '2025-03-15', 'Brand', null, 0] },
        ],
      },
    ]);
  });

  it('returns time-only cells with the 1899-12-30 date part, and booleans as booleans', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['Datum', 'Tid', 'Polisanmäld'],
      [dateCell(45730, 'yyyy-mm-dd'), dateCell((22 * 60 + 41) / 1440, 'hh:mm'), true],
    ]);
    const r = readDelivery(writeBook(workbook([['Blad1', ws]])), opts());
    expect(r.sheets[0]?.rows[0]?.cells).toEqual(['2025-03-14', '1899-12-30 22:41:00', true]);
  });

  it('examines every sheet: skips an Info sheet, returns each month sheet with the header, flags hidden sheets', () => {
    const month = (d: number) => [
      ['Datum', 'Adress', 'Kostnad (kr)'],
      [dateCell(d, 'yyyy-mm-dd'), 'Hovsjövägen 12', '14 400,00 kr'],
    ];
    const wb = workbook([
      ['Info', [['Export från fastighetssystemet'], ['Period: 2025-01-01 – 2025-03-31']]],
      ['Januari', month(45660)],
      ['Februari', month(45691)],
      [
        'Listor',
        [
          ['Adress', 'Datum'],
          ['x', 'y'],
        ],
      ],
    ]);
    wb.Workbook = { Sheets: [{ name: 'Info' }, { name: 'Januari' }, { name: 'Februari' }, { name: 'Listor', Hidden: 1 }] };
    const r = readDelivery(writeBook(wb), opts());
    expect(r.sheets.map((s) => [s.sheet, s.rows[0]?.cells[0], s.hidden])).toEqual([
      ['Januari', '2025-01-03', undefined],
      ['Februari', '2025-02-03', undefined],
      ['Listor', 'x', true],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('fills merged header cells from the top-left cell, across and down', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['Datum', 'Adress', null, 'Händelsetyp'],
      [null, 'Gata', 'Nr', null],
      [dateCell(45730, 'yyyy-mm-dd'), 'Storgatan', '1', 'Brand'],
    ]);
    ws['!merges'] = [
      { s: { r: 0, c: 0 }, e: { r: 1, c: 0 } }, // Datum over two rows
      { s: { r: 0, c: 1 }, e: { r: 0, c: 2 } }, // Adress across two columns
      { s: { r: 0, c: 3 }, e: { r: 1, c: 3 } },
    ];
    const r = readDelivery(writeBook(workbook([['Data', ws]])), opts());
    // Row 1 (with the merge across) has Datum, Adress, Adress, Händelsetyp: four known, row 2 three.
    expect(r.sheets[0]?.header).toEqual(['Datum', 'Adress', 'Adress', 'Händelsetyp']);
    expect(r.sheets[0]?.headerRow).toBe(1);
    expect(codes(r)).toEqual(['file.duplicate_header']);
    const down = readDelivery(
      writeBook(workbook([['Data', ws]])),
      options(['Datum', 'Gata', 'Nr', 'Händelsetyp'], { fileName: 'export.xlsx' }),
    );
    expect(down.sheets[0]?.header).toEqual(['Datum', 'Gata', 'Nr', 'Händelsetyp']);
    expect(down.sheets[0]?.headerRow).toBe(2);
    expect(down.sheets[0]?.rows).toEqual([{ row: 3, cells: ['2025-03-14', 'Storgatan', '1', 'Brand'] }]);
  });

  it('reads hidden columns', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['Datum', 'Personnummer', 'Adress'],
      ['2025-01-01', '19850412-1234', 'Storgatan 1'],
    ]);
    ws['!cols'] = [{}, { hidden: true }, {}];
    const r = readDelivery(writeBook(workbook([['Data', ws]])), opts());
    expect(r.sheets[0]?.rows[0]?.cells).toEqual(['2025-01-01', '19850412-1234', 'Storgatan 1']);
  });

  it('uses the 1904 date system when the workbook says so', () => {
    const wb = workbook([
      [
        'Data',
        [
          ['Datum', 'Adress'],
          [dateCell(45730 - 1462, 'yyyy-mm-dd'), 'Storgatan 1'],
        ],
      ],
    ]);
    wb.Workbook = { WBProps: { date1904: true } };
    const r = readDelivery(writeBook(wb), opts());
    expect(r.sheets[0]?.rows[0]?.cells[0]).toBe('2025-03-14');
  });
});

describe('XLSX: formulas and errors', () => {
  it('uses cached formula values, reports formulas without value and error cells with their location', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['Datum', 'Antal', 'Kostnad (kr)', 'Tid'],
      ['2025-01-01', 4, { t: 'n', v: 8, f: 'B2*2' }, { t: 'e', v: 0x17, w: '#REF!' }],
      ['2025-01-02', 5, { t: 'n', f: 'B3*2' }, { t: 'e', v: 0x07, w: '#DIV/0!' }],
      // A row whose only content is an error left by a formula filled down: blank, nothing to report.
      [null, null, null, { t: 'e', v: 0x07, w: '#DIV/0!' }],
    ]);
    const bytes = patchZip(writeBook(workbook([['Data', ws]])), 'xl/worksheets/sheet1.xml', (xml) =>
      // Real exports (and openpyxl) write formulas with no <v> and no type: make C3 look like that.
      xml.replace(/<c r="C3"[^>]*>.*?<\/c>/, '<c r="C3"><f>B3*2</f></c>'),
    );
    const r = readDelivery(bytes, opts());
    expect(r.sheets[0]?.rows).toEqual([
      { row: 2, cells: ['2025-01-01', 4, 8, null] },
      { row: 3, cells: ['2025-01-02', 5, null, null] },
    ]);
    expect(r.diagnostics).toEqual([
      {
        code: 'row.error_cell',
        severity: 'warning',
        location: { file: 'export.xlsx', sheet: 'Data', row: 2, column: 'D' },
        params: { error: '#REF!', header: 'Tid' },
      },
      {
        code: 'file.formula_without_value',
        severity: 'error',
        location: { file: 'export.xlsx', sheet: 'Data', row: 3, column: 'C' },
        params: { header: 'Kostnad (kr)' },
      },
      {
        code: 'row.error_cell',
        severity: 'warning',
        location: { file: 'export.xlsx', sheet: 'Data', row: 3, column: 'D' },
        params: { error: '#DIV/0!', header: 'Tid' },
      },
    ]);
  });

  it('reports an error-typed formula without value (as SheetJS writes it) as a formula without value', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['Datum', 'Antal'],
      ['2025-01-01', { t: 'n', f: 'A2*3' }],
    ]);
    const r = readDelivery(writeBook(workbook([['Data', ws]])), opts());
    expect(codes(r)).toEqual(['file.formula_without_value']);
    expect(r.diagnostics[0]?.location).toEqual({ file: 'export.xlsx', sheet: 'Data', row: 2, column: 'B' });
  });
});

describe('XLSX: size and shape', () => {
  it('does not walk the used range: a sheet claiming A1:Z2000000 with a stub at the end is read at once', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['Datum', 'Adress'],
      ...Array.from({ length: 10 }, (_, i) => [`2025-01-${String(i + 1).padStart(2, '0')}`, `Gata ${i}`]),
    ]);
    const bytes = patchZip(writeBook(workbook([['Data', ws]])), 'xl/worksheets/sheet1.xml', (xml) =>
      xml
        .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:Z2000000"/>')
        .replace(
          '</sheetData>',
          '<row r="1999999"><c r="A1999999" s="0"/><c r="B1999999" t="s"/></row><row r="2000000"><c r="Z2000000" s="0"/></row></sheetData>',
        ),
    );
    const t0 = performance.now();
    const r = readDelivery(bytes, opts());
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.diagnostics).toEqual([]);
    expect(r.sheets[0]?.rows).toHaveLength(10);
    expect(r.sheets[0]?.rows.at(-1)).toEqual({ row: 11, cells: ['2025-01-10', 'Gata 9'] });
  });

  it('reads a workbook named .csv as xlsx', () => {
    const r = readDelivery(
      writeBook(
        workbook([
          [
            'Data',
            [
              ['Datum', 'Adress'],
              ['2025-01-01', 'A'],
            ],
          ],
        ]),
      ),
      opts({ fileName: 'export.csv' }),
    );
    expect(r.format).toBe('xlsx');
    expect(r.sheets[0]?.rows).toHaveLength(1);
  });

  it('reads legacy .xls (BIFF8) through the same path', () => {
    const bytes = writeBook(workbook([['Data', [['Titel'], ['Datum', 'Adress'], [dateCell(45730.5, 'yyyy-mm-dd hh:mm'), 'A']]]]), 'xls');
    const r = readDelivery(bytes, opts({ fileName: 'export.xls' }));
    expect(r.format).toBe('xls');
    expect(r.sheets[0]?.rows).toEqual([{ row: 3, cells: ['2025-03-14 12:00:00', 'A'] }]);
  });

  it('reports empty workbooks, missing headers and too many rows', () => {
    expect(codes(readDelivery(writeBook(workbook([['Tom', XLSX.utils.aoa_to_sheet([])]])), opts()))).toEqual(['file.empty']);
    const noHeader = readDelivery(writeBook(workbook([['Info', [['Bara text'], ['mer text']]]])), opts());
    expect(noHeader.diagnostics).toEqual([
      { code: 'file.header_not_found', severity: 'error', location: { file: 'export.xlsx' }, params: { minKnownHeaders: 2 } },
    ]);
    const rows = [['Datum', 'Adress'], ...Array.from({ length: 6 }, () => ['2025-01-01', 'A'])];
    const big = readDelivery(
      writeBook(
        workbook([
          ['A', rows],
          ['B', rows],
        ]),
      ),
      opts({ maxRows: 10 }),
    );
    expect(big.sheets).toEqual([]);
    expect(codes(big)).toEqual(['file.too_large']);
    const header = readDelivery(writeBook(workbook([['A', [['Datum', 'Adress']]]])), opts());
    expect(header.sheets[0]?.rows).toEqual([]);
  });

  it('refuses a zip that is not a workbook, and a corrupt workbook', () => {
    const wb = writeBook(
      workbook([
        [
          'Data',
          [
            ['Datum', 'Adress'],
            ['2025-01-01', 'A'],
          ],
        ],
      ]),
    );
    const broken = patchZip(wb, 'xl/workbook.xml', () => '<not-a-workbook');
    const r = readDelivery(broken, opts());
    expect(r.sheets).toEqual([]);
    expect(r.diagnostics.every((d) => d.severity === 'error')).toBe(true);
  });
});

describe('XLSX: properties', () => {
  const HEADER = ['Datum', 'Adress', 'Antal'];
  // Readers trim text, turn '' into null and skip summary rows: generate text cells that survive that unchanged.
  const text = fc
    .array(fc.constantFrom('a', 'Z', 'å', 'Ö', 'é', ' ', ';', '"', '<', '&', '1', '-', ':'), { minLength: 1, maxLength: 10 })
    .map((parts) => parts.join(''))
    .filter((s) => s.trim() === s && s !== '' && !/^(summa|totalt?|sum)\b/i.test(s));
  // Numbers as deliveries have them. (SheetJS's legacy xls path garbles subnormals and values near the double limits,
  // e.g. 1e-300 comes back as 7.47e-301; xlsx keeps every double.)
  const number = fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((n) => (n === 0 ? !Object.is(n, -0) : Math.abs(n) > 1e-12));
  const value = fc.oneof(text, number, fc.integer(), fc.boolean());
  const table = fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 12 });

  it('round-trips random tables of text, numbers and booleans, in xlsx and legacy xls', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('xlsx' as const, 'xls' as const), (rows, bookType) => {
        const r = readDelivery(writeBook(workbook([['Data', [HEADER, ...rows]]]), bookType), opts());
        expect(r.diagnostics).toEqual([]);
        expect(r.sheets[0]?.rows.map((x) => x.cells)).toEqual(rows);
      }),
      { numRuns: 60 },
    );
  });

  const month = (day: number) => [HEADER, [`2025-03-0${day}`, 'Storgatan 1', day]];
  const good = writeBook(
    workbook([
      ['Mars', month(1)],
      ['April', month(2)],
    ]),
  );

  it('refuses a workbook whose sheet is cut short anywhere, instead of reading the rows before the cut', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const r = readDelivery(
          patchZip(good, 'xl/worksheets/sheet2.xml', (xml) => xml.slice(0, n % xml.length)),
          opts(),
        );
        expect(r.sheets).toEqual([]);
        expect(r.diagnostics.map((d) => [d.code, d.params.reason])).toEqual([['file.unreadable', 'truncated_part']]);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on damaged sheet XML, and a refused workbook returns no sheet at all', () => {
    const noise = fc.string({ unit: fc.constantFrom('<', '>', '/', '"', '=', 'r', 'c', 'v', 't', 's', '1', 'A', ' '), maxLength: 20 });
    fc.assert(
      fc.property(fc.nat(), noise, (at, text) => {
        const edit = (xml: string): string => {
          // Inside the part, before its closing tag (a cut-off end is the property above).
          const p = at % (xml.length - '</worksheet>'.length);
          return xml.slice(0, p) + text + xml.slice(p + text.length);
        };
        const r = readDelivery(patchZip(good, 'xl/worksheets/sheet2.xml', edit), opts());
        if (r.diagnostics.some((d) => d.severity === 'error')) expect(r.sheets).toEqual([]);
        else expect(r.sheets[0]?.rows).toEqual([{ row: 2, cells: ['2025-03-01', 'Storgatan 1', 1] }]);
      }),
      { numRuns: 200 },
    );
  });
});
