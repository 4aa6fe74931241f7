/**
 * The PDF extract: a Swedish A4 report rendered server-side with pdfkit. A reading guide first (sources, what is
 * hidden and why, how to read uncertainty), then per indicator a trend, a table by area and a map, then signals.
 * The same extract gives the same bytes.
 */
import type { ViewExtract } from './types.ts';
import { collect, createDocument, drawFooters } from './pdf/document.ts';
import { drawFrontPage } from './pdf/front.ts';
import { drawIndicator } from './pdf/indicator.ts';
import { drawSignals } from './pdf/signals.ts';

export async function extractPdf(x: ViewExtract): Promise<Uint8Array> {
  const doc = createDocument(x);
  const bytes = collect(doc);
  drawFrontPage(doc, x);
  for (const indicator of x.indicators) drawIndicator(doc, x, indicator);
  if (x.signals !== undefined) drawSignals(doc, x, x.signals);
  drawFooters(doc, x);
  doc.end();
  return bytes;
}
