/**
 * Seeded PRNG (sfc32, seeded through splitmix32). The demo must be byte-identical for a seed, so nothing in
 * `pipelines/demo` may call Math.random. Each actor draws from its own `fork`, so changing one actor's volume does
 * not shift every other file.
 */

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over a label, mixed with a seed: a stable sub-seed per named stream. */
function hashLabel(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    const sm = splitmix32(this.seed);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    // Warm up: the first outputs of sfc32 are weakly mixed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** An independent stream for a named purpose, stable under changes to other streams. */
  fork(label: string): Rng {
    return new Rng(hashLabel(this.seed, label));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index drawn with probability proportional to weights[i]. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const i = this.weightedIndex(items.map((x) => x[1]));
    const item = items[i];
    if (item === undefined) throw new Error('weighted pick from empty list');
    return item[0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}

/**
 * Cumulative-weight sampler for drawing many values from one fixed distribution (binary search instead of a linear
 * scan: the benchmark draws a million events).
 */
export class WeightedSampler {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let acc = 0;
    weights.forEach((w, i) => {
      acc += Math.max(0, w);
      this.cumulative[i] = acc;
    });
    this.total = acc;
    if (!(acc > 0)) throw new Error('WeightedSampler needs a positive total weight');
  }

  sample(rng: Rng): number {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Split `total` over buckets proportionally to weights (largest remainder): smooth and exact, for bulk volumes. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) / sum) * total);
  const out = exact.map((x) => Math.floor(x));
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    rest--;
  }
  return out;
}

/** Multinomial draw: `total` items thrown into buckets by weight; realistic noise for normal volumes. */
export function scatter(rng: Rng, total: number, weights: readonly number[]): number[] {
  const out = weights.map(() => 0);
  if (total <= 0) return out;
  const sampler = new WeightedSampler(weights);
  for (let i = 0; i < total; i++) {
    const k = sampler.sample(rng);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** A fixed weighted choice, prepared once for hot loops (no per-draw allocation). */
export class Choice<T> {
  private readonly items: readonly T[];
  private readonly sampler: WeightedSampler;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0]);
    this.sampler = new WeightedSampler(entries.map((e) => e[1]));
  }

  draw(rng: Rng): T {
    return this.items[this.sampler.sample(rng)] as T;
  }
}
