/** Finding things in an extract: areas in reading order, the latest period, a cell by its keys. */
import type { CellStatus, ExtractArea, ExtractCell, ExtractIndicator, ExtractPeriod, ViewExtract } from './types.ts';

export const UNKNOWN_AREA = 'okand';

const byCode = (a: ExtractArea, b: ExtractArea): number =>
  Number(a.code === UNKNOWN_AREA) - Number(b.code === UNKNOWN_AREA) || a.code.localeCompare(b.code, 'sv', { numeric: true });

/** Depth first from the municipality: each area followed by its sub-areas, 'Okänt område' last among its siblings. */
export function areasInReadingOrder(areas: readonly ExtractArea[]): ExtractArea[] {
  const known = new Set(areas.map((a) => a.code));
  const children = new Map<string | null, ExtractArea[]>();
  for (const area of areas) {
    const parent = area.parent !== null && known.has(area.parent) ? area.parent : null;
    const list = children.get(parent) ?? [];
    list.push(area);
    children.set(parent, list);
  }
  const ordered: ExtractArea[] = [];
  const visit = (parent: string | null): void => {
    for (const area of [...(children.get(parent) ?? [])].sort(byCode)) {
      ordered.push(area);
      visit(area.code);
    }
  };
  visit(null);
  return ordered;
}

/** The NYKO3 areas, the unit of maps and GIS output ('Okänt område' has no place on a map). */
export const nyko3Areas = (x: ViewExtract): ExtractArea[] =>
  areasInReadingOrder(x.areas).filter((a) => a.level === 3 && a.code !== UNKNOWN_AREA);

/** The municipality as an area (level 0); its cells are the totals. */
export function municipalityArea(x: ViewExtract): ExtractArea {
  const area = x.areas.find((a) => a.level === 0) ?? x.areas.find((a) => a.code === x.municipality.code);
  if (!area) throw new Error(`Utdraget ${x.view.name} saknar kommunen (nivå 0) bland områdena`);
  return area;
}

export const periodsInOrder = (x: ViewExtract): ExtractPeriod[] => [...x.periods].sort((a, b) => a.start.localeCompare(b.start));

export function latestPeriod(x: ViewExtract): ExtractPeriod {
  const last = periodsInOrder(x).at(-1);
  if (!last) throw new Error(`Utdraget ${x.view.name} har inga perioder`);
  return last;
}

export type CellLookup = (indicator: string, area: string, period: string) => ExtractCell | undefined;

export function cellLookup(cells: readonly ExtractCell[]): CellLookup {
  const index = new Map<string, ExtractCell>();
  for (const cell of cells) index.set(`${cell.indicator}\u0000${cell.area}\u0000${cell.period}`, cell);
  return (indicator, area, period) => index.get(`${indicator}\u0000${area}\u0000${period}`);
}

export const isSuppressed = (status: CellStatus): boolean => status === 'suppressed_primary' || status === 'suppressed_secondary';

/**
 * The cell as it may be shown. The publication layer already nulls suppressed values; this makes sure a value or an
 * interval that slipped through anyway never reaches a recipient (an interval around a hidden count gives it away).
 */
export function visibleCell(cell: ExtractCell): ExtractCell {
  if (!isSuppressed(cell.status)) return cell;
  const hidden = (v: number | null | undefined): null | undefined => (v === undefined ? undefined : null);
  return { ...cell, value: null, lower: hidden(cell.lower), upper: hidden(cell.upper) };
}

/** What a map of an indicator colours: its published rate when the extract carries one, otherwise its own value. */
export interface MapMeasure {
  /** The indicator whose values are coloured (its unit and decimals label the legend). */
  indicator: ExtractIndicator;
  /** True when a count is coloured by its rate (per 1 000 invånare) rather than by the count. */
  byRate: boolean;
  /** The coloured cell of an area and period, as it may be shown. */
  cell: (area: string, period: string) => ExtractCell | undefined;
}

/**
 * A count with a population denominator is mapped by its rate, so that a big area does not look worse just for
 * being big; everything else (and a count whose rate is missing from the extract) by its own value.
 */
export function mapMeasure(x: ViewExtract, indicator: ExtractIndicator): MapMeasure {
  const rate = indicator.rate;
  const rateCells = rate === undefined ? [] : (x.rateCells ?? []).filter((c) => c.indicator === rate.code);
  const visible = (cell: ExtractCell | undefined): ExtractCell | undefined => (cell === undefined ? undefined : visibleCell(cell));
  if (rate !== undefined && rateCells.length > 0) {
    const find = cellLookup(rateCells);
    return { indicator: rate, byRate: true, cell: (area, period) => visible(find(rate.code, area, period)) };
  }
  const find = cellLookup(x.cells);
  return { indicator, byRate: false, cell: (area, period) => visible(find(indicator.code, area, period)) };
}
