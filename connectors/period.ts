/**
 * The period a delivery covers: from its file name, a sheet name, the `--period` option or the data. Periods are
 * inclusive date ranges of Swedish local days.
 */
export interface Period {
  start: string;
  end: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const monthStart = (y: number, m: number): string => `${y}-${pad(m)}-01`;
const monthEnd = (y: number, m: number): string => `${y}-${pad(m)}-${pad(lastDay(y, m))}`;

const validYear = (y: number): boolean => y >= 1990 && y <= 2100;
const validMonth = (m: number): boolean => m >= 1 && m <= 12;

export function termPeriod(term: 'VT' | 'HT', year: number): Period {
  return term === 'VT' ? { start: `${year}-01-01`, end: `${year}-06-30` } : { start: `${year}-07-01`, end: `${year}-12-31` };
}

/** 'VT2025', 'VT 2025', 'ht-25', 'vårterminen 2025', '2025 HT' → the term's period. */
export function parseTerm(text: string): Period | null {
  const t = text.toLowerCase();
  const m =
    /(?<![a-zåäö])(vt|ht|vår(?:terminen)?|höst(?:terminen)?)[\s_-]*(\d{4}|\d{2})(?!\d)/.exec(t) ??
    /(?<!\d)(\d{4})[\s_-]*(vt|ht)(?![a-zåäö])/.exec(t);
  if (!m) return null;
  const [a = '', b = ''] = [m[1], m[2]];
  const [termWord, yearText] = /^\d/.test(a) ? [b, a] : [a, b];
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  if (!validYear(year)) return null;
  return termPeriod(termWord.startsWith('v') ? 'VT' : 'HT', year);
}

/**
 * Finds a period in a file or sheet name: '2025-01_2025-06', '2025-03', '202503', '2025_Q1', 'Q1 2025',
 * 'kv 1 2025', 'VT2025', 'jan–mar 2025', or a bare year '2025'.
 */
export function periodFromName(name: string): Period | null {
  const t = name.toLowerCase();
  const range = /(?<!\d)(\d{4})[-_.]?(\d{2})\s*(?:_|–|-|—|till|to)\s*(\d{4})[-_.]?(\d{2})(?!\d)/.exec(t);
  if (range) {
    const [y1, m1, y2, m2] = range.slice(1).map(Number) as [number, number, number, number];
    if (validYear(y1) && validYear(y2) && validMonth(m1) && validMonth(m2) && `${y1}${pad(m1)}` <= `${y2}${pad(m2)}`) {
      return { start: monthStart(y1, m1), end: monthEnd(y2, m2) };
    }
  }
  const quarter =
    /(?<![a-zåäö\d])(?:q|kv\.?|kvartal)\s*([1-4])[\s_-]*(\d{4})(?!\d)/.exec(t) ??
    /(?<!\d)(\d{4})[\s_-]*(?:q|kv\.?|kvartal)\s*([1-4])(?!\d)/.exec(t);
  if (quarter) {
    const [a = 0, b = 0] = quarter.slice(1).map(Number);
    const [q, y] = a > 4 ? [b, a] : [a, b];
    if (validYear(y)) return { start: monthStart(y, 3 * q - 2), end: monthEnd(y, 3 * q) };
  }
  const term = parseTerm(t);
  if (term) return term;
  const month = /(?<!\d)(\d{4})[-_.]?(\d{2})(?![\d])/.exec(t);
  if (month) {
    const [y, m] = month.slice(1).map(Number) as [number, number];
    if (validYear(y) && validMonth(m)) return { start: monthStart(y, m), end: monthEnd(y, m) };
  }
  const year = /(?<!\d)(\d{4})(?!\d)/.exec(t);
  if (year) {
    const y = Number(year[1]);
    if (validYear(y)) return { start: `${y}-01-01`, end: `${y}-12-31` };
  }
  return null;
}

/** A `--period` option: '2025', '2025-03', '2025-Q1', 'VT2025' or 'YYYY-MM-DD..YYYY-MM-DD'. */
export function parsePeriodOption(text: string): Period | null {
  const explicit = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text.trim());
  if (explicit) {
    const [, start = '', end = ''] = explicit;
    return start <= end ? { start, end } : null;
  }
  return periodFromName(text);
}

export function overlaps(a: Period, b: Period): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function contains(p: Period, date: string): boolean {
  return p.start <= date && date <= p.end;
}

/** The stored period (start, end) of a date at a grain. */
export function grainPeriod(date: string, grain: 'day' | 'month' | 'term' | 'year'): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  switch (grain) {
    case 'day':
      return { start: date, end: date };
    case 'month':
      return { start: monthStart(y, m), end: monthEnd(y, m) };
    case 'term':
      return termPeriod(m <= 6 ? 'VT' : 'HT', y);
    case 'year':
      return { start: `${y}-01-01`, end: `${y}-12-31` };
  }
}

/** Widens a data-inferred period to whole grain periods. */
export function widenToGrain(p: Period, grain: 'day' | 'month' | 'term' | 'year'): Period {
  return { start: grainPeriod(p.start, grain).start, end: grainPeriod(p.end, grain).end };
}
