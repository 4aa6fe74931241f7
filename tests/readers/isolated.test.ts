import { describe, expect, it } from 'vitest';
import { normaliseHeader, readDelivery } from '../../connectors/readers/index.ts';
import { readDeliveryIsolated } from '../../connectors/readers/isolated.ts';
import { options, utf8, workbook, writeBook } from './fixtures.ts';

const KNOWN = ['Datum', 'Adress', 'Antal'];
const known = KNOWN.map(normaliseHeader);
const limits = { timeoutMs: 60_000, maxOldGenerationSizeMb: 512 };

describe('reading in a worker thread', () => {
  it('gives what the in-process reader gives, for xlsx, legacy xls, small and large text', async () => {
    const rows = [['Titel'], KNOWN, ['2025-03-14', 'Storgatan 1', 3], ['2025-03-15', 'Kungsgatan 2', 4.5]];
    const big = `Datum;Adress;Antal\n${'2025-03-14;Storgatan 1;3\n'.repeat(340_000)}`;
    const files: Array<[string, Uint8Array]> = [
      [
        'export.xlsx',
        writeBook(
          workbook([
            ['Info', [['Export']]],
            ['Data', rows],
          ]),
        ),
      ],
      ['export.xls', writeBook(workbook([['Data', rows]]), 'xls')],
      ['export.csv', utf8('Datum;Adress;Antal\n2025-03-14;Storgatan 1;3\n')],
      ['stor.csv', utf8(big)],
    ];
    expect(files[3]?.[1].length).toBeGreaterThan(8 * 1024 * 1024);
    for (const [fileName, bytes] of files) {
      const isolated = await readDeliveryIsolated(bytes, { fileName, knownHeaders: known }, limits);
      // As JSON: a deep comparison of 340 000 rows takes seconds, the strings a few milliseconds.
      expect(JSON.stringify(isolated), fileName).toBe(JSON.stringify(readDelivery(bytes, options(KNOWN, { fileName }))));
      expect(isolated.sheets.length, fileName).toBe(1);
    }
  });

  it('passes the limits on: row limit and zip pre-scan happen inside the worker', async () => {
    const rows = [KNOWN, ...Array.from({ length: 20 }, () => ['2025-03-14', 'Storgatan 1', 1])];
    const r = await readDeliveryIsolated(
      writeBook(workbook([['Data', rows]])),
      { fileName: 'export.xlsx', knownHeaders: known, maxRows: 10 },
      limits,
    );
    expect(r.diagnostics.map((d) => [d.code, d.params])).toEqual([['file.too_large', { maxRows: 10 }]]);
    const small = await readDeliveryIsolated(
      writeBook(workbook([['Data', rows]])),
      { fileName: 'export.xlsx', knownHeaders: known, maxUncompressedBytes: 100 },
      limits,
    );
    expect(small.diagnostics.map((d) => [d.code, d.params])).toEqual([['file.too_large', { reason: 'uncompressed_size' }]]);
  });
});
