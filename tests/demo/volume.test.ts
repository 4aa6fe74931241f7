/** Volume options: `stormRows` fixes the STORM CSV size (benchmark), `scale` multiplies every actor's volume. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../pipelines/demo/index.ts';
import { tempDir } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('demo volumes', () => {
  it('writes exactly stormRows data rows in the STORM CSV and counts every event once', async () => {
    const t = await tempDir('volume');
    cleanups.push(t.cleanup);
    const r = await generateDemo(t.dir, { seed: 2, scale: 0.2, stormRows: 20_000 });
    const text = await readFile(join(t.dir, 'inbox/polis/STORM_2025-06_2025-12.csv'), 'utf8');
    expect(text.split('\r\n').filter((l) => l !== '').length - 1).toBe(20_000);
    expect(r.summary['storm_second_file_rows']).toBe(20_000);
    const total = r.truth.filter((x) => x.indicator === 'polis.storm.total').reduce((a, x) => a + x.count, 0);
    expect(total).toBe(r.summary['storm']);
    // Extra rows never add fires: the three-hour rule between different fires holds at any volume.
    const brand = r.truth.filter((x) => x.indicator === 'polis.storm.brand').reduce((a, x) => a + x.count, 0);
    expect(brand).toBe(r.summary['storm_brand']);
  });

  it('scales every actor with `scale`', async () => {
    const [a, b] = await Promise.all([tempDir('scale-a'), tempDir('scale-b')]);
    cleanups.push(a.cleanup, b.cleanup);
    const small = await generateDemo(a.dir, { seed: 4, scale: 0.5 });
    const large = await generateDemo(b.dir, { seed: 4, scale: 1.5 });
    for (const key of ['storm', 'brott', 'rtj', 'skadegorelse', 'storningsjour', 'oros', 'pupils9', 'securitas']) {
      const ratio = (large.summary[key] ?? 0) / (small.summary[key] ?? 1);
      expect(ratio, key).toBeGreaterThan(2.5);
      expect(ratio, key).toBeLessThan(3.5);
    }
  });

  it('rejects invalid options', async () => {
    await expect(generateDemo('/nonexistent', { seed: 1.5 })).rejects.toThrow(/seed/);
    await expect(generateDemo('/nonexistent', { seed: 1, scale: 0 })).rejects.toThrow(/scale/);
    await expect(generateDemo('/nonexistent', { seed: 1, stormRows: -1 })).rejects.toThrow(/stormRows/);
  });
});
