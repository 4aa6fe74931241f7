// Our own reader for .xlsx (Office Open XML) workbooks. SheetJS builds an object per cell of the whole workbook and
// then we convert each again; for a 100 000-row export that was two thirds of ingest. This reader inflates only the
// parts it needs (each capped at the size the zip directory declared), scans the sheet XML once and yields rows of
// reader values, pulled one at a time so a sheet is read no further than the row budget.
//
// It reads what Excel, LibreOffice, SheetJS and the .NET/Java export libraries write: shared and inline strings
// (rich text, phonetic runs skipped), numbers, booleans, error cells, formulas by their cached value, ISO date
// cells, number formats that make a serial a date, merged cells, hidden sheets, the 1904 date system, namespace
// prefixes. A package it does not recognise (no workbook part, an XML encoding other than UTF-8/16) is declined
// and read by SheetJS as before. Where SheetJS guesses, this reader refuses: a formula without cached value is a
// hole, a shared-string index past the table drops the sheet, XML cut short or unbalanced is unreadable.
import { constants, isUtf8 } from 'node:buffer';
import { diagnostic } from '../../schemas/diagnostics.ts';
import type { Diagnostic, Location } from '../../schemas/diagnostics.ts';
import { EXCEL_ERRORS, isDateFormat } from './cell-formats.ts';
import { formatWallClock, isValidDate, serialToWallClock } from './excel-date.ts';
import type { CellRange, GridRow } from './grid.ts';
import { columnLetters } from './grid.ts';
import { textCell } from './normalise.ts';
import type { CellValue } from './types.ts';
import { endsWorksheet, entryBytes, isZipProblem } from './zip-scan.ts';
import type { ZipEntry, ZipProblem } from './zip-scan.ts';

/** Any namespace prefix: `<x:row>` (OpenXML SDK exports) is `<row>`. */
const NS = '(?:[A-Za-z_][\\w.-]*:)?';
// Attributes never hold '<', so a start tag that never closes fails at the next '<' instead of scanning the rest of the
// part for every such tag (a crafted part would otherwise take quadratic time).
const tag = (name: string, flags = 'g'): RegExp => new RegExp(`<${NS}${name}\\b([^<>]*)>`, flags);
/** Start tags with the prefix captured (group 1) so the end tag can be found with indexOf; attributes in group 2. */
const startTag = (name: string): RegExp => new RegExp(`<([A-Za-z_][\\w.-]*:)?${name}\\b([^<>]*)>`, 'g');

interface Element {
  /** Where the start tag begins, and where the element (its end tag) ends. */
  index: number;
  end: number;
  /** The start tag's attributes, a self-closing tag's '/' removed. */
  attrs: string;
  /** The text between the tags ('' for a self-closing tag); null when the element never ends (then it is the last). */
  content: string | null;
}

/**
 * The next `name` element of `text` after `start.lastIndex` (`start` being `startTag(name)`), or null; the search
 * goes on after its end tag. End tags are found with indexOf, not a lazy regex, so time stays linear in the text.
 */
function nextElement(text: string, start: RegExp, name: string): Element | null {
  const m = start.exec(text);
  if (m === null) return null;
  const attrs = m[2] ?? '';
  if (attrs.endsWith('/')) return { index: m.index, end: start.lastIndex, attrs: attrs.slice(0, -1), content: '' };
  const from = start.lastIndex;
  const close = `</${m[1] ?? ''}${name}>`;
  const at = text.indexOf(close, from);
  // An element that never ends is the last: nothing after its start can be trusted.
  start.lastIndex = at < 0 ? text.length : at + close.length;
  return { index: m.index, end: start.lastIndex, attrs, content: at < 0 ? null : text.slice(from, at) };
}

/** The `name` elements of `text` in order (see nextElement). */
function* elements(text: string, start: RegExp, name: string): Generator<Element> {
  start.lastIndex = 0;
  for (let e = nextElement(text, start, name); e !== null; e = nextElement(text, start, name)) yield e;
}

/** The content of the first `name` element: undefined when there is none, null when it never ends. */
function firstElement(text: string, start: RegExp, name: string): string | null | undefined {
  const first = elements(text, start, name).next();
  return first.done === true ? undefined : first.value.content;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30), and the ids Excel maps onto them. */
const BUILTIN_DATE_FORMATS: ReadonlySet<number> = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78,
  79, 80, 81,
]);

/** Excel's error values as written in an error cell; anything else is reported as #ERROR. */
const ERROR_VALUES: ReadonlySet<string> = new Set(EXCEL_ERRORS.values());

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m !== null; m = ATTRIBUTE.exec(text)) out.set(m[1] ?? '', xmlText(m[2] ?? m[3] ?? ''));
  return out;
}

/** An attribute by local name, whatever its prefix (`r:id`, `relationships:id`). */
function localAttribute(attrs: ReadonlyMap<string, string>, local: string): string | undefined {
  for (const [name, value] of attrs) if (name === local || name.endsWith(`:${local}`)) return value;
  return undefined;
}

const ENTITY = /&(?:(quot|apos|gt|lt|amp)|#(\d+)|#x([\da-fA-F]+));/g;
const NAMED: Readonly<Record<string, string>> = { quot: '"', apos: "'", gt: '>', lt: '<', amp: '&' };
/** Excel's escape for characters XML cannot carry: _x000D_ is CR, _x005F_ an underscore. */
const ESCAPED_CHAR = /_x([\da-fA-F]{4})_/g;

function codePoint(n: number, raw: string): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : raw;
}

/** Element text as the user typed it: entities, CDATA and Excel's _xHHHH_ escapes resolved, CRLF → LF. */
export function xmlText(raw: string): string {
  if (raw.indexOf('&') < 0 && raw.indexOf('_x') < 0 && raw.indexOf('<') < 0 && raw.indexOf('\r') < 0) return raw;
  const cdata = raw.indexOf('<![CDATA[');
  if (cdata >= 0) {
    const end = raw.indexOf(']]>', cdata);
    if (end >= 0) return xmlText(raw.slice(0, cdata)) + raw.slice(cdata + 9, end) + xmlText(raw.slice(end + 3));
  }
  return raw
    .replace(ENTITY, (all, named?: string, dec?: string, hex?: string) =>
      named !== undefined ? (NAMED[named] ?? all) : codePoint(dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16), all),
    )
    .replace(ESCAPED_CHAR, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\r\n/g, '\n');
}

const PHONETIC_RUN = startTag('rPh');

/** A string item without its phonetic guides (furigana), which are not part of the text. */
function withoutPhonetic(content: string): string {
  let out = '';
  let from = 0;
  for (const guide of elements(content, PHONETIC_RUN, 'rPh')) {
    out += content.slice(from, guide.index);
    from = guide.end; // everything after a guide that never ends is inside it
  }
  return out + content.slice(from);
}
const TEXT_RUN = new RegExp(`<${NS}t\\b[^<>]*?(?:/>|>([^<]*(?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>[^<]*)*)</${NS}t>)`, 'g');

/** The text of a string item (`<si>`, `<is>`): plain `<t>`, or rich-text runs joined, phonetic guides left out. */
function stringItem(content: string): string {
  if (content.startsWith('<t>') && content.endsWith('</t>') && content.indexOf('<', 3) === content.length - 4) {
    return xmlText(content.slice(3, -4));
  }
  let out = '';
  TEXT_RUN.lastIndex = 0;
  const text = withoutPhonetic(content);
  for (let m = TEXT_RUN.exec(text); m !== null; m = TEXT_RUN.exec(text)) out += m[1] ?? '';
  return xmlText(out);
}

const STRING_ITEM = startTag('si');

/** The shared strings, or null when an item never ends (the table cannot be trusted). */
function sharedStrings(xml: string): string[] | null {
  const out: string[] = [];
  for (const item of elements(xml, STRING_ITEM, 'si')) {
    if (item.content === null) return null;
    out.push(stringItem(item.content));
  }
  return out;
}

const NUMBER_FORMAT = tag('numFmt');
const CELL_FORMATS = startTag('cellXfs');
const FORMAT = tag('xf');

/** For each cell style (`s` attribute), whether its number format shows a date. */
function dateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  NUMBER_FORMAT.lastIndex = 0;
  for (let m = NUMBER_FORMAT.exec(xml); m !== null; m = NUMBER_FORMAT.exec(xml)) {
    const a = attributes(m[1] ?? '');
    custom.set(Number(a.get('numFmtId')), a.get('formatCode') ?? '');
  }
  const isDate = (id: number): boolean => {
    const code = custom.get(id);
    return code === undefined ? BUILTIN_DATE_FORMATS.has(id) : isDateFormat(code);
  };
  const out: boolean[] = [];
  const xfs = firstElement(xml, CELL_FORMATS, 'cellXfs') ?? '';
  FORMAT.lastIndex = 0;
  for (let m = FORMAT.exec(xfs); m !== null; m = FORMAT.exec(xfs)) out.push(isDate(Number(attributes(m[1] ?? '').get('numFmtId') ?? 0)));
  return out;
}

const RELATIONSHIP = tag('Relationship');

interface Relationship {
  type: string;
  target: string;
}

/** Relationships of a part by id; targets resolved against the part's folder. */
function relationships(xml: string, folder: string): Map<string, Relationship> {
  const out = new Map<string, Relationship>();
  RELATIONSHIP.lastIndex = 0;
  for (let m = RELATIONSHIP.exec(xml); m !== null; m = RELATIONSHIP.exec(xml)) {
    const a = attributes(m[1] ?? '');
    if (a.get('TargetMode') === 'External') continue;
    out.set(a.get('Id') ?? '', { type: a.get('Type') ?? '', target: resolvePart(folder, a.get('Target') ?? '') });
  }
  return out;
}

function resolvePart(folder: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : folder + target;
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

const typeIs = (r: Relationship, kind: string): boolean => r.type.endsWith(`/${kind}`);

/** Decoded part text, or null when its encoding is one this reader leaves to SheetJS. */
function decodePart(bytes: Uint8Array): string | null | PartFault {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  // Validated first: a part that is not UTF-8 is damaged, never read with U+FFFD in place of its letters.
  if (!isUtf8(bytes)) return { kind: 'unreadable', reason: 'encoding' };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('utf8', bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  return declared === undefined || /^utf-?8$/i.test(declared) ? text : null;
}

export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  /** The worksheet part; null for a chart sheet (no cells); undefined when the workbook points at nothing. */
  part: string | null | undefined;
}

export interface SheetContext {
  file: string;
  sheet: string;
}

/** Why a part cannot be read: what the zip guard found, or text that is not whole or not UTF-8. */
export type PartFault = { kind: 'unreadable' | 'too_large'; reason: string };

/** What reading a sheet's rows can end in besides a table: a part that is not there, or one that cannot be read. */
export type SheetFault = { kind: 'missing' } | PartFault;

export const faultOf = (p: ZipProblem): PartFault => ({ kind: p.problem, reason: p.reason });

/** The refusal of the whole file for a part that cannot be read. */
export function refusal(where: Location, fault: PartFault): Diagnostic {
  return diagnostic(fault.kind === 'too_large' ? 'file.too_large' : 'file.unreadable', 'error', where, { reason: fault.reason });
}

/** A part's text; null when it declares an encoding this reader leaves to SheetJS. */
function partText(bytes: Uint8Array, entry: ZipEntry, worksheet: boolean): string | null | PartFault {
  const content = entryBytes(bytes, entry);
  if (isZipProblem(content)) return faultOf(content);
  // A sheet cut short would read as the rows before the cut.
  if (worksheet && !endsWorksheet(content)) return { kind: 'unreadable', reason: 'truncated_part' };
  // Past V8's longest string no reader could hold the part; within the zip limits this takes a > 512 MB part.
  if (content.length > constants.MAX_STRING_LENGTH) return { kind: 'too_large', reason: 'uncompressed_size' };
  return decodePart(content);
}

interface WorkbookParts {
  rels: ReadonlyMap<string, Relationship>;
  sharedParts: string[];
  strings: string[];
  dateStyles: boolean[];
}

export class OoxmlWorkbook {
  readonly sheets: WorkbookSheet[];
  readonly date1904: boolean;
  private readonly bytes: Uint8Array;
  private readonly parts: ReadonlyMap<string, ZipEntry>;
  /** Shared strings and styles parts, if the workbook has them. */
  private readonly sharedParts: readonly string[];
  private readonly strings: readonly string[];
  private readonly cleanStrings: (string | null | undefined)[] = [];
  private readonly styles: readonly boolean[];

  private constructor(bytes: Uint8Array, parts: ReadonlyMap<string, ZipEntry>, workbookXml: string, related: WorkbookParts) {
    this.bytes = bytes;
    this.parts = parts;
    this.date1904 = new RegExp(`<${NS}workbookPr\\b[^<>]*\\bdate1904\\s*=\\s*["'](?:1|true)["']`).test(workbookXml);
    const sheetTag = tag('sheet');
    this.sheets = [];
    for (let m = sheetTag.exec(workbookXml); m !== null; m = sheetTag.exec(workbookXml)) {
      const a = attributes(m[1] ?? '');
      const rel = related.rels.get(localAttribute(a, 'id') ?? '');
      const state = a.get('state');
      this.sheets.push({
        name: a.get('name') ?? '',
        hidden: state === 'hidden' || state === 'veryHidden',
        part: rel === undefined || !parts.has(rel.target.toLowerCase()) ? undefined : typeIs(rel, 'worksheet') ? rel.target : null,
      });
    }
    this.sharedParts = related.sharedParts;
    this.strings = related.strings;
    this.styles = related.dateStyles;
  }

  /**
   * The workbook of a zip already scanned, a refusal (damaged part), or null when this is not a package this reader
   * knows (SheetJS then reads it: .xlsb, .ods, a package without relationships, parts in another encoding).
   */
  static open(bytes: Uint8Array, entries: readonly ZipEntry[], file: string): OoxmlWorkbook | Diagnostic | null {
    const parts = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
    const text = (name: string): string | null | Diagnostic => {
      const entry = parts.get(name.toLowerCase());
      const read = entry === undefined ? null : partText(bytes, entry, false);
      return read === null || typeof read === 'string' ? read : refusal({ file }, read);
    };
    const root = text('_rels/.rels');
    if (root === null || typeof root !== 'string') return root;
    const main = [...relationships(root, '').values()].find((r) => typeIs(r, 'officeDocument'));
    if (main === undefined || !main.target.toLowerCase().endsWith('.xml')) return null;
    const folder = main.target.slice(0, main.target.lastIndexOf('/') + 1);
    const workbookXml = text(main.target);
    const relsXml = text(`${folder}_rels/${main.target.slice(folder.length)}.rels`);
    if (workbookXml === null || relsXml === null) return null;
    if (typeof workbookXml !== 'string') return workbookXml;
    if (typeof relsXml !== 'string') return relsXml;
    const rels = relationships(relsXml, folder);
    const partOf = (kind: string): string | undefined => [...rels.values()].find((r) => typeIs(r, kind))?.target;
    const [stringsPart, stylesPart] = [partOf('sharedStrings'), partOf('styles')];
    // Read once for all sheets. A part the workbook names but this reader cannot decode goes to SheetJS whole.
    const strings = stringsPart === undefined ? '' : text(stringsPart);
    const styles = stylesPart === undefined ? '' : text(stylesPart);
    if (strings === null || styles === null) return null;
    if (typeof strings !== 'string') return strings;
    if (typeof styles !== 'string') return styles;
    const table = sharedStrings(strings);
    if (table === null) return refusal({ file }, { kind: 'unreadable', reason: 'parse' });
    const sharedParts = [stringsPart, stylesPart].filter((p) => p !== undefined);
    return new OoxmlWorkbook(bytes, parts, workbookXml, { rels, sharedParts, strings: table, dateStyles: dateStyles(styles) });
  }

  /** Whether this reader inflates (and so checks) the part itself: shared strings, styles, worksheets. */
  readsPart(name: string): boolean {
    const lower = name.toLowerCase();
    const read = [...this.sharedParts, ...this.sheets.map((s) => s.part)];
    return read.some((part) => typeof part === 'string' && part.toLowerCase() === lower);
  }

  /** A sheet's XML, or what keeps it from being read. */
  sheetXml(part: string): string | SheetFault {
    const entry = this.parts.get(part.toLowerCase());
    if (entry === undefined) return { kind: 'missing' };
    return partText(this.bytes, entry, true) ?? { kind: 'unreadable', reason: 'encoding' };
  }

  /** Shared string i, cleaned as every reader cleans text; undefined when the table has no such entry. */
  sharedString(i: number): string | null | undefined {
    let v = this.cleanStrings[i];
    if (v === undefined) {
      const raw = this.strings[i];
      if (raw === undefined) return undefined;
      v = textCell(raw);
      this.cleanStrings[i] = v;
    }
    return v;
  }

  isDateStyle(s: number): boolean {
    return this.styles[s] === true;
  }
}

const MERGE = new RegExp(`<${NS}mergeCell\\b[^<>]*?\\bref\\s*=\\s*["']([A-Z]+)(\\d+)(?::([A-Z]+)(\\d+))?["']`, 'g');

function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/** Merged ranges, from after the sheet's data (where the part keeps them). */
export function sheetMerges(xml: string): CellRange[] {
  const out: CellRange[] = [];
  const end = xml.lastIndexOf('sheetData>');
  MERGE.lastIndex = end < 0 ? 0 : end;
  for (let m = MERGE.exec(xml); m !== null; m = MERGE.exec(xml)) {
    const s = { r: Number(m[2]) - 1, c: columnIndex(m[1] ?? '') };
    const e = m[3] === undefined ? s : { r: Number(m[4]) - 1, c: columnIndex(m[3]) };
    out.push({ s, e });
  }
  return out;
}

const SHEET_DATA = new RegExp(`<${NS}sheetData\\b`);
const VALUE = new RegExp(`<${NS}v\\b[^<>]*?(?:/>|>([^<]*(?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>[^<]*)*)</${NS}v>)`);
const FORMULA = new RegExp(`<${NS}f\\b`);
const INLINE = startTag('is');
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

interface CellAttributes {
  /** From the reference's letters; undefined when the cell has no reference (it follows the previous one). */
  column?: number;
  t?: string;
  s?: number;
}

// As Excel and most libraries write a cell: reference, then style, then type, double quotes.
const USUAL_ATTRIBUTES = /^\s+r="([A-Z]{1,3})\d*"(?:\s+s="(\d+)")?(?:\s+t="([A-Za-z]+)")?\s*$/;
const ANY_ATTRIBUTE = /(?:^|\s)([rts])\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const CELL_REF = /^\s*([A-Z]{1,3})\d*\s*$/;

/** The three attributes of a cell that matter (reference, type, style); their values never hold entities. */
function cellAttributes(text: string): CellAttributes {
  const usual = USUAL_ATTRIBUTES.exec(text);
  if (usual !== null) {
    return { column: columnIndex(usual[1] ?? ''), t: usual[3], s: usual[2] === undefined ? undefined : Number(usual[2]) };
  }
  const out: CellAttributes = {};
  ANY_ATTRIBUTE.lastIndex = 0;
  for (let m = ANY_ATTRIBUTE.exec(text); m !== null; m = ANY_ATTRIBUTE.exec(text)) {
    const value = m[2] ?? m[3] ?? '';
    if (m[1] === 't') out.t = value;
    else if (m[1] === 's') out.s = Number(value);
    else {
      const letters = CELL_REF.exec(value)?.[1];
      if (letters !== undefined) out.column = columnIndex(letters);
    }
  }
  return out;
}

/** Reads cells of one sheet; a fault (damaged XML, a string index past the table) stops it and is kept. */
export class SheetScanner {
  fault: SheetFault | null = null;
  /** The problem with the cell just read, if any. */
  private problem: Diagnostic | null = null;
  // Own instances: the scan keeps its place in lastIndex between rows.
  private readonly rowOrEnd = new RegExp(`<${NS}row\\b([^<>]*)>|</${NS}sheetData>`, 'g');
  // Text cannot hold a '<', so the first closing tag is the row's.
  private readonly rowEnd = new RegExp(`</${NS}row>`, 'g');
  private readonly cell = startTag('c');
  private readonly book: OoxmlWorkbook;
  private readonly ctx: SheetContext;

  constructor(book: OoxmlWorkbook, ctx: SheetContext) {
    this.book = book;
    this.ctx = ctx;
  }

  /** Rows of the sheet in document order. Stops early, setting `fault`, when the XML cannot be trusted. */
  *rows(xml: string): Generator<GridRow> {
    const data = xml.search(SHEET_DATA);
    if (data < 0) return;
    this.rowOrEnd.lastIndex = data;
    let index = -1;
    for (let m = this.rowOrEnd.exec(xml); m !== null; m = this.rowOrEnd.exec(xml)) {
      const attrs = m[1];
      if (attrs === undefined) return; // </sheetData>
      const r = /(?:^|\s)r\s*=\s*["'](\d+)["']/.exec(attrs)?.[1];
      index = r === undefined ? index + 1 : Number(r) - 1;
      if (attrs.endsWith('/')) continue; // <row/>: no cells
      const start = this.rowOrEnd.lastIndex;
      this.rowEnd.lastIndex = start;
      const close = this.rowEnd.exec(xml);
      if (close === null) {
        this.fault = { kind: 'unreadable', reason: 'parse' };
        return;
      }
      const row = this.cells(xml.slice(start, close.index), index);
      if (row === null) return;
      this.rowOrEnd.lastIndex = this.rowEnd.lastIndex;
      yield row;
    }
  }

  /** The cells of one row, from the row's own text (so no search runs past the row's end). */
  private cells(row: string, index: number): GridRow | null {
    const cells: CellValue[] = [];
    let problems: GridRow['problems'] = null;
    let column = -1;
    // nextElement, not the elements generator: this loop runs once per cell of the workbook.
    this.cell.lastIndex = 0;
    for (let e = nextElement(row, this.cell, 'c'); e !== null; e = nextElement(row, this.cell, 'c')) {
      const { attrs, content } = e;
      if (content === null) {
        this.fault = { kind: 'unreadable', reason: 'parse' };
        return null;
      }
      const a = cellAttributes(attrs);
      column = a.column ?? column + 1;
      this.problem = null;
      const value = this.value(a, content, index, column);
      if (this.fault !== null) return null;
      while (cells.length < column) cells.push(null);
      cells[column] = value;
      if (this.problem !== null) (problems ??= []).push({ column, diagnostic: this.problem });
    }
    return { index, cells, problems };
  }

  private report(code: 'row.error_cell' | 'file.formula_without_value', r: number, c: number, error?: string): null {
    const where = { file: this.ctx.file, sheet: this.ctx.sheet, row: r + 1, column: columnLetters(c) };
    this.problem =
      code === 'row.error_cell' ? diagnostic(code, 'warning', where, { error: error ?? '#ERROR' }) : diagnostic(code, 'error', where);
    return null;
  }

  /** One cell's value, by its type attribute (ECMA-376 18.18.11); a problem with it goes to `problem`. */
  private value(a: CellAttributes, content: string, r: number, c: number): CellValue {
    const type = a.t ?? 'n';
    if (type === 'inlineStr') {
      const item = firstElement(content, INLINE, 'is');
      if (item === null) this.fault = { kind: 'unreadable', reason: 'parse' };
      return textCell(stringItem(item ?? ''));
    }
    const plain = content.startsWith('<v>') && content.endsWith('</v>') && content.indexOf('<', 3) === content.length - 4;
    const raw = plain ? content.slice(3, -4) : VALUE.exec(content)?.[1];
    if (raw === undefined || raw === '') {
      if (!plain && FORMULA.test(content)) return this.report('file.formula_without_value', r, c);
      return type === 'e' ? this.report('row.error_cell', r, c) : null;
    }
    switch (type) {
      case 'n': {
        const v = parseFloat(raw);
        if (!Number.isFinite(v)) return this.report('row.error_cell', r, c, '#NUM!');
        if (a.s !== undefined && this.book.isDateStyle(a.s)) {
          const wc = serialToWallClock(v, this.book.date1904);
          // A serial outside Excel's calendar cannot be shown as a date by Excel either; keep the number.
          return wc === null ? v : formatWallClock(wc);
        }
        return v;
      }
      case 's': {
        const i = Number(raw);
        const text = Number.isInteger(i) ? this.book.sharedString(i) : undefined;
        // SheetJS drops such a sheet without a word; the caller refuses the workbook naming it.
        if (text === undefined) this.fault = { kind: 'missing' };
        return text ?? null;
      }
      case 'str':
        return textCell(xmlText(raw));
      case 'b':
        return raw === '1' || raw === 'true';
      case 'e': {
        const code = xmlText(raw).trim();
        return this.report('row.error_cell', r, c, ERROR_VALUES.has(code) ? code : '#ERROR');
      }
      case 'd':
        return this.isoDate(xmlText(raw).trim(), r, c);
      default:
        return null;
    }
  }

  /** A date cell written as ISO 8601 text: already wall clock. */
  private isoDate(text: string, r: number, c: number): CellValue {
    const m = ISO_DATE.exec(text);
    const [y, mo, d, h, mi, s] = (m?.slice(1, 7) ?? []).map((x) => (x === undefined ? 0 : Number(x)));
    if (m === null || !isValidDate(y ?? 0, mo ?? 0, d ?? 0) || (h ?? 0) > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59) {
      return this.report('row.error_cell', r, c, '#DATE');
    }
    return formatWallClock({ date: text.slice(0, 10), hour: h ?? 0, minute: mi ?? 0, second: s ?? 0 });
  }
}
