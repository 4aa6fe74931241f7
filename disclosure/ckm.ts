/**
 * The cell key method (CKM), the alternative to suppression that SCB uses from 2025 and that ABS and Destatis
 * pioneered: every published count gets a small noise, drawn deterministically from a *perturbation table* with a
 * *cell key* in [0, 1).
 *
 * Cell key: HMAC-SHA256 of the cell's identity (indicator and codes, not its value) under a secret held by the
 * huvudman. The same cell therefore gets the same key in every release and every view, so asking again or in
 * another view never averages the noise away, and nobody without the secret can predict or remove it. (The
 * record-key variant sums per-person keys; we have no microdata in the lager, so identity keys are the option.)
 *
 * Perturbation table: for each original count i a distribution over noise v in [−D, D] with
 *   - zero mean (unbiased) and variance V where reachable (maximum entropy otherwise, as in the ptable package
 *     of Destatis, after Giessing 2016),
 *   - i + v ≥ 0, and i + v never in 1..js: published counts 1..js never occur, so a published count never shows a
 *     small group exactly (a true 1 is published as 0 or as ≥ js + 1),
 *   - zeros stay zero (an empty cell is not made to look populated).
 * Rows for i > D + js are identical up to the shift, so the table is finite.
 *
 * Totals are perturbed as cells of their own (their own key), so tables are not additive: that is the price, and
 * it is what stops differencing. Magnitudes are not perturbed by this module (see CONTEXT.md).
 */
import { createHmac } from 'node:crypto';
import type { Cube } from './cube.ts';
import { cellKey as keyOfCell, compileTable } from './cube.ts';
import { DisclosureInputError } from './errors.ts';
import type { CellDecision, LinearTable } from './table.ts';
import { KEY_SEPARATOR } from './table.ts';

export interface CkmParameters {
  /** D: the largest absolute noise. */
  readonly maxNoise: number;
  /** V: the noise variance (for counts large enough that it is reachable). */
  readonly variance: number;
  /** js: published counts 1..js never occur. */
  readonly smallThreshold: number;
}

/** D = 3, V = 2, js = 2: noise within ±3 (sd ≈ 1.4); 1 and 2 are never published. */
export const DEFAULT_CKM: CkmParameters = { maxNoise: 3, variance: 2, smallThreshold: 2 };

export interface PerturbationRow {
  /** Original count this row applies to (the last row applies to every larger count). */
  readonly original: number;
  readonly noise: readonly number[];
  readonly probability: readonly number[];
  /** Cumulative probabilities; the key k selects the first noise whose cumulative value exceeds k. */
  readonly cumulative: readonly number[];
  /** The variance actually achieved (below V for small counts, where the support is cut). */
  readonly variance: number;
}

export interface PerturbationTable {
  readonly parameters: CkmParameters;
  readonly rows: readonly PerturbationRow[];
}

/** Cell key in [0, 1): HMAC-SHA256(secret, identity), first 48 bits. */
export function cellKey(identity: string, secret: string | Uint8Array): number {
  if ((typeof secret === 'string' ? secret.length : secret.byteLength) < 16) {
    throw new DisclosureInputError('the cell-key secret must be at least 16 bytes');
  }
  const digest = createHmac('sha256', secret).update(identity, 'utf8').digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Maximum-entropy distribution on deviations `devs` with mean 0 and variance `target` (Newton on the dual). */
function maxEntropy(devs: readonly number[], target: number): number[] {
  let l1 = 0;
  let l2 = 0;
  const probs = (a: number, b: number): number[] => {
    const logits = devs.map((d) => a * d + b * d * d);
    const top = Math.max(...logits);
    const w = logits.map((x) => Math.exp(x - top));
    const z = w.reduce((s, x) => s + x, 0);
    return w.map((x) => x / z);
  };
  const dual = (a: number, b: number): number => {
    const logits = devs.map((d) => a * d + b * d * d);
    const top = Math.max(...logits);
    return top + Math.log(logits.reduce((s, x) => s + Math.exp(x - top), 0)) - b * target;
  };
  for (let iter = 0; iter < 500; iter++) {
    const p = probs(l1, l2);
    const m1 = p.reduce((s, x, i) => s + x * (devs[i] ?? 0), 0);
    const m2 = p.reduce((s, x, i) => s + x * (devs[i] ?? 0) ** 2, 0);
    const m3 = p.reduce((s, x, i) => s + x * (devs[i] ?? 0) ** 3, 0);
    const m4 = p.reduce((s, x, i) => s + x * (devs[i] ?? 0) ** 4, 0);
    const g1 = m1;
    const g2 = m2 - target;
    if (Math.abs(g1) < 1e-13 && Math.abs(g2) < 1e-12) break;
    // Hessian of the dual = covariance of (d, d²).
    const h11 = m2 - m1 * m1;
    const h12 = m3 - m1 * m2;
    const h22 = m4 - m2 * m2;
    const det = h11 * h22 - h12 * h12;
    if (!(Math.abs(det) > 1e-18)) break;
    const s1 = (h22 * g1 - h12 * g2) / det;
    const s2 = (h11 * g2 - h12 * g1) / det;
    const before = dual(l1, l2);
    let step = 1;
    while (step > 1e-10 && dual(l1 - step * s1, l2 - step * s2) > before + 1e-15) step /= 2;
    l1 -= step * s1;
    l2 -= step * s2;
  }
  return probs(l1, l2);
}

function buildRow(original: number, p: CkmParameters): PerturbationRow {
  if (original === 0) return { original, noise: [0], probability: [1], cumulative: [1], variance: 0 };
  const devs: number[] = [];
  for (let v = -p.maxNoise; v <= p.maxNoise; v++) {
    const out = original + v;
    if (out < 0 || (out >= 1 && out <= p.smallThreshold)) continue;
    devs.push(v);
  }
  const neg = devs.filter((d) => d < 0);
  const pos = devs.filter((d) => d > 0);
  if (neg.length === 0 || pos.length === 0) {
    throw new DisclosureInputError(`perturbation table: count ${original} cannot be perturbed without bias`);
  }
  // Reachable variances with mean zero: extremes on the outermost points, the least on the innermost ones.
  const lo = Math.min(...neg);
  const hi = Math.max(...pos);
  const vmax = -lo * hi;
  const vmin = devs.includes(0) ? 0 : -Math.max(...neg) * Math.min(...pos);
  let probability: number[];
  if (vmax - vmin < 1e-9) {
    // Only one unbiased distribution exists (two points).
    probability = devs.map((d) => (d === lo ? hi / (hi - lo) : d === hi ? -lo / (hi - lo) : 0));
  } else {
    const margin = (vmax - vmin) * 0.02;
    probability = maxEntropy(devs, Math.min(Math.max(p.variance, vmin + margin), vmax - margin));
  }
  const cumulative: number[] = [];
  let acc = 0;
  for (const x of probability) cumulative.push((acc += x));
  cumulative[cumulative.length - 1] = 1;
  const variance = probability.reduce((s, x, i) => s + x * (devs[i] ?? 0) ** 2, 0);
  return { original, noise: devs, probability, cumulative, variance };
}

export function buildPerturbationTable(parameters: CkmParameters = DEFAULT_CKM): PerturbationTable {
  const { maxNoise, variance, smallThreshold } = parameters;
  if (!Number.isInteger(maxNoise) || maxNoise < 1) throw new DisclosureInputError('CKM: D must be an integer ≥ 1');
  if (!Number.isInteger(smallThreshold) || smallThreshold < 0 || smallThreshold >= maxNoise + 1) {
    // A true count js+1 must be able to reach 0 or stay, and 1 must reach js+1: js < D + 1.
    throw new DisclosureInputError('CKM: js must be an integer with 0 ≤ js ≤ D');
  }
  if (!(variance > 0)) throw new DisclosureInputError('CKM: V must be positive');
  const rows: PerturbationRow[] = [];
  for (let i = 0; i <= maxNoise + smallThreshold + 1; i++) rows.push(buildRow(i, parameters));
  return { parameters, rows };
}

/** The noise for a count and a cell key; deterministic in both. */
export function noiseFor(value: number, key: number, table: PerturbationTable): number {
  if (!Number.isInteger(value) || value < 0) throw new DisclosureInputError(`CKM applies to counts, not ${value}`);
  const last = table.rows[table.rows.length - 1];
  const row = table.rows[Math.min(value, table.rows.length - 1)] ?? last;
  if (!row) throw new Error('empty perturbation table');
  for (let i = 0; i < row.cumulative.length; i++) {
    if (key < (row.cumulative[i] ?? 1)) return row.noise[i] ?? 0;
  }
  return row.noise[row.noise.length - 1] ?? 0;
}

export function cellKeyPerturb(value: number, key: number, table: PerturbationTable): number {
  return value + noiseFor(value, key, table);
}

/** The identity a cell's key is drawn from: indicator and codes, never the value. */
export function cellIdentity(indicator: string, key: readonly string[]): string {
  return [indicator, ...key].join(KEY_SEPARATOR);
}

export interface PerturbOptions {
  /** Stable indicator id: part of every cell's identity. */
  readonly indicator: string;
  readonly secret: string | Uint8Array;
  readonly table?: PerturbationTable;
}

/** Perturbs every publishable cell of a table, totals as cells of their own. Magnitudes are withheld. */
export function perturb(input: LinearTable | Cube, options: PerturbOptions): CellDecision[] {
  const cube = 'values' in input ? input : compileTable(input);
  const ptable = options.table ?? buildPerturbationTable();
  const out: CellDecision[] = [];
  for (let c = 0; c < cube.size; c++) {
    if (cube.publishable[c] !== 1) continue;
    const key = keyOfCell(cube, c);
    const count = cube.values[c] ?? 0;
    const published = cellKeyPerturb(count, cellKey(cellIdentity(options.indicator, key), options.secret), ptable);
    out.push({
      key,
      count,
      published,
      status: 'perturbed',
      reason: 'perturbed:ckm',
      ...(cube.magnitudes ? { publishedMagnitude: null } : {}),
    });
  }
  return out;
}
