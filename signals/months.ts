/**
 * Calendar months as integers. The engine works on a month grain (`YYYY-MM`); an integer index (year·12 + month−1)
 * makes windows and look-backs plain arithmetic and keeps time zones out of it entirely.
 */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

// Tens of thousands of points share a few dozen month strings: parse each once.
const parsed = new Map<string, number>();

export function isMonth(text: string): boolean {
  return parsed.has(text) || MONTH.test(text);
}

export function monthIndex(text: string): number {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const match = MONTH.exec(text);
  if (!match) throw new Error(`not a month (expected YYYY-MM): ${JSON.stringify(text)}`);
  const index = Number(match[1]) * 12 + Number(match[2]) - 1;
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(text, index);
  return index;
}

export function monthText(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Month of year, 0 = January. */
export function monthOfYear(index: number): number {
  return ((index % 12) + 12) % 12;
}

export function addMonths(text: string, delta: number): string {
  return monthText(monthIndex(text) + delta);
}
