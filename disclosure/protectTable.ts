/**
 * Ad-hoc release (`lagesbild protect TABLE.csv`): any table with dimension columns and a count column, plus a
 * specification of which codes are totals of which, goes through the same engine as the cube. The result is the
 * protected table (`..` and a status per row), the intruder's interval for every `..`, and an outflow log entry.
 *
 * Spec (a sidecar JSON, or built from CLI arguments such as `--total område=Totalt`):
 *   { "count": "antal", "magnitude": "kostnad",
 *     "dimensions": [ { "column": "område", "total": "Totalt" },
 *                     { "column": "nyko", "parents": { "0101": "01", "01": "Hela kommunen" } },
 *                     { "column": "kön" } ] }
 * A dimension without `total` or `parents` is flat without a total.
 *
 * The protected table is complete: every combination of codes is a row. A combination missing from the input is
 * a zero (an omitted leaf) or a computed total, because a recipient of a table with totals can assume exactly that.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import { attackRelease } from './attack.ts';
import { dimensionFromParents, flatDimension } from './dimensions.ts';
import { DisclosureInputError } from './errors.ts';
import type { OutflowEntry } from './outflow.ts';
import { outflowEntry } from './outflow.ts';
import type { SuppressionResult, UnprotectedCell } from './suppress.ts';
import { suppress } from './suppress.ts';
import type { CellDecision, CellInput, Dimension, Interval, LinearTable, ReleaseHistory, SuppressionRules } from './table.ts';
import { displayValue, keyId, SUPPRESSED } from './table.ts';

export const tableSpecSchema = z.strictObject({
  count: z.string().min(1).meta({ description: 'The column with the counts.' }),
  magnitude: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'A column with a magnitude (e.g. cost), published only where the count is.' }),
  dimensions: z
    .array(
      z.strictObject({
        column: z.string().min(1),
        total: z.string().optional().meta({ description: 'The code of the row that is the sum of all others.' }),
        parents: z
          .record(z.string(), z.string())
          .optional()
          .meta({ description: 'child code → parent code, for a hierarchy (the top has no entry).' }),
      }),
    )
    .min(1),
});
export type TableSpec = z.infer<typeof tableSpecSchema>;

/** `område=Totalt` → { column: 'område', total: 'Totalt' }; the CLI's `--total` arguments. */
export function parseTotalArgument(arg: string): { column: string; total: string } {
  const at = arg.indexOf('=');
  if (at <= 0 || at === arg.length - 1) {
    throw new DisclosureInputError(`--total ${arg}: expected COLUMN=TOTALCODE, e.g. område=Totalt`);
  }
  return { column: arg.slice(0, at), total: arg.slice(at + 1) };
}

export interface ParsedTable {
  readonly table: LinearTable;
  readonly spec: TableSpec;
  readonly header: readonly string[];
  /** Keys in input order (to print the table as it came). */
  readonly order: readonly (readonly string[])[];
}

function parseNumber(raw: string, where: string): number {
  const text = raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value < 0) {
    throw new DisclosureInputError(`${where}: "${raw}" is not a non-negative number`);
  }
  return value;
}

/** Parses CSV text (delimiter detected: `;`, `,` or tab) into a linear table per the spec. */
export function parseTable(csv: string, specInput: unknown): ParsedTable {
  const parsedSpec = tableSpecSchema.safeParse(specInput);
  if (!parsedSpec.success) {
    const issue = parsedSpec.error.issues[0];
    throw new DisclosureInputError(`table spec: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const spec = parsedSpec.data;
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [';', ',', '\t'],
  });
  const header = parsed.meta.fields ?? [];
  const firstError = parsed.errors[0];
  if (firstError) throw new DisclosureInputError(`CSV row ${(firstError.row ?? 0) + 2}: ${firstError.message}`);
  for (const column of [spec.count, ...(spec.magnitude ? [spec.magnitude] : []), ...spec.dimensions.map((d) => d.column)]) {
    if (!header.includes(column)) throw new DisclosureInputError(`CSV has no column "${column}" (has ${header.join(', ')})`);
  }
  const codesSeen = spec.dimensions.map(() => new Set<string>());
  const cells: CellInput[] = [];
  const order: string[][] = [];
  parsed.data.forEach((row, i) => {
    const where = `CSV row ${i + 2}`;
    const key = spec.dimensions.map((d, j) => {
      const code = (row[d.column] ?? '').trim();
      if (code === '') throw new DisclosureInputError(`${where}: "${d.column}" is empty`);
      codesSeen[j]?.add(code);
      return code;
    });
    const count = parseNumber(row[spec.count] ?? '', `${where}, ${spec.count}`);
    const magnitude = spec.magnitude ? parseNumber(row[spec.magnitude] ?? '', `${where}, ${spec.magnitude}`) : undefined;
    cells.push({ key, count, ...(magnitude !== undefined ? { magnitude } : {}) });
    order.push(key);
  });
  const dimensions: Dimension[] = spec.dimensions.map((d, j) => {
    const seen = [...(codesSeen[j] ?? [])];
    if (d.parents) {
      const known = new Set([...Object.keys(d.parents), ...Object.values(d.parents)]);
      const extra = seen.filter((c) => !known.has(c));
      return dimensionFromParents(d.column, d.parents, extra.length ? { leaves: extra } : {});
    }
    if (d.total !== undefined) {
      if (!seen.includes(d.total)) {
        throw new DisclosureInputError(`"${d.column}" has no row with the total code "${d.total}"`);
      }
      return flatDimension(d.column, seen, d.total);
    }
    return flatDimension(d.column, seen);
  });
  return { table: { dimensions, cells }, spec, header, order };
}

export interface ProtectedRow {
  readonly key: readonly string[];
  /** As printed: the count or `..`. */
  readonly value: string;
  readonly magnitude?: string;
  readonly status: CellDecision['status'];
  readonly reason: CellDecision['reason'];
  /** For `..`: the interval an intruder can prove from the rest of the table. */
  readonly interval?: Interval;
}

export interface ProtectedTable {
  readonly dimensions: readonly string[];
  readonly countColumn: string;
  readonly magnitudeColumn?: string;
  readonly rows: readonly ProtectedRow[];
  readonly unprotected: readonly UnprotectedCell[];
  readonly log: OutflowEntry;
  readonly stats: SuppressionResult['stats'];
}

export interface ProtectOptions {
  readonly rules: SuppressionRules;
  /** The release time (passed in, so tests have a fixed clock). */
  readonly at: Date;
  readonly subject: string;
  readonly recipient?: string;
  /** Earlier releases of the same subject (outflow.ts `historyFor`). */
  readonly history?: ReleaseHistory;
}

export async function protectTable(csv: string, spec: unknown, options: ProtectOptions): Promise<ProtectedTable> {
  const parsed = parseTable(csv, spec);
  const { table } = parsed;
  const result = await suppress(table, options.rules, {
    intervals: 'exact',
    ...(options.history ? { history: options.history } : {}),
  });
  // The published figures are attacked once more from the outside, as a recipient would: these are the intervals
  // printed, and they cannot be narrower than the engine's own (same system), only independently derived.
  const intervals = await attackRelease(table.dimensions, result.cells);
  const byId = new Map(result.cells.map((d) => [keyId(d.key), d] as const));
  const inputIds = parsed.order.map(keyId);
  const inInput = new Set(inputIds);
  const rest = result.cells.map((d) => keyId(d.key)).filter((id) => !inInput.has(id));
  const specData = parsed.spec;
  const rows: ProtectedRow[] = [];
  for (const id of [...inputIds, ...rest]) {
    const d = byId.get(id);
    if (!d) continue;
    const interval = intervals.get(id);
    rows.push({
      key: d.key,
      value: displayValue(d),
      ...(specData.magnitude ? { magnitude: displayValue({ published: d.publishedMagnitude ?? null }) } : {}),
      status: d.status,
      reason: d.reason,
      ...(interval ? { interval } : {}),
    });
  }
  const dimensions = table.dimensions.map((d) => d.name);
  return {
    dimensions,
    countColumn: specData.count,
    ...(specData.magnitude ? { magnitudeColumn: specData.magnitude } : {}),
    rows,
    unprotected: result.unprotected,
    stats: result.stats,
    log: outflowEntry({
      at: options.at,
      subject: options.subject,
      structure: table.dimensions,
      recipient: options.recipient ?? null,
      kind: 'adhoc',
      method: 'suppression',
      source: csv,
      parameters: options.rules,
      decisions: result.cells,
    }),
  };
}

function csvField(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The protected table as CSV for the recipient: the dimension columns, the count (`..` where suppressed), the
 * magnitude if any, and the status. Intervals stay with the huvudman (they are for the secrecy review).
 */
export function formatProtectedCsv(table: ProtectedTable, delimiter = ';'): string {
  const header = [...table.dimensions, table.countColumn, ...(table.magnitudeColumn ? [table.magnitudeColumn] : []), 'status'];
  const lines = [header.map((h) => csvField(h, delimiter)).join(delimiter)];
  for (const row of table.rows) {
    const fields = [...row.key, row.value, ...(table.magnitudeColumn ? [row.magnitude ?? SUPPRESSED] : []), row.status];
    lines.push(fields.map((f) => csvField(f, delimiter)).join(delimiter));
  }
  return `${lines.join('\n')}\n`;
}
