import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

type Value = string | number | boolean | null;

/**
 * Appends rows of JS values to an existing table of an in-memory scan instance: text, booleans, NULL, and whole
 * numbers (as BIGINT, which DuckDB casts to the column's integer type).
 */
export async function appendRows(connection: DuckDBConnection, table: string, rows: readonly (readonly Value[])[]): Promise<void> {
  const appender = await connection.createAppender(table);
  for (const row of rows) {
    for (const value of row) {
      if (value === null) appender.appendNull();
      else if (typeof value === 'string') appender.appendVarchar(value);
      else if (typeof value === 'boolean') appender.appendBoolean(value);
      else appender.appendBigInt(BigInt(value));
    }
    appender.endRow();
  }
  appender.closeSync();
}

/**
 * Fills `table` (through `writer`) with `map` of each row of a query on `reader`, a chunk at a time: a lookup built
 * from hundreds of thousands of distinct values never sits in JS memory whole. The two connections must differ (a
 * second query on the reader's connection would end its stream).
 */
export async function appendMapped(
  reader: DuckDBConnection,
  writer: DuckDBConnection,
  table: string,
  sql: string,
  params: Record<string, string>,
  map: (row: DuckDBValue[]) => readonly Value[],
): Promise<void> {
  const result = await reader.stream(sql, params);
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    await appendRows(writer, table, chunk.getRows().map(map));
  }
}
