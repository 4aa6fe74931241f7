/**
 * Workbooks built to hurt the reader: zip bombs, sheets claiming or holding a million rows, parts SheetJS drops
 * without a word. Each is refused (or read) within bounded time and memory, measured on this very process: the
 * worker thread that reads a workbook lives in it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildZip, patchZip, utf8 } from '../readers/fixtures.ts';
import {
  deflatedZeros,
  expectGoodLoaded,
  expectRefused,
  outcomeOf,
  peakRss,
  stormXlsx,
  STORM_HEADER,
  removeWorkspaces,
  withGoodDelivery,
  workbookParts,
  workbookWithSheetXml,
} from './helpers.ts';

const EXCEL_ROWS = 1_048_576;

/** A STORM sheet with a row in every one of Excel's 1 048 576 rows: 60 MB of XML in an 8 MB file, compressed 7:1 (no bomb). */
function millionRowSheet(): Uint8Array {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    `<row r="1">${STORM_HEADER.slice(0, 4)
      .map((h, i) => `<c r="${'ABCD'[i]}1" t="str"><v>${h}</v></c>`)
      .join('')}</row>`,
  ];
  for (let r = 2; r <= EXCEL_ROWS; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  parts.push('</sheetData></worksheet>');
  return workbookWithSheetXml(utf8(parts.join('')));
}

let million: Uint8Array | null = null;
const millionRows = (): Uint8Array => (million ??= millionRowSheet());

afterAll(removeWorkspaces);

describe('bad input: hostile workbooks', () => {
  it('a zip bomb (2 MB that inflates to 2 GB) is refused from its directory, and one that lies about its size after 1 MB', async () => {
    const t = await withGoodDelivery();
    const zeros = deflatedZeros(64);
    const honest = buildZip([
      ...workbookParts().filter((p) => p.name !== 'xl/worksheets/sheet1.xml'),
      { name: 'xl/worksheets/sheet1.xml', deflated: zeros.deflated, size: zeros.size },
    ]);
    const lying = buildZip([
      ...workbookParts().filter((p) => p.name !== 'xl/worksheets/sheet1.xml'),
      { name: 'xl/worksheets/sheet1.xml', deflated: zeros.deflated, size: zeros.size, declaredSize: 1024 * 1024 },
    ]);
    expect(honest.length).toBeLessThan(3 * 1024 * 1024);
    t.deliver('polis', 'STORM_2025-03.xlsx', honest);
    t.deliver('polis', 'STORM_2025-04.xlsx', lying);
    const { result: summary, peakMb, ms } = await peakRss(() => t.ingest());
    console.info(`zip bombs: refused in ${Math.round(ms)} ms (whole run), peak RSS +${Math.round(peakMb)} MB`);
    expect(ms).toBeLessThan(10_000);
    expect(peakMb).toBeLessThan(300);
    const honestReceipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.xlsx');
    expect(honestReceipt).toContain(
      'filen är för stor eller packar upp sig till för mycket data (innehållet packar upp sig till mer än tillåtet); dela upp leveransen',
    );
    const lyingReceipt = await expectRefused(t, summary, 'polis', 'STORM_2025-04.xlsx');
    expect(lyingReceipt).toContain(
      'filen är för stor eller packar upp sig till för mycket data (arkivets storleksuppgifter stämmer inte med innehållet)',
    );
    await expectGoodLoaded(t, summary);
  });

  it('a sheet that claims a million rows but holds three is read at once, without walking the claim', async () => {
    const t = await withGoodDelivery();
    const bytes = patchZip(
      stormXlsx([STORM_HEADER, ...[1, 2, 3].map((n) => [String(n), `2025-03-0${n} 10:00`, 'Bråk', `Storgatan ${n}`, '', ''])]),
      'xl/worksheets/sheet1.xml',
      (xml) =>
        xml
          .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')
          .replace('</sheetData>', '<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'),
    );
    t.deliver('polis', 'STORM_2025-03.xlsx', bytes);
    const { result: summary, peakMb, ms } = await peakRss(() => t.ingest());
    console.info(`claimed A1:XFD1048576: read in ${Math.round(ms)} ms (whole run), peak RSS +${Math.round(peakMb)} MB`);
    expect(ms).toBeLessThan(10_000);
    expect(peakMb).toBeLessThan(300);
    const o = outcomeOf(summary, 'STORM_2025-03.xlsx');
    expect([o.status, o.rowsAccepted]).toEqual(['loaded', 3]);
    await expectGoodLoaded(t, summary);
  });

  it('a sheet that really holds a million rows is refused when reading it needs more memory than allowed, and this process stays up', async () => {
    const t = await withGoodDelivery({ limits: { readMemoryMb: 128 } });
    t.deliver('polis', 'STORM_2025-03.xlsx', millionRows());
    const { result: summary, peakMb, ms } = await peakRss(() => t.ingest());
    console.info(`1 048 576 rows, 128 MB worker heap: refused in ${Math.round(ms)} ms (whole run), peak RSS +${Math.round(peakMb)} MB`);
    expect(ms).toBeLessThan(30_000);
    expect(peakMb).toBeLessThan(600);
    const receipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.xlsx');
    expect(receipt).toContain(
      'filen är för stor eller packar upp sig till för mycket data (inläsningen krävde mer minne än tillåtet); dela upp leveransen',
    );
    await expectGoodLoaded(t, summary);
  });

  it('a workbook that takes longer to read than allowed is stopped at the time limit and refused', async () => {
    const t = await withGoodDelivery({ limits: { readTimeoutSeconds: 1 } });
    t.deliver('polis', 'STORM_2025-03.xlsx', millionRows());
    const { result: summary, ms } = await peakRss(() => t.ingest());
    console.info(`1 048 576 rows, 1 s limit: refused in ${Math.round(ms)} ms (whole run)`);
    expect(ms).toBeLessThan(15_000);
    const receipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.xlsx');
    expect(receipt).toContain(
      'filen är för stor eller packar upp sig till för mycket data (inläsningen tog längre tid än tillåtet); dela upp leveransen',
    );
    await expectGoodLoaded(t, summary);
  });

  it('more data rows than limits.maxRows refuse the file with the limit', async () => {
    const t = await withGoodDelivery({ limits: { maxRows: 1000 } });
    const rows = Array.from({ length: 1500 }, (_, i) => [String(i + 1), '2025-03-01 10:00', 'Bråk', 'Storgatan 1', '', '']);
    t.deliver('polis', 'STORM_2025-03.xlsx', stormXlsx([STORM_HEADER, ...rows]));
    const summary = await t.ingest();
    const receipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.xlsx');
    expect(receipt).toContain('filen är för stor eller packar upp sig till för mycket data (fler än 1000 rader); dela upp leveransen');
    await expectGoodLoaded(t, summary);
  });

  it('a sheet pointing past the shared strings (which SheetJS drops silently) refuses the workbook, naming the sheet', async () => {
    const t = await withGoodDelivery();
    const strings = [
      'Händelsenummer',
      'Registrerad',
      'Händelsetyp',
      'Händelseplats',
      '1',
      '2025-03-01 10:00',
      'Bråk',
      'Storgatan 1',
      '2',
      '2025-03-02 10:00',
      'Kungsgatan 2',
    ];
    // Every cell a shared string, as Excel writes text: `<v>` is an index into xl/sharedStrings.xml.
    const sheet = (rows: number[][]): Uint8Array =>
      utf8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows
          .map((cells, r) => `<row r="${r + 1}">${cells.map((i, c) => `<c r="${'ABCD'[c]}${r + 1}" t="s"><v>${i}</v></c>`).join('')}</row>`)
          .join('')}</sheetData></worksheet>`,
      );
    const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const parts = (sharedStrings: string[] | null) => [
      {
        name: '[Content_Types].xml',
        data: utf8(
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
      },
      {
        name: '_rels/.rels',
        data: utf8(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
        ),
      },
      {
        name: 'xl/workbook.xml',
        data: utf8(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${ns}"><sheets><sheet name="Mars v1" sheetId="1" r:id="rId1"/><sheet name="Mars v2" sheetId="2" r:id="rId2"/></sheets></workbook>`,
        ),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: utf8(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${ns}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${ns}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
        ),
      },
      {
        name: 'xl/worksheets/sheet1.xml',
        data: sheet([
          [0, 1, 2, 3],
          [4, 5, 6, 7],
        ]),
      },
      {
        name: 'xl/worksheets/sheet2.xml',
        data: sheet([
          [0, 1, 2, 3],
          [8, 9, 6, 10],
        ]),
      },
      ...(sharedStrings
        ? [
            {
              name: 'xl/sharedStrings.xml',
              data: utf8(
                `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sharedStrings.map((x) => `<si><t>${x}</t></si>`).join('')}</sst>`,
              ),
            },
          ]
        : []),
    ];
    // The complete workbook loads both sheets (control).
    t.deliver('polis', 'STORM_2025-03_hel.xlsx', buildZip(parts(strings)));
    // Sheet 2 points at strings 8–10, which the table does not have; in the third file the table is gone.
    t.deliver('polis', 'STORM_2025-03.xlsx', buildZip(parts(strings.slice(0, 8))));
    t.deliver('polis', 'STORM_2025-04.xlsx', buildZip(parts(null)));
    const summary = await t.ingest();
    const control = outcomeOf(summary, 'STORM_2025-03_hel.xlsx');
    expect([control.status, control.rowsAccepted]).toEqual(['loaded', 2]);
    const sheetMissing =
      'bladet finns i arbetsboken men kunde inte läsas (trasig eller ofullständig fil); öppna filen i Excel, spara och leverera igen';
    const short = await expectRefused(t, summary, 'polis', 'STORM_2025-03.xlsx');
    expect(short).toContain(`Fel (raden eller filen lästes inte in):\n  blad "Mars v2": ${sheetMissing}\n\n`);
    const none = await expectRefused(t, summary, 'polis', 'STORM_2025-04.xlsx');
    expect(none).toContain(
      `Fel (raden eller filen lästes inte in):\n  blad "Mars v1": ${sheetMissing}\n  blad "Mars v2": ${sheetMissing}\n\n`,
    );
    await expectGoodLoaded(t, summary);
  });
});
