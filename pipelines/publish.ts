/**
 * The publication layer: once per run, every published indicator becomes one table (areas with their parents ×
 * months with quarter and year totals) that is protected once — suppression or the cell key method — with every
 * earlier release as the intruder's knowledge. Views only ever read the result (`publication`), never facts.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  buildPerturbationTable,
  calendarDimension,
  ckmParametersOf,
  decideRate,
  decideShare,
  dimensionFromParents,
  disclosureRulesSchema,
  flatDimension,
  keyId,
  perturb,
  PRESETS,
  shareRulesOf,
  shareSuppressionInputs,
  suppressionRulesOf,
  SuppressPool,
  type UnprotectedCell,
  type CellDecision,
  type DisclosureRules,
  type Dimension,
  type LinearTable,
  type OutflowEntry,
  type ReleaseHistory,
  type ShareCell,
} from '../disclosure/index.ts';
import { historyFor } from '../disclosure/index.ts';
import type { Config, IndicatorConfig } from '../schemas/config.ts';
import type { ViewConfig } from '../schemas/views.ts';
import { ConfigError, formatIssues } from '../schemas/parse.ts';
import { UNKNOWN_AREA } from './avidentify.ts';
import type { Effects } from './effects.ts';
import { loadAreaRegister } from './registers.ts';
import type { Workspace } from './workspace.ts';
import { inTransaction, queryFile } from '../sql/db.ts';
import { lastCompleteWeek, weekEnd, weekOf, weekStart, weeksUpTo } from './weeks.ts';

export interface AreaNode {
  code: string;
  name: string;
  level: number;
  parent: string | null;
}

/**
 * Areas at the reporting level and above, each with its parent, the municipality (level 0) and `okand`, valid on a
 * date. The hierarchy is the area register's (explicit parents, else the NYKO prefix convention).
 */
export async function publicationAreas(connection: DuckDBConnection, config: Config, asOf: string): Promise<AreaNode[]> {
  const register = await loadAreaRegister(connection, config.municipality.code);
  const municipality = config.municipality.code;
  const nodes: AreaNode[] = [{ code: municipality, name: config.municipality.name, level: 0, parent: null }];
  for (const area of register.areasAt(asOf)) {
    if (area.level > config.areas.reportingLevel) continue;
    const parent = area.level === 1 ? undefined : register.ancestors(area.code, asOf)[0]?.code;
    nodes.push({ code: area.code, name: area.name, level: area.level, parent: parent ?? municipality });
  }
  nodes.push({ code: UNKNOWN_AREA, name: 'Okänt område', level: config.areas.reportingLevel, parent: municipality });
  return nodes;
}

/** The rule set of an indicator: a preset or a named rule set from lagesbild.yaml, validated by the engine's schema. */
export function rulesFor(config: Config, indicator: string, file = 'lagesbild.yaml'): DisclosureRules {
  const name = config.disclosure.indicators[indicator] ?? config.disclosure.default;
  const preset = (PRESETS as Record<string, DisclosureRules>)[name];
  if (preset) return preset;
  const raw = config.disclosure.rules[name];
  if (raw === undefined) {
    throw new ConfigError(file, [
      `disclosure: regeluppsättningen "${name}" (för ${indicator}) finns varken bland förvalen (${Object.keys(PRESETS).join(', ')}) eller under disclosure.rules`,
    ]);
  }
  const parsed = disclosureRulesSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(
      file,
      formatIssues(parsed.error).map((p) => `disclosure.rules.${name}.${p}`),
    );
  return parsed.data;
}

/** The secret behind cell keys: created once per workspace, never printed, never part of an extract. */
export function ckmSecret(ws: Workspace): string {
  const path = join(ws.root, ws.config.disclosure.secretFile);
  if (!existsSync(path)) writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

interface MonthlyRow {
  area: string;
  month: string;
  count: number;
  value: number;
  numerator: number;
  denominator: number;
}

async function monthlyRows(
  connection: DuckDBConnection,
  municipality: string,
  indicator: string,
  untilMonth: string,
): Promise<MonthlyRow[]> {
  const reader = await connection.runAndReadAll(
    `select area_code, strftime(month, '%Y-%m') as month, count, value, numerator, denominator
     from monthly where municipality = $m and indicator = $i and strftime(month, '%Y-%m') <= $until`,
    { m: municipality, i: indicator, until: untilMonth },
  );
  return reader.getRowObjectsJS().map((r) => ({
    area: String(r['area_code']),
    month: String(r['month']),
    count: Number(r['count'] ?? 0),
    value: Number(r['value'] ?? 0),
    numerator: Number(r['numerator'] ?? 0),
    denominator: Number(r['denominator'] ?? 0),
  }));
}

/** A published figure of the cube. */
export interface PublishedCell {
  indicator: string;
  area: string;
  period: string;
  value: number | null;
  status: CellDecision['status'];
  reason: string;
  basis: number | null;
  lower: number | null;
  upper: number | null;
  uncertain: boolean;
  /** Internal: the exact count (or numerator) behind the figure, for the outflow log. Never leaves the lager. */
  trueCount: number | null;
}

export interface CubeSpec {
  areas: AreaNode[];
  months: string[];
  rolling12: boolean;
  /** Alternative groupings of leaves (a housing company's areas): each becomes another total of the same leaves. */
  groups: Record<string, string[]>;
}

/** The areas no other area has as parent: the leaves of the area dimension. */
function leafAreas(spec: CubeSpec): Set<string> {
  const parents = new Set(spec.areas.map((a) => a.parent));
  return new Set(spec.areas.filter((a) => !parents.has(a.code)).map((a) => a.code));
}

export function cubeDimensions(spec: CubeSpec): Dimension[] {
  const parentOf = new Map(spec.areas.filter((a) => a.parent !== null).map((a) => [a.code, a.parent ?? '']));
  const alternatives = Object.entries(spec.groups).map(([group, members]) => new Map(members.map((m) => [m, `grupp:${group}`])));
  return [
    dimensionFromParents('area', parentOf, { alternatives }),
    calendarDimension('period', spec.months, { quarters: true, years: true, rolling12: spec.rolling12 ? 'last' : 'none' }),
  ];
}

/** Leaf cells (leaf area × period) summed from rows; an area that is no leaf of the cube counts under `okand`. */
function leafCells<R extends { area: string }>(
  rows: readonly R[],
  leaves: Set<string>,
  period: (r: R) => string,
  pick: (r: R) => number,
  magnitude?: (r: R) => number,
): LinearTable['cells'] {
  const cells = new Map<string, { key: string[]; count: number; magnitude?: number }>();
  for (const r of rows) {
    const area = leaves.has(r.area) ? r.area : UNKNOWN_AREA;
    const key = [area, period(r)];
    const id = keyId(key);
    const cell = cells.get(id) ?? { key, count: 0, ...(magnitude ? { magnitude: 0 } : {}) };
    cell.count += pick(r);
    if (magnitude) cell.magnitude = (cell.magnitude ?? 0) + magnitude(r);
    cells.set(id, cell);
  }
  return [...cells.values()];
}

/** Sums of a leaf measure over every cell of both dimensions, totals included (share rules look at totals too). */
function aggregate(dimensions: Dimension[], leaf: Map<string, number>): Map<string, { key: string[]; sum: number }> {
  const [areas, periods] = dimensions as [Dimension, Dimension];
  const expand = (dim: Dimension): Map<string, string[]> => {
    const partsOf = new Map<string, string[]>();
    for (const t of dim.totals) if (!partsOf.has(t.total)) partsOf.set(t.total, [...t.parts]);
    const memo = new Map<string, string[]>();
    const leavesOf = (code: string): string[] => {
      const known = memo.get(code);
      if (known) return known;
      const parts = partsOf.get(code);
      const out = parts ? parts.flatMap(leavesOf) : [code];
      memo.set(code, out);
      return out;
    };
    const codes = new Set<string>([...partsOf.keys(), ...dim.totals.flatMap((t) => t.parts), ...(dim.leaves ?? [])]);
    return new Map([...codes].map((c) => [c, leavesOf(c)]));
  };
  const areaLeaves = expand(areas);
  const periodLeaves = expand(periods);
  const out = new Map<string, { key: string[]; sum: number }>();
  for (const [a, al] of areaLeaves) {
    for (const [p, pl] of periodLeaves) {
      let sum = 0;
      for (const x of al) for (const y of pl) sum += leaf.get(keyId([x, y])) ?? 0;
      out.set(keyId([a, p]), { key: [a, p], sum });
    }
  }
  return out;
}

export interface IndicatorPublication {
  cells: PublishedCell[];
  audit: {
    method: string;
    cells: number;
    primary: number;
    secondary: number;
    perturbed: number;
    hidden: number;
    total: number;
    millis: number;
  };
  structure: Dimension[];
  decisions: CellDecision[];
  /** Suppressed cells the engine could not protect (earlier releases and a revision pin them); see disclosure/CONTEXT.md. */
  unprotected: readonly UnprotectedCell[];
}

const fromDecision = (indicator: string, d: CellDecision, extra: Partial<PublishedCell> = {}): PublishedCell => ({
  indicator,
  area: d.key[0] ?? '',
  period: d.key[1] ?? '',
  value: d.published,
  status: d.status,
  reason: d.reason,
  basis: null,
  lower: null,
  upper: null,
  uncertain: false,
  trueCount: d.count,
  ...extra,
});

function auditOf(method: string, decisions: readonly CellDecision[], leafKeys: Set<string>, millis: number): IndicatorPublication['audit'] {
  let hidden = 0;
  let total = 0;
  for (const d of decisions) {
    if (!leafKeys.has(keyId(d.key))) continue;
    total += d.count;
    if (d.published === null) hidden += d.count;
  }
  return {
    method,
    cells: decisions.length,
    primary: decisions.filter((d) => d.status === 'suppressed_primary').length,
    secondary: decisions.filter((d) => d.status === 'suppressed_secondary').length,
    perturbed: decisions.filter((d) => d.status === 'perturbed').length,
    hidden,
    total,
    millis,
  };
}

interface PublishContext {
  config: Config;
  /** Secondary suppression, in a worker pool when there are cores to spare. */
  suppress: SuppressPool['run'];
  spec: CubeSpec;
  history: (indicator: string) => ReleaseHistory;
  secret: () => string;
  now: () => number;
}

/** Protects one count-like table (counts, sums with their count, unique events). */
async function protectCounts(code: string, ind: IndicatorConfig, rows: MonthlyRow[], ctx: PublishContext): Promise<IndicatorPublication> {
  const started = ctx.now();
  const rules = rulesFor(ctx.config, code);
  const structure = cubeDimensions(ctx.spec);
  const leaves = leafAreas(ctx.spec);
  const isSum = ind.type === 'count' && ind.sum !== undefined;
  const table: LinearTable = {
    dimensions: structure,
    cells: leafCells(
      rows.filter((r) => ctx.spec.months.includes(r.month)),
      leaves,
      (r) => r.month,
      (r) => r.count,
      isSum ? (r) => r.value : undefined,
    ),
  };
  if (rules.method === 'ckm') return perturbed(code, table, structure, ckmParametersOf(rules), 'ckm', ctx, started);
  const leafKeys = new Set(table.cells.map((c) => keyId(c.key)));
  const result = await ctx.suppress(table, suppressionRulesOf(rules), { history: ctx.history(code) });
  const cells = result.cells.map((d) => fromDecision(code, d, isSum ? { value: d.publishedMagnitude ?? null } : {}));
  return {
    cells,
    audit: auditOf('suppression', result.cells, leafKeys, ctx.now() - started),
    structure,
    decisions: [...result.cells],
    unprotected: result.unprotected,
  };
}

async function protectShare(code: string, rows: MonthlyRow[], ctx: PublishContext): Promise<IndicatorPublication> {
  const started = ctx.now();
  const rules = rulesFor(ctx.config, code);
  const shareRules = shareRulesOf(rules);
  const structure = cubeDimensions(ctx.spec);
  const leaves = leafAreas(ctx.spec);
  const inRange = rows.filter((r) => ctx.spec.months.includes(r.month));
  const numerators = leafCells(
    inRange,
    leaves,
    (r) => r.month,
    (r) => r.numerator,
  );
  const denominators = leafCells(
    inRange,
    leaves,
    (r) => r.month,
    (r) => r.denominator,
  );
  const numAll = aggregate(structure, new Map(numerators.map((c) => [keyId(c.key), c.count])));
  const denAll = aggregate(structure, new Map(denominators.map((c) => [keyId(c.key), c.count])));
  const shareCells: ShareCell[] = [...denAll.entries()].map(([id, den]) => ({
    key: den.key,
    numerator: numAll.get(id)?.sum ?? 0,
    denominator: den.sum,
  }));
  const inputs = shareSuppressionInputs(shareCells, shareRules);
  const table: LinearTable = { dimensions: structure, cells: numerators };
  const leafKeys = new Set(numerators.map((c) => keyId(c.key)));
  const result =
    rules.method === 'ckm'
      ? { cells: perturb(table, { indicator: code, secret: ctx.secret(), table: buildPerturbationTable(ckmParametersOf(rules)) }) }
      : await ctx.suppress(table, suppressionRulesOf(rules), {
          history: ctx.history(code),
          extraPrimary: inputs.extraPrimary,
          upperBounds: inputs.upperBounds,
        });
  // A period or area without anyone in the denominator has no share at all (not a protected one): it is left out.
  const cells = result.cells
    .filter((num) => (denAll.get(keyId(num.key))?.sum ?? 0) > 0)
    .map((num) => {
      const den = denAll.get(keyId(num.key))?.sum ?? 0;
      const share = decideShare(num, { count: den, status: 'published', published: den }, shareRules);
      return fromDecision(code, num, {
        value: share.share,
        status: share.status,
        reason: share.reason,
        basis: share.share === null ? null : den,
        lower: share.interval?.low ?? null,
        upper: share.interval?.high ?? null,
        uncertain: share.uncertain ?? false,
      });
    });
  return {
    cells,
    audit: auditOf(rules.method, result.cells, leafKeys, ctx.now() - started),
    structure,
    decisions: [...result.cells],
    unprotected: 'unprotected' in result ? result.unprotected : [],
  };
}

/** Population per leaf area for a rate indicator, by year (the latest year not after, as in `monthly`). */
async function ratePopulation(
  connection: DuckDBConnection,
  municipality: string,
  indicator: string,
): Promise<(area: string, year: number) => number | null> {
  const reader = await connection.runAndReadAll(
    'select area_code, year, persons from rate_population where municipality = $m and indicator = $i and persons is not null order by year',
    { m: municipality, i: indicator },
  );
  const byArea = new Map<string, { year: number; persons: number }[]>();
  for (const r of reader.getRowObjectsJS()) {
    const list = byArea.get(String(r['area_code'])) ?? [];
    list.push({ year: Number(r['year']), persons: Number(r['persons']) });
    byArea.set(String(r['area_code']), list);
  }
  return (area, year) => {
    const list = byArea.get(area);
    if (!list || list.length === 0) return null;
    return ([...list].reverse().find((p) => p.year <= year) ?? list[0])?.persons ?? null;
  };
}

const yearOfPeriod = (period: string): number => Number((period.startsWith('R12:') ? period.slice(4) : period).slice(0, 4));

/** Rates follow the decision on their count: a suppressed count gives a suppressed rate, and a rate is never published where rate × population would give back a protected count. */
function rateCells(
  code: string,
  ind: Extract<IndicatorConfig, { type: 'rate' }>,
  base: IndicatorPublication,
  population: (area: string, year: number) => number | null,
  spec: CubeSpec,
  rules: DisclosureRules,
): PublishedCell[] {
  const childrenOf = new Map<string, string[]>();
  for (const a of spec.areas) if (a.parent) childrenOf.set(a.parent, [...(childrenOf.get(a.parent) ?? []), a.code]);
  const popOf = (area: string, year: number): number | null => {
    const children = childrenOf.get(area);
    if (!children) return area === UNKNOWN_AREA ? null : population(area, year);
    const parts = children.filter((c) => c !== UNKNOWN_AREA).map((c) => popOf(c, year));
    return parts.some((p) => p === null) ? null : parts.reduce<number>((s, p) => s + (p ?? 0), 0);
  };
  return base.decisions.map((d) => {
    const pop = popOf(d.key[0] ?? '', yearOfPeriod(d.key[1] ?? ''));
    if (pop === null || pop === 0) {
      return fromDecision(code, d, { value: null, status: 'suppressed_primary', reason: 'primary:no-population' });
    }
    const rate = decideRate(d, pop, ind.per, { minDenominator: rules.minDenominator });
    return fromDecision(code, d, { value: rate.rate, status: rate.status, reason: rate.reason, basis: rate.rate === null ? null : pop });
  });
}

/** Pre-aggregated values (a survey share per area and year): published when the base is large enough. */
function valueCells(code: string, rows: MonthlyRow[], rules: DisclosureRules): PublishedCell[] {
  const k = rules.method === 'suppression' ? rules.k : 5;
  const minimum = Math.max(k, rules.minDenominator);
  return rows.map((r) => {
    const enough = r.denominator >= minimum;
    return {
      indicator: code,
      area: r.area,
      period: r.month.slice(0, 4),
      value: enough ? r.value : null,
      status: enough ? 'published' : 'suppressed_primary',
      reason: enough ? 'published' : 'primary:base',
      basis: enough ? r.denominator : null,
      lower: null,
      upper: null,
      uncertain: enough && r.denominator < 4 * minimum,
      trueCount: null,
    } satisfies PublishedCell;
  });
}

/**
 * The weeks each week view needs, per count indicator (a rate's weeks are its count's): the view's periods and,
 * for the comparison with last year, the 53 weeks before them.
 */
export async function weekPlan(connection: DuckDBConnection, config: Config, asOf: string): Promise<Map<string, string[]>> {
  const needed = new Map<string, { span: number; last: string }>();
  for (const view of Object.values(config.views)) {
    if (view.grain !== 'week') continue;
    const span = view.periods + (view.comparison.includes('previous_year') ? 53 : 0);
    const last = await lastWeekOfView(connection, config, view, asOf);
    for (const code of view.indicators) {
      const ind = config.indicators[code];
      // A count brings its rate along (maps colour by rate); a rate needs its count.
      const related = ind?.type === 'rate' ? [ind.of, code] : [code, rateIndicatorOf(config, code)];
      for (const c of related) {
        if (c === undefined) continue;
        const before = needed.get(c);
        needed.set(c, { span: Math.max(before?.span ?? 0, span), last: before && before.last > last ? before.last : last });
      }
    }
  }
  return new Map([...needed].map(([code, { span, last }]) => [code, weeksUpTo(last, span)]));
}

/**
 * The last week a week view shows: complete before the as-of day and covered by the deliveries of its indicators'
 * kinds (a week nobody has delivered yet is not a week of zeros).
 */
export async function lastWeekOfView(connection: DuckDBConnection, config: Config, view: ViewConfig, asOf: string): Promise<string> {
  const kinds = [...new Set(view.indicators.flatMap((code) => kindsOf(config, code)))];
  const [row] = await queryFile(connection, 'marts/delivered_until', { municipality: config.municipality.code, kinds: kinds.join(',') });
  const until = row?.['until'] === null || row?.['until'] === undefined ? null : String(row['until']);
  const complete = lastCompleteWeek(asOf);
  if (until === null) return complete;
  const covered = weekEnd(weekOf(until)) === until ? weekOf(until) : lastCompleteWeek(until);
  return covered < complete ? covered : complete;
}

function kindsOf(config: Config, code: string): string[] {
  const ind = config.indicators[code];
  if (!ind) return [];
  if (ind.type === 'rate') return kindsOf(config, ind.of);
  return ind.type === 'combined' ? ind.sources.map((s) => s.kind) : ind.kinds;
}

/**
 * Weeks by the cell key method, whatever the indicator's method for months: weeks cut months, so suppression
 * would have to protect the week-in-month parts of every cube (measured: ten times the publication time), while
 * perturbation needs no pattern and gives each week cell the same noise in every release. No week figure is
 * exact, so none can be differenced against the months.
 */
async function protectWeeks(
  connection: DuckDBConnection,
  code: string,
  weeks: string[],
  ctx: PublishContext,
): Promise<IndicatorPublication> {
  const started = ctx.now();
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  const rows =
    first && last
      ? await queryFile(connection, 'marts/weekly_counts', {
          municipality: ctx.config.municipality.code,
          indicator: code,
          first_day: weekStart(first),
          last_day: weekEnd(last),
        })
      : [];
  const structure = weekDimensions(ctx.spec, weeks);
  const inWindow = new Set(weeks);
  const weekRows = rows
    .map((r) => ({ area: String(r['area_code']), week: String(r['week']), count: Number(r['count'] ?? 0) }))
    .filter((r) => inWindow.has(r.week));
  const table: LinearTable = {
    dimensions: structure,
    cells: leafCells(
      weekRows,
      leafAreas(ctx.spec),
      (r) => r.week,
      (r) => r.count,
    ),
  };
  const rules = rulesFor(ctx.config, code);
  return perturbed(code, table, structure, rules.method === 'ckm' ? ckmParametersOf(rules) : undefined, 'ckm-veckor', ctx, started);
}

/** A table published with the cell key method: every cell perturbed, none suppressed, so none left unprotected. */
function perturbed(
  code: string,
  table: LinearTable,
  structure: IndicatorPublication['structure'],
  parameters: Parameters<typeof buildPerturbationTable>[0],
  method: string,
  ctx: PublishContext,
  started: number,
): IndicatorPublication {
  const decisions = perturb(table, { indicator: code, secret: ctx.secret(), table: buildPerturbationTable(parameters) });
  const leafKeys = new Set(table.cells.map((c) => keyId(c.key)));
  return {
    cells: decisions.map((d) => fromDecision(code, d)),
    audit: auditOf(method, decisions, leafKeys, ctx.now() - started),
    structure,
    decisions,
    unprotected: [],
  };
}

/** The cube's areas × ISO weeks (no week totals: quarters and years are the months' business). */
export function weekDimensions(spec: CubeSpec, weeks: readonly string[]): Dimension[] {
  const [areas] = cubeDimensions(spec);
  if (!areas) throw new Error('the cube has no area dimension');
  return [areas, flatDimension('period', weeks)];
}

export interface PublishOptions {
  /** The date the publication describes: months up to the last complete month before it. */
  asOf: string;
  runId: string;
}

export interface PublishSummary {
  indicators: number;
  months: string[];
  cells: number;
  primary: number;
  secondary: number;
  perturbed: number;
  hiddenShare: number;
  /** Indicators with a small count that cannot be protected against earlier releases: their views are held back. */
  held: string[];
  /** Suppressed cells (small or not) that earlier releases and a revision pin to a narrower interval than required. */
  unprotected: number;
  millis: number;
}

/**
 * The rate a count is mapped by: the first rate indicator of the catalogue built on it (e.g. polis.storm.total →
 * polis.storm.total.per_1000_inv). Only plain counts and combined counts; a sum (kronor) has no population rate.
 */
export function rateIndicatorOf(config: Config, code: string): string | undefined {
  const ind = config.indicators[code];
  if (!ind || !((ind.type === 'count' && ind.sum === undefined) || ind.type === 'combined')) return undefined;
  return Object.entries(config.indicators).find(([, r]) => r.type === 'rate' && r.of === code)?.[0];
}

/** The indicators any view shows, the counts their rates are built on, and the rates of the counts they show (for maps). */
export function publishedIndicators(config: Config): string[] {
  const fromViews = Object.values(config.views).flatMap((v) => v.indicators);
  const wanted = new Set(fromViews.length > 0 ? fromViews : Object.keys(config.indicators));
  for (const code of [...wanted]) {
    const ind = config.indicators[code];
    if (ind?.type === 'rate') wanted.add(ind.of);
    const rate = rateIndicatorOf(config, code);
    if (rate !== undefined) wanted.add(rate);
  }
  return [...wanted].filter((c) => config.indicators[c]).sort();
}

export function lastCompleteMonth(asOf: string): string {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to) break;
    out.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** Earlier releases of the cube, per indicator: what the intruder already holds. */
export async function loadOutflow(connection: DuckDBConnection): Promise<OutflowEntry[]> {
  const reader = await connection.runAndReadAll(`select entry from outflow where kind = 'cube' order by released_at, outflow_id`);
  return reader.getRowObjectsJS().map((r) => JSON.parse(String(r['entry'])) as OutflowEntry);
}

/** Rebuilds the publication layer from the lager. */
export async function publish(
  ws: Workspace,
  connection: DuckDBConnection,
  opts: PublishOptions,
  effects: Effects,
): Promise<PublishSummary> {
  const started = Date.now();
  const config = ws.config;
  const municipality = config.municipality.code;
  const lastMonth = lastCompleteMonth(opts.asOf);
  // Two years back for comparisons and year totals, but not before the first year with data (empty years cost time).
  const firstData = await connection.runAndReadAll(`select min(year(period_start)) as y from facts where municipality = $m`, {
    m: municipality,
  });
  const firstDataYear = Number(firstData.getRowObjectsJS()[0]?.['y'] ?? lastMonth.slice(0, 4));
  const firstYear = Math.max(Number(lastMonth.slice(0, 4)) - 2, Math.min(firstDataYear, Number(lastMonth.slice(0, 4))));
  const months = monthsBetween(`${firstYear}-01`, lastMonth);
  const areas = await publicationAreas(connection, config, opts.asOf);
  const groups = Object.fromEntries(
    Object.entries(config.areaGroups).filter(([name]) =>
      Object.values(config.views).some((v) => typeof v.areas === 'object' && !Array.isArray(v.areas) && v.areas.group === name),
    ),
  );
  const rolling12 = Object.values(config.views).some((v) => v.comparison.includes('rolling_12'));
  const spec: CubeSpec = { areas, months, rolling12, groups };
  const outflow = await loadOutflow(connection);
  let secret: string | null = null;
  const pool = new SuppressPool(Math.min(config.limits.publishThreads || availableParallelism(), publishedIndicators(config).length));
  const ctx: PublishContext = {
    config,
    suppress: (table, rules, options) => pool.run(table, rules, options),
    spec,
    history: (indicator) => historyFor(outflow, indicator, ['area', 'period']),
    secret: () => (secret ??= ckmSecret(ws)),
    now: () => Date.now(),
  };
  const codes = publishedIndicators(config);
  const results = new Map<string, IndicatorPublication>();
  const cells: PublishedCell[] = [];
  const audits: { code: string; audit: IndicatorPublication['audit'] }[] = [];
  const tables: { code: string; ind: IndicatorConfig; rows: MonthlyRow[] }[] = [];
  for (const code of codes) {
    const ind = config.indicators[code];
    if (!ind || ind.type === 'rate') continue;
    const rows = await monthlyRows(connection, municipality, code, lastMonth);
    if (ind.type === 'value') cells.push(...valueCells(code, rows, rulesFor(config, code)));
    else tables.push({ code, ind, rows });
  }
  // One cube per indicator, independent of the others: protected side by side, results kept in catalogue order.
  const protectedTables = await Promise.all(
    tables.map(async ({ code, ind, rows }) => {
      const result = ind.type === 'share' ? await protectShare(code, rows, ctx) : await protectCounts(code, ind, rows, ctx);
      effects.progress(`Röjandekontroll: ${code} (${(result.audit.millis / 1000).toFixed(1)} s)`);
      return { code, result };
    }),
  ).finally(() => pool.close());
  for (const { code, result } of protectedTables) {
    results.set(code, result);
    cells.push(...result.cells);
    audits.push({ code, audit: result.audit });
  }
  const weekly = new Map<string, IndicatorPublication>();
  for (const [code, weeks] of await weekPlan(connection, config, opts.asOf)) {
    if (config.indicators[code]?.type === 'rate') continue;
    effects.progress(`Röjandekontroll: ${code} per vecka`);
    const result = await protectWeeks(connection, code, weeks, ctx);
    weekly.set(code, result);
    cells.push(...result.cells);
    audits.push({ code, audit: result.audit });
  }
  for (const code of codes) {
    const ind = config.indicators[code];
    if (!ind || ind.type !== 'rate') continue;
    const population = await ratePopulation(connection, municipality, code);
    for (const base of [results.get(ind.of), weekly.get(ind.of)]) {
      if (base) cells.push(...rateCells(code, ind, base, population, spec, rulesFor(config, code)));
    }
  }
  await writePublication(connection, municipality, opts.runId, cells, audits);
  // A small count the engine cannot protect (pinned by earlier releases after a correction) holds every view of
  // its indicator back; cells suppressed only for others' sake are reported for the statistician to judge.
  const unprotected = [...results].flatMap(([code, r]) => r.unprotected.map((u) => ({ indicator: code, ...u })));
  for (const u of unprotected) {
    effects.progress(
      `${u.sensitive ? 'HÅLLS INNE' : 'Obs'}: ${u.indicator} ${u.key.join(' ')}${u.earlier ? ` (${u.earlier})` : ''} kan avgränsas till ${u.interval.min}–${u.interval.max} av tidigare utlämnade uppgifter`,
    );
  }
  const totals = audits.reduce(
    (s, a) => ({
      primary: s.primary + a.audit.primary,
      secondary: s.secondary + a.audit.secondary,
      perturbed: s.perturbed + a.audit.perturbed,
      hidden: s.hidden + a.audit.hidden,
      total: s.total + a.audit.total,
    }),
    { primary: 0, secondary: 0, perturbed: 0, hidden: 0, total: 0 },
  );
  return {
    indicators: codes.length,
    months,
    cells: cells.length,
    primary: totals.primary,
    secondary: totals.secondary,
    perturbed: totals.perturbed,
    hiddenShare: totals.total > 0 ? totals.hidden / totals.total : 0,
    held: [...new Set(unprotected.filter((u) => u.sensitive).map((u) => u.indicator))].sort(),
    unprotected: unprotected.length,
    millis: Date.now() - started,
  };
}

async function writePublication(
  connection: DuckDBConnection,
  municipality: string,
  runId: string,
  cells: PublishedCell[],
  audits: { code: string; audit: IndicatorPublication['audit'] }[],
): Promise<void> {
  await inTransaction(connection, async () => {
    await connection.run('delete from publication where municipality = $m', { m: municipality });
    const appender = await connection.createAppender('publication');
    for (const c of cells) {
      appender.appendVarchar(municipality);
      appender.appendVarchar(c.indicator);
      appender.appendVarchar(c.area);
      appender.appendVarchar(c.period);
      for (const v of [c.value]) {
        if (v === null || !Number.isFinite(v)) appender.appendNull();
        else appender.appendDouble(v);
      }
      appender.appendVarchar(c.status);
      appender.appendVarchar(c.reason);
      for (const v of [c.basis, c.lower, c.upper]) {
        if (v === null || !Number.isFinite(v)) appender.appendNull();
        else appender.appendDouble(v);
      }
      appender.appendBoolean(c.uncertain);
      if (c.trueCount === null) appender.appendNull();
      else appender.appendDouble(c.trueCount);
      appender.appendVarchar(runId);
      appender.endRow();
    }
    appender.closeSync();
    for (const { code, audit } of audits) {
      await connection.run('insert into publication_audit values ($run, $i, $method, $cells, $p, $s, $pert, $hidden, $total, $ms)', {
        run: runId,
        i: code,
        method: audit.method,
        cells: audit.cells,
        p: audit.primary,
        s: audit.secondary,
        pert: audit.perturbed,
        hidden: audit.hidden,
        total: audit.total,
        ms: Math.round(audit.millis),
      });
    }
  });
}
