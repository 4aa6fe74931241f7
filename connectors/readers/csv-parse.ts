// A small RFC 4180 tokenizer. Hand-written rather than papaparse because we need the physical line where each
// record starts (for diagnostics), the line of an unterminated quote, and Excel's leniency for stray quotes.

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export interface Tokenized {
  records: CsvRecord[];
  /** Line of the opening quote of a field that runs to the end of the file; no records are trustworthy then. */
  unterminatedQuoteLine: number | null;
  /** True when tokenizing stopped at `maxRecords` (blank records are neither kept nor counted). */
  truncated: boolean;
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/** Number of line breaks in text[from, to): CRLF, LF and a lone CR each count once. */
function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) n++;
  }
  return n;
}

export function tokenizeCsv(text: string, delimiter: string, maxRecords = Number.POSITIVE_INFINITY): Tokenized {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;

  while (i < n) {
    const record: CsvRecord = { line, fields: [] };
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        i++;
        field = '';
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) return { records, unterminatedQuoteLine: openLine, truncated: false };
          line += countLineBreaks(text, i, q);
          field += text.slice(i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        // Excel keeps text after a closing quote (`"12" skärm`): append it literally up to the next separator.
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          i++;
        }
        field += text.slice(start, i);
      } else {
        // Unquoted: quotes inside are literal.
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          i++;
        }
        field = text.slice(start, i);
      }
      record.fields.push(field);

      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        // A delimiter as the very last character still ends an (empty) field.
        if (i >= n) {
          record.fields.push('');
          break;
        }
        continue;
      }
      // Line break ends the record.
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    // Blank lines (and lines of empty fields) carry nothing; dropping them here keeps memory bounded by content.
    if (record.fields.some((f) => f !== '')) {
      if (records.length >= maxRecords) return { records, unterminatedQuoteLine: null, truncated: true };
      records.push(record);
    }
  }
  return { records, unterminatedQuoteLine: null, truncated: false };
}
