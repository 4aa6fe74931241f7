/**
 * The outflow log (release ledger): one entry per release, listing every cell that left with its value or `..`.
 * It is the huvudman's answer to "what have we released" and, read back through `historyFor`, the intruder's
 * prior knowledge for the next release of the same subject. Writing entries durably is the caller's job.
 *
 * Each cell also carries its true count at release time. That column is internal (the ledger lives with the
 * lager, readable by the huvudman only): without it the next release could not tell which cells were revised.
 */
import { createHash } from 'node:crypto';
import type { CellDecision, CellStatus, Dimension, ReleaseHistory, ReleasedCell } from './table.ts';

export interface OutflowEntry {
  /** ISO timestamp of the release (from the caller's clock). */
  readonly at: string;
  /** What was released: an indicator id for the cube, the file name or a title for an ad-hoc table. */
  readonly subject: string;
  /** Dimension names, so a later release of the same subject is recognised as the same table. */
  readonly dimensions: readonly string[];
  /** The table's structure (codes and totals): the equations the recipient can write down. */
  readonly structure: readonly Dimension[];
  readonly recipient: string | null;
  readonly kind: 'cube' | 'adhoc';
  readonly method: 'suppression' | 'ckm';
  /** SHA-256 of the exact input (the protected table's source), for audits. */
  readonly sourceSha256: string;
  /** The protection parameters used (rules or CKM parameters), as given. */
  readonly parameters: unknown;
  readonly cells: readonly ReleasedCell[];
  readonly summary: Readonly<Record<CellStatus, number>>;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

export function outflowEntry(input: {
  at: Date;
  subject: string;
  structure: readonly Dimension[];
  recipient?: string | null;
  kind: OutflowEntry['kind'];
  method: OutflowEntry['method'];
  source: string | Uint8Array;
  parameters: unknown;
  decisions: readonly CellDecision[];
}): OutflowEntry {
  const summary: Record<CellStatus, number> = {
    published: 0,
    suppressed_primary: 0,
    suppressed_secondary: 0,
    perturbed: 0,
  };
  for (const d of input.decisions) summary[d.status]++;
  return {
    at: input.at.toISOString(),
    subject: input.subject,
    dimensions: input.structure.map((d) => d.name),
    structure: input.structure,
    recipient: input.recipient ?? null,
    kind: input.kind,
    method: input.method,
    sourceSha256: sha256(input.source),
    parameters: input.parameters,
    // `value` is what left; `count` is the ledger's internal truth (see ReleasedCell) and never leaves.
    cells: input.decisions.map((d) => ({ key: d.key, value: d.published, status: d.status, count: d.count })),
    summary,
  };
}

/** Everything released earlier about the same subject and dimensions, in log order. */
export function historyFor(log: readonly OutflowEntry[], subject: string, dimensions: readonly string[]): ReleaseHistory {
  const same = (e: OutflowEntry): boolean =>
    e.subject === subject && e.dimensions.length === dimensions.length && e.dimensions.every((d, i) => d === dimensions[i]);
  return { releases: log.filter(same).map((e) => ({ dimensions: e.structure, cells: e.cells })) };
}
