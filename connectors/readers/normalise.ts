// Text clean-up shared by every reader, so CSV and XLSX cells look the same to connectors.

// NBSP, narrow NBSP and figure space: Excel and Swedish number formats put them between digit groups.
const SPACE_LIKE = /[\u00A0\u202F\u2007]/g;
// BOM (a second one appears when files are concatenated) and zero-width characters: invisible, never data.
const INVISIBLE = /[\uFEFF\u200B\u200C\u200D\u2060]/g;

const PLAIN_ASCII = /^(?:[\x21-\x7E]|[\x21-\x7E][\x20-\x7E]*[\x21-\x7E])$/;

/** A text cell as readers return it: NFC (macOS exports decompose å), invisible marks removed, NBSP → space, trimmed. */
export function cleanText(s: string): string {
  // Most cells are printable ASCII without surrounding space: nothing to do, and a million rows notice the difference.
  if (PLAIN_ASCII.test(s)) return s;
  return s.normalize('NFC').replace(INVISIBLE, '').replace(SPACE_LIKE, ' ').trim();
}

/** A text cell as readers hand it on: cleaned, and null when nothing is left. */
export function textCell(s: string): string | null {
  const t = cleanText(s);
  return t === '' ? null : t;
}

/** A header cell as shown back to the user in diagnostics: cleaned, inner whitespace (incl. line breaks) collapsed. */
export function displayHeader(s: string): string {
  return cleanText(s).replace(/\s+/g, ' ');
}

const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['\u201C', '\u201D'],
  ['\u201D', '\u201D'],
  ['\u00AB', '\u00BB'],
];

/**
 * The form a header is matched in: trimmed, whitespace (incl. NBSP, line breaks) collapsed, lower-case
 * (å ä ö kept), surrounding quotes and a trailing ':' removed.
 */
export function normaliseHeader(s: string): string {
  let h = displayHeader(s).toLowerCase();
  // Quotes and colons can nest ("Datum:" or "Datum":), so strip until nothing changes.
  for (;;) {
    const before = h;
    if (h.endsWith(':')) h = h.slice(0, -1).trimEnd();
    for (const [open, close] of QUOTE_PAIRS) {
      if (h.length >= 2 && h.startsWith(open) && h.endsWith(close)) h = h.slice(open.length, -close.length).trim();
    }
    if (h === before) return h;
  }
}
