import { queryFile } from '../sql/db.ts';
import type { Lager } from '../sql/db.ts';
import type { Workspace } from './workspace.ts';

export interface ActorStatus {
  actor: string;
  name: string;
  loaded: number;
  refused: number;
  duplicates: number;
  coveredFrom: string | null;
  coveredTo: string | null;
  lastReceived: string | null;
  records: number;
  unmappedShare: number;
}

export interface WorkspaceStatus {
  municipality: string;
  lastRun: { runId: string; command: string; status: string; startedAt: string; finishedAt: string | null } | null;
  actors: ActorStatus[];
  registers: { kind: string; fileName: string; rows: number; importedAt: string }[];
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export async function workspaceStatus(ws: Workspace, lager: Lager): Promise<WorkspaceStatus> {
  const c = lager.connection;
  const rows = await queryFile(c, 'marts/status', { municipality: ws.config.municipality.code });
  const byActor = new Map(rows.map((r) => [String(r['actor']), r]));
  const actors = Object.entries(ws.config.actors).map(([id, a]): ActorStatus => {
    const r = byActor.get(id);
    return {
      actor: id,
      name: a.name,
      loaded: Number(r?.['loaded'] ?? 0),
      refused: Number(r?.['refused'] ?? 0),
      duplicates: Number(r?.['duplicates'] ?? 0),
      coveredFrom: iso(r?.['covered_from'])?.slice(0, 10) ?? null,
      coveredTo: iso(r?.['covered_to'])?.slice(0, 10) ?? null,
      lastReceived: r?.['last_received'] ? new Date(String(r['last_received'])).toISOString() : null,
      records: Number(r?.['records'] ?? 0),
      unmappedShare: Number(r?.['unmapped_share'] ?? 0),
    };
  });
  const runReader = await c.runAndReadAll(
    `select run_id, command, status, started_at, finished_at from runs order by started_at desc, run_id desc limit 1`,
  );
  const run = runReader.getRowObjectsJS()[0];
  const regReader = await c.runAndReadAll(`select kind, file_name, rows, imported_at from registers order by kind, imported_at`);
  return {
    municipality: `${ws.config.municipality.name} (${ws.config.municipality.code})`,
    lastRun: run
      ? {
          runId: String(run['run_id']),
          command: String(run['command']),
          status: String(run['status']),
          startedAt: new Date(String(run['started_at'])).toISOString(),
          finishedAt: run['finished_at'] ? new Date(String(run['finished_at'])).toISOString() : null,
        }
      : null,
    actors,
    registers: regReader.getRowObjectsJS().map((r) => ({
      kind: String(r['kind']),
      fileName: String(r['file_name']),
      rows: Number(r['rows']),
      importedAt: new Date(String(r['imported_at'])).toISOString(),
    })),
  };
}
