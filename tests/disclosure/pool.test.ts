// The worker pool must decide exactly as suppress() in this thread: same cells, statuses, reasons, unprotected list.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, DisclosureInputError, suppress, SuppressPool } from '../../disclosure/index.ts';
import { realisticCube } from './fixtures.ts';

describe('SuppressPool', () => {
  it('protects several cubes side by side in worker threads, with the decisions suppress() makes in-process', async () => {
    const tables = [1, 2, 3].map((seed) =>
      realisticCube({ areas: 8, perN2: 3, perN1: 2, months: 6, meanPerCell: 3, seed, calendar: { quarters: true, years: true } }),
    );
    const pool = new SuppressPool(2);
    try {
      const parallel = await Promise.all(tables.map((t) => pool.run(t, DEFAULT_RULES)));
      for (const [i, table] of tables.entries()) {
        const alone = await suppress(table, DEFAULT_RULES);
        expect(parallel[i]?.cells).toEqual(alone.cells);
        expect(parallel[i]?.unprotected).toEqual(alone.unprotected);
        expect(parallel[i]?.stats.secondary).toBeGreaterThan(0);
      }
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('gives an input error back as the same error, and goes on with the next table', async () => {
    const pool = new SuppressPool(2);
    try {
      const bad = { dimensions: [{ name: 'område', totals: [{ total: 'a', parts: ['a'] }] }], cells: [] };
      await expect(pool.run(bad, DEFAULT_RULES)).rejects.toBeInstanceOf(DisclosureInputError);
      const good = realisticCube({ areas: 4, perN2: 2, perN1: 2, months: 3, meanPerCell: 4, seed: 9 });
      expect((await pool.run(good, DEFAULT_RULES)).cells.length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
