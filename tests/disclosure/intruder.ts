/**
 * An intruder written independently of the engine (no cube.ts, no intruder.ts, LP text through HiGHS's one-shot
 * API), so that a bug in the engine's constraint derivation cannot hide itself. It takes the dimensions and the
 * released figures, writes every additive equation itself, and solves min and max of every suppressed cell.
 */
import highsDefault from 'highs';
import type { Highs } from 'highs';
import type { Dimension, Interval, ProtectionLevels } from '../../disclosure/table.ts';

let highsPromise: Promise<Highs> | undefined;
async function highs(): Promise<Highs> {
  const imported: unknown = highsDefault;
  const loader = (typeof imported === 'function' ? imported : (imported as { default: unknown }).default) as () => Promise<Highs>;
  highsPromise ??= loader();
  return highsPromise;
}

export interface Figure {
  readonly key: readonly string[];
  readonly published: number | null;
}

export interface Equation {
  readonly terms: readonly (readonly [string, number])[];
  readonly rhs: number;
}

function codesOf(dim: Dimension): string[] {
  const all = new Set<string>();
  for (const t of dim.totals) {
    all.add(t.total);
    t.parts.forEach((p) => all.add(p));
  }
  (dim.leaves ?? []).forEach((l) => all.add(l));
  return [...all];
}

function product(lists: readonly (readonly string[])[]): string[][] {
  let out: string[][] = [[]];
  for (const list of lists) out = out.flatMap((prefix) => list.map((c) => [...prefix, c]));
  return out;
}

/** Every equation `total − Σ parts = 0`, for every definition and every combination of the other codes. */
export function equationsOf(dimensions: readonly Dimension[]): { cells: string[][]; equations: string[][][] } {
  const codes = dimensions.map(codesOf);
  const cells = product(codes);
  const equations: string[][][] = [];
  dimensions.forEach((dim, d) => {
    const others = codes.map((list, i) => (i === d ? [''] : list));
    for (const def of dim.totals) {
      for (const combo of product(others)) {
        const at = (code: string): string[] => combo.map((c, i) => (i === d ? code : c));
        equations.push([at(def.total), ...def.parts.map(at)]);
      }
    }
  });
  return { cells, equations };
}

const id = (key: readonly string[]): string => JSON.stringify(key);

/**
 * Builds the intruder's system: unknowns are cells released as `..`, cells with a hidden code and cells not
 * released at all; everything else is a known constant.
 */
export function systemOf(
  dimensions: readonly Dimension[],
  figures: readonly Figure[],
): {
  unknowns: string[];
  equations: Equation[];
  suppressed: string[];
} {
  const { cells, equations } = equationsOf(dimensions);
  const published = new Map<string, number | null>(figures.map((f) => [id(f.key), f.published]));
  const hiddenCell = (key: readonly string[]): boolean => key.some((code, d) => dimensions[d]?.hidden?.includes(code) === true);
  const unknown = new Set<string>();
  for (const key of cells) {
    const v = published.get(id(key));
    if (v === null || v === undefined || hiddenCell(key)) unknown.add(id(key));
  }
  const system: Equation[] = [];
  for (const eq of equations) {
    const terms: [string, number][] = [];
    let rhs = 0;
    eq.forEach((key, i) => {
      const coef = i === 0 ? -1 : 1;
      const k = id(key);
      if (unknown.has(k)) terms.push([k, coef]);
      else rhs -= coef * (published.get(k) ?? 0);
    });
    if (terms.length > 0) system.push({ terms, rhs });
  }
  const suppressed = figures.filter((f) => f.published === null && !hiddenCell(f.key)).map((f) => id(f.key));
  return { unknowns: [...unknown], equations: system, suppressed };
}

/** Min and max of each target over `Σ terms = rhs`, unknowns ≥ 0 (solved per connected component). */
export async function solveIntervals(
  unknowns: readonly string[],
  equations: readonly Equation[],
  targets: readonly string[],
): Promise<Map<string, Interval>> {
  const solver = await highs();
  // Components keep each LP small.
  const parent = new Map<string, string>(unknowns.map((u) => [u, u]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  for (const eq of equations) {
    const first = eq.terms[0]?.[0];
    if (first === undefined) continue;
    for (const [name] of eq.terms) parent.set(find(name), find(first));
  }
  const names = new Map<string, string>(unknowns.map((u, i) => [u, `x${i}`]));
  const out = new Map<string, Interval>();
  for (const target of targets) {
    const root = find(target);
    const eqs = equations.filter((eq) => eq.terms.length > 0 && find(eq.terms[0]?.[0] ?? '') === root);
    const vars = unknowns.filter((u) => find(u) === root);
    const lines = eqs.map((eq, r) => {
      const lhs = eq.terms.map(([n, c]) => `${c >= 0 ? '+' : '-'} ${Math.abs(c)} ${names.get(n)}`).join(' ');
      return ` c${r}: ${lhs} = ${eq.rhs}`;
    });
    const bounds = vars.map((v) => ` ${names.get(v)} >= 0`);
    const solve = (sense: 'Minimize' | 'Maximize'): number => {
      const lp = [
        sense,
        ` obj: ${names.get(target)}`,
        'Subject To',
        ...(lines.length ? lines : [` c0: ${names.get(target)} >= 0`]),
        'Bounds',
        ...bounds,
        'End',
      ].join('\n');
      const result = solver.solve(lp, { output_flag: false });
      if (result.Status === 'Unbounded') return sense === 'Maximize' ? Infinity : -Infinity;
      if (result.Status !== 'Optimal') throw new Error(`intruder LP: ${result.Status}`);
      return result.ObjectiveValue;
    };
    out.set(target, { min: solve('Minimize'), max: solve('Maximize') });
  }
  return out;
}

export interface Breach {
  readonly key: string;
  readonly value: number;
  readonly interval: Interval;
}

export function breaches(intervals: ReadonlyMap<string, Interval>, truth: ReadonlyMap<string, number>, levels: ProtectionLevels): Breach[] {
  const out: Breach[] = [];
  for (const [key, interval] of intervals) {
    const value = truth.get(key) ?? NaN;
    const down = Math.min(levels.lower, value);
    const ok =
      interval.max >= value + levels.upper - 1e-6 &&
      interval.min <= value - down + 1e-6 &&
      interval.max - interval.min >= levels.minWidth - 1e-6;
    if (!ok) out.push({ key, value, interval });
  }
  return out;
}

/** The whole audit of one release: intervals of every `..` and the cells whose interval is too narrow. */
export async function auditRelease(
  dimensions: readonly Dimension[],
  figures: readonly (Figure & { readonly count: number })[],
  levels: ProtectionLevels,
): Promise<{ intervals: Map<string, Interval>; breaches: Breach[] }> {
  const system = systemOf(dimensions, figures);
  const intervals = await solveIntervals(system.unknowns, system.equations, system.suppressed);
  const truth = new Map(figures.map((f) => [id(f.key), f.count]));
  return { intervals, breaches: breaches(intervals, truth, levels) };
}

export { id as figureId };

export interface ReleaseForAudit {
  readonly dimensions: readonly Dimension[];
  readonly figures: readonly (Figure & { readonly count: number })[];
}

/**
 * An intruder holding several releases of the same subject *and knowing which cells were revised in between*:
 * a cell with the same true value in two releases is one unknown in both (the strongest link), a revised cell is
 * a new unknown. Everything published in any release is known. Every cell suppressed in any release is attacked
 * and judged against its true value in that release.
 */
export async function auditReleases(
  releases: readonly ReleaseForAudit[],
  levels: ProtectionLevels,
): Promise<{ intervals: Map<string, Interval>; breaches: Breach[] }> {
  const variable = (key: readonly string[], count: number): string => `${id(key)}@${count}`;
  const known = new Map<string, number>();
  const truth = new Map<string, number>();
  const targets = new Set<string>();
  for (const release of releases) {
    const hiddenCell = (key: readonly string[]): boolean => key.some((code, d) => release.dimensions[d]?.hidden?.includes(code) === true);
    for (const f of release.figures) {
      const v = variable(f.key, f.count);
      truth.set(v, f.count);
      if (f.published !== null && !hiddenCell(f.key)) known.set(v, f.published);
    }
  }
  for (const release of releases) {
    for (const f of release.figures) {
      const v = variable(f.key, f.count);
      if (f.published === null && !known.has(v)) targets.add(v);
    }
  }
  const unknowns = new Set<string>();
  const equations: Equation[] = [];
  for (const release of releases) {
    const counts = new Map(release.figures.map((f) => [id(f.key), f.count]));
    const { equations: raw } = equationsOf(release.dimensions);
    for (const eq of raw) {
      const terms: [string, number][] = [];
      let rhs = 0;
      eq.forEach((key, i) => {
        const coef = i === 0 ? -1 : 1;
        // A cell missing from the figures is a leaf of value 0 that was not released.
        const v = variable(key, counts.get(id(key)) ?? 0);
        const value = known.get(v);
        if (value === undefined) {
          terms.push([v, coef]);
          unknowns.add(v);
        } else rhs -= coef * value;
      });
      if (terms.length > 0) equations.push({ terms, rhs });
    }
  }
  const intervals = await solveIntervals([...unknowns], equations, [...targets]);
  return { intervals, breaches: breaches(intervals, truth, levels) };
}
