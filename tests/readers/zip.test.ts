import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDelivery } from '../../connectors/readers/index.ts';
import { scanZip, scanZipDirectory } from '../../connectors/readers/zip-scan.ts';
import { buildZip, crc32, options, readZip, utf8, workbook, writeBook } from './fixtures.ts';

const MB = 1024 * 1024;
const opts = options(['Datum', 'Adress'], { fileName: 'bomb.xlsx' });

/** The parts of a real small workbook, so a bomb looks like an xlsx to everything but the sizes. */
const realParts = () =>
  readZip(
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
  );

// 50 MB of zeros deflates to ~50 KB: built once, reused.
const zeros = new Uint8Array(50 * MB);
const bombPayload = deflateRawSync(zeros, { level: 9 });
const bombCrc = crc32(zeros);

describe('zip pre-scan', () => {
  it('accepts a real workbook', () => {
    const scan = scanZip(writeBook(workbook([['Data', [['Datum'], [1]]]])), { maxUncompressedBytes: 10 * MB });
    expect(scan.ok).toBe(true);
  });

  it('refuses a zip bomb from the central directory alone, quickly', () => {
    expect(bombPayload.length).toBeLessThan(100 * 1024);
    const bytes = buildZip([
      ...realParts().filter((p) => p.name !== 'xl/worksheets/sheet1.xml'),
      { name: 'xl/worksheets/sheet1.xml', deflated: bombPayload, size: zeros.length, crc: bombCrc },
    ]);
    expect(bytes.length).toBeLessThan(200 * 1024);
    const t0 = performance.now();
    const dir = scanZipDirectory(bytes, { maxUncompressedBytes: 1024 * MB });
    const r = readDelivery(bytes, opts);
    // Inflating 50 MB and parsing it would take far longer; the directory scan touches a few hundred bytes.
    expect(performance.now() - t0).toBeLessThan(100);
    expect(dir).toEqual({ ok: false, problem: 'too_large', reason: 'compression_ratio' });
    expect(r.sheets).toEqual([]);
    expect(r.diagnostics).toEqual([
      { code: 'file.too_large', severity: 'error', location: { file: 'bomb.xlsx' }, params: { reason: 'compression_ratio' } },
    ]);
  });

  it('refuses an entry whose directory lies about its size, inflating no more than the lie', () => {
    const bytes = buildZip([
      ...realParts(),
      { name: 'xl/media/image1.png', deflated: bombPayload, size: zeros.length, declaredSize: 1000, crc: bombCrc },
    ]);
    const t0 = performance.now();
    const r = readDelivery(bytes, opts);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(r.diagnostics).toEqual([
      { code: 'file.too_large', severity: 'error', location: { file: 'bomb.xlsx' }, params: { reason: 'size_mismatch' } },
    ]);
  });

  it('refuses by total uncompressed size and by entry count', () => {
    const parts = realParts();
    const total = parts.reduce((n, p) => n + p.data.length, 0);
    const r = readDelivery(buildZip(parts), { ...opts, maxUncompressedBytes: total - 1 });
    expect(r.diagnostics.map((d) => [d.code, d.params.reason])).toEqual([['file.too_large', 'uncompressed_size']]);
    const many = buildZip(Array.from({ length: 10_001 }, (_, i) => ({ name: `x/${i}`, data: new Uint8Array(0), store: true })));
    expect(scanZipDirectory(many, { maxUncompressedBytes: MB })).toEqual({ ok: false, problem: 'too_large', reason: 'entries' });
  });

  it('refuses encrypted entries, unknown methods, truncated and corrupt archives as unreadable', () => {
    const enc = buildZip([{ name: 'xl/workbook.xml', data: utf8('<x/>'), flags: 1 }]);
    expect(readDelivery(enc, opts).diagnostics.map((d) => [d.code, d.params.reason])).toEqual([['file.unreadable', 'encrypted']]);
    const good = buildZip(realParts());
    expect(readDelivery(good.subarray(0, good.length - 10), opts).diagnostics.map((d) => d.code)).toEqual(['file.unreadable']);
    // Corrupt deflate data in one part.
    const corrupt = buildZip([...realParts(), { name: 'xl/extra.xml', deflated: new Uint8Array([0xff, 0xff, 0xff, 0xff]), size: 10 }]);
    expect(readDelivery(corrupt, opts).diagnostics.map((d) => [d.code, d.params.reason])).toEqual([['file.unreadable', 'bad_deflate']]);
  });

  it('says a zip without a workbook is not a spreadsheet', () => {
    const docx = buildZip([{ name: 'word/document.xml', data: utf8('<w:document/>') }]);
    expect(readDelivery(docx, opts).diagnostics.map((d) => d.code)).toEqual(['file.not_spreadsheet']);
  });

  it('never throws on damaged archives', () => {
    const good = buildZip(realParts());
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (edits) => {
        const bytes = good.slice();
        for (const [at, b] of edits) bytes[at] = b;
        const r = readDelivery(bytes, opts);
        expect(Array.isArray(r.diagnostics)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
