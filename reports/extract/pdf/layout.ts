/** Page geometry, colours and the flowing-text helpers every PDF section uses. */
import type PDFDocument from 'pdfkit';
import { winAnsi } from './text.ts';

/** The document type (pdfkit exports only the constructor). */
export type Doc = InstanceType<typeof PDFDocument>;

/** A4 in points. */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  left: 56,
  right: 595.28 - 56,
  top: 56,
  bottom: 841.89 - 64,
  footer: 841.89 - 40,
  get contentWidth(): number {
    return this.right - this.left;
  },
};

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

export const COLOR = {
  text: '#1a1a1a',
  muted: '#5f6368',
  accent: '#1f4e79',
  comparison: '#7a7a7a',
  band: '#c6dbef',
  grid: '#dcdcdc',
  rule: '#9e9e9e',
  zebra: '#f2f5f8',
  hidden: '#e3e3e3',
  hatch: '#7d7d7d',
  missing: '#ffffff',
} as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Starts a new page unless `height` points still fit above the footer. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > PAGE.bottom) doc.addPage();
}

export function heading(doc: Doc, text: string, size: 18 | 13 | 11): void {
  ensureSpace(doc, size * 3);
  if (size !== 18) doc.moveDown(0.6);
  doc
    .font(FONT.bold)
    .fontSize(size)
    .fillColor(size === 11 ? COLOR.text : COLOR.accent)
    .text(winAnsi(text), PAGE.left, doc.y, { width: PAGE.contentWidth });
  doc.moveDown(0.25);
}

export function paragraph(doc: Doc, text: string, options: { size?: number; color?: string; font?: string } = {}): void {
  doc
    .font(options.font ?? FONT.regular)
    .fontSize(options.size ?? 9.5)
    .fillColor(options.color ?? COLOR.text)
    .text(winAnsi(text), PAGE.left, doc.y, { width: PAGE.contentWidth, lineGap: 1.5 });
  doc.moveDown(0.35);
}

/** One line of text in a cell, clipped by the caller with fit(); never moves to a new page. */
export function cellText(doc: Doc, text: string, x: number, y: number, width: number, align: 'left' | 'right' | 'center' = 'left'): void {
  // pdfkit's line wrapper never returns when not even one character fits: such a cell is left empty.
  if (text === '' || width < doc.widthOfString('M')) return;
  doc.text(text, x, y, { width, align, lineBreak: false });
}
