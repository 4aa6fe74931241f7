/**
 * Text for pdfkit's built-in Helvetica. It is encoded as WinAnsi (Windows-1252): å ä ö é ü ø – … € are there, but a
 * character outside it would come out as garbage, so every string is mapped into WinAnsi before it is drawn.
 */
import type { Doc } from './layout.ts';

/** The non-Latin-1 characters WinAnsi has (pdfkit's WIN_ANSI_MAP). */
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e,
  0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

const SUBSTITUTES: Record<string, string> = {
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2009': '\u00A0',
  '\u202F': '\u00A0',
  '\u2007': '\u00A0',
  '\u2002': ' ',
  '\u2003': ' ',
};

const encodable = (ch: string): boolean => {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(c);
};

/** NFC first (a decomposed å is two characters); then a letter without its accent (č → c) before '?'. */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0) ?? 0;
    const plain = ch.normalize('NFD').replace(/\p{M}/gu, '');
    if (SUBSTITUTES[ch] !== undefined) out += SUBSTITUTES[ch];
    else if (encodable(ch)) out += ch;
    // Control characters, including C1 (0x80–0x9F), which WinAnsi would show as € and friends.
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += ' ';
    else if (plain !== '' && [...plain].every(encodable)) out += plain;
    else out += '?';
  }
  return out;
}

/** Shortens text with an ellipsis until it fits the width in the current font. */
export function fit(doc: Doc, text: string, width: number): string {
  const safe = winAnsi(text);
  if (doc.widthOfString(safe) <= width) return safe;
  let chars = [...safe];
  while (chars.length > 0 && doc.widthOfString(`${chars.join('')}…`) > width) chars = chars.slice(0, -1);
  return `${chars.join('')}…`;
}
