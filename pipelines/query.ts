/**
 * The analyst's read-only SQL: runs against the newest snapshot (never the lager the night writes), in a
 * read-only DuckDB, so a query can neither change data nor block the nightly run.
 */
import { openLager } from '../sql/db.ts';
import { currentSnapshot } from './snapshot.ts';
import type { Workspace } from './workspace.ts';

export class NoSnapshotError extends Error {
  constructor() {
    super('Det finns ingen ögonblicksbild av lagret ännu: kör `lagesbild ingest` (eller nattkörningen) först.');
    this.name = 'NoSnapshotError';
  }
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export async function runReadOnlyQuery(ws: Workspace, sql: string): Promise<QueryResult> {
  const snapshot = currentSnapshot(ws);
  if (!snapshot) throw new NoSnapshotError();
  const lager = await openLager(snapshot, 'read_only');
  try {
    const reader = await lager.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJS() as unknown[][] };
  } finally {
    lager.close();
  }
}
