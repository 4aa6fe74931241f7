/**
 * Avidentification of records accepted as a table (connectors/observe-table.ts): each distinct location and each
 * distinct combination of condition fields is decided once, in JS, by the Avidentifier's own rules, and the counting
 * is done by DuckDB. Works in the scan's in-memory instance; nothing here reaches the lager.
 *
 * SQL here is built from column names the connector half gives (derived from column positions) and fixed names;
 * every value is bound or appended.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { AcceptedRecords } from '../connectors/observe-table.ts';
import { appendMapped, appendRows } from '../connectors/readers/append.ts';
import type { FieldValue, LocationSpec, RawLocation } from '../connectors/types.ts';
import type { Period } from '../connectors/period.ts';
import { UNKNOWN_AREA, type Located } from '../nyko/locator.ts';

type Row = DuckDBValue[];

async function rows(connection: DuckDBConnection, sql: string, params?: Record<string, string>): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRows();
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** View `inside`: the accepted records within the delivery's period. Returns the others (line and date), in row order. */
export async function splitByPeriod(records: AcceptedRecords, period: Period | null): Promise<{ line: number; date: string }[]> {
  const { connection } = records;
  if (period === null) {
    await connection.run('create view inside as select * from accepted');
    return [];
  }
  await connection.run('create table bounds (first varchar, last varchar)');
  await appendRows(connection, 'bounds', [[period.start, period.end]]);
  await connection.run('create view inside as select a.* from accepted a, bounds b where a.date between b.first and b.last');
  const outside = await rows(
    connection,
    'select a.rec, a.date from accepted a, bounds b where not (a.date between b.first and b.last) order by a.rec',
  );
  return outside.map(([rec, date]) => ({ line: records.line(Number(rec)), date: String(date) }));
}

/**
 * Table `tagged` (rec, date, minute, area, finest, method, shown, given, tid): every record of `inside` in an
 * area, with the condition slots it meets in table `holds` (tid, slot).
 *
 * `locate` is the Avidentifier's own, with its caches: it is called for each distinct location in the order the
 * locations first appear, so it sees them as it would row by row. `flags` gives the slots of a record's attributes
 * (the `fields`); each distinct combination is asked once.
 */
export async function placeAndTag(
  records: AcceptedRecords,
  spec: LocationSpec | undefined,
  locate: (raw: RawLocation, date: string) => Located,
  fields: string[],
  flags: (attrs: Record<string, FieldValue>) => number[],
): Promise<void> {
  const { connection } = records;
  const columnOf = (field: string | undefined): string | null => (field ? records.column(field) : null);
  const pick = (field: string | undefined): string => columnOf(field) ?? 'null::varchar';
  // The text that places a record, each column once (a STORM export's one address column is its address and place).
  const textColumns = [...new Set([spec?.areaCode, spec?.address, spec?.place].map(columnOf).filter((c): c is string => c !== null))];
  const key = [...textColumns.map((_, i) => `k${i}`), 'g'];
  // An area code is read against the register of its own day; an address or place is decided once a month.
  const group = columnOf(spec?.areaCode) ? 'date' : 'left(date, 7)';
  // An empty field is NULL or '' as DuckDB reads it, and empty to every rule here: '' for both makes joins plain equality.
  const keyed = [
    ...textColumns.map((c, i) => `coalesce(${c}, '') as k${i}`),
    `${group} as g`,
    `coalesce(${pick(spec?.x)}, '') as x`,
    `coalesce(${pick(spec?.y)}, '') as y`,
  ];
  const attributes = fields.map((f, i) => `, coalesce(${pick(f)}, '') as a${i}`).join('');
  await connection.run(`create view located as select rec, date, minute, ${keyed.join(', ')} ${attributes} from inside`);

  const rawOf = (field: string | undefined, tuple: Row): string | null => {
    const column = columnOf(field);
    return column === null ? null : text(tuple[textColumns.indexOf(column)]);
  };
  const value = (field: string | undefined, raw: string | null): FieldValue => (field ? records.value(field, raw) : null);
  const textOf = (field: string | undefined, tuple: Row): string | null => {
    const v = value(field, rawOf(field, tuple));
    return typeof v === 'string' && v !== '' ? v : null;
  };
  const numberOf = (field: string | undefined, raw: unknown): number | null => {
    const v = value(field, text(raw));
    return typeof v === 'number' ? v : null;
  };
  const verdict = (l: Located, given: boolean): (string | boolean | null)[] => [
    l.area,
    l.finest,
    l.method,
    l.unmatchedValue ?? null,
    given,
  ];
  // A tuple of `width` key columns, then min(rec), then the first record's date → the key and where it is placed.
  const place = (tuple: Row, width: number, point: boolean): (string | boolean | null)[] => {
    const raw: RawLocation = {
      areaCode: textOf(spec?.areaCode, tuple),
      address: textOf(spec?.address, tuple),
      place: textOf(spec?.place, tuple),
      ...(point ? { x: numberOf(spec?.x, tuple[key.length]), y: numberOf(spec?.y, tuple[key.length + 1]) } : {}),
    };
    const date = String(tuple[width + 1]);
    return [...tuple.slice(0, width).map(String), ...verdict(locate(raw, date), raw.areaCode != null)];
  };
  const result = 'area varchar, finest varchar, method varchar, shown varchar, given boolean';
  const keyTable = key.map((k) => `${k} varchar`).join(', ');

  await connection.run(`create table by_text (${keyTable}, ${result})`);
  const textSql = `select ${key.join(', ')}, min(rec) as first, arg_min(date, rec) from located group by all order by first`;
  await appendMapped(connection, records.writer, 'by_text', textSql, {}, (tuple) => place(tuple, key.length, false));
  const onText = key.map((k) => `l.${k} = t.${k}`).join(' and ');

  // Coordinates only where the text left the record unplaced, as Avidentifier.locate does.
  const pointKey = [...key, 'x', 'y'];
  await connection.run(`create table by_point (${keyTable}, x varchar, y varchar, ${result})`);
  const pointSql = `select ${pointKey.map((k) => `l.${k}`).join(', ')}, min(l.rec) as first, arg_min(l.date, l.rec)
     from located l join by_text t on ${onText}
     where t.area = $unknown and (l.x <> '' or l.y <> '') group by all order by first`;
  await appendMapped(connection, records.writer, 'by_point', pointSql, { unknown: UNKNOWN_AREA }, (tuple) =>
    place(tuple, pointKey.length, true),
  );
  const onPoint = pointKey.map((k) => `l.${k} = p.${k}`).join(' and ');

  // Each distinct combination of the condition fields once ('true' keeps one combination when there are none).
  const tuples = await rows(connection, `select distinct true ${fields.map((_, i) => `, a${i}`).join('')} from located`);
  await connection.run(`create table tuples (tid integer${fields.map((_, i) => `, a${i} varchar`).join('')})`);
  await connection.run('create table holds (tid integer, slot integer)');
  const holds: number[][] = [];
  await appendRows(
    connection,
    'tuples',
    tuples.map((tuple, tid) => {
      const raws = tuple.slice(1).map(String);
      const attrs: Record<string, FieldValue> = {};
      fields.forEach((f, i) => {
        attrs[f] = records.value(f, text(raws[i]));
      });
      for (const slot of flags(attrs)) holds.push([tid, slot]);
      return [tid, ...raws];
    }),
  );
  await appendRows(connection, 'holds', holds);
  const onTuple = fields.map((_, i) => `l.a${i} = u.a${i}`).join(' and ') || 'true';

  await connection.run(
    `create table tagged as
     select l.rec, l.date, l.minute, coalesce(p.area, t.area) as area, coalesce(p.finest, t.finest) as finest,
       coalesce(p.method, t.method) as method, if(p.area is null, t.shown, p.shown) as shown, coalesce(p.given, t.given) as given, u.tid
     from located l join by_text t on ${onText} left join by_point p on ${onPoint} join tuples u on ${onTuple}`,
  );
}

/** Table `periods` (date, period_start): the grain's period of each distinct date. */
export async function periodsOfDates(connection: DuckDBConnection, periodOf: (date: string) => Period): Promise<void> {
  const dates = await rows(connection, 'select distinct date from tagged');
  await connection.run('create table periods (date varchar, period_start varchar)');
  await appendRows(
    connection,
    'periods',
    dates.map(([date]) => [String(date), periodOf(String(date)).start]),
  );
}

export interface SlotCount {
  slot: number;
  area: string;
  periodStart: string;
  records: number;
}

/** Records per condition slot, area and period (slot −1: all records). */
export async function countBySlot(connection: DuckDBConnection): Promise<SlotCount[]> {
  const counted = await rows(
    connection,
    `select h.slot, t.area, g.period_start, count(*)::bigint from tagged t join holds h using (tid) join periods g using (date) group by all
     union all
     select -1, t.area, g.period_start, count(*)::bigint from tagged t join periods g using (date) group by all
     order by all`,
  );
  return counted.map(([slot, area, start, n]) => ({
    slot: Number(slot),
    area: String(area),
    periodStart: String(start),
    records: Number(n),
  }));
}

/** Match keys of the records meeting slots from `first` on, in row order then slot order. */
export async function matchRows(
  connection: DuckDBConnection,
  first: number,
): Promise<{ slot: number; area: string; finest: string | null; date: string; minute: string | null }[]> {
  const found = await rows(
    connection,
    `select h.slot, t.area, t.finest, t.date, t.minute from tagged t join holds h using (tid) where h.slot >= ${Math.trunc(first)} order by t.rec, h.slot`,
  );
  return found.map(([slot, area, finest, date, minute]) => ({
    slot: Number(slot),
    area: String(area),
    finest: text(finest),
    date: String(date),
    minute: text(minute),
  }));
}

/** How many records each method placed, the unplaced values, and the unplaced records that gave an area code. */
export async function placementSummary(records: AcceptedRecords): Promise<{
  methods: [string, number][];
  unmatched: [string, number][];
  unknownCodes: { line: number; date: string; value: string }[];
  counted: number;
}> {
  const { connection } = records;
  const methods = await rows(connection, 'select method, count(*)::bigint from tagged group by method order by method');
  const unmatched = await rows(
    connection,
    `select coalesce(nullif(shown, ''), '(tom plats)'), count(*)::bigint from tagged where area = $unknown group by 1 order by 1`,
    { unknown: UNKNOWN_AREA },
  );
  const codes = await rows(connection, `select rec, date, shown from tagged where area = $unknown and given and shown <> '' order by rec`, {
    unknown: UNKNOWN_AREA,
  });
  const byMethod: [string, number][] = methods.map(([m, n]) => [String(m), Number(n)]);
  return {
    methods: byMethod,
    unmatched: unmatched.map(([v, n]) => [String(v), Number(n)]),
    unknownCodes: codes.map(([rec, date, value]) => ({ line: records.line(Number(rec)), date: String(date), value: String(value) })),
    // Every record is placed by exactly one method.
    counted: byMethod.reduce((sum, [, n]) => sum + n, 0),
  };
}
