// Pure value parsers for the formats Swedish exports actually contain. Each returns a result and never throws;
// on failure it says (in Swedish, for the receipt) what it expected. Times stay wall-clock strings.
import { formatDate, isValidDate, serialToWallClock } from './excel-date.ts';
import type { CellValue } from './types.ts';

export { cellText } from './cell-text.ts';

export type Parsed<T> =
  | { ok: true; value: T }
  /** `part` tells parseLocalDateTime's callers whether the date or the time was wrong (row.bad_date/bad_time). */
  | { ok: false; expected: string; part?: 'date' | 'time' };

export const EXPECTED = {
  number: 'ett tal som 12 500,50 eller 12500.50',
  date: 'ett datum som 2025-03-14, 14/3/2025 eller 14.03.2025',
  time: 'en tid som 22:41, 22.41 eller 2241',
  yesNo: 'Ja eller Nej',
} as const;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(expected: string, part?: 'date' | 'time'): Parsed<T> =>
  part === undefined ? { ok: false, expected } : { ok: false, expected, part };

/** Excel serial numbers accepted as dates: 1954-10-03 … 2119-01-10. Outside this, a number is not a date. */
const SERIAL_MIN = 20_000;
const SERIAL_MAX = 80_000;

const SPACES = /[\u00A0\u202F\u2007\u2009\u200A]/g;
const MINUS = /^[-\u2212\u2013]/;

function tidy(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\uFEFF\u200B]/g, '')
    .replace(SPACES, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------------------------------------------- numbers

// Digit bodies after currency, sign and exponent are removed. Thousands groups must be exactly three digits.
const INTEGER = /^\d+$/;
const SPACE_GROUPED = /^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$/;
const ONE_SEPARATOR = /^\d*[.,]\d+$/; // a single ',' or '.' is the decimal separator: '1,234' is 1.234 (Swedish)
const DOT_GROUPED = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/; // 1.234.567 / 1.234,5
const COMMA_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/; // 1,234,567 / 1,234.5 (English exports)

/** Digits with '.' as the only, decimal separator, or null if the body is not a number as written. */
function canonicalDigits(body: string): string | null {
  if (INTEGER.test(body)) return body;
  if (SPACE_GROUPED.test(body)) return body.replace(/ /g, '').replace(',', '.');
  if (ONE_SEPARATOR.test(body)) return body.replace(',', '.');
  // One dot group alone matched ONE_SEPARATOR above, so these need two groups or a decimal part.
  if (DOT_GROUPED.test(body)) return body.replace(/\./g, '').replace(',', '.');
  if (COMMA_GROUPED.test(body)) return body.replace(/,/g, '');
  return null;
}

const CURRENCY_BEFORE = /^(?:kr\.?|sek)\s*/i;
const CURRENCY_AFTER = /\s*(?:kr\.?|sek|:-|,-|\.-)$/i;

/**
 * '12 500,50' (space, NBSP or U+202F between groups), '12500.50', '1.234,5', '14 400,00 kr', 'kr 500', '500:-',
 * '−5' (Unicode minus), '1,5E+07', '45 %' (→ 45, the number as written). Numbers pass through if finite.
 */
export function parseNumber(v: CellValue): Parsed<number> {
  if (typeof v === 'number') return Number.isFinite(v) ? ok(v) : fail(EXPECTED.number);
  if (typeof v !== 'string') return fail(EXPECTED.number);
  let s = tidy(v);
  s = s.replace(CURRENCY_BEFORE, '').replace(CURRENCY_AFTER, '').replace(/\s*%$/, '');
  let negative = false;
  if (MINUS.test(s) || s.startsWith('+')) {
    negative = !s.startsWith('+');
    s = s.slice(1).trimStart().replace(CURRENCY_BEFORE, '');
  }
  let exponent = '';
  const e = /^(.+?)e([+-]?\d{1,3})$/i.exec(s);
  if (e?.[1] !== undefined && e[2] !== undefined && !/ /.test(e[1])) {
    s = e[1];
    exponent = `e${e[2]}`;
  }
  const digits = canonicalDigits(s);
  if (digits === null) return fail(EXPECTED.number);
  const n = Number(`${negative ? '-' : ''}${digits}${exponent}`);
  return Number.isFinite(n) ? ok(Object.is(n, -0) ? 0 : n) : fail(EXPECTED.number);
}

// ---------------------------------------------------------------------------------------------- dates and times

interface TimeOfDay {
  h: number;
  m: number;
  s: number;
}
interface DateParts {
  y: number;
  m: number;
  d: number;
  /** Null when the value carries no time of day. */
  time: TimeOfDay | null;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const isoDate = (p: { y: number; m: number; d: number }): string => formatDate(p.y, p.m, p.d);
const hhmm = (t: TimeOfDay): string => `${pad2(t.h)}:${pad2(t.m)}`;

function validTime(h: number, m: number, s: number): TimeOfDay | null {
  return h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 60 ? { h, m, s } : null;
}

function fromSerial(serial: number): DateParts | null {
  const w = serialToWallClock(serial);
  if (w === null) return null;
  const [y, m, d] = w.date.split('-').map(Number) as [number, number, number];
  const midnight = w.hour === 0 && w.minute === 0 && w.second === 0;
  return { y, m, d, time: midnight ? null : { h: w.hour, m: w.minute, s: w.second } };
}

const MONTHS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^jan(uari)?$/, 1],
  [/^feb(ruari)?$/, 2],
  [/^mar(s)?$/, 3],
  [/^apr(il)?$/, 4],
  [/^maj$/, 5],
  [/^jun(i)?$/, 6],
  [/^jul(i)?$/, 7],
  [/^aug(usti)?$/, 8],
  [/^sep(t|tember)?$/, 9],
  [/^okt(ober)?$/, 10],
  [/^nov(ember)?$/, 11],
  [/^dec(ember)?$/, 12],
];

// Time written after a date or alone: 22:41, 22.41, 22:41:07, 22:41:07.123, optionally 'kl.' before it.
const TIME = String.raw`(?:kl\.? ?)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?`;
// Zone suffix from systems that export instants (ISO 8601 'Z' or '+01:00').
const ZONE = String.raw`(Z|[+-]\d{2}:?\d{2})?`;
const ISO = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T| )${TIME}${ZONE})?$`, 'i');
const DMY = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?: ${TIME})?$`, 'i');
const NAMED = new RegExp(String.raw`^(\d{1,2}) ([a-zåäö]+)\.? (\d{4})(?: ${TIME})?$`, 'i');
const TIME_ONLY = new RegExp(String.raw`^${TIME}$`, 'i');
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL_TEXT = /^\d{5}(?:[.,]\d+)?$/;

function num(s: string | undefined): number {
  return s === undefined ? Number.NaN : Number(s);
}

function timeFrom(h: string | undefined, m: string | undefined, s: string | undefined): TimeOfDay | null | undefined {
  if (h === undefined) return null; // no time written
  return validTime(num(h), num(m), s === undefined ? 0 : num(s)) ?? undefined; // undefined: written but invalid
}

/** A written instant in another zone → Swedish wall clock, through the tz database (not the process timezone). */
function toStockholm(p: DateParts, zone: string): DateParts | null {
  if (p.time === null) return p;
  const sign = zone === 'Z' ? 0 : zone.startsWith('-') ? -1 : 1;
  const offsetMin = zone === 'Z' ? 0 : sign * (num(zone.slice(1, 3)) * 60 + num(zone.slice(-2)));
  const utcMs = Date.UTC(p.y, p.m - 1, p.d, p.time.h, p.time.m, p.time.s) - offsetMin * 60_000;
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Stockholm',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts = Object.fromEntries(fmt.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const t = validTime(num(parts.hour), num(parts.minute), num(parts.second));
  return t === null ? null : { y: num(parts.year), m: num(parts.month), d: num(parts.day), time: t };
}

function checked(y: number, m: number, d: number, time: TimeOfDay | null | undefined): DateParts | null {
  if (time === undefined || !isValidDate(y, m, d) || y < 1000) return null;
  return { y, m, d, time };
}

/** Date (and time of day, if written) from any supported form, or null. Calendar-checked. */
function parseDateParts(v: CellValue): DateParts | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    if (v >= SERIAL_MIN && v < SERIAL_MAX) return fromSerial(v);
    if (Number.isInteger(v) && v >= 10_000_101 && v <= 99_991_231) return parseDateParts(String(v));
    return null;
  }
  if (typeof v !== 'string') return null;
  const s = tidy(v);
  let m: RegExpExecArray | null;
  if (SERIAL_TEXT.test(s)) {
    const n = Number(s.replace(',', '.'));
    return n >= SERIAL_MIN && n < SERIAL_MAX ? fromSerial(n) : null;
  }
  if ((m = COMPACT.exec(s))) return checked(num(m[1]), num(m[2]), num(m[3]), null);
  if ((m = ISO.exec(s))) {
    const p = checked(num(m[1]), num(m[3]), num(m[4]), timeFrom(m[5], m[6], m[7]));
    const zone = m[8];
    return p !== null && zone !== undefined ? toStockholm(p, zone.toUpperCase()) : p;
  }
  if ((m = DMY.exec(s))) return checked(num(m[4]), num(m[3]), num(m[1]), timeFrom(m[5], m[6], m[7]));
  if ((m = NAMED.exec(s))) {
    const name = (m[2] ?? '').toLowerCase();
    const month = MONTHS.find(([re]) => re.test(name))?.[1];
    return month === undefined ? null : checked(num(m[3]), month, num(m[1]), timeFrom(m[4], m[5], m[6]));
  }
  return null;
}

/** Excel's time-only cells have the date part of serial 0 or 1. */
function isTimeOnlyDate(p: { y: number; m: number; d: number }): boolean {
  return p.y === 1899 && p.m === 12 && (p.d === 30 || p.d === 31);
}

/**
 * 'YYYY-MM-DD' from '2025-03-14', '2025-03-14 22:41', '14/3/2025', '14.03.2025', '2025/03/14', '20250314',
 * '14 mars 2025', Excel serials (45730 or '45730', 20000–80000) and the xlsx reader's wall-clock strings.
 */
export function parseLocalDate(v: CellValue): Parsed<string> {
  const p = parseDateParts(v);
  return p === null || isTimeOnlyDate(p) ? fail(EXPECTED.date, 'date') : ok(isoDate(p));
}

/** Time of day alone. `sameDate` lets a full wall-clock string in a time column count when its date agrees. */
function parseTimeParts(v: CellValue, sameDate?: string): TimeOfDay | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return null;
    if (v < 1) {
      // Fraction of a day, rounded to the second; 0.99999... rounds to 24:00, shown by Excel as 0:00.
      const secs = Math.round(v * 86_400) % 86_400;
      return validTime(Math.floor(secs / 3600), Math.floor((secs % 3600) / 60), secs % 60);
    }
    if (Number.isInteger(v) && v <= 2359) return validTime(Math.floor(v / 100), v % 100, 0); // 2241 typed as a number
    if (v >= SERIAL_MIN && v < SERIAL_MAX) {
      const p = fromSerial(v);
      return p !== null && isoDate(p) === sameDate ? (p.time ?? { h: 0, m: 0, s: 0 }) : null;
    }
    return null;
  }
  if (typeof v !== 'string') return null;
  const s = tidy(v);
  let m: RegExpExecArray | null;
  if ((m = TIME_ONLY.exec(s))) return validTime(num(m[1]), num(m[2]), m[3] === undefined ? 0 : num(m[3]));
  if ((m = /^(?:kl\.? ?)?(\d{1,2})(\d{2})$/i.exec(s))) return validTime(num(m[1]), num(m[2]), 0);
  if (/^0?[.,]\d+$/.test(s)) return parseTimeParts(Number(s.replace(',', '.')));
  const p = parseDateParts(s);
  if (p !== null && (isTimeOnlyDate(p) || isoDate(p) === sameDate)) return p.time ?? { h: 0, m: 0, s: 0 };
  return null;
}

/** 'HH:MM' from '22:41', '22.41', '2241', '22:41:07', 'kl. 22.41', an Excel fraction 0.9451 or a time-only cell. */
export function parseTimeOfDay(v: CellValue): Parsed<string> {
  const t = parseTimeParts(v);
  return t === null ? fail(EXPECTED.time, 'time') : ok(hhmm(t));
}

const isBlank = (v: CellValue | undefined): boolean => v === undefined || v === null || (typeof v === 'string' && tidy(v) === '');

/**
 * Date and minute ('YYYY-MM-DD HH:MM', seconds dropped) from a combined cell ('2025-03-14 22:41',
 * '2025-03-14T22:41:00', '14/3/2025 22.41', serial 45730.9451) or a date plus a separate time column.
 * `minute` is null when no time is known. A non-empty time column wins over a time inside the date cell.
 */
export function parseLocalDateTime(date: CellValue, time?: CellValue): Parsed<{ date: string; minute: string | null }> {
  const p = parseDateParts(date);
  if (p === null || isTimeOnlyDate(p)) return fail(EXPECTED.date, 'date');
  const day = isoDate(p);
  let t = p.time;
  if (!isBlank(time)) {
    t = parseTimeParts(time ?? null, day);
    if (t === null) return fail(EXPECTED.time, 'time');
  }
  return ok({ date: day, minute: t === null ? null : `${day} ${hhmm(t)}` });
}

// ---------------------------------------------------------------------------------------------------- yes / no

const YES = new Set(['ja', 'j', 'yes', 'y', '1', 'true', 'sant', 'x']);
const NO = new Set(['nej', 'n', 'no', '0', 'false', 'falskt']);

/** Ja/Nej, J/N, Yes/No, 1/0, true/false (also Swedish Excel's SANT/FALSKT), X for a ticked box. */
export function parseYesNo(v: CellValue): Parsed<boolean> {
  if (typeof v === 'boolean') return ok(v);
  if (typeof v === 'number') return v === 1 ? ok(true) : v === 0 ? ok(false) : fail(EXPECTED.yesNo);
  if (v === null) return fail(EXPECTED.yesNo);
  const s = tidy(v).toLowerCase().replace(/[.!]$/, '');
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return fail(EXPECTED.yesNo);
}
