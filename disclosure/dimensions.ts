/**
 * Builders for the dimensions a publication cube uses: an area register (child → parent, plus alternative
 * groupings of the same areas), a flat list with a total, and calendar periods (month → quarter → year, rolling
 * 12 months). They only produce definitions; every constraint is derived generically in cube.ts.
 */
import { DisclosureInputError } from './errors.ts';
import type { Dimension, TotalDefinition } from './table.ts';

type ParentMap = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

function entries(map: ParentMap): [string, string][] {
  return map instanceof Map ? [...map.entries()] : Object.entries(map as Readonly<Record<string, string>>);
}

function definitionsFromParents(parentOf: ParentMap): TotalDefinition[] {
  const parts = new Map<string, string[]>();
  for (const [child, parent] of entries(parentOf)) {
    if (child === parent) throw new DisclosureInputError(`"${child}" is its own parent`);
    const list = parts.get(parent) ?? [];
    list.push(child);
    parts.set(parent, list);
  }
  return [...parts.entries()].map(([total, list]) => ({ total, parts: list }));
}

/**
 * A hierarchy from child → parent (roots have no entry), e.g. NYKO3 → NYKO2 → NYKO1 → municipality, with `okand`
 * as a child of the municipality. `alternatives` are further child → parent maps over the same codes (a school
 * catchment grouping of NYKO3 whose top is the same municipality code): each adds definitions, so the cells they
 * share get one decision and the intruder may combine both groupings.
 */
export function dimensionFromParents(
  name: string,
  parentOf: ParentMap,
  options: { alternatives?: readonly ParentMap[]; leaves?: readonly string[]; hidden?: readonly string[] } = {},
): Dimension {
  const totals = [parentOf, ...(options.alternatives ?? [])].flatMap(definitionsFromParents);
  return {
    name,
    totals,
    ...(options.leaves ? { leaves: options.leaves } : {}),
    ...(options.hidden ? { hidden: options.hidden } : {}),
  };
}

/** A flat dimension whose total is the sum of all other codes (the common ad-hoc case). */
export function flatDimension(name: string, codes: readonly string[], total?: string): Dimension {
  if (total === undefined) return { name, totals: [], leaves: codes };
  return { name, totals: [{ total, parts: codes.filter((c) => c !== total) }] };
}

export interface CalendarOptions {
  /** Publish quarters (`2024-Q1`); the year is then the sum of its quarters. Default true. */
  readonly quarters?: boolean;
  /** Publish years (`2024`); a year with only some months is the year-to-date total. Default true. */
  readonly years?: boolean;
  /**
   * Rolling 12-month totals `R12:2024-06` (July 2023–June 2024): `all` for every month that closes a full window,
   * `last` for the latest only, `none` (default). Overlapping windows let an intruder difference months a year
   * apart, so the engine sees them as constraints like any other total.
   */
  readonly rolling12?: 'none' | 'last' | 'all';
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthIndex(month: string): number {
  const m = MONTH.exec(month);
  if (!m) throw new DisclosureInputError(`"${month}" is not a month (YYYY-MM)`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthCode(index: number): string {
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Month codes `YYYY-MM` from..to inclusive. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthCode(i));
  return out;
}

/** Periods over the given months (`YYYY-MM`, need not be contiguous): months, quarters, years, rolling windows. */
export function calendarDimension(name: string, months: readonly string[], options: CalendarOptions = {}): Dimension {
  const quarters = options.quarters ?? true;
  const years = options.years ?? true;
  const rolling = options.rolling12 ?? 'none';
  const sorted = [...new Set(months)].sort();
  const totals: TotalDefinition[] = [];
  const quarterParts = new Map<string, string[]>();
  const yearParts = new Map<string, string[]>();
  for (const month of sorted) {
    const idx = monthIndex(month);
    const year = String(Math.floor(idx / 12));
    const quarter = `${year}-Q${Math.floor((idx % 12) / 3) + 1}`;
    if (quarters) quarterParts.set(quarter, [...(quarterParts.get(quarter) ?? []), month]);
    if (years) yearParts.set(year, [...(yearParts.get(year) ?? []), month]);
  }
  for (const [total, parts] of quarterParts) totals.push({ total, parts });
  for (const [year, monthsOfYear] of yearParts) {
    const parts = quarters ? [...quarterParts.keys()].filter((q) => q.startsWith(`${year}-Q`)) : monthsOfYear;
    totals.push({ total: year, parts });
  }
  if (rolling !== 'none') {
    const present = new Set(sorted);
    const ends = sorted.filter((m) => {
      const end = monthIndex(m);
      for (let i = end - 11; i <= end; i++) if (!present.has(monthCode(i))) return false;
      return true;
    });
    const chosen = rolling === 'last' ? ends.slice(-1) : ends;
    for (const end of chosen) {
      const e = monthIndex(end);
      const parts: string[] = [];
      for (let i = e - 11; i <= e; i++) parts.push(monthCode(i));
      totals.push({ total: `R12:${end}`, parts });
    }
  }
  const inTotals = new Set(totals.flatMap((t) => t.parts));
  const leaves = sorted.filter((m) => !inTotals.has(m));
  return { name, totals, ...(leaves.length > 0 ? { leaves } : {}) };
}
