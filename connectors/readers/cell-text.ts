import type { CellValue } from './types.ts';

/**
 * Decimal text of a finite number without exponent: 1e21 → '1000000000000000000000', 1e-7 → '0.0000001'.
 * Uses the shortest round-trip digits, so 0.1 stays '0.1' (personal identity numbers stored as numbers must print
 * whole, and Number#toString switches to exponents at 1e21).
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  // Position of the decimal point counted from the start of `digits`.
  const point = (dot < 0 ? mantissa.length : dot) + exponent;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (negative ? '-' : '') + out;
}

/** Trimmed text form of a cell ('' for null); numbers without exponent; booleans as 'true'/'false'. */
export function cellText(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return plainNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v.trim();
}
