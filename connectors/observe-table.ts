/**
 * The connector half for a delivery loaded as a table (a large text file, see readers/csv-stream.ts): instead of
 * judging each row, each distinct value of a column is judged once, by the Observer's own rules, and the verdicts
 * are joined back in DuckDB. A million STORM rows carry a million event numbers but 275 000 distinct times, 38 000
 * addresses and 25 combinations of type and report. Rows with any bad value are handed to Observer.row() one by
 * one, so they are refused with the very diagnostics the row-by-row path gives; what is left is accepted in bulk.
 *
 * SQL here is built from column positions and field positions only (integers); every value is bound or appended.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { MappedField, Observer } from './observe.ts';
import { appendMapped, appendRows } from './readers/append.ts';
import type { ScanTable } from './readers/csv-stream.ts';
import { textCell } from './readers/normalise.ts';
import type { CellValue } from './readers/types.ts';
import type { ConnectorDefinition, FieldValue } from './types.ts';

/**
 * Records accepted by the connector half: view `accepted` in the scan's instance, with rec, date ('YYYY-MM-DD'),
 * minute ('YYYY-MM-DD HH:MM' or null) and the raw columns of the fields asked for.
 */
export interface AcceptedRecords {
  readonly connection: DuckDBConnection;
  /** For appending while `connection` streams (append.ts). */
  readonly writer: DuckDBConnection;
  /** The column of `accepted` holding a field's raw text; null when the field is not mapped or was not asked for. */
  column(field: string): string | null;
  /** The field's value for a raw text, as row() would have put it in the observation. */
  value(field: string, raw: string | null): FieldValue;
  line(rec: number): number;
}

// Printable ASCII without surrounding space: cleanText and cellText leave it unchanged (normalise.ts).
const PLAIN = '^[!-~]([ -~]*[!-~])?$';
// Wherever personalData.ts's candidate pattern matches, this matches too (RE2 has no look-around).
const IDENTITY_SUPERSET = '(^|[^0-9])(19|20)?[0-9]{6}[-+ ]?[0-9]{4}([^0-9]|$)';
const TEXT_TYPES = new Set(['text', 'category', 'code', 'datetime', 'time', 'term']);

interface FieldVerdicts {
  field: MappedField;
  /** Values judged in JS; a raw value not in here is plain text whose value is itself. */
  values: Map<string | null, FieldValue>;
  bad: string[];
  nullGood: boolean;
}

async function readColumn(connection: DuckDBConnection, sql: string): Promise<(string | null)[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRows().map(([value]) => (typeof value === 'string' ? value : null));
}

/** Judges every distinct value of a mapped column; plain text without an identity number is good as it is. */
async function judgeColumn(connection: DuckDBConnection, observer: Observer, field: MappedField, column: string): Promise<FieldVerdicts> {
  const plain = TEXT_TYPES.has(field.spec.type);
  const personalCheck = field.spec.type !== 'datetime';
  const filter = plain
    ? `where ${column} is not null and not (regexp_full_match(${column}, $plain)${personalCheck ? ` and not regexp_matches(${column}, $identity)` : ''})`
    : `where ${column} is not null`;
  const reader = await connection.runAndReadAll(`select distinct ${column} from scan ${filter}`, {
    ...(plain ? { plain: PLAIN } : {}),
    ...(plain && personalCheck ? { identity: IDENTITY_SUPERSET } : {}),
  });
  const values = new Map<string | null, FieldValue>();
  const bad: string[] = [];
  for (const [value] of reader.getRows()) {
    if (typeof value !== 'string') continue;
    const verdict = observer.judge(field, value);
    values.set(value, verdict.value);
    if (!verdict.good) bad.push(value);
  }
  const empty = observer.judge(field, null);
  values.set(null, empty.value);
  return { field, values, bad, nullGood: empty.good };
}

/**
 * Decides every record of the scan: bad rows through `observer.row`, the rest accepted into view `accepted`
 * (duplicates of a natural key warned about and left out), tallies into the observer. `read` names the fields
 * the next stage reads from `accepted`.
 */
export async function observeTable(
  observer: Observer,
  scan: ScanTable,
  def: ConnectorDefinition,
  read: ReadonlySet<string>,
): Promise<AcceptedRecords> {
  const { connection } = scan;
  const { time, naturalKey } = def;
  // Every join here and in avidentify-table.ts is written with the million records on the left and a lookup table
  // on the right; kept in that order, DuckDB builds its hash tables on the lookups, not on the records.
  await connection.run("set disabled_optimizers = 'join_order,build_side_probe_side'");
  const fields = observer.mappedFields();
  const byName = new Map<string, { verdicts: FieldVerdicts; column: string }>();
  for (const field of fields) {
    const column = scan.column(field.index);
    byName.set(field.spec.name, { verdicts: await judgeColumn(connection, observer, field, column), column });
  }

  // Time: each distinct combination of the time columns once.
  const timeNames = [time.datetime, time.date, time.time];
  const timeFields = timeNames.flatMap((name) => {
    const mapped = name ? byName.get(name) : undefined;
    return mapped ? [mapped] : [];
  });
  const present = timeFields.map((f) => f.column);
  await connection.run(`create table times (${present.map((_, i) => `t${i} varchar, `).join('')}ok boolean, date varchar, minute varchar)`);
  if (present.length > 0) {
    await appendMapped(connection, scan.writer, 'times', `select distinct ${present.join(', ')} from scan`, {}, (tuple) => {
      const cells: CellValue[] = [];
      timeFields.forEach(({ verdicts: { field: f } }, i) => {
        const raw = tuple[i];
        cells[f.index] = typeof raw === 'string' ? textCell(raw) : null;
      });
      const when = observer.timeOf(cells);
      return [...tuple.map((v) => (typeof v === 'string' ? v : null)), when.ok, when.date, when.minute];
    });
  } else {
    const when = observer.timeOf([]);
    await appendRows(connection, 'times', [[when.ok, when.date, when.minute]]);
  }

  // A row is clean when none of its values is bad and its time is good.
  const checks: string[] = ['t.ok'];
  let k = 0;
  for (const { verdicts, column } of byName.values()) {
    if (verdicts.bad.length > 0) {
      const table = `bad${k++}`;
      await connection.run(`create table ${table} (raw varchar)`);
      await appendRows(
        connection,
        table,
        verdicts.bad.map((raw) => [raw]),
      );
      checks.push(`(s.${column} is null or s.${column} not in (select raw from ${table}))`);
    }
    // NULL never equals a bad value, so an empty field is decided here.
    checks.push(verdicts.nullGood ? 'true' : `s.${column} is not null`);
  }
  const join = present.map((c, i) => `s.${c} is not distinct from t.t${i}`).join(' and ') || 'true';
  const key = naturalKey ? byName.get(naturalKey) : undefined;
  if (key) {
    await connection.run('create table keys (raw varchar, value varchar)');
    await appendRows(
      connection,
      'keys',
      [...key.verdicts.values]
        .filter(([raw]) => raw !== null)
        .map(([raw, value]) => [raw, typeof value === 'string' && value !== '' ? value : null]),
    );
  }
  // Only what later stages read (and the categories, counted below) is kept beside the record's date, minute and key.
  const kept = [...byName].filter(([name]) => read.has(name) || def.categoryFields?.includes(name)).map(([, v]) => v);
  await connection.run(
    `create table records as
     select s.rowid as rec, coalesce(${checks.join(' and ')}, false) as clean, t.date, t.minute,
       ${key ? `case when s.${key.column} is null then null when k.raw is not null then k.value else s.${key.column} end` : 'null::varchar'} as key
       ${kept.map(({ column }) => `, s.${column}`).join('')}
     from scan s join times t on ${join} ${key ? `left join keys k on s.${key.column} = k.raw` : ''}
     where not (${scan.skip})`,
  );
  // Later tables need not keep the file's order: rec carries it, and DuckDB needs less memory without it.
  await connection.run('set preserve_insertion_order = false');

  // Bad rows are usually few, but a file of them is streamed: row() refuses each with its own diagnostics.
  const rowDiagnosticsFrom = observer.result.diagnostics.length;
  const mapped = [...byName.values()];
  const dirty = await connection.stream(
    `select rowid ${mapped.map(({ column }) => `, ${column}`).join('')} from scan
     where rowid in (select rec from records where not clean) order by rowid`,
  );
  for (let chunk = await dirty.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await dirty.fetchChunk()) {
    for (const row of chunk.getRows()) {
      const cells: CellValue[] = [];
      mapped.forEach(({ verdicts }, i) => {
        const raw = row[i + 1];
        cells[verdicts.field.index] = typeof raw === 'string' ? textCell(raw) : null;
      });
      const accepted = observer.accepted;
      observer.row({ row: scan.line(Number(row[0])), cells });
      if (observer.accepted !== accepted) throw new Error('a row judged bad by its values was accepted row by row');
    }
  }
  await connection.run('drop table scan');

  // The first of each natural key counts; later ones are warned about.
  await connection.run(
    `create table duplicates as
     select r.rec from records r
       join (select key, min(rec) as first from records where clean and key is not null group by key having count(*) > 1) d on r.key = d.key
     where r.clean and r.rec > d.first`,
  );
  const duplicateLines = (await readColumn(connection, 'select rec::varchar from duplicates order by rec')).map((rec) =>
    scan.line(Number(rec)),
  );
  await connection.run(
    'create view accepted as select * exclude (clean, key) from records where clean and rec not in (select rec from duplicates)',
  );
  const summary = await connection.runAndReadAll('select count(*), min(date), max(date) from accepted');
  const [count, firstDate, lastDate] = summary.getRows()[0] ?? [0, null, null];

  const unknown: { field: string; shown: string; count: number; first: number }[] = [];
  for (const [name, { verdicts, column }] of byName) {
    if (!def.categoryFields?.includes(name)) continue;
    const values = await readColumn(connection, `select distinct ${column} from accepted`);
    const shown = values.map((raw) => [raw, observer.unknownCategory(name, valueOf(verdicts, raw))] as const).filter(([, s]) => s !== null);
    if (shown.length === 0) continue;
    await connection.run('create or replace table unknown (raw varchar, shown varchar)');
    await appendRows(
      connection,
      'unknown',
      shown.map(([raw, s]) => [raw, s]),
    );
    const counted = await connection.runAndReadAll(
      `select u.shown, count(*)::integer, min(a.rec)::bigint from accepted a join unknown u on a.${column} = u.raw group by u.shown`,
    );
    for (const [s, n, first] of counted.getRows()) unknown.push({ field: name, shown: String(s), count: Number(n), first: Number(first) });
  }
  // A receipt lists fields in the order their first unknown value appeared.
  unknown.sort((a, b) => a.first - b.first);
  observer.acceptColumnar({
    clean: Number(count) + duplicateLines.length,
    accepted: Number(count),
    firstDate: typeof firstDate === 'string' ? firstDate : null,
    lastDate: typeof lastDate === 'string' ? lastDate : null,
    unknown,
    duplicateLines,
    rowDiagnosticsFrom,
  });

  return {
    connection,
    writer: scan.writer,
    column: (field) => {
      const mapped = byName.get(field);
      return mapped && kept.includes(mapped) ? mapped.column : null;
    },
    value: (field, raw) => {
      const verdicts = byName.get(field)?.verdicts;
      return verdicts ? valueOf(verdicts, raw) : null;
    },
    line: scan.line,
  };
}

function valueOf(verdicts: FieldVerdicts, raw: string | null): FieldValue {
  const judged = verdicts.values.get(raw);
  if (judged !== undefined || verdicts.values.has(raw)) return judged ?? null;
  return raw;
}
