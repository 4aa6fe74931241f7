/** ISO 8601 weeks as the views and the publication layer name them: `2025-W10`, Monday to Sunday. */

const DAY = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');
const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);
const utc = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** The week a day (YYYY-MM-DD) falls in; its year is the year of the week's Thursday. */
export function weekOf(day: string): string {
  const t = utc(day);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  const thursday = t + (3 - weekday) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY / 7);
  return `${year}-W${pad(week)}`;
}

/** Monday of a week `YYYY-Www`. */
export function weekStart(key: string): string {
  const year = Number(key.slice(0, 4));
  const week = Number(key.slice(6));
  // 4 January is always in week 1.
  const jan4 = Date.UTC(year, 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  return isoDay(monday1 + (week - 1) * 7 * DAY);
}

export const weekEnd = (key: string): string => isoDay(utc(weekStart(key)) + 6 * DAY);

/** The last week that ended before the as-of day. */
export function lastCompleteWeek(asOf: string): string {
  return weekOf(isoDay(utc(weekStart(weekOf(asOf))) - DAY));
}

/** `count` consecutive weeks ending with `last`, oldest first. */
export function weeksUpTo(last: string, count: number): string[] {
  const end = utc(weekStart(last));
  return Array.from({ length: count }, (_, i) => weekOf(isoDay(end - (count - 1 - i) * 7 * DAY)));
}

/** The same week number a year earlier (none when that year has no week 53). */
export function weekYearBefore(key: string): string | null {
  const candidate = `${Number(key.slice(0, 4)) - 1}${key.slice(4)}`;
  return weekOf(weekStart(candidate)) === candidate ? candidate : null;
}

export const isWeekKey = (key: string): boolean => /^\d{4}-W\d{2}$/.test(key);
