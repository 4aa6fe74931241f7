import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { extractPdf } from '../../reports/extract/pdf.ts';
import type { ViewExtract } from '../../reports/extract/types.ts';
import { expectGolden } from '../helpers/golden.ts';
import { sampleExtract } from './sampleExtract.ts';

const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/** The text of each page as pdfjs sees it, one line per text item. */
async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), standardFontDataUrl, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .filter((s) => s.trim() !== '')
        .join('\n'),
    );
  }
  await pdf.destroy();
  return pages;
}

const hasPdftoppm = ((): boolean => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('extractPdf', async () => {
  const x = sampleExtract();
  const bytes = await extractPdf(x);
  const pages = await pageTexts(bytes);
  const all = pages.join('\n');

  it('is a PDF whose text matches the golden file', () => {
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    expectGolden('reports/extract-pdf.txt', `${pages.map((p, i) => `=== sida ${i + 1} ===\n${p}`).join('\n')}\n`);
  });

  it('opens with title, municipality, period, as-of date, sources and the reading guide', () => {
    const first = pages[0] ?? '';
    for (const text of [
      'Gemensam lägesbild',
      'Lägesbild – Demostad',
      'januari 2025 – december 2025',
      '10 januari 2026',
      'Källor och aktualitet',
      'Bostadsbolaget',
      'Socialtjänsten',
      'Saknas för senaste perioden',
      'Sekretessskydd: vad betyder ..?',
      `${x.suppression.suppressedPrimary} värden med primärt skydd`,
      'cell key-metoden, CKM',
      'rangordna inte områden på enstaka värden',
    ])
      expect(first.replace(/\s+/gu, ' ')).toContain(text);
  });

  it('has a section per indicator with area names spelled right, signals and numbered footers', () => {
    for (const indicator of x.indicators) expect(all).toContain(indicator.label);
    for (const name of ['Östra hamnen', 'Ängby gård', 'Åsen', 'Lövholmen', 'Björkhagen västra', 'Okänt område', '=HYPERLINK("x")'])
      expect(all).toContain(name);
    expect(all).toContain('Utveckling i hela Demostad');
    expect(all).toContain('Per område, december 2025');
    expect(all).toContain('Karta, december 2025');
    expect(all).toContain('Samma period föregående år');
    expect(all).toContain('Månad');
    expect(all).toContain('Signaler');
    expect(all).toContain('1,8 gånger den förväntade nivån');
    pages.forEach((page, i) => {
      expect(page).toContain('Lägesbild – Demostad – genererad 2026-01-15');
      expect(page).toContain(`Sida ${i + 1} av ${pages.length}`);
    });
  });

  it('maps a count with a population denominator by its rate and says so; without the rate, by the count', async () => {
    const storm = (texts: string[]): string =>
      (texts.find((p) => p.includes('Karta, december 2025') && p.includes('Kvarnbäcken')) ?? '').replace(/\s+/gu, ' ');
    const byRate = storm(pages);
    expect(byRate).toContain('Per 1 000 invånare');
    expect(byRate).toContain('Färgen visar talet per 1 000 invånare, inte antalet');
    expect(byRate).not.toContain('Värdena är inte per invånare');
    const { rateCells: _, ...counts } = x;
    const byCount = storm(await pageTexts(await extractPdf(counts)));
    expect(byCount).toContain('Antal');
    expect(byCount).toContain('Värdena är inte per invånare');
    expect(byCount).not.toContain('Färgen visar');
  });

  it('renders the same bytes twice', async () => {
    const again = await extractPdf(sampleExtract());
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it('leaves the map out with a sentence when there are no boundaries, and signals when there are none', async () => {
    const { boundaries: _b, signals: _s, ...rest } = x;
    const text = (await pageTexts(await extractPdf(rest))).join('\n');
    expect(text).toContain('Ingen karta');
    expect(text).not.toContain('Signaler');
  });

  it('never prints a value that slipped through suppression', async () => {
    const leaky: ViewExtract = {
      ...x,
      cells: x.cells.map((c) => (c.status.startsWith('suppressed') ? { ...c, value: 4242, lower: 4240, upper: 4244 } : c)),
    };
    const text = (await pageTexts(await extractPdf(leaky))).join('\n');
    expect(text).not.toMatch(/424[024]/u);
  });

  it.skipIf(!hasPdftoppm)('renders page 1 to a non-empty PNG with pdftoppm', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagesbild-pdf-'));
    try {
      writeFileSync(join(dir, 'x.pdf'), bytes);
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', join(dir, 'x.pdf'), join(dir, 'page')]);
      const png = readFileSync(join(dir, 'page.png'));
      expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      expect(png.length).toBeGreaterThan(5_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
