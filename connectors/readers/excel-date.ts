// Calendar arithmetic in plain integers. Excel dates are wall-clock Swedish local time with no zone attached, so
// they must never pass through a JS Date (which would apply the process timezone and DST).

const SECONDS_PER_DAY = 86_400;
/** Days from 1899-12-30 (Excel's epoch for serials ≥ 61) to 1970-01-01. */
const EXCEL_EPOCH_TO_UNIX_DAYS = 25_569;
/** Serial of 1904-01-01 in the 1900 system: workbooks saved with the 1904 date system count from there. */
export const DATE1904_OFFSET = 1_462;
/** 9999-12-31 + 1: Excel's last valid serial. */
const MAX_SERIAL = 2_958_466;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Days since 1970-01-01 → civil date (H. Hinnant's algorithm, proleptic Gregorian). */
export function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Civil date → days since 1970-01-01. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

export function isValidDate(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function formatDate(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export interface WallClock {
  date: string; // YYYY-MM-DD
  hour: number;
  minute: number;
  second: number;
}

/**
 * Excel serial (days since 1899-12-30, fraction = time of day) → wall clock, rounded to the nearest second.
 * Serials below 61 sit before Excel's fictitious 1900-02-29 and come out one day early; no real data lives there.
 */
export function serialToWallClock(serial: number, date1904 = false): WallClock | null {
  const s = date1904 ? serial + DATE1904_OFFSET : serial;
  if (!Number.isFinite(s) || s < 0 || s >= MAX_SERIAL) return null;
  let days = Math.floor(s);
  // Round the fraction alone: multiplying the whole serial by 86400 would lose the last second to float error.
  let secs = Math.round((s - days) * SECONDS_PER_DAY);
  if (secs >= SECONDS_PER_DAY) {
    days += 1;
    secs -= SECONDS_PER_DAY;
  }
  const { y, m, d } = civilFromDays(days - EXCEL_EPOCH_TO_UNIX_DAYS);
  return { date: formatDate(y, m, d), hour: Math.floor(secs / 3600), minute: Math.floor((secs % 3600) / 60), second: secs % 60 };
}

/** 'YYYY-MM-DD HH:MM:SS', or 'YYYY-MM-DD' when the time is exactly midnight (a date-only cell). */
export function formatWallClock(w: WallClock): string {
  if (w.hour === 0 && w.minute === 0 && w.second === 0) return w.date;
  return `${w.date} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** Civil date → Excel serial (1900 system). */
export function dateToSerial(y: number, m: number, d: number): number {
  return daysFromCivil(y, m, d) + EXCEL_EPOCH_TO_UNIX_DAYS;
}
