/**
 * When a view is due. Due dates are Swedish calendar days (Europe/Stockholm), so DST changes never move or double
 * a delivery. A run produces every due date since the last one that was produced (catch-up after a missed night),
 * and the release ledger makes a repeated night produce nothing twice.
 */
import { Cron } from 'croner';
import type { Schedule } from '../schemas/views.ts';

const DAY_MS = 86_400_000;

export function toDayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(toDayNumber(iso) + days);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The Stockholm calendar day of an instant. */
export function stockholmDay(instant: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(instant);
}

function isDue(schedule: Schedule, day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  if ('everyDays' in schedule) {
    const offset = toDayNumber(day) - toDayNumber(schedule.from);
    return offset >= 0 && offset % schedule.everyDays === 0;
  }
  if ('monthlyOnDay' in schedule) return d === Math.min(schedule.monthlyOnDay, lastDayOfMonth(y, m));
  if ('quarterlyOnDay' in schedule) return (m - 1) % 3 === 0 && d === Math.min(schedule.quarterlyOnDay, lastDayOfMonth(y, m));
  return false;
}

/** Due dates in (after, until], oldest first. */
export function dueDates(schedule: Schedule, after: string, until: string): string[] {
  if (until <= after) return [];
  if ('cron' in schedule) {
    const cron = new Cron(schedule.cron, { timezone: 'Europe/Stockholm', paused: true });
    const days = new Set<string>();
    // Start at the end of `after` in Stockholm (the earliest instant that can fall on the next day).
    let cursor: Date | null = new Date((toDayNumber(after) + 1) * DAY_MS - 3 * 3_600_000);
    for (let guard = 0; guard < 10_000; guard++) {
      cursor = cursor ? cron.nextRun(cursor) : null;
      if (!cursor) break;
      const day = stockholmDay(cursor);
      if (day > until) break;
      if (day > after) days.add(day);
    }
    return [...days].sort();
  }
  const out: string[] = [];
  for (let n = toDayNumber(after) + 1; n <= toDayNumber(until); n++) {
    const day = fromDayNumber(n);
    if (isDue(schedule, day)) out.push(day);
  }
  return out;
}

/** The next due date after a day (for `lagesbild views`), within two years. */
export function nextDue(schedule: Schedule, after: string): string | null {
  return dueDates(schedule, after, addDays(after, 731))[0] ?? null;
}
