/**
 * Analysts read snapshots while the night writes the lager: a reader never blocks the run and never sees half of
 * it; a snapshot is one self-contained file (no `.wal` beside it). And a lager killed right after its schema DDL
 * opens again.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openLager } from '../../sql/db.ts';
import { cli } from '../e2e/helpers.ts';
import { copyWorkspace, demoWorkspace, must, seeded, snapshotFacts, start, strayInSnapshots, FACTS_SQL } from './helpers.ts';

let root = '';
let template = '';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lagesbild-snapshots-'));
  template = await demoWorkspace(root, 8);
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Answer {
  snapshot: string;
  deliveries: number;
  total: string;
  facts: number;
}

/** A reader child (children/reader.ts): its answers, once its stdin is closed. */
function reader(dir: string, mode: 'hold' | 'follow'): { first: Promise<void>; stop(): Promise<Answer[]> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'children', 'reader.ts'), dir, mode], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  const first = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve();
    });
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    first,
    async stop() {
      child.stdin.end();
      expect(await exit).toBe(0);
      return out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Answer);
    },
  };
}

describe('readers while the night writes', () => {
  it('a reader holding the current snapshot neither blocks ingest nor sees its data change; a reader following CURRENT sees the old run or the new one, never half', async () => {
    const dir = copyWorkspace(template, join(root, 'readers'));
    // The first night loads two actors; the rest arrives before the second night.
    const later = join(root, 'later');
    mkdirSync(later);
    const first = ['bostadsbolaget', 'fastighetskontoret'];
    for (const actor of readdirSync(join(dir, 'inbox')).filter((a) => !first.includes(a)))
      renameSync(join(dir, 'inbox', actor), join(later, actor));
    must(cli(['-w', dir, 'ingest']), 'first night');
    for (const actor of readdirSync(later)) renameSync(join(later, actor), join(dir, 'inbox', actor));

    const holding = reader(dir, 'hold');
    const following = reader(dir, 'follow');
    await Promise.all([holding.first, following.first]);
    const t0 = performance.now();
    const night = start(['-w', dir, 'ingest']);
    // Analysts' own queries during the run, each a fresh `lagesbild sql`.
    const queries = [0, 1].map(() => start(['-w', dir, 'sql', 'select count(*) from monthly']).exit);
    expect(await night.exit).toBe(0);
    const nightMs = performance.now() - t0;
    expect(await Promise.all(queries)).toEqual([0, 0]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const held = await holding.stop();
    const followed = await following.stop();

    expect(nightMs).toBeLessThan(60_000);
    const before = held[0];
    expect(before?.snapshot).toBe('lager-K00001.duckdb');
    expect(held.length).toBeGreaterThan(10);
    expect(new Set(held.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify(before)]));

    const after = followed.at(-1);
    expect(after?.snapshot).toBe('lager-K00002.duckdb');
    const states = followed.map((a) => JSON.stringify(a));
    const firstNew = states.indexOf(JSON.stringify(after));
    // Old answers, then new ones: nothing in between, and no way back.
    expect(new Set(states.slice(0, firstNew))).toEqual(new Set([JSON.stringify(before)]));
    expect(new Set(states.slice(firstNew))).toEqual(new Set([JSON.stringify(after)]));
    expect(Number(after?.total)).toBeGreaterThan(Number(before?.total));

    // The new snapshot is the lager as the run left it, and stands alone.
    const lager = await openLager(join(dir, 'lager.duckdb'), 'read_only');
    try {
      expect(await snapshotFacts(dir)).toEqual((await lager.connection.runAndReadAll(FACTS_SQL)).getRowObjectsJS());
    } finally {
      lager.close();
    }
    expect(strayInSnapshots(dir)).toEqual([]);
    expect(existsSync(join(dir, 'lager.duckdb.wal'))).toBe(false);
  });
});

describe('schema migration and SIGKILL', () => {
  /** Tables and applied migrations of a lager, to compare a killed one with one created in peace. */
  async function schemaOf(path: string): Promise<unknown[]> {
    const lager = await openLager(path);
    try {
      await migrate(lager.connection);
      const tables = await lager.connection.runAndReadAll(
        `select table_name, column_name, data_type from information_schema.columns order by all`,
      );
      const versions = await lager.connection.runAndReadAll('select version from schema_migrations order by version');
      return [tables.getRowObjectsJS(), versions.getRowObjectsJS()];
    } finally {
      lager.close();
    }
  }

  it.each(['ddl', 'migrate'] as const)(
    'a lager killed right after its schema %s opens again, migrates and has the schema of one never killed',
    async (when) => {
      const path = join(root, `killed-after-${when}.duckdb`);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'children', 'killAfterMigration.ts'), path, when],
        { stdio: 'inherit' },
      );
      expect(await new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)))).toBe('SIGKILL');
      const schema = await schemaOf(path);
      expect(schema).toEqual(await schemaOf(join(root, `peaceful-${when}.duckdb`)));
      expect(JSON.stringify(schema)).toContain('"table_name":"deliveries"');
    },
  );

  it('`lagesbild init` killed at seeded random points, then run again, gives a workspace that ingests', async () => {
    const random = seeded(7);
    const dir = join(root, 'init-killed');
    for (let round = 0; round < 3; round++) {
      const run = start(['init', dir]);
      const timer = setTimeout(run.kill, Math.round(300 + random() * 1200));
      await run.exit;
      clearTimeout(timer);
    }
    must(cli(['init', dir]), 'init after the kills');
    must(cli(['-w', dir, 'ingest']), 'ingest in the re-initialised workspace');
    expect(cli(['-w', dir, 'status']).status).toBe(0);
  });
});
