/**
 * Analysts never open the lager itself (DuckDB allows one writer and no reader beside it). After a run, the
 * checkpointed lager is copied to a new file per generation and `CURRENT` is switched to it atomically; readers
 * open the newest generation read-only, so they never see half a run and never block the night.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLager, type Lager } from '../sql/db.ts';
import type { Workspace } from './workspace.ts';

const CURRENT = 'CURRENT';

export async function publishSnapshot(ws: Workspace, lager: Lager, runId: string): Promise<string> {
  await lager.connection.run('checkpoint');
  mkdirSync(ws.paths.snapshots, { recursive: true });
  // Only one run writes at a time (the lager's lock): a temporary file here is what a killed run left behind.
  for (const stale of readdirSync(ws.paths.snapshots).filter((f) => f.endsWith('.tmp')))
    rmSync(join(ws.paths.snapshots, stale), { force: true });
  const name = `lager-${runId}.duckdb`;
  const target = join(ws.paths.snapshots, name);
  const temp = `${target}.tmp`;
  copyFileSync(ws.paths.lager, temp);
  renameSync(temp, target);
  const pointer = join(ws.paths.snapshots, CURRENT);
  writeFileSync(`${pointer}.tmp`, `${name}\n`);
  renameSync(`${pointer}.tmp`, pointer);
  const keep = ws.config.retention.snapshots;
  const generations = readdirSync(ws.paths.snapshots)
    .filter((f) => /^lager-.*\.duckdb$/.test(f))
    .sort();
  for (const old of generations.slice(0, Math.max(0, generations.length - keep))) {
    if (old !== name) rmSync(join(ws.paths.snapshots, old), { force: true });
  }
  return target;
}

const LEDGER = 'select count(*)::int as n, max(delivery_id) as last from deliveries';

/**
 * True when the current snapshot lacks deliveries the lager has: a run killed after its last commit but before its
 * snapshot. The next run must then publish even if it finds nothing new, or analysts would wait for new files.
 */
export async function snapshotBehind(ws: Workspace, lager: Lager): Promise<boolean> {
  const mine = (await lager.connection.runAndReadAll(LEDGER)).getRowObjectsJS()[0];
  if (!mine || mine['n'] === 0) return false;
  const current = currentSnapshot(ws);
  if (!current) return true;
  const snapshot = await openLager(current, 'read_only');
  try {
    const theirs = (await snapshot.connection.runAndReadAll(LEDGER)).getRowObjectsJS()[0];
    return theirs?.['n'] !== mine['n'] || theirs?.['last'] !== mine['last'];
  } finally {
    snapshot.close();
  }
}

/** The newest snapshot file, or null before the first run. */
export function currentSnapshot(ws: Workspace): string | null {
  const pointer = join(ws.paths.snapshots, CURRENT);
  if (!existsSync(pointer)) return null;
  const path = join(ws.paths.snapshots, readFileSync(pointer, 'utf8').trim());
  return existsSync(path) ? path : null;
}
