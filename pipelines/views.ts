/**
 * A view's extract, read from the publication layer only: the view's indicators, areas and periods, with the
 * comparisons it asked for. Nothing here touches facts; every figure already has its disclosure status.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AreaBoundaries } from '../nyko/boundaries.ts';
import type {
  ExtractArea,
  ExtractCell,
  ExtractComparison,
  ExtractIndicator,
  ExtractPeriod,
  ExtractSignal,
  ViewExtract,
} from '../reports/extract/types.ts';
import type { Config, IndicatorConfig } from '../schemas/config.ts';
import type { ViewConfig } from '../schemas/views.ts';
import { UNKNOWN_AREA } from './avidentify.ts';
import { lastCompleteMonth, lastWeekOfView, publicationAreas, rateIndicatorOf, rulesFor, type AreaNode } from './publish.ts';
import { isWeekKey, weekEnd, weekStart, weekYearBefore, weeksUpTo } from './weeks.ts';
import type { Workspace } from './workspace.ts';

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function monthPeriod(key: string): ExtractPeriod {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return { key, label: `${MONTHS[m - 1] ?? ''} ${y}`, start: `${key}-01`, end: `${key}-${pad(lastDay(y, m))}` };
}

export function quarterPeriod(key: string): ExtractPeriod {
  const y = Number(key.slice(0, 4));
  const q = Number(key.slice(6));
  return { key, label: `kv ${q} ${y}`, start: `${y}-${pad(3 * q - 2)}-01`, end: `${y}-${pad(3 * q)}-${pad(lastDay(y, 3 * q))}` };
}

export function weekPeriod(key: string): ExtractPeriod {
  return { key, label: `vecka ${Number(key.slice(6))} ${key.slice(0, 4)}`, start: weekStart(key), end: weekEnd(key) };
}

/** The last `count` complete months or quarters before the as-of date, oldest first (weeks: lastWeekOfView). */
export function viewPeriods(grain: 'month' | 'quarter', count: number, asOf: string): ExtractPeriod[] {
  const last = lastCompleteMonth(asOf);
  let y = Number(last.slice(0, 4));
  let m = Number(last.slice(5, 7));
  const out: ExtractPeriod[] = [];
  if (grain === 'month') {
    for (let i = 0; i < count; i++) {
      out.unshift(monthPeriod(`${y}-${pad(m)}`));
      m -= 1;
      if (m === 0) [y, m] = [y - 1, 12];
    }
    return out;
  }
  let q = Math.floor(m / 3);
  if (q === 0) [y, q] = [y - 1, 4];
  for (let i = 0; i < count; i++) {
    out.unshift(quarterPeriod(`${y}-Q${q}`));
    q -= 1;
    if (q === 0) [y, q] = [y - 1, 4];
  }
  return out;
}

const previousYearKey = (key: string): string | null =>
  isWeekKey(key) ? weekYearBefore(key) : `${Number(key.slice(0, 4)) - 1}${key.slice(4)}`;
const rollingKey = (p: ExtractPeriod): string => `R12:${p.end.slice(0, 7)}`;

export function indicatorKind(ind: IndicatorConfig): ExtractIndicator['kind'] {
  if (ind.type === 'count') return ind.sum ? 'sum' : 'count';
  if (ind.type === 'combined') return 'count';
  return ind.type;
}

function viewAreas(config: Config, view: ViewConfig, all: AreaNode[]): AreaNode[] {
  if (view.areas === 'all') return all;
  const wanted = new Set(Array.isArray(view.areas) ? view.areas : (config.areaGroups[view.areas.group] ?? []));
  const keep = new Set<string>([config.municipality.code, ...wanted]);
  return all.filter((a) => keep.has(a.code));
}

interface PublicationRow {
  indicator: string;
  area: string;
  period: string;
  value: number | null;
  status: ExtractCell['status'];
  reason: string;
  basis: number | null;
  lower: number | null;
  upper: number | null;
  uncertain: boolean;
}

async function publicationRows(connection: DuckDBConnection, municipality: string, indicators: string[]): Promise<PublicationRow[]> {
  const reader = await connection.runAndReadAll(
    `select indicator, area_code, period_key, value, status, reason, basis, lower, upper, uncertain
     from publication where municipality = $m and list_contains(string_split($indicators, ','), indicator)`,
    { m: municipality, indicators: indicators.join(',') },
  );
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return reader.getRowObjectsJS().map((r) => ({
    indicator: String(r['indicator']),
    area: String(r['area_code']),
    period: String(r['period_key']),
    value: num(r['value']),
    status: String(r['status']) as ExtractCell['status'],
    reason: String(r['reason']),
    basis: num(r['basis']),
    lower: num(r['lower']),
    upper: num(r['upper']),
    uncertain: Boolean(r['uncertain']),
  }));
}

const toCell = (r: PublicationRow): ExtractCell => ({
  indicator: r.indicator,
  area: r.area,
  period: r.period,
  value: r.value,
  status: r.status,
  reason: r.reason,
  basis: r.basis,
  lower: r.lower,
  upper: r.upper,
  uncertain: r.uncertain,
});

async function sources(connection: DuckDBConnection, config: Config, indicators: string[]): Promise<ViewExtract['sources']> {
  const kinds = new Set(
    indicators.flatMap((code) => {
      const ind = config.indicators[code];
      if (!ind) return [];
      if (ind.type === 'rate') {
        const base = config.indicators[ind.of];
        return base && base.type === 'count' ? base.kinds : [];
      }
      return ind.type === 'combined' ? ind.sources.map((s) => s.kind) : ind.kinds;
    }),
  );
  const actors = Object.entries(config.actors).filter(([, a]) => a.kinds.some((k) => kinds.has(k)));
  const reader = await connection.runAndReadAll(
    `select actor, strftime(max(period_end), '%Y-%m-%d') as covered, strftime(max(received_at), '%Y-%m-%d') as received
     from deliveries where municipality = $m and status = 'loaded' group by actor`,
    { m: config.municipality.code },
  );
  const byActor = new Map(reader.getRowObjectsJS().map((r) => [String(r['actor']), r]));
  return actors.map(([id, a]) => ({
    actor: id,
    actorName: a.name,
    coveredTo: byActor.get(id)?.['covered'] ? String(byActor.get(id)?.['covered']) : null,
    lastDelivery: byActor.get(id)?.['received'] ? String(byActor.get(id)?.['received']) : null,
  }));
}

function boundariesOf(ws: Workspace): ViewExtract['boundaries'] {
  const file = join(ws.paths.register, 'omraden.geojson');
  if (!existsSync(file)) return undefined;
  return AreaBoundaries.fromGeoJSON(JSON.parse(readFileSync(file, 'utf8'))).toGeoJSON('EPSG:3006');
}

export interface BuildExtractInput {
  viewName: string;
  asOf: string;
  generatedAt: string;
  signals?: ExtractSignal[];
}

/** The extract of a view as of a date, from the publication layer. */
export async function buildExtract(ws: Workspace, connection: DuckDBConnection, input: BuildExtractInput): Promise<ViewExtract> {
  const config = ws.config;
  const view = config.views[input.viewName];
  if (!view) throw new Error(`view ${input.viewName} is not configured`);
  const allAreas = await publicationAreas(connection, config, input.asOf);
  const areas = viewAreas(config, view, allAreas);
  const areaCodes = new Set(areas.map((a) => a.code));
  const periods =
    view.grain === 'week'
      ? weeksUpTo(await lastWeekOfView(connection, config, view, input.asOf), view.periods).map(weekPeriod)
      : viewPeriods(view.grain, view.periods, input.asOf);
  const periodKeys = new Set(periods.map((p) => p.key));
  // A count with a population denominator brings its published rate along, for maps (the CSV stays as it was).
  const rates = new Map(
    view.indicators.flatMap((code) => {
      const rate = rateIndicatorOf(config, code);
      return rate === undefined ? [] : [[code, rate] as const];
    }),
  );
  const rateCodes = new Set(rates.values());
  const rows = await publicationRows(connection, config.municipality.code, [...new Set([...view.indicators, ...rateCodes])]);
  const shown = new Set(view.indicators);
  const inView = (r: PublicationRow): boolean => areaCodes.has(r.area) && periodKeys.has(r.period);
  const byKey = new Map(rows.filter((r) => shown.has(r.indicator)).map((r) => [`${r.indicator}|${r.area}|${r.period}`, r]));
  const cells = rows.filter((r) => shown.has(r.indicator) && inView(r)).map((r) => toCell(r));
  const rateCells = rows.filter((r) => rateCodes.has(r.indicator) && inView(r)).map((r) => toCell(r));

  const comparisons: ExtractComparison[] = [];
  for (const kind of view.comparison) {
    const compared: ExtractCell[] = [];
    for (const cell of cells) {
      const period = periods.find((p) => p.key === cell.period);
      if (!period) continue;
      let source: PublicationRow | undefined;
      if (kind === 'previous_year') source = byKey.get(`${cell.indicator}|${cell.area}|${previousYearKey(cell.period) ?? ''}`);
      else if (kind === 'rolling_12') source = byKey.get(`${cell.indicator}|${cell.area}|${rollingKey(period)}`);
      else source = municipalityAverage(byKey, cell, config, allAreas);
      if (source) compared.push({ ...toCell(source), area: cell.area, period: cell.period });
    }
    comparisons.push({ kind, cells: compared });
  }

  const statuses = cells.map((c) => c.status);
  // Weeks are always perturbed (publish.ts protectWeeks), whatever the indicator's method for months.
  const methods = view.grain === 'week' ? new Set(['ckm']) : new Set(view.indicators.map((code) => rulesFor(config, code).method));
  const hidden = await connection.runAndReadAll(
    `select coalesce(sum(hidden_count), 0) as hidden, coalesce(sum(total_count), 0) as total from publication_audit
     where run_id = (select max(run_id) from publication) and list_contains(string_split($i, ','), indicator)
       and (method = 'ckm-veckor') = $weeks`,
    { i: view.indicators.join(','), weeks: view.grain === 'week' },
  );
  const h = hidden.getRowObjectsJS()[0] ?? {};
  const defaultRules = rulesFor(config, view.indicators[0] ?? '');
  const boundaries = boundariesOf(ws);
  return {
    view: {
      name: input.viewName,
      title: view.title,
      actor: view.actor,
      actorName: view.actor === 'huvudman' ? `${config.municipality.name} (huvudman)` : (config.actors[view.actor]?.name ?? view.actor),
      grain: view.grain,
    },
    asOf: input.asOf,
    generatedAt: input.generatedAt,
    municipality: { code: config.municipality.code, name: config.municipality.name },
    indicators: view.indicators.flatMap((code): ExtractIndicator[] => {
      const ind = config.indicators[code];
      if (!ind) return [];
      const rateCode = rates.get(code);
      const rate = rateCode === undefined ? undefined : config.indicators[rateCode];
      return [
        {
          code,
          label: ind.label,
          unit: ind.unit,
          kind: indicatorKind(ind),
          ...(rateCode !== undefined && rate
            ? { rate: { code: rateCode, label: rate.label, unit: rate.unit, kind: indicatorKind(rate) } }
            : {}),
        },
      ];
    }),
    areas: areas.map((a): ExtractArea => ({ code: a.code, name: a.name, level: a.level, parent: a.parent })),
    periods,
    cells,
    ...(rateCells.length > 0 ? { rateCells } : {}),
    comparisons,
    sources: await sources(connection, config, view.indicators),
    suppression: {
      method: methods.size > 1 ? 'mixed' : methods.has('ckm') ? 'ckm' : 'suppression',
      k: defaultRules.method === 'suppression' ? defaultRules.k : 5,
      suppressedPrimary: statuses.filter((s) => s === 'suppressed_primary').length,
      suppressedSecondary: statuses.filter((s) => s === 'suppressed_secondary').length,
      perturbed: statuses.filter((s) => s === 'perturbed').length,
      hiddenShareOfTotal: Number(h['total']) > 0 ? Number(h['hidden']) / Number(h['total']) : 0,
    },
    ...(boundaries ? { boundaries } : {}),
    ...(view.signals && input.signals ? { signals: input.signals } : {}),
  };
}

/**
 * The municipality average beside an area: for counts and sums the municipality total divided by the number of
 * reporting areas; for shares, rates and values the municipality's own figure. Suppressed when the total is.
 */
function municipalityAverage(
  byKey: Map<string, PublicationRow>,
  cell: ExtractCell,
  config: Config,
  areas: AreaNode[],
): PublicationRow | undefined {
  const total = byKey.get(`${cell.indicator}|${config.municipality.code}|${cell.period}`);
  if (!total) return undefined;
  const ind = config.indicators[cell.indicator];
  const additive = ind?.type === 'count' || ind?.type === 'combined';
  if (!additive || total.value === null) return total;
  const reporting = areas.filter((a) => a.level === config.areas.reportingLevel && a.code !== UNKNOWN_AREA).length;
  return { ...total, value: total.value / Math.max(1, reporting), basis: null, lower: null, upper: null };
}
