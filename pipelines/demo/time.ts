/**
 * Swedish local time without touching the process time zone. A `Wall` is the local wall-clock time encoded as the
 * millisecond value Date.UTC would give for the same calendar fields; all formatting reads the UTC getters. This keeps
 * the generator byte-identical whatever TZ the tests run under.
 */
import type { Rng } from './random.ts';
import { WeightedSampler } from './random.ts';

export type Wall = number;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function wall(year: number, month: number, day: number, hour = 0, minute = 0): Wall {
  return Date.UTC(year, month - 1, day, hour, minute);
}

export function daysInYear(year: number): number {
  return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY;
}

/** Wall time of local midnight starting day `dayIndex` (0 = 1 January). */
export function dayStart(year: number, dayIndex: number): Wall {
  return Date.UTC(year, 0, 1) + dayIndex * DAY;
}

export function dayIndexOf(w: Wall): number {
  const d = new Date(w);
  return Math.floor((w - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY);
}

export function monthOf(w: Wall): number {
  return new Date(w).getUTCMonth() + 1;
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(w: Wall): number {
  return (new Date(w).getUTCDay() + 6) % 7;
}

function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** Days when the clock jumps (last Sunday of March and October): local night-time there is skipped or repeated. */
export function isDstChangeDay(w: Wall): boolean {
  const d = new Date(w);
  const m = d.getUTCMonth() + 1;
  if (m !== 3 && m !== 10) return false;
  return d.getUTCDate() === lastSunday(d.getUTCFullYear(), m);
}

/** UTC offset of Europe/Stockholm (EU rule) at a wall time, in hours. */
export function stockholmOffset(w: Wall): number {
  const y = new Date(w).getUTCFullYear();
  const start = Date.UTC(y, 2, lastSunday(y, 3), 2);
  const end = Date.UTC(y, 9, lastSunday(y, 10), 3);
  return w >= start && w < end ? 2 : 1;
}

/** The real instant (UTC epoch ms) of a wall time; used for "within N minutes" rules. */
export function instant(w: Wall): number {
  return w - stockholmOffset(w) * HOUR;
}

export function addMinutes(w: Wall, minutes: number): Wall {
  return w + minutes * MINUTE;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

function fields(w: Wall): { y: number; mo: number; d: number; h: number; mi: number } {
  const d = new Date(w);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
}

export function monthKey(w: Wall): string {
  const f = fields(w);
  return `${f.y}-${p2(f.mo)}`;
}

/** 2025-03-14 */
export function isoDate(w: Wall): string {
  const f = fields(w);
  return `${f.y}-${p2(f.mo)}-${p2(f.d)}`;
}

/** 22:41 */
export function hhmm(w: Wall): string {
  const f = fields(w);
  return `${p2(f.h)}:${p2(f.mi)}`;
}

/** 22.41 (Swedish Excel habit) */
export function hhmmDot(w: Wall): string {
  const f = fields(w);
  return `${p2(f.h)}.${p2(f.mi)}`;
}

/** 2025-03-14 22:41 */
export function isoDateTime(w: Wall): string {
  return `${isoDate(w)} ${hhmm(w)}`;
}

/** 14.03.2025 */
export function dmyDots(w: Wall): string {
  const f = fields(w);
  return `${p2(f.d)}.${p2(f.mo)}.${f.y}`;
}

/** 14/3/2025 22.41 (no zero padding, day first) */
export function dmySlashTime(w: Wall): string {
  const f = fields(w);
  return `${f.d}/${f.mo}/${f.y} ${p2(f.h)}.${p2(f.mi)}`;
}

/** Excel serial (1900 date system): days since 1899-12-30 of the local wall time, as Excel stores it. */
export function excelSerial(w: Wall): number {
  return (w - Date.UTC(1899, 11, 30)) / DAY;
}

/** Distribution of events over a year: seasonality, weekday and hour-of-day profiles. */
export interface TimeProfile {
  /** 12 weights, January first. */
  month: readonly number[];
  /** 7 weights, Monday first. */
  weekday: readonly number[];
  /** 24 weights, midnight first. */
  hour: readonly number[];
  /** Extra factor for a given day (e.g. school summer holiday), default 1. */
  day?: (w: Wall) => number;
}

export class TimeSampler {
  readonly year: number;
  readonly dayWeights: number[];
  private readonly days: WeightedSampler;
  private readonly hours: WeightedSampler;

  readonly profile: TimeProfile;

  constructor(year: number, profile: TimeProfile, fromDay = 0, toDay = daysInYear(year) - 1) {
    this.year = year;
    this.profile = profile;
    this.dayWeights = [];
    for (let i = 0; i < daysInYear(year); i++) {
      const w = dayStart(year, i);
      const inRange = i >= fromDay && i <= toDay;
      const weight = inRange ? (profile.month[monthOf(w) - 1] ?? 1) * (profile.weekday[weekdayOf(w)] ?? 1) * (profile.day?.(w) ?? 1) : 0;
      this.dayWeights.push(weight);
    }
    this.days = new WeightedSampler(this.dayWeights);
    this.hours = new WeightedSampler(profile.hour);
  }

  /** The share of the year's events that falls in `month` (1–12). */
  monthShare(month: number): number {
    let inMonth = 0;
    let total = 0;
    this.dayWeights.forEach((w, i) => {
      total += w;
      if (monthOf(dayStart(this.year, i)) === month) inMonth += w;
    });
    return total > 0 ? inMonth / total : 0;
  }

  /** The same profile restricted to one month (1–12). */
  inMonth(month: number): TimeSampler {
    const from = dayIndexOf(wall(this.year, month, 1));
    const to = month === 12 ? daysInYear(this.year) - 1 : dayIndexOf(wall(this.year, month + 1, 1)) - 1;
    return new TimeSampler(this.year, this.profile, from, to);
  }

  sampleDay(rng: Rng): number {
    return this.days.sample(rng);
  }

  /**
   * A whole-minute wall time on the day. On clock-change days the night hours are avoided (02:00–02:59 does not
   * exist in March and happens twice in October; `quietNight` widens that to 00–05 for "within an hour" rules).
   */
  sampleTimeOnDay(rng: Rng, dayIndex: number, quietNight = false): Wall {
    const start = dayStart(this.year, dayIndex);
    const change = isDstChangeDay(start);
    for (;;) {
      const h = this.hours.sample(rng);
      if (change && (h === 2 || (quietNight && h < 5))) continue;
      return start + h * HOUR + rng.int(0, 59) * MINUTE;
    }
  }

  sample(rng: Rng, quietNight = false): Wall {
    return this.sampleTimeOnDay(rng, this.sampleDay(rng), quietNight);
  }
}

// Reusable shapes. Weekend factor is applied through `weekday`.
export const FLAT_MONTHS = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] as const;
export const SUMMER_HEAVY = [0.8, 0.8, 0.9, 1, 1.1, 1.2, 1.25, 1.2, 1.05, 0.95, 0.9, 0.95] as const;
/** Fires peak in spring (dry grass, Valborg), and again a little in summer. */
export const FIRE_MONTHS = [0.55, 0.6, 1.0, 1.9, 1.8, 1.3, 1.1, 1.05, 0.8, 0.7, 0.6, 0.75] as const;
export const WEEKEND_HEAVY = [0.85, 0.85, 0.9, 1.0, 1.25, 1.45, 1.25] as const;
export const WEEKDAYS_ONLY = [1, 1, 1, 1, 1, 0.15, 0.1] as const;
export const EVENING_HOURS = [
  4, 3, 2.2, 1.5, 0.8, 0.5, 0.5, 0.7, 1, 1.2, 1.4, 1.6, 1.8, 1.9, 2, 2.3, 2.8, 3.3, 3.9, 4.4, 4.8, 5.2, 5.3, 4.8,
] as const;
export const DAYTIME_HOURS = [
  0.4, 0.3, 0.2, 0.2, 0.2, 0.4, 1.2, 2.5, 3, 3, 3, 3, 3, 3, 3.2, 3.5, 3.6, 3, 2.4, 1.8, 1.4, 1, 0.8, 0.6,
] as const;
export const OFFICE_HOURS = [0, 0, 0, 0, 0, 0, 0, 0.5, 2, 3, 3, 3, 2, 3, 3, 3, 2, 0.5, 0, 0, 0, 0, 0, 0] as const;
