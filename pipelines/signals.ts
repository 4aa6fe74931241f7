/**
 * Early warning on the lager: every count and share indicator per reporting area and month, tested against the
 * area's own history and the rest of the municipality (signals/). The statistician sees the full result; what
 * goes to actors (the joint view) is reduced to what cannot reveal a small count.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ExtractSignal } from '../reports/extract/types.ts';
import type { Config } from '../schemas/config.ts';
import { runEarlyWarning, type EarlyWarningResult, type SeriesPoint } from '../signals/index.ts';
import { UNKNOWN_AREA } from './avidentify.ts';
import { lastCompleteMonth, rulesFor } from './publish.ts';

function sourceOf(config: Config, indicator: string): string {
  const ind = config.indicators[indicator];
  const kind = ind && (ind.type === 'count' || ind.type === 'share') ? ind.kinds[0] : ind?.type === 'combined' ? 'flera' : undefined;
  if (!kind) return 'okänd';
  return Object.entries(config.actors).find(([, a]) => a.kinds.includes(kind))?.[0] ?? kind;
}

export async function seriesFromLager(connection: DuckDBConnection, config: Config, untilMonth: string): Promise<SeriesPoint[]> {
  const tested = Object.entries(config.indicators)
    .filter(([, ind]) => (ind.type === 'count' && !ind.sum) || ind.type === 'combined' || ind.type === 'share')
    .map(([code]) => code);
  const reader = await connection.runAndReadAll(
    `select indicator, area_code, strftime(month, '%Y-%m') as month, count, numerator, denominator
     from monthly where municipality = $m and list_contains(string_split($codes, ','), indicator) and strftime(month, '%Y-%m') <= $until`,
    { m: config.municipality.code, codes: tested.join(','), until: untilMonth },
  );
  return reader.getRowObjectsJS().map((r) => {
    const indicator = String(r['indicator']);
    const share = config.indicators[indicator]?.type === 'share';
    return {
      indicator,
      area: String(r['area_code']),
      month: String(r['month']),
      count: Number(share ? r['numerator'] : r['count']),
      ...(share ? { denominator: Number(r['denominator']) } : {}),
      kind: share ? 'share' : 'count',
      source: sourceOf(config, indicator),
    } satisfies SeriesPoint;
  });
}

export async function earlyWarning(connection: DuckDBConnection, config: Config, asOf: string): Promise<EarlyWarningResult> {
  const month = lastCompleteMonth(asOf);
  return runEarlyWarning(await seriesFromLager(connection, config, month), { asOf: month, untestedAreas: [UNKNOWN_AREA] });
}

/**
 * Signals for actors: which area, which indicators, since when, and how much above expected (rounded), only where
 * the window's count is at least twice the indicator's k, so that no protected small count can be inferred.
 */
export function publishableSignals(result: EarlyWarningResult, config: Config, areaName: (code: string) => string): ExtractSignal[] {
  const byArea = new Map<string, { indicators: string[]; since: string; ratio: number }>();
  for (const s of result.signals) {
    const rules = rulesFor(config, s.indicator);
    const k = rules.method === 'suppression' ? rules.k : 5;
    if (s.observed < 2 * k || s.ratio === null) continue;
    const entry = byArea.get(s.area) ?? { indicators: [], since: s.since, ratio: 0 };
    entry.indicators.push(config.indicators[s.indicator]?.label ?? s.indicator);
    entry.since = s.since < entry.since ? s.since : entry.since;
    entry.ratio = Math.max(entry.ratio, s.ratio);
    byArea.set(s.area, entry);
  }
  return [...byArea.entries()]
    .sort((a, b) => b[1].indicators.length - a[1].indicators.length || b[1].ratio - a[1].ratio)
    .map(([area, e]) => ({
      area,
      areaName: areaName(area),
      indicators: e.indicators,
      since: e.since,
      ratio: Math.round(e.ratio * 10) / 10,
      note:
        e.indicators.length > 1
          ? `Flera indikatorer stiger samtidigt (${e.indicators.length}); omkring ${String(Math.round(e.ratio * 10) / 10).replace('.', ',')} gånger det förväntade.`
          : `Omkring ${String(Math.round(e.ratio * 10) / 10).replace('.', ',')} gånger det förväntade utifrån områdets egen historik.`,
    }));
}
