import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../pipelines/demo/index.ts';
import { tempDir } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function run(seed: number, tz: string): Promise<{ dir: string; files: string[]; truth: unknown }> {
  const t = await tempDir(`det-${seed}`);
  cleanups.push(t.cleanup);
  const saved = process.env.TZ;
  // The generator must not depend on the process time zone.
  process.env.TZ = tz;
  try {
    const r = await generateDemo(t.dir, { seed, year: 2025, scale: 0.4 });
    return { dir: t.dir, files: r.files, truth: r.truth };
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

describe('demo determinism', () => {
  it('writes byte-identical files for the same seed, whatever the time zone', async () => {
    const a = await run(42, 'Europe/Stockholm');
    const b = await run(42, 'America/New_York');
    expect(b.files).toEqual(a.files);
    expect(b.truth).toEqual(a.truth);
    for (const f of a.files) {
      const [x, y] = await Promise.all([readFile(join(a.dir, f)), readFile(join(b.dir, f))]);
      expect(x.equals(y), f).toBe(true);
    }
  });

  it('writes different deliveries and truth for another seed', async () => {
    const a = await run(42, 'UTC');
    const c = await run(43, 'UTC');
    expect(c.files).toEqual(a.files);
    expect(c.truth).not.toEqual(a.truth);
    const differing: string[] = [];
    for (const f of a.files) {
      const [x, y] = await Promise.all([readFile(join(a.dir, f)), readFile(join(c.dir, f))]);
      if (!x.equals(y)) differing.push(f);
    }
    // Every delivery depends on the seed (the NYKO register, names only, does not).
    expect(differing.filter((f) => f.startsWith('inbox/')).length).toBe(a.files.filter((f) => f.startsWith('inbox/')).length);
    expect(differing).toContain('register/adresser.csv');
    expect(differing).toContain('register/omraden.geojson');
  });
});
