/**
 * SIGKILL at seeded random points of a real `lagesbild ingest`, then a run to the end: the lager must equal the
 * lager of a run never interrupted (no delivery lost, none loaded twice, every ledger row with its receipt), and the
 * current snapshot must equal the lager. LAGESBILD_FAULT_ROUNDS sets the number of rounds (default 8),
 * LAGESBILD_FAULT_SEED the seed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../e2e/helpers.ts';
import {
  copyWorkspace,
  demoWorkspace,
  lagerState,
  must,
  seeded,
  snapshotFacts,
  start,
  strayInSnapshots,
  type LagerState,
} from './helpers.ts';

const ROUNDS = Number(process.env['LAGESBILD_FAULT_ROUNDS'] ?? 8);
const SEED = Number(process.env['LAGESBILD_FAULT_SEED'] ?? 20260115);

let root = '';
let template = '';
let reference: LagerState;
let referenceMs = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lagesbild-kill-'));
  template = await demoWorkspace(root, 5);
  const dir = copyWorkspace(template, join(root, 'reference'));
  const t0 = performance.now();
  must(cli(['-w', dir, 'ingest']), 'reference ingest');
  referenceMs = performance.now() - t0;
  reference = await lagerState(dir);
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('SIGKILL during ingest', () => {
  it('the reference run loads, refuses and records duplicates as the demo expects', () => {
    const count = (status: string) => reference.deliveries.filter((d) => d['status'] === status).length;
    expect([count('loaded'), count('refused'), count('duplicate')]).toEqual([15, 2, 1]);
    expect(reference.quarantine).toEqual(['bostadsbolaget/Storningsjour_2025-08.csv', 'polis/STORM_2025-07_tom.csv']);
    expect(reference.missingReceipts).toEqual([]);
  });

  it('a run killed after its last commit but before its snapshot: the next run, with nothing new, publishes one', async () => {
    const dir = copyWorkspace(template, join(root, 'no-snapshot'));
    must(cli(['-w', dir, 'ingest']), 'ingest');
    // What the kill leaves: every delivery committed, no snapshot of them (and a half-copied one).
    rmSync(join(dir, 'snapshots'), { recursive: true });
    mkdirSync(join(dir, 'snapshots'));
    writeFileSync(join(dir, 'snapshots', 'lager-K00001.duckdb.tmp'), 'half a copy');
    const again = must(cli(['-w', dir, 'ingest']), 'the next run');
    expect(again.stdout).toBe('');
    expect(await snapshotFacts(dir)).toEqual(reference.facts);
    expect(strayInSnapshots(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    `after ${ROUNDS} rounds of kills at random points, each followed by a full run, the lager equals the uninterrupted one`,
    async () => {
      const random = seeded(SEED);
      const landed: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const dir = copyWorkspace(template, join(root, `round-${round}`));
        // One or two kills before the run that is allowed to finish: the second lands in the recovery of the first.
        const kills = random() < 0.3 ? 2 : 1;
        for (let k = 0; k < kills; k++) {
          const run = start(['-w', dir, 'ingest']);
          const delay = Math.round(random() * referenceMs);
          const timer = setTimeout(run.kill, delay);
          const ended = await run.exit;
          clearTimeout(timer);
          const last = run.stderr.filter((l) => /^\[\d+\/\d+\]/.test(l)).at(-1) ?? '(before the first delivery)';
          landed.push(
            `round ${round}, kill ${k + 1} after ${delay} ms: ${ended === 'SIGKILL' ? `killed at ${last}` : `finished first (exit ${ended})`}`,
          );
        }
        must(cli(['-w', dir, 'ingest']), `round ${round}: the run after the kill`);
        const state = await lagerState(dir);
        expect(state, `round ${round}\n${landed.join('\n')}`).toEqual(reference);
        expect(await snapshotFacts(dir)).toEqual(reference.facts);
        expect(strayInSnapshots(dir)).toEqual([]);
        rmSync(dir, { recursive: true, force: true });
      }
      console.info(`kill points (reference run ${Math.round(referenceMs)} ms):\n${landed.join('\n')}`);
      // The seed puts kills inside the work, not only before or after it.
      expect(landed.filter((l) => /killed at \[/.test(l)).length).toBeGreaterThan(0);
    },
    60_000 + ROUNDS * 20_000,
  );
});
