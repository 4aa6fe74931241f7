import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readDelivery } from '../../connectors/readers/index.ts';
import type { ReadResult } from '../../connectors/readers/types.ts';
import { options, utf8 } from './fixtures.ts';

const cp1252 = (s: string): Uint8Array => new Uint8Array(iconv.encode(s, 'windows-1252'));
const codes = (r: ReadResult): string[] => r.diagnostics.map((d) => d.code);
const only = (r: ReadResult) => {
  expect(r.sheets).toHaveLength(1);
  const [sheet] = r.sheets;
  if (!sheet) throw new Error('no sheet');
  return sheet;
};

const SOCIAL = ['Personnummer', 'Inkom', 'Anmälare', 'Anledning', 'Ålder', 'Folkbokföringsadress'];

describe('CSV: encodings', () => {
  it('reads Windows-1252 with an info diagnostic, title rows, blank rows, CRLF and a summary row', () => {
    const text =
      'Orosanmälningar jan–mar 2025\r\n' +
      '\r\n' +
      ';;;;;\r\n' +
      'Inkom;Anmälare;Anledning;Ålder;Folkbokföringsadress\r\n' +
      '2025-06-25;Skola;Våld;14;Fornhöjdsvägen 27\r\n' +
      '\r\n' +
      '2025-07-29;Hälso- och sjukvård;Egen kriminalitet;5;Järnagatan 5\r\n' +
      'Summa;;;19;\r\n';
    const r = readDelivery(cp1252(text), options(SOCIAL));
    expect(r.format).toBe('csv');
    expect(r.encoding).toBe('windows-1252');
    expect(r.delimiter).toBe(';');
    expect(r.diagnostics).toEqual([
      { code: 'file.encoding_fallback', severity: 'info', location: { file: 'leverans.csv' }, params: { encoding: 'windows-1252' } },
      { code: 'row.summary_skipped', severity: 'info', location: { file: 'leverans.csv', row: 8 }, params: {} },
    ]);
    const sheet = only(r);
    expect(sheet.header).toEqual(['Inkom', 'Anmälare', 'Anledning', 'Ålder', 'Folkbokföringsadress']);
    expect(sheet.headerRow).toBe(4);
    expect(sheet.rows).toEqual([
      { row: 5, cells: ['2025-06-25', 'Skola', 'Våld', '14', 'Fornhöjdsvägen 27'] },
      { row: 7, cells: ['2025-07-29', 'Hälso- och sjukvård', 'Egen kriminalitet', '5', 'Järnagatan 5'] },
    ]);
    expect(JSON.stringify(r)).not.toContain('\uFFFD');
  });

  it('reads UTF-8 with BOM, comma-separated, quoted decimal commas', () => {
    const text =
      '\uFEFFÄrendenummer,Larmtid,Händelsetyp,Lat (WGS84),Long (WGS84)\n' +
      'RTJ-2025-00001,2025-04-09 07:41,Brand i byggnad,"59,130248","17,501390"\n';
    const r = readDelivery(utf8(text), options(['Ärendenummer', 'Larmtid', 'Händelsetyp']));
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.delimiter).toBe(',');
    expect(r.diagnostics).toEqual([]);
    const sheet = only(r);
    expect(sheet.header[0]).toBe('Ärendenummer');
    expect(sheet.rows[0]).toEqual({ row: 2, cells: ['RTJ-2025-00001', '2025-04-09 07:41', 'Brand i byggnad', '59,130248', '17,501390'] });
  });

  it('reads plain UTF-8 without a diagnostic, ignoring NUL padding and a DOS end-of-file mark', () => {
    const r = readDelivery(utf8('Datum;Område\n2025-01-01;Hovsjö\n\u001a\u0000\u0000'), options(['Datum', 'Område']));
    expect(r.encoding).toBe('utf-8');
    expect(r.diagnostics).toEqual([]);
    expect(only(r).rows).toEqual([{ row: 2, cells: ['2025-01-01', 'Hovsjö'] }]);
  });

  it('reads UTF-16LE with BOM (Excel "Unicode text")', () => {
    const text = 'Datum\tOmråde\r\n2025-01-01\tGeneta\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]);
    const r = readDelivery(bytes, options(['Datum', 'Område']));
    expect(r.encoding).toBe('utf-16le');
    expect(r.delimiter).toBe('\t');
    expect(only(r).rows[0]?.cells).toEqual(['2025-01-01', 'Geneta']);
  });

  it('honours an explicit encoding, but a BOM wins', () => {
    const r = readDelivery(cp1252('Datum;Område\n2025-01-01;Hovsjö\n'), options(['Datum', 'Område'], { encoding: 'windows-1252' }));
    expect(r.encoding).toBe('windows-1252');
    expect(codes(r)).toEqual([]);
    expect(only(r).rows[0]?.cells[1]).toBe('Hovsjö');
  });
});

describe('CSV: delimiters and quoting', () => {
  it('reads tab-separated text', () => {
    const text =
      'Datum\tTid\tOmråde/Objekt\tHändelsekategori\tBeskrivning\r\n2025-10-06\t04:29\tGeneta centrum\tNästan-händelse\tVäktare ingrep. \r\n';
    const r = readDelivery(
      utf8(text),
      options(['Datum', 'Tid', 'Område/Objekt', 'Händelsekategori', 'Beskrivning'], { fileName: 'rapporter.txt' }),
    );
    expect(r.delimiter).toBe('\t');
    expect(only(r).rows[0]?.cells).toEqual(['2025-10-06', '04:29', 'Geneta centrum', 'Nästan-händelse', 'Väktare ingrep.']);
  });

  it("picks ';' even when the free text has more commas than the header has semicolons", () => {
    const text =
      'Datum;Adress;Beskrivning\n' +
      '2025-01-01;Storgatan 1, 151 11 Södertälje;Glas, dörr, fönster, trapphus, hiss och soprum\n' +
      '2025-01-02;Kungsgatan 2;Klotter, sprejat, på, flera, ställen\n';
    const r = readDelivery(utf8(text), options(['Datum', 'Adress', 'Beskrivning']));
    expect(r.delimiter).toBe(';');
    expect(only(r).rows[0]?.cells).toEqual([
      '2025-01-01',
      'Storgatan 1, 151 11 Södertälje',
      'Glas, dörr, fönster, trapphus, hiss och soprum',
    ]);
  });

  it('uses a given delimiter and the sep= hint', () => {
    const forced = readDelivery(utf8('Datum,Adress\n2025-01-01,Storgatan 1\n'), options(['Datum', 'Adress'], { delimiter: ',' }));
    expect(only(forced).rows[0]?.cells).toEqual(['2025-01-01', 'Storgatan 1']);
    const wrong = readDelivery(utf8('Datum,Adress\n2025-01-01,Storgatan 1\n'), options(['Datum', 'Adress'], { delimiter: ';' }));
    expect(codes(wrong)).toEqual(['file.header_not_found']);
    const hinted = readDelivery(utf8('sep=;\r\nDatum;Adress\r\n2025-01-01;Storgatan 1\r\n'), options(['Datum', 'Adress']));
    expect(hinted.delimiter).toBe(';');
    expect(only(hinted).headerRow).toBe(2);
    expect(only(hinted).rows[0]).toEqual({ row: 3, cells: ['2025-01-01', 'Storgatan 1'] });
  });

  it('keeps delimiters, quotes and line breaks inside quoted fields, and numbers rows by their first line', () => {
    const text =
      'Datum;Beskrivning;Adress\r\n' +
      '2025-01-01;"Rad ett\r\nrad två; med semikolon och ""citat""";Storgatan 1\r\n' +
      '2025-01-02;12" skärm;"Kungsgatan 2"\r\n' +
      '2025-01-03;"Citat" efteråt;Torget\r\n';
    const r = readDelivery(utf8(text), options(['Datum', 'Beskrivning', 'Adress']));
    expect(only(r).rows).toEqual([
      { row: 2, cells: ['2025-01-01', 'Rad ett\r\nrad två; med semikolon och "citat"', 'Storgatan 1'] },
      { row: 4, cells: ['2025-01-02', '12" skärm', 'Kungsgatan 2'] },
      { row: 5, cells: ['2025-01-03', 'Citat efteråt', 'Torget'] },
    ]);
  });

  it('refuses an unterminated quote that would swallow the rest of the file', () => {
    const text = 'Datum;Beskrivning\n2025-01-01;ok\n2025-01-02;"trasig\n2025-01-03;borta\n2025-01-04;också borta\n';
    const r = readDelivery(utf8(text), options(['Datum', 'Beskrivning']));
    expect(r.sheets).toEqual([]);
    expect(r.diagnostics).toEqual([
      { code: 'file.unterminated_quote', severity: 'error', location: { file: 'leverans.csv', row: 3 }, params: {} },
    ]);
  });

  it('pads short rows and keeps non-empty cells beyond the header', () => {
    const r = readDelivery(utf8('Datum;Adress;Typ\n2025-01-01;A\n2025-01-02;B;C;;\n2025-01-03;B;C;extra\n'), options(['Datum', 'Adress']));
    expect(only(r).rows.map((x) => x.cells)).toEqual([
      ['2025-01-01', 'A', null],
      ['2025-01-02', 'B', 'C'],
      ['2025-01-03', 'B', 'C', 'extra'],
    ]);
  });
});

describe('CSV: headers', () => {
  it('warns about duplicate headers and is not corrupted by __proto__', () => {
    const text = 'Datum;Adress;__proto__;constructor;adress \n2025-01-01;A;x;y;B\n';
    const r = readDelivery(utf8(text), options(['Datum', 'Adress', '__proto__']));
    const sheet = only(r);
    expect(sheet.header).toEqual(['Datum', 'Adress', '__proto__', 'constructor', 'adress']);
    expect(sheet.rows[0]?.cells).toEqual(['2025-01-01', 'A', 'x', 'y', 'B']);
    expect(r.diagnostics).toEqual([
      {
        code: 'file.duplicate_header',
        severity: 'warning',
        location: { file: 'leverans.csv', row: 1, column: 'Adress' },
        params: { header: 'Adress', count: 2 },
      },
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reports a missing header by file name', () => {
    const r = readDelivery(utf8('Foo;Bar\n1;2\n'), options(['Datum', 'Adress'], { fileName: 'okänd.csv' }));
    expect(r.sheets).toEqual([]);
    expect(r.diagnostics).toEqual([
      { code: 'file.header_not_found', severity: 'error', location: { file: 'okänd.csv' }, params: { minKnownHeaders: 2 } },
    ]);
  });

  it('takes the best header row, not a title that names one column', () => {
    const r = readDelivery(
      utf8('Datum för uttag;2025-07-02\nDatum;Adress;Typ\n2025-01-01;A;B\n'),
      options(['Datum', 'Adress', 'Typ', 'Datum för uttag'], { minKnownHeaders: 1 }),
    );
    expect(only(r).headerRow).toBe(2);
  });

  it('gives a sheet with no rows for a header-only file', () => {
    const r = readDelivery(utf8('Datum;Adress\r\n'), options(['Datum', 'Adress']));
    expect(only(r).rows).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('CSV: bad input', () => {
  it('refuses empty and blank files', () => {
    expect(codes(readDelivery(new Uint8Array(), options(['Datum'])))).toEqual(['file.empty']);
    expect(codes(readDelivery(utf8('\uFEFF \r\n\r\n'), options(['Datum'])))).toEqual(['file.empty']);
  });

  it('refuses binary data as unreadable, whatever its name', () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    const r = readDelivery(bytes, options(['Datum'], { fileName: 'export.csv' }));
    expect(r.diagnostics).toEqual([
      { code: 'file.unreadable', severity: 'error', location: { file: 'export.csv' }, params: { reason: 'binary' } },
    ]);
  });

  it('reads a CSV named .xlsx as CSV', () => {
    const r = readDelivery(utf8('Datum;Adress\n2025-01-01;A\n'), options(['Datum', 'Adress'], { fileName: 'rapport.xlsx' }));
    expect(r.format).toBe('csv');
    expect(only(r).rows).toHaveLength(1);
  });

  it('enforces maxBytes and maxRows', () => {
    const text = 'Datum;Adress\n' + '2025-01-01;A\n'.repeat(20);
    expect(codes(readDelivery(utf8(text), options(['Datum', 'Adress'], { maxBytes: 100 })))).toEqual(['file.too_large']);
    const r = readDelivery(utf8(text), options(['Datum', 'Adress'], { maxRows: 10 }));
    expect(r.sheets).toEqual([]);
    expect(codes(r)).toEqual(['file.too_large']);
    expect(readDelivery(utf8(text), options(['Datum', 'Adress'], { maxRows: 20 })).sheets[0]?.rows).toHaveLength(20);
  });
});

describe('CSV: properties', () => {
  const HEADER = ['Datum', 'Adress', 'Beskrivning'];
  const alphabet = fc.constantFrom('a', 'Z', 'å', 'ä', 'ö', 'Å', 'Ä', 'Ö', 'é', ' ', ';', ',', '\t', '"', '\n', '\r\n', '1', '-', ':', '.');
  // Readers trim cells and turn '' into null; generate cells that survive that unchanged.
  const cell = fc
    .array(alphabet, { minLength: 1, maxLength: 12 })
    .map((parts) => parts.join(''))
    .filter((s) => s.trim() === s && s !== '' && !/^(summa|totalt?|sum)\b/i.test(s) && !/^[\s]*$/.test(s));
  const table = fc.array(fc.tuple(cell, cell, cell), { minLength: 0, maxLength: 15 });

  const quote = (s: string, d: string): string => (/[";,\t\r\n]/.test(s) || s.includes(d) ? `"${s.replace(/"/g, '""')}"` : s);

  it('round-trips random tables in every delimiter and encoding', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(';', ',', '\t'),
        fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252'),
        fc.constantFrom('\n', '\r\n'),
        (rows, d, enc, eol) => {
          const lines = [HEADER, ...rows].map((r) => r.map((c) => quote(c, d)).join(d));
          const text = lines.join(eol) + eol;
          const bytes = enc === 'windows-1252' ? cp1252(text) : utf8((enc === 'utf-8-bom' ? '\uFEFF' : '') + text);
          const r = readDelivery(bytes, options(HEADER));
          expect(r.diagnostics.filter((x) => x.severity !== 'info')).toEqual([]);
          expect(r.delimiter).toBe(d);
          const sheet = only(r);
          expect(sheet.header).toEqual(HEADER);
          expect(sheet.rows.map((x) => x.cells)).toEqual(rows);
          // Row numbers: the physical line where each record starts.
          let line = 2;
          sheet.rows.forEach((row, i) => {
            expect(row.row).toBe(line);
            line += (lines[i + 1] ?? '').split(/\r\n|\n/).length;
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never crashes on arbitrary bytes and never yields U+FFFD it did not receive', () => {
    const anyBytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...b])),
      fc.string({ maxLength: 200 }).map((s) => utf8(`Datum;Adress\n${s}`)),
      fc.string({ maxLength: 200 }).map((s) => cp1252(`Datum;Adress\n${s.replace(/[^\x00-\xff]/g, '?')}`)),
    );
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const r = readDelivery(bytes, options(['Datum', 'Adress']));
        for (const d of r.diagnostics) expect(typeof d.code).toBe('string');
        // A U+FFFD can only come out if the file itself contained one, correctly encoded.
        if (!Buffer.from(bytes).includes(Buffer.from([0xef, 0xbf, 0xbd]))) {
          for (const s of r.sheets) expect(JSON.stringify(s)).not.toContain('\uFFFD');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
