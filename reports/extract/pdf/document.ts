/**
 * The pdfkit document: A4, Swedish, metadata from the extract and a creation date from `generatedAt`, so the same
 * extract always gives the same bytes (pdfkit derives the file ID from the metadata, and zlib is deterministic).
 */
import PDFDocument from 'pdfkit';
import { stockholmTime } from '../format.ts';
import type { ViewExtract } from '../types.ts';
import { COLOR, FONT, PAGE, type Doc } from './layout.ts';
import { winAnsi } from './text.ts';

export function createDocument(x: ViewExtract): Doc {
  const created = new Date(x.generatedAt);
  return new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.height - PAGE.bottom, left: PAGE.left, right: PAGE.width - PAGE.right },
    bufferPages: true,
    lang: 'sv-SE',
    displayTitle: true,
    font: FONT.regular,
    info: {
      Title: `${x.view.title} – ${x.municipality.name}`,
      Subject: `Lägesbild för ${x.view.actorName}, uppgifter till och med ${x.asOf}`,
      Author: x.municipality.name,
      Creator: 'Lägesbild',
      Producer: 'Lägesbild (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
}

/** Resolves with the whole file once the document has ended. */
export function collect(doc: Doc): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}

/** 'Lägesbild – <municipality> – genererad <date>' and 'Sida n av N' on every page, drawn once all pages exist. */
export function drawFooters(doc: Doc, x: ViewExtract): void {
  const range = doc.bufferedPageRange();
  const left = winAnsi(`Lägesbild – ${x.municipality.name} – genererad ${stockholmTime(x.generatedAt).date}`);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would make pdfkit open a new page; the footer sits in the margin on purpose.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .moveTo(PAGE.left, PAGE.footer - 6)
      .lineTo(PAGE.right, PAGE.footer - 6)
      .lineWidth(0.5)
      .strokeColor(COLOR.grid)
      .stroke();
    doc.font(FONT.regular).fontSize(8).fillColor(COLOR.muted);
    doc.text(left, PAGE.left, PAGE.footer, { width: PAGE.contentWidth * 0.75, lineBreak: false });
    doc.text(`Sida ${i - range.start + 1} av ${range.count}`, PAGE.left, PAGE.footer, {
      width: PAGE.contentWidth,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}
