/**
 * The crime analysts' rule of thumb, kept as the baseline the detector must beat: for two Poisson counts the
 * square-root transform makes 2(√current − √previous) roughly N(0, 2) when nothing changed — far better than a
 * percentage change on small counts, but with no history beyond one comparison period, no overdispersion and no
 * multiple-testing control.
 */
import { addMonths, monthIndex } from './months.ts';
import type { SeriesPoint } from './types.ts';

/** Poisson z-score of the change from `previous` to `current`: 2(√current − √previous). */
export function baselineZ(current: number, previous: number): number {
  return 2 * (Math.sqrt(Math.max(0, current)) - Math.sqrt(Math.max(0, previous)));
}

/**
 * Which periods are compared:
 * - `year-over-year`: the last `months` months against the same months a year earlier (seasonality-aware);
 * - `previous-period`: the last `months` months against the `months` months before them.
 */
export type RuleComparison = 'year-over-year' | 'previous-period';

export interface RuleOptions {
  asOf: string;
  months: number;
  comparison: RuleComparison;
  threshold: number;
  untestedAreas?: readonly string[];
}

export interface RuleResult {
  indicator: string;
  area: string;
  current: number;
  previous: number;
  z: number;
  /** Rises only (z > threshold): the rule is used to find escalations, and counting falls would only add alarms. */
  flagged: boolean;
}

export function ruleOfThumb(series: readonly SeriesPoint[], opts: RuleOptions): RuleResult[] {
  const end = monthIndex(opts.asOf);
  const currentFrom = end - opts.months + 1;
  const shift = opts.comparison === 'year-over-year' ? 12 : opts.months;
  const previousFrom = currentFrom - shift;
  const previousTo = end - shift;
  const skip = new Set(opts.untestedAreas ?? ['okand']);
  const sums = new Map<string, { indicator: string; area: string; current: number; previous: number }>();
  for (const p of series) {
    if (skip.has(p.area)) continue;
    const m = monthIndex(p.month);
    const inCurrent = m >= currentFrom && m <= end;
    const inPrevious = m >= previousFrom && m <= previousTo;
    if (!inCurrent && !inPrevious) continue;
    const k = `${p.indicator}\u0000${p.area}`;
    const entry = sums.get(k) ?? { indicator: p.indicator, area: p.area, current: 0, previous: 0 };
    if (inCurrent) entry.current += p.count;
    if (inPrevious) entry.previous += p.count;
    sums.set(k, entry);
  }
  return [...sums.values()].map((s) => {
    const z = baselineZ(s.current, s.previous);
    return { ...s, z, flagged: z > opts.threshold };
  });
}

/** Convenience for reports: the months each comparison uses. */
export function ruleWindows(opts: Pick<RuleOptions, 'asOf' | 'months' | 'comparison'>): {
  current: [string, string];
  previous: [string, string];
} {
  const shift = opts.comparison === 'year-over-year' ? 12 : opts.months;
  const from = addMonths(opts.asOf, -opts.months + 1);
  return { current: [from, opts.asOf], previous: [addMonths(from, -shift), addMonths(opts.asOf, -shift)] };
}
