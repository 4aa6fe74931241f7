import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPerturbationTable, cellIdentity, cellKey, cellKeyPerturb, DEFAULT_CKM, noiseFor, perturb } from '../../disclosure/ckm.ts';
import { DisclosureInputError } from '../../disclosure/errors.ts';
import { keyId } from '../../disclosure/table.ts';
import { realisticCube } from './fixtures.ts';

const SECRET = 'test-secret-of-the-huvudman-0123';
const table = buildPerturbationTable();

describe('cell key', () => {
  it('is deterministic, in [0, 1), and depends on the secret and the identity only', () => {
    const id = cellIdentity('polis.storm.total', ['0101', '2024-03']);
    const k = cellKey(id, SECRET);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(k).toBeLessThan(1);
    expect(cellKey(id, SECRET)).toBe(k);
    expect(cellKey(id, `${SECRET}x`)).not.toBe(k);
    expect(cellKey(cellIdentity('polis.storm.total', ['0101', '2024-04']), SECRET)).not.toBe(k);
  });

  it('refuses a short secret', () => {
    expect(() => cellKey('x', 'short')).toThrow(DisclosureInputError);
  });

  it('spreads keys evenly (a crude uniformity check over 4 000 identities)', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 4000; i++) {
      const k = cellKey(cellIdentity('ind', [`a${i}`]), SECRET);
      buckets[Math.floor(k * 10)] = (buckets[Math.floor(k * 10)] ?? 0) + 1;
    }
    for (const b of buckets) expect(b).toBeGreaterThan(320);
  });
});

describe('perturbation table (D = 3, V = 2, js = 2)', () => {
  it('is unbiased, within ±D, never negative, and has variance V once the support is whole', () => {
    for (const row of table.rows) {
      const mean = row.probability.reduce((s, p, i) => s + p * (row.noise[i] ?? 0), 0);
      expect(Math.abs(mean)).toBeLessThan(1e-9);
      expect(row.probability.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      for (const v of row.noise) {
        expect(Math.abs(v)).toBeLessThanOrEqual(DEFAULT_CKM.maxNoise);
        expect(row.original + v).toBeGreaterThanOrEqual(0);
      }
      if (row.original >= 3) expect(row.variance).toBeCloseTo(DEFAULT_CKM.variance, 6);
    }
  });

  it('never publishes 1 or 2, keeps zeros, and never publishes a true 1 or 2 as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (value, key) => {
        const out = cellKeyPerturb(value, key, table);
        expect(out === 1 || out === 2).toBe(false);
        if (value === 0) expect(out).toBe(0);
        if (value === 1 || value === 2) expect(out).not.toBe(value);
        expect(Math.abs(out - value)).toBeLessThanOrEqual(DEFAULT_CKM.maxNoise);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same noise for the same key, and rows beyond D + js share one distribution', () => {
    expect(noiseFor(37, 0.42, table)).toBe(noiseFor(37, 0.42, table));
    expect(noiseFor(37, 0.42, table)).toBe(noiseFor(370, 0.42, table));
  });

  it('refuses parameters that cannot be met', () => {
    expect(() => buildPerturbationTable({ maxNoise: 2, variance: 1, smallThreshold: 3 })).toThrow(DisclosureInputError);
    expect(() => buildPerturbationTable({ maxNoise: 0, variance: 1, smallThreshold: 0 })).toThrow(DisclosureInputError);
  });
});

describe('perturb (a table)', () => {
  const cube = realisticCube({ areas: 8, perN2: 3, perN1: 2, months: 12, meanPerCell: 3, seed: 31 });

  it('perturbs every cell, totals as cells of their own, the same way on every run and in every view', () => {
    const first = perturb(cube, { indicator: 'polis.storm.total', secret: SECRET });
    const again = perturb({ ...cube, cells: [...cube.cells].reverse() }, { indicator: 'polis.storm.total', secret: SECRET });
    expect(again.map((c) => c.published)).toEqual(first.map((c) => c.published));
    expect(first.every((c) => c.status === 'perturbed' && c.reason === 'perturbed:ckm')).toBe(true);
    expect(first.every((c) => c.published !== 1 && c.published !== 2)).toBe(true);
    // Totals carry their own noise: the published table is (generally) not additive.
    const byId = new Map(first.map((c) => [keyId(c.key), c]));
    const total = byId.get(keyId(['kommun', '2020']));
    expect(total?.published).toBe(
      cellKeyPerturb(total?.count ?? 0, cellKey(cellIdentity('polis.storm.total', ['kommun', '2020']), SECRET), table),
    );
    const months = [...new Set(cube.cells.map((c) => c.key[1] ?? ''))];
    const nonAdditive = months.filter((m) => {
      const sum = ['N1-01', 'N1-02', 'okand'].reduce((s, a) => s + (byId.get(keyId([a, m]))?.published ?? 0), 0);
      return byId.get(keyId(['kommun', m]))?.published !== sum;
    });
    expect(nonAdditive.length).toBeGreaterThan(months.length / 3);
    expect(first.filter((c) => c.published !== c.count).length).toBeGreaterThan(first.length / 3);
  });

  it('gives another indicator independent noise', () => {
    const a = perturb(cube, { indicator: 'polis.storm.total', secret: SECRET });
    const b = perturb(cube, { indicator: 'rtj.brand.alla', secret: SECRET });
    expect(a.map((c) => c.published)).not.toEqual(b.map((c) => c.published));
  });

  it('withholds magnitudes', () => {
    const out = perturb(
      { dimensions: cube.dimensions, cells: [{ key: ['okand', '2020-01'], count: 3, magnitude: 900 }] },
      { indicator: 'x', secret: SECRET },
    );
    expect(out.every((c) => c.publishedMagnitude === null)).toBe(true);
  });
});
