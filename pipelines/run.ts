/**
 * A run of a writing command (ingest, nightly run): recorded in the ledger with its timings, and followed by a new
 * read-only snapshot for analysts when it changed the lager.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { openLager, migrate, type Lager } from '../sql/db.ts';
import type { Effects } from './effects.ts';
import { syncIndicators } from './indicators.ts';
import { publishSnapshot } from './snapshot.ts';
import type { Workspace } from './workspace.ts';

async function nextRunId(connection: DuckDBConnection): Promise<string> {
  const reader = await connection.runAndReadAll('select count(*) as n from runs');
  return `K${String(Number(reader.getRowObjectsJS()[0]?.['n'] ?? 0) + 1).padStart(5, '0')}`;
}

export interface RunContext {
  lager: Lager;
  runId: string;
}

export interface RunSummary {
  loaded?: number;
  refused?: number;
  duplicates?: number;
  message?: string;
  changed: boolean;
}

/** Opens the lager for writing (refusing if another run holds it), records the run, and always closes. */
export async function withRun<T extends RunSummary>(
  ws: Workspace,
  command: string,
  effects: Effects,
  work: (ctx: RunContext) => Promise<T>,
): Promise<T> {
  const lager = await openLager(ws.paths.lager);
  try {
    await migrate(lager.connection);
    await syncIndicators(lager.connection, ws.config);
    // Holding the write lock, no other run can be active: a run still marked running was killed.
    await lager.connection.run(`update runs set status = 'interrupted' where status = 'running'`);
    const runId = await nextRunId(lager.connection);
    await lager.connection.run(`insert into runs (run_id, command, started_at, status) values ($id, $cmd, $at, 'running')`, {
      id: runId,
      cmd: command,
      at: effects.now().toISOString(),
    });
    let result: T;
    try {
      result = await work({ lager, runId });
    } catch (error) {
      await lager.connection.run(`update runs set status = 'failed', finished_at = $at, message = $msg where run_id = $id`, {
        id: runId,
        at: effects.now().toISOString(),
        msg: error instanceof Error ? error.message.slice(0, 500) : String(error),
      });
      throw error;
    }
    await lager.connection.run(
      `update runs set status = 'ok', finished_at = $at, deliveries_loaded = $l, deliveries_refused = $r, deliveries_duplicate = $d, message = $msg where run_id = $id`,
      {
        id: runId,
        at: effects.now().toISOString(),
        l: result.loaded ?? 0,
        r: result.refused ?? 0,
        d: result.duplicates ?? 0,
        msg: result.message ?? null,
      },
    );
    await lager.connection.run('checkpoint');
    if (result.changed) await publishSnapshot(ws, lager, runId);
    return result;
  } finally {
    lager.close();
  }
}
