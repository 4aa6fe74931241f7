/** One row per cell, in reading order: the shared shape of the CSV and the Parquet extract. */
import { areasInReadingOrder, periodsInOrder, visibleCell } from './lookup.ts';
import type { ExtractArea, ExtractCell, ExtractIndicator, ExtractPeriod, ViewExtract } from './types.ts';

export interface ExtractRow {
  indicator: ExtractIndicator;
  area: ExtractArea;
  period: ExtractPeriod;
  cell: ExtractCell;
}

/** Rows ordered by indicator (as the view lists them), area (municipality first, depth first) and period. */
export function extractRows(x: ViewExtract): ExtractRow[] {
  const rank = <T>(items: readonly T[], key: (t: T) => string): Map<string, [number, T]> =>
    new Map(items.map((item, i) => [key(item), [i, item]]));
  const indicators = rank(x.indicators, (i) => i.code);
  const areas = rank(areasInReadingOrder(x.areas), (a) => a.code);
  const periods = rank(periodsInOrder(x), (p) => p.key);
  // A cell whose keys are not in the extract is a bug in whoever built it: fail rather than print a bare code.
  const find = <T>(map: Map<string, [number, T]>, key: string, what: string): [number, T] => {
    const hit = map.get(key);
    if (!hit) throw new Error(`Utdraget ${x.view.name}: cellen hänvisar till ${what} "${key}" som saknas i utdraget`);
    return hit;
  };
  return x.cells
    .map((cell) => {
      const [i, indicator] = find(indicators, cell.indicator, 'indikatorn');
      const [a, area] = find(areas, cell.area, 'området');
      const [p, period] = find(periods, cell.period, 'perioden');
      return { order: [i, a, p] as const, row: { indicator, area, period, cell: visibleCell(cell) } };
    })
    .sort((r, s) => r.order[0] - s.order[0] || r.order[1] - s.order[1] || r.order[2] - s.order[2])
    .map((r) => r.row);
}
