// Our own .xlsx reader against SheetJS, and against the XML that real exporters write and SheetJS gets wrong.
import * as XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDelivery } from '../../connectors/readers/index.ts';
import type { ReadResult } from '../../connectors/readers/types.ts';
import { buildZip, options, readZip, utf8 } from './fixtures.ts';

const KNOWN = ['Datum', 'Adress', 'Antal', 'Tid', 'Typ'];
const opts = (extra = {}) => options(KNOWN, { fileName: 'export.xlsx', ...extra });

/** The same workbook without its package relationships: our reader declines it and SheetJS reads it. */
const forSheetJs = (bytes: Uint8Array): Uint8Array => buildZip(readZip(bytes).filter((e) => e.name !== '_rels/.rels'));

describe('own OOXML reader', () => {
  const text = fc
    .array(
      fc.constantFrom('a', 'Z', 'å', 'Ö', 'é', ' ', '\u00A0', ';', '"', "'", '<', '>', '&', '1', '-', '\n', '\t', '😀', '_x0041_', 'Summa'),
      { minLength: 1, maxLength: 8 },
    )
    .map((parts) => parts.join(''));
  const number = fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true }));
  const dateFormat = fc.constantFrom(
    'yyyy-mm-dd',
    'yyyy-mm-dd hh:mm',
    'hh:mm',
    'm/d/yy',
    'd/m/yyyy h:mm:ss',
    '[h]:mm:ss',
    '0.00',
    '#,##0',
    '@',
  );
  const cell: fc.Arbitrary<XLSX.CellObject | null> = fc.oneof(
    text.map((v) => ({ t: 's' as const, v })),
    number.map((v) => ({ t: 'n' as const, v })),
    fc.boolean().map((v) => ({ t: 'b' as const, v })),
    fc.tuple(fc.double({ min: 0, max: 80_000, noNaN: true }), dateFormat).map(([v, z]) => ({ t: 'n' as const, v, z })),
    fc.tuple(number, fc.constantFrom('A1*2', 'SUM(B2:B9)')).map(([v, f]) => ({ t: 'n' as const, v, f })),
    text.map((v) => ({ t: 's' as const, v, f: 'CONCAT("x")' })),
    fc.constantFrom(0x07, 0x17, 0x2a).map((v) => ({ t: 'e' as const, v })),
    fc.constant(null),
  );
  const rows = fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 15 });
  const sheet = fc.record({
    title: fc.boolean(),
    header: fc.shuffledSubarray(KNOWN, { minLength: 1 }),
    rows,
    hidden: fc.boolean(),
  });
  const book = fc.record({ sheets: fc.array(sheet, { minLength: 1, maxLength: 3 }), date1904: fc.boolean(), sharedStrings: fc.boolean() });

  it('reads random workbooks exactly as the SheetJS path does: values, dates, formulas, errors, merges, hidden sheets', () => {
    fc.assert(
      fc.property(book, (spec) => {
        const wb = XLSX.utils.book_new();
        spec.sheets.forEach((s, i) => {
          const aoa: unknown[][] = [...(s.title ? [['Rapport över händelser'], []] : []), s.header, ...s.rows];
          const ws = XLSX.utils.aoa_to_sheet(aoa);
          if (s.title) ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 6 } }];
          XLSX.utils.book_append_sheet(wb, ws, `Blad ${i + 1}`);
        });
        wb.Workbook = { WBProps: { date1904: spec.date1904 }, Sheets: spec.sheets.map((s) => ({ Hidden: s.hidden ? 1 : 0 })) };
        const bytes = new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: spec.sharedStrings }) as Buffer);
        const ours = readDelivery(bytes, opts());
        expect(ours).toEqual(readDelivery(forSheetJs(bytes), opts()));
      }),
      { numRuns: 150 },
    );
  });

  const W = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  /** A package as an exporter writes it by hand: parts given as XML text. */
  function pkg(sheetXml: string, extra: { strings?: string; styles?: string; prefix?: string } = {}): Uint8Array {
    const p = extra.prefix ?? '';
    const rels = [
      `<Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/>`,
      extra.strings === undefined ? '' : `<Relationship Id="rId2" Type="${R}/sharedStrings" Target="/xl/sharedStrings.xml"/>`,
      extra.styles === undefined ? '' : `<Relationship Id="rId3" Type="${R}/styles" Target="styles.xml"/>`,
    ].join('');
    const ns = p === '' ? `xmlns="${W}"` : `xmlns:${p.slice(0, -1)}="${W}"`;
    const type = (part: string, kind: string) =>
      `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${kind}+xml"/>`;
    const parts = [
      {
        name: '[Content_Types].xml',
        data: utf8(
          `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${type('/xl/workbook.xml', 'sheet.main')}${type('/xl/worksheets/sheet1.xml', 'worksheet')}${extra.strings === undefined ? '' : type('/xl/sharedStrings.xml', 'sharedStrings')}${extra.styles === undefined ? '' : type('/xl/styles.xml', 'styles')}</Types>`,
        ),
      },
      {
        name: '_rels/.rels',
        data: utf8(
          `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
        ),
      },
      {
        name: 'xl/workbook.xml',
        data: utf8(
          `<?xml version="1.0"?><${p}workbook ${ns} xmlns:r="${R}"><${p}sheets><${p}sheet name="Data" sheetId="1" r:id="rId1"/></${p}sheets></${p}workbook>`,
        ),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: utf8(
          `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
        ),
      },
      {
        name: 'xl/worksheets/sheet1.xml',
        data: utf8(`<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${ns}>${sheetXml}</${p}worksheet>`),
      },
      ...(extra.strings === undefined ? [] : [{ name: 'xl/sharedStrings.xml', data: utf8(`<${p}sst ${ns}>${extra.strings}</${p}sst>`) }]),
      ...(extra.styles === undefined
        ? []
        : [{ name: 'xl/styles.xml', data: utf8(`<${p}styleSheet ${ns}>${extra.styles}</${p}styleSheet>`) }]),
    ];
    return buildZip(parts);
  }
  const rowsOf = (r: ReadResult) => r.sheets[0]?.rows.map((x) => x.cells);

  it('reads the x: prefix of OpenXML SDK exports, cells and rows without references, rich text and phonetic runs', () => {
    const bytes = pkg(
      '<x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c></x:row>' +
        '<x:row><x:c t="s"><x:v>2</x:v></x:c><x:c s="1"><x:v>45730.5</x:v></x:c></x:row>' +
        '<x:row r="5"><x:c r="B5" t="inlineStr"><x:is><x:t>Storgatan &amp; Torget</x:t></x:is></x:c></x:row></x:sheetData>',
      {
        prefix: 'x:',
        strings:
          '<x:si><x:t>Adress</x:t></x:si><x:si><x:r><x:t>Da</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>tum</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ダ</x:t></x:rPh></x:si>' +
          '<x:si><x:t xml:space="preserve"> Kungsgatan&#160;2_x000D_ </x:t></x:si>',
        styles:
          '<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></x:numFmts><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="164"/></x:cellXfs>',
      },
    );
    const r = readDelivery(bytes, opts());
    expect(r.diagnostics).toEqual([]);
    expect(r.sheets[0]?.header).toEqual(['Adress', 'Datum']);
    expect(r.sheets[0]?.rows).toEqual([
      { row: 2, cells: ['Kungsgatan 2', '2025-03-14 12:00:00'] },
      { row: 5, cells: [null, 'Storgatan & Torget'] },
    ]);
  });

  it('reports a formula without cached value even without a type, reads ISO date cells and refuses impossible ones', () => {
    const bytes = pkg(
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Datum</t></is></c><c r="B1" t="inlineStr"><is><t>Antal</t></is></c></row>' +
        '<row r="2"><c r="A2" t="d"><v>2025-03-14T22:41:00</v></c><c r="B2"><f>A1*2</f></c></row>' +
        '<row r="3"><c r="A3" t="d"><v>2025-02-30</v></c><c r="B3"><v>3</v></c><c r="C3" t="b"/></row></sheetData>',
    );
    const r = readDelivery(bytes, opts());
    expect(rowsOf(r)).toEqual([
      ['2025-03-14 22:41:00', null],
      [null, 3],
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.location.row, d.location.column, d.params.error])).toEqual([
      ['file.formula_without_value', 2, 'B', undefined],
      ['row.error_cell', 3, 'A', '#DATE'],
    ]);
  });

  it('refuses damaged sheet XML, a sheet that is not UTF-8 and a string index past the table, naming the sheet', () => {
    const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Datum</t></is></c><c r="B1" t="inlineStr"><is><t>Adress</t></is></c></row>';
    const unbalanced = readDelivery(pkg(`<sheetData>${header}<row r="2"><c r="A2"><v>1</v></row></sheetData>`), opts());
    expect(unbalanced.sheets).toEqual([]);
    expect(unbalanced.diagnostics.map((d) => [d.code, d.location.sheet, d.params.reason])).toEqual([['file.unreadable', 'Data', 'parse']]);

    const latin1 = buildZip(
      readZip(pkg(`<sheetData>${header}<row r="2"><c r="A2" t="inlineStr"><is><t>Gata</t></is></c></row></sheetData>`)).map((e) =>
        e.name.endsWith('sheet1.xml')
          ? { name: e.name, data: new Uint8Array(Buffer.from(new TextDecoder().decode(e.data).replace('Gata', 'Gäta'), 'latin1')) }
          : e,
      ),
    );
    expect(readDelivery(latin1, opts()).diagnostics.map((d) => [d.code, d.params.reason])).toEqual([['file.unreadable', 'encoding']]);

    const pastStrings = readDelivery(
      pkg(`<sheetData>${header}<row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData>`, { strings: '<si><t>x</t></si>' }),
      opts(),
    );
    expect(pastStrings.sheets).toEqual([]);
    expect(pastStrings.diagnostics.map((d) => [d.code, d.location.sheet])).toEqual([['file.sheet_missing', 'Data']]);
  });

  it('never throws on noise in any part of a shared-strings workbook; an error leaves no sheet', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['Datum', 'Adress', 'Antal'],
        [{ t: 'n', v: 45730.25, z: 'yyyy-mm-dd hh:mm' }, 'Storgatan 1', 3],
      ]),
      'Data',
    );
    const good = new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer);
    const entries = readZip(good).filter((e) => e.name.endsWith('.xml') || e.name.endsWith('.rels'));
    const noise = fc.string({
      unit: fc.constantFrom('<', '>', '/', '"', '=', 'r', 'c', 'v', 't', 's', 'i', '1', 'A', ' ', '&', ';'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.nat(entries.length - 1), fc.nat(), noise, (which, at, text) => {
        const target = entries[which]?.name ?? '';
        const bytes = buildZip(
          readZip(good).map((e) => {
            if (e.name !== target) return e;
            const xml = new TextDecoder().decode(e.data);
            const p = at % xml.length;
            return { name: e.name, data: utf8(xml.slice(0, p) + text + xml.slice(p + text.length)) };
          }),
        );
        const r = readDelivery(bytes, opts());
        if (r.diagnostics.some((d) => d.severity === 'error')) expect(r.sheets).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads crafted parts in linear time: unterminated tags by the hundred thousand are refused or skipped at once', () => {
    const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Datum</t></is></c><c r="B1" t="inlineStr"><is><t>Adress</t></is></c></row>';
    const cases = [
      // Shared strings whose items never end: the table cannot be trusted.
      pkg(`<sheetData>${header}</sheetData>`, { strings: '<si><t>x'.repeat(200_000) }),
      // Rows and cells that never close their start tags, then a proper end.
      pkg(`<sheetData>${header}${'<row r="2"<c '.repeat(200_000)}</sheetData>`),
      // Rows without cells before the one cell of the sheet.
      pkg(`<sheetData>${header}${'<row></row>'.repeat(200_000)}<row><c t="inlineStr"><is><t>x</t></is></c></row></sheetData>`),
      // Phonetic guides that never end, inside one string item.
      pkg(`<sheetData>${header}<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData>`, {
        strings: `<si><t>2025-03-01</t>${'<rPh><t>x</t>'.repeat(100_000)}</si>`,
      }),
    ];
    for (const bytes of cases) {
      const t0 = performance.now();
      const r = readDelivery(bytes, opts());
      // Quadratic scanning would take minutes here.
      expect(performance.now() - t0).toBeLessThan(5_000);
      if (r.diagnostics.some((d) => d.severity === 'error')) expect(r.sheets).toEqual([]);
    }
  });
});
