// The streaming reader must read a file exactly as the whole-file reader does (same rows, same row numbers, same
// diagnostics), or decline and leave it to readCsv. Compared on random files and on the quirks real exports have.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvStreamMismatch, openCsvStream } from '../../connectors/readers/csv-stream.ts';
import { readDelivery } from '../../connectors/readers/index.ts';
import type { RawRow, ReadResult } from '../../connectors/readers/types.ts';
import { options, utf8 } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'lagesbild-csv-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const HEADER = ['Händelsenummer', 'Registrerad', 'Händelsetyp', 'Händelseplats', 'Sammanfattning'];
const cp1252 = (s: string): Uint8Array => new Uint8Array(iconv.encode(s, 'windows-1252'));

type Streamed = { kind: 'fallback' } | { kind: 'read'; result: ReadResult; rows: RawRow[] };

/** Everything the stream gives, in readCsv's shape: the head's sheet with the streamed rows, all diagnostics. */
async function stream(bytes: Uint8Array, known: readonly string[] = HEADER, extra = {}): Promise<Streamed> {
  const path = join(dir, `${files++}.csv`);
  writeFileSync(path, bytes);
  const opened = await openCsvStream(bytes, path, options(known, extra));
  if (opened.kind === 'fallback') return { kind: 'fallback' };
  if (opened.kind === 'refused') return { kind: 'read', result: opened.result, rows: [] };
  const s = opened.stream;
  try {
    const width = s.head.sheets[0]?.header.length ?? 0;
    const rows: RawRow[] = [];
    for await (const chunk of s.rows(Array.from({ length: width }, (_, i) => i))) rows.push(...chunk);
    return { kind: 'read', result: { ...s.head, diagnostics: [...s.head.diagnostics, ...s.diagnostics] }, rows };
  } catch (error) {
    if (error instanceof CsvStreamMismatch) return { kind: 'fallback' };
    throw error;
  } finally {
    s.close();
  }
}

/** Asserts the stream read `bytes` as readDelivery does; returns whether it streamed (true) or declined. */
async function expectSameAsWhole(bytes: Uint8Array, known: readonly string[] = HEADER, extra = {}): Promise<boolean> {
  const whole = readDelivery(bytes, options(known, extra));
  const streamed = await stream(bytes, known, extra);
  if (streamed.kind === 'fallback') return false;
  const { result, rows } = streamed;
  expect(result.diagnostics).toEqual(whole.diagnostics);
  expect(result.encoding).toEqual(whole.encoding);
  expect(result.delimiter).toEqual(whole.delimiter);
  expect(rows.map((r) => ({ row: r.row, cells: r.cells }))).toEqual(
    (whole.sheets[0]?.rows ?? []).map((r) => ({ row: r.row, cells: r.cells.slice(0, whole.sheets[0]?.header.length) })),
  );
  expect(result.sheets.map((s) => [s.header, s.headerRow])).toEqual(whole.sheets.map((s) => [s.header, s.headerRow]));
  return true;
}

describe('CSV streaming: the quirks of real exports, read as the whole-file reader reads them', () => {
  const row = (n: number, summary = 'Patrull på plats.') =>
    `2025${String(n).padStart(7, '0')};1/6/2025 00.0${n % 10};Ordningsstörning;Storgatan ${n};${summary}`;

  it('BOM, CRLF, title rows, blank and whitespace lines, a summary row: streamed, same rows and line numbers', async () => {
    const text = `\uFEFFSTORM-uttag juni\r\n\r\n${HEADER.join(';')}\r\n${row(1)}\r\n\r\n   \r\n;;;;\r\n${row(2)}\r\nSumma;;;;\r\n${row(3)}\r\n`;
    expect(await expectSameAsWhole(utf8(text))).toBe(true);
  });

  it('free text with quoted line breaks, quotes and delimiters: streamed (not parallel), line numbers still physical', async () => {
    const text = `${HEADER.join(';')}\n${row(1, '"Rad ett\nrad två; med ""citat"""')}\n${row(2, '"\r\nbara radbrytning"')}\n${row(3)}\n`;
    expect(await expectSameAsWhole(utf8(text))).toBe(true);
  });

  it('Windows-1252 is re-encoded privately and reported as readCsv reports it', async () => {
    const text = `${HEADER.join(';')}\r\n${row(1, 'Väktare ingrep – “lugnt”')}\r\n${row(2)}\r\n`;
    expect(await expectSameAsWhole(cp1252(text))).toBe(true);
  });

  it('an Excel sep= line, a tab file, a short row padded with empty cells', async () => {
    expect(await expectSameAsWhole(utf8(`sep=;\n${HEADER.join(';')}\n${row(1)}\n1;2\n`))).toBe(true);
    expect(await expectSameAsWhole(utf8(`${HEADER.join('\t')}\n${row(1).replaceAll(';', '\t')}\n`))).toBe(true);
  });

  it('declines what DuckDB would read differently: unterminated quote, text after a closing quote, a row wider than the header', async () => {
    expect((await stream(utf8(`${HEADER.join(';')}\n${row(1, '"öppen')}\n${row(2)}\n`))).kind).toBe('fallback');
    expect((await stream(utf8(`${HEADER.join(';')}\n${row(1, '"12" skärm')}\n`))).kind).toBe('fallback');
    expect((await stream(utf8(`${HEADER.join(';')}\n${row(1)};extra\n`))).kind).toBe('fallback');
    expect((await stream(utf8(`"Titel\növer två rader"\n${HEADER.join(';')}\n${row(1)}\n`))).kind).toBe('fallback');
  });

  it('refuses a file with more rows than the limit before reading any', async () => {
    const text = `${HEADER.join(';')}\n${[1, 2, 3, 4].map((n) => row(n)).join('\n')}\n`;
    const streamed = await stream(utf8(text), HEADER, { maxRows: 3 });
    expect(streamed.kind === 'read' && streamed.result.diagnostics.map((d) => d.code)).toEqual(['file.too_large']);
  });
});

describe('CSV streaming: properties', () => {
  const alphabet = fc.constantFrom(
    'a',
    'Z',
    'å',
    'Ö',
    'é',
    ' ',
    '\u00A0',
    ';',
    ',',
    '\t',
    '"',
    '\n',
    '\r\n',
    '\r',
    '1',
    '-',
    'S',
    'Summa',
    '',
  );
  const cell = fc.array(alphabet, { maxLength: 8 }).map((parts) => parts.join(''));
  const quote = (s: string, d: string): string => (/[";,\t\r\n]/.test(s) || s.includes(d) ? `"${s.replace(/"/g, '""')}"` : s);

  it('random files in every delimiter, encoding and line ending: streamed rows equal readCsv, or the stream declines', async () => {
    let streamed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { maxLength: 12 }),
        fc.array(cell, { maxLength: 2 }),
        fc.constantFrom(';', ',', '\t'),
        fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252'),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (rows, titles, d, enc, eol, raw) => {
          // `raw` writes cells unquoted: stray quotes, ragged rows and broken records as careless exports have them.
          const render = (r: string[]) => r.map((c) => (raw ? c : quote(c, d))).join(d);
          const text = [...titles, HEADER.join(d), ...rows.map(render)].join(eol) + eol;
          const safe = text.replace(/[^\x00-\xff\u2013\u201c\u201d]/g, '?');
          const bytes = enc === 'windows-1252' ? cp1252(safe) : utf8((enc === 'utf-8-bom' ? '\uFEFF' : '') + text);
          const took = await expectSameAsWhole(bytes);
          // A properly quoted file with one line ending throughout is what exports write: it must stream.
          if (!raw && titles.length === 0) expect(took).toBe(true);
          if (took) streamed++;
        },
      ),
      { numRuns: 150 },
    );
    // Most generated files are ordinary: the stream must take them, not decline everything.
    expect(streamed).toBeGreaterThan(25);
  });
});
