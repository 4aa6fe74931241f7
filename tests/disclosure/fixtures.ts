/**
 * Generated tables of realistic shape: a NYKO hierarchy (municipality → NYKO1 → NYKO2 → NYKO3, plus `okand`)
 * crossed with months, quarters and years, with Poisson counts whose rates vary by area, so that many cells are
 * 1..4 and some areas are busy. Seeded, so every run sees the same tables.
 */
import { calendarDimension, dimensionFromParents, monthRange } from '../../disclosure/dimensions.ts';
import type { CalendarOptions } from '../../disclosure/dimensions.ts';
import type { CellInput, Dimension, LinearTable } from '../../disclosure/table.ts';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function poisson(random: () => number, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface AreaShape {
  /** Number of NYKO3 areas. */
  readonly areas: number;
  /** NYKO3 per NYKO2 (last group may be smaller). */
  readonly perN2: number;
  /** NYKO2 per NYKO1. */
  readonly perN1: number;
}

export interface NykoRegister {
  readonly dimension: Dimension;
  readonly leaves: readonly string[];
  readonly parentOf: ReadonlyMap<string, string>;
}

export function nykoAreas(shape: AreaShape, name = 'område'): NykoRegister {
  const parentOf = new Map<string, string>();
  const leaves: string[] = [];
  for (let i = 0; i < shape.areas; i++) {
    const n2 = Math.floor(i / shape.perN2);
    const n1 = Math.floor(n2 / shape.perN1);
    const n1Code = `N1-${String(n1 + 1).padStart(2, '0')}`;
    const n2Code = `${n1Code}-${String(n2 + 1).padStart(2, '0')}`;
    const n3Code = `${n2Code}-${String(i + 1).padStart(3, '0')}`;
    parentOf.set(n3Code, n2Code);
    parentOf.set(n2Code, n1Code);
    parentOf.set(n1Code, 'kommun');
    leaves.push(n3Code);
  }
  parentOf.set('okand', 'kommun');
  leaves.push('okand');
  return { dimension: dimensionFromParents(name, parentOf), leaves, parentOf };
}

export interface CubeShapeOptions extends AreaShape {
  readonly months: number;
  readonly firstMonth?: string;
  readonly calendar?: CalendarOptions;
  /** Mean count per NYKO3 and month across areas (areas vary around it). */
  readonly meanPerCell: number;
  readonly seed: number;
}

export function realisticCube(options: CubeShapeOptions): LinearTable {
  const random = rng(options.seed);
  const areas = nykoAreas(options);
  const first = options.firstMonth ?? '2020-01';
  const [y, m] = first.split('-').map(Number);
  const lastIndex = (y ?? 2020) * 12 + (m ?? 1) - 1 + options.months - 1;
  const last = `${Math.floor(lastIndex / 12)}-${String((lastIndex % 12) + 1).padStart(2, '0')}`;
  const months = monthRange(first, last);
  const time = calendarDimension('period', months, options.calendar ?? {});
  const cells: CellInput[] = [];
  for (const area of areas.leaves) {
    // Area rates are log-normal-ish: a few busy centres, many quiet residential areas.
    const rate = area === 'okand' ? options.meanPerCell * 0.3 : options.meanPerCell * Math.exp(gaussian(random) * 0.8 - 0.3);
    for (const month of months) cells.push({ key: [area, month], count: poisson(random, rate) });
  }
  return { dimensions: [areas.dimension, time], cells };
}
