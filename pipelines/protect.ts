/**
 * Ad-hoc release (*menprövning* support): any table the statistician is asked for is protected by the same engine
 * as the cube, with earlier releases of the same subject as the intruder's knowledge, and logged in the outflow.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { historyFor, protectTable, suppressionRulesOf, type OutflowEntry, type ProtectedTable } from '../disclosure/index.ts';
import { rulesFor } from './publish.ts';
import type { Workspace } from './workspace.ts';

export interface ProtectInput {
  file: string;
  spec: unknown;
  recipient: string | null;
  rulesName?: string;
  now: Date;
  record: boolean;
}

export async function protectAdHoc(ws: Workspace, connection: DuckDBConnection, input: ProtectInput): Promise<ProtectedTable> {
  const csv = readFileSync(input.file, 'utf8').replace(/^\uFEFF/, '');
  const subject = basename(input.file);
  const rules = rulesFor(
    input.rulesName ? { ...ws.config, disclosure: { ...ws.config.disclosure, default: input.rulesName, indicators: {} } } : ws.config,
    subject,
  );
  if (rules.method !== 'suppression') throw new Error('ad-hoc tables are protected by suppression; choose a suppression rule set');
  const reader = await connection.runAndReadAll(`select entry from outflow where kind = 'adhoc' and subject = $s order by released_at`, {
    s: subject,
  });
  const log = reader.getRowObjectsJS().map((r) => JSON.parse(String(r['entry'])) as OutflowEntry);
  const dimensions = (input.spec as { dimensions?: { column: string }[] }).dimensions?.map((d) => d.column) ?? [];
  const table = await protectTable(csv, input.spec, {
    rules: suppressionRulesOf(rules),
    at: input.now,
    subject,
    ...(input.recipient ? { recipient: input.recipient } : {}),
    history: historyFor(log, subject, dimensions),
  });
  if (input.record) {
    await connection.run('insert into outflow values ($id, $at, $subject, $kind, $recipient, $method, $entry)', {
      id: `adhoc:${input.now.toISOString()}:${subject}`,
      at: input.now.toISOString(),
      subject,
      kind: 'adhoc',
      recipient: input.recipient,
      method: 'suppression',
      entry: JSON.stringify(table.log),
    });
  }
  return table;
}
