/**
 * Turns the long list of monthly points into one area × month table per indicator, restricted to the months a run
 * looks at. Absent rows mean zero events (the lager stores aggregates, and an empty cell is no row) — but only in
 * months the indicator was delivered at all: a month without a single row for the indicator is a missing
 * delivery, not a month of peace, and is left out of the table.
 */
import { isMonth, monthIndex } from './months.ts';
import type { EngineNote, SeriesKind, SeriesPoint } from './types.ts';

export interface IndicatorPanel {
  indicator: string;
  kind: SeriesKind;
  source: string;
  /** Sorted area codes that have at least one row in the range. */
  areas: string[];
  /** Month indexes (see months.ts) that were delivered, ascending. */
  months: number[];
  /** counts[area][monthPosition]. */
  counts: number[][];
  /** denominators[area][monthPosition], gaps filled from the nearest month; all ones for plain counts. */
  denominators: number[][];
  /** False for a rate/share area without any denominator: such an area cannot be tested. */
  hasDenominator: boolean[];
}

interface Cell {
  count: number;
  denominator: number | null;
}

interface Draft {
  kind: SeriesKind;
  source: string;
  cells: Map<string, Map<number, Cell>>;
  delivered: Set<number>;
  mixedKindNoted: boolean;
}

function validationProblem(point: SeriesPoint): string | null {
  if (!isMonth(point.month)) return 'month is not YYYY-MM';
  if (!Number.isInteger(point.count) || point.count < 0) return 'count is not a non-negative integer';
  if (point.kind !== 'count' && point.kind !== 'rate' && point.kind !== 'share') return 'unknown kind';
  const d = point.denominator;
  if (d !== undefined && d !== null && !(Number.isFinite(d) && d >= 0)) return 'denominator is not a non-negative number';
  if (point.kind === 'share' && d !== undefined && d !== null && point.count > d) return 'share numerator exceeds denominator';
  return null;
}

/** Nearest-month fill of a denominator row; earlier months win ties (populations are registered at year start). */
function fillNearest(values: (number | null)[]): { filled: number[]; found: boolean } {
  const known: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && v > 0) known.push(i);
  });
  if (known.length === 0) return { filled: values.map(() => 0), found: false };
  const filled = values.map((v, i) => {
    if (v !== null && v > 0) return v;
    let best = known[0] ?? 0;
    for (const k of known) if (Math.abs(k - i) < Math.abs(best - i)) best = k;
    return values[best] ?? 0;
  });
  return { filled, found: true };
}

export function buildPanels(
  series: readonly SeriesPoint[],
  range: { from: number; to: number },
  sources: Readonly<Record<string, string>>,
): { panels: IndicatorPanel[]; notes: EngineNote[] } {
  const notes: EngineNote[] = [];
  const drafts = new Map<string, Draft>();
  for (const point of series) {
    const problem = validationProblem(point);
    if (problem) {
      notes.push({ code: 'point.invalid', indicator: point.indicator, area: point.area, month: point.month, detail: problem });
      continue;
    }
    const m = monthIndex(point.month);
    if (m < range.from || m > range.to) continue;
    let draft = drafts.get(point.indicator);
    if (!draft) {
      draft = {
        kind: point.kind,
        source: point.source ?? sources[point.indicator] ?? point.indicator,
        cells: new Map(),
        delivered: new Set(),
        mixedKindNoted: false,
      };
      drafts.set(point.indicator, draft);
    }
    if (point.kind !== draft.kind) {
      if (!draft.mixedKindNoted) {
        notes.push({
          code: 'indicator.mixed_kind',
          indicator: point.indicator,
          detail: `kind ${point.kind} ignored, indicator is ${draft.kind}`,
        });
        draft.mixedKindNoted = true;
      }
      continue;
    }
    let row = draft.cells.get(point.area);
    if (!row) {
      row = new Map();
      draft.cells.set(point.area, row);
    }
    if (row.has(m)) {
      notes.push({
        code: 'point.duplicate',
        indicator: point.indicator,
        area: point.area,
        month: point.month,
        detail: 'second row for the same cell ignored',
      });
      continue;
    }
    row.set(m, { count: point.count, denominator: point.denominator ?? null });
    draft.delivered.add(m);
  }

  const panels: IndicatorPanel[] = [];
  for (const [indicator, draft] of [...drafts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const months = [...draft.delivered].sort((a, b) => a - b);
    const areas = [...draft.cells.keys()].sort();
    const counts: number[][] = [];
    const denominators: number[][] = [];
    const hasDenominator: boolean[] = [];
    for (const area of areas) {
      const row = draft.cells.get(area) ?? new Map<number, Cell>();
      counts.push(months.map((m) => row.get(m)?.count ?? 0));
      if (draft.kind === 'count') {
        denominators.push(months.map(() => 1));
        hasDenominator.push(true);
      } else {
        const { filled, found } = fillNearest(months.map((m) => row.get(m)?.denominator ?? null));
        denominators.push(filled);
        hasDenominator.push(found);
        if (!found)
          notes.push({ code: 'area.no_denominator', indicator, area, detail: `${draft.kind} without any denominator: not tested` });
      }
    }
    panels.push({ indicator, kind: draft.kind, source: draft.source, areas, months, counts, denominators, hasDenominator });
  }
  return { panels, notes };
}
