/**
 * Disclosure control against plain aggregation of the same cells. The cubes have the shape the publication layer
 * builds (area hierarchy with `okand` × months with quarters, years and the latest rolling 12 months) and seeded
 * Poisson counts whose rate varies by area, so many cells are 1..4 as in real NYKO3 data.
 */
import {
  calendarDimension,
  dimensionFromParents,
  monthRange,
  PRESETS,
  suppress,
  suppressionRulesOf,
  type CellInput,
  type Dimension,
  type LinearTable,
  type SuppressionRules,
} from '../disclosure/index.ts';
import { median, since } from './measure.ts';
// The disclosure tests' seeded generators: the benchmark's cubes are drawn the same way as the tested ones.
import { gaussian, poisson, rng } from '../tests/disclosure/fixtures.ts';

interface Areas {
  parentOf: Map<string, string>;
  /** NYKO3 codes and `okand`: the cells that carry counts. */
  leaves: string[];
}

/** NYKO3 → NYKO2 (5 each) → NYKO1 (4 each) → the municipality, plus `okand`, as the demo register is built. */
function nyko(parentOf: Map<string, string>, leaves: string[], municipality: string, areas: number): void {
  for (let i = 0; i < areas; i++) {
    const n2 = Math.floor(i / 5);
    const n1 = `${municipality}-${String(Math.floor(n2 / 4) + 1).padStart(2, '0')}`;
    const n2Code = `${n1}-${String(n2 + 1).padStart(2, '0')}`;
    const n3 = `${n2Code}-${String(i + 1).padStart(3, '0')}`;
    parentOf.set(n3, n2Code);
    parentOf.set(n2Code, n1);
    parentOf.set(n1, municipality);
    leaves.push(n3);
  }
  parentOf.set(`${municipality}-okand`, municipality);
  leaves.push(`${municipality}-okand`);
}

function municipalityAreas(areas: number): Areas {
  const parentOf = new Map<string, string>();
  const leaves: string[] = [];
  nyko(parentOf, leaves, 'K', areas);
  return { parentOf, leaves };
}

/** Several municipalities under a national total, each with its own NYKO hierarchy. */
function nationalAreas(sizes: readonly number[]): Areas {
  const parentOf = new Map<string, string>();
  const leaves: string[] = [];
  sizes.forEach((areas, i) => {
    const code = `K${String(i + 1).padStart(3, '0')}`;
    nyko(parentOf, leaves, code, areas);
    parentOf.set(code, 'riket');
  });
  return { parentOf, leaves };
}

function cube(areas: Areas, months: readonly string[], meanPerCell: number, seed: number): LinearTable {
  const random = rng(seed);
  const dimensions: Dimension[] = [
    dimensionFromParents('area', areas.parentOf),
    calendarDimension('period', months, { quarters: true, years: true, rolling12: 'last' }),
  ];
  const cells: CellInput[] = [];
  for (const area of areas.leaves) {
    // Log-normal area rates: a few busy centres, many quiet residential areas; `okand` gets the unplaceable few.
    const rate = area.endsWith('okand') ? meanPerCell * 0.3 : meanPerCell * Math.exp(gaussian(random) * 0.8 - 0.3);
    for (const month of months) cells.push({ key: [area, month], count: poisson(random, rate) });
  }
  return { dimensions, cells };
}

/**
 * The baseline: every published cell of the cube as the sum of its leaves, from the same LinearTable the engine
 * gets (index building included). Dense rows, totals in dependency order: what a report without disclosure
 * control would do. Returns the grand total so the work cannot be optimised away.
 */
export function aggregateAll(table: LinearTable): number {
  const [areaDim, periodDim] = table.dimensions;
  if (!areaDim || !periodDim || table.dimensions.length !== 2) throw new Error('aggregateAll handles area × period tables');
  const order = (dim: Dimension): { codes: string[]; totals: { total: number; parts: number[] }[] } => {
    const partsOf = new Map<string, readonly string[]>();
    for (const t of dim.totals) if (!partsOf.has(t.total)) partsOf.set(t.total, t.parts);
    const codes: string[] = [];
    const index = new Map<string, number>();
    const totals: { total: number; parts: number[] }[] = [];
    const visit = (code: string): number => {
      const known = index.get(code);
      if (known !== undefined) return known;
      const parts = (partsOf.get(code) ?? []).map(visit);
      const i = codes.push(code) - 1;
      index.set(code, i);
      if (partsOf.has(code)) totals.push({ total: i, parts });
      return i;
    };
    for (const code of [...(dim.leaves ?? []), ...partsOf.keys()]) visit(code);
    return { codes, totals };
  };
  const areas = order(areaDim);
  const periods = order(periodDim);
  const areaIndex = new Map(areas.codes.map((c, i) => [c, i]));
  const periodIndex = new Map(periods.codes.map((c, i) => [c, i]));
  const width = periods.codes.length;
  const values = new Float64Array(areas.codes.length * width);
  for (const cell of table.cells) {
    const a = areaIndex.get(cell.key[0] ?? '');
    const p = periodIndex.get(cell.key[1] ?? '');
    if (a !== undefined && p !== undefined) values[a * width + p] = (values[a * width + p] ?? 0) + cell.count;
  }
  // Area totals over the leaf periods, children first (the visit order), then every period total on every row.
  for (const t of areas.totals) {
    const row = t.total * width;
    for (const part of t.parts) for (let p = 0; p < width; p++) values[row + p] = (values[row + p] ?? 0) + (values[part * width + p] ?? 0);
  }
  for (let a = 0; a < areas.codes.length; a++) {
    const row = a * width;
    for (const t of periods.totals) {
      let sum = 0;
      for (const part of t.parts) sum += values[row + part] ?? 0;
      values[row + t.total] = sum;
    }
  }
  let grand = 0;
  for (const v of values) grand += v;
  return grand;
}

/** Median milliseconds of aggregating all tables, repeated until the median is stable enough (≥ 7 passes, ≥ 0.3 s). */
function aggregationMillis(tables: readonly LinearTable[]): number {
  const passes: number[] = [];
  const started = process.hrtime.bigint();
  let checksum = 0;
  while (passes.length < 7 || (since(started) < 300 && passes.length < 10_000)) {
    const t = process.hrtime.bigint();
    for (const table of tables) checksum += aggregateAll(table);
    passes.push(since(t));
  }
  if (!Number.isFinite(checksum)) throw new Error('aggregation produced a non-finite total');
  return median(passes);
}

export interface ProtectionRun {
  tables: number;
  cells: number;
  leafCells: number;
  primary: number;
  secondary: number;
  unprotected: number;
  protectMillis: number;
  aggregateMillis: number;
}

async function protectAll(tables: readonly LinearTable[], rules: SuppressionRules, onTable: (i: number) => void): Promise<ProtectionRun> {
  let protectMillis = 0;
  let cells = 0;
  let primary = 0;
  let secondary = 0;
  let unprotected = 0;
  for (const [i, table] of tables.entries()) {
    onTable(i);
    const t = process.hrtime.bigint();
    const result = await suppress(table, rules);
    protectMillis += since(t);
    cells += result.stats.cells;
    primary += result.stats.primary;
    secondary += result.stats.secondary;
    unprotected += result.unprotected.length;
  }
  return {
    tables: tables.length,
    cells,
    leafCells: tables.reduce((s, t) => s + t.cells.length, 0),
    primary,
    secondary,
    unprotected,
    protectMillis,
    aggregateMillis: aggregationMillis(tables),
  };
}

/** Indicator frequencies from rare (0.2 per area and month) to busy (20), log-uniform: the catalogue's spread. */
export function indicatorMeans(indicators: number): number[] {
  return Array.from({ length: indicators }, (_, i) => 0.2 * 100 ** (indicators === 1 ? 0.5 : i / (indicators - 1)));
}

export interface DisclosureOptions {
  areas: number;
  months: number;
  /** Indicators of the realistic cube, and how many of them are actually protected (the rest extrapolated). */
  indicators: number;
  indicatorsMeasured: number;
  /** NYKO3 areas of each sampled municipality of the national case. */
  nationalSample: readonly number[];
  nationalMunicipalities: number;
  seed: number;
}

export interface DisclosureResult {
  realistic: ProtectionRun & { measuredIndicators: number; indicators: number };
  national: ProtectionRun & { sampleAreas: number };
  warmupMillis: number;
}

export async function benchDisclosure(o: DisclosureOptions, log: (line: string) => void): Promise<DisclosureResult> {
  const rules = suppressionRulesOf(PRESETS.incident);
  const months = monthRange('2021-01', `${2021 + Math.floor((o.months - 1) / 12)}-${String(((o.months - 1) % 12) + 1).padStart(2, '0')}`);
  // HiGHS (WebAssembly) is loaded on the first LP; that one-off cost is not part of protecting a cube.
  const warmStart = process.hrtime.bigint();
  await suppress(cube(municipalityAreas(5), months.slice(0, 12), 2, o.seed), rules);
  const warmupMillis = since(warmStart);

  const areas = municipalityAreas(o.areas);
  const means = indicatorMeans(o.indicators);
  // Spread the measured indicators over the whole frequency range, so the extrapolation sees rare and busy ones.
  const picked = Array.from(
    { length: o.indicatorsMeasured },
    (_, i) => means[Math.round((i * (o.indicators - 1)) / Math.max(1, o.indicatorsMeasured - 1))] ?? 1,
  );
  const tables = picked.map((mean, i) => cube(areas, months, mean, o.seed + 1 + i));
  const realistic = await protectAll(tables, rules, (i) =>
    log(`suppression: indicator ${i + 1}/${tables.length} (mean ${picked[i]?.toFixed(2) ?? '?'} per area and month)`),
  );

  const national = nationalAreas(o.nationalSample);
  log(`suppression: national sample, ${o.nationalSample.length} municipalities, ${o.nationalSample.reduce((a, b) => a + b, 0)} NYKO3`);
  const nationalRun = await protectAll([cube(national, months, 3, o.seed + 1000)], rules, () => undefined);
  return {
    realistic: { ...realistic, measuredIndicators: o.indicatorsMeasured, indicators: o.indicators },
    national: { ...nationalRun, sampleAreas: o.nationalSample.reduce((a, b) => a + b, 0) },
    warmupMillis,
  };
}
