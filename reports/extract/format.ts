/**
 * Swedish number and date formatting for extracts. Numbers are formatted by hand rather than with Intl so that the
 * bytes do not depend on the ICU data of the machine that renders them; only the time zone needs Intl.
 */
import type { ExtractIndicator } from './types.ts';

/** Shown for every suppressed value: never 0 and never blank, so that nobody sums it as zero. */
export const SUPPRESSED = '..';

/** Thousands separator in the PDF: a no-break space (Helvetica's WinAnsi has no thin space). */
export const PDF_THOUSANDS = '\u00A0';

/** Decimal comma, optional thousands grouping, no exponent, no "-0". */
export function swedishNumber(value: number, decimals: number, thousands: '' | typeof PDF_THOUSANDS = ''): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [int = '0', frac] = fixed.split('.');
  const grouped = thousands === '' ? int : int.replace(/\B(?=(\d{3})+(?!\d))/gu, thousands);
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${frac === undefined ? '' : `,${frac}`}`;
}

/** Shares arrive as 0..1 and are shown as percent everywhere people read them. */
export const displayUnit = (indicator: ExtractIndicator): string => (indicator.kind === 'share' ? 'procent' : indicator.unit);

const BASE_DECIMALS: Record<ExtractIndicator['kind'], number> = { count: 0, sum: 0, share: 1, rate: 1, value: 2 };

/** Decimals to show: counts and sums are whole, but averages of them (rolling 12 months) are not. */
export function decimalsFor(indicator: ExtractIndicator, value: number): number {
  const base = BASE_DECIMALS[indicator.kind];
  return base === 0 && !Number.isInteger(value) ? 1 : base;
}

/** The value in display units (percent for shares), rounded as shown so CSV and Parquet carry the same number. */
export function displayNumber(indicator: ExtractIndicator, value: number): number {
  const scaled = indicator.kind === 'share' ? value * 100 : value;
  const factor = 10 ** decimalsFor(indicator, scaled);
  return Math.round(scaled * factor) / factor;
}

/**
 * A value for a CSV cell: `..` when hidden (null), blank when it does not apply (undefined, e.g. no interval for a
 * plain count), otherwise a decimal-comma number without grouping, which Swedish Excel reads as a number.
 */
export function csvValue(indicator: ExtractIndicator, value: number | null | undefined): string {
  if (value === undefined) return '';
  if (value === null) return SUPPRESSED;
  const shown = displayNumber(indicator, value);
  return swedishNumber(shown, decimalsFor(indicator, shown));
}

/** A number in display units with grouped thousands, for the PDF. */
function pdfNumber(indicator: ExtractIndicator, value: number): string {
  const shown = displayNumber(indicator, value);
  return swedishNumber(shown, decimalsFor(indicator, shown), PDF_THOUSANDS);
}

const percentSign = (indicator: ExtractIndicator): string => (indicator.kind === 'share' ? `${PDF_THOUSANDS}%` : '');

/** A value for the PDF: grouped thousands, `%` on shares, `..` when hidden, blank when it does not apply. */
export function pdfValue(indicator: ExtractIndicator, value: number | null | undefined): string {
  if (value === undefined) return '';
  if (value === null) return SUPPRESSED;
  return `${pdfNumber(indicator, value)}${percentSign(indicator)}`;
}

/** A plain count (a basis, a number of cells) for the PDF. */
export const pdfCount = (n: number): string => swedishNumber(n, 0, PDF_THOUSANDS);

/** A fraction as percent with one decimal, e.g. 0.032 → '3,2 %'. */
export const percent = (fraction: number): string => `${swedishNumber(fraction * 100, 1)}${PDF_THOUSANDS}%`;

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** '2025-03-05' → '5 mars 2025'. */
export function swedishDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(isoDate);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || month === undefined) return isoDate;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

const stockholm = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO timestamp as Swedish local date and time; a bare date passes through (it is already a local day). */
export function stockholmTime(iso: string): { date: string; time: string | null } {
  if (/^\d{4}-\d{2}-\d{2}$/u.test(iso)) return { date: iso, time: null };
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return { date: iso, time: null };
  const parts = stockholm.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/** An uncertainty interval for the PDF, '97–101' or '1,0–1,6 %'; blank when there is none or it is hidden. */
export function pdfInterval(indicator: ExtractIndicator, lower: number | null | undefined, upper: number | null | undefined): string {
  if (lower == null || upper == null) return '';
  return `${pdfNumber(indicator, lower)}–${pdfNumber(indicator, upper)}${percentSign(indicator)}`;
}
