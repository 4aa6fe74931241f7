/**
 * The Parquet extract for analysts (R, Python, GIS): the same rows as the CSV, with typed columns (value DOUBLE,
 * period_start DATE, ...) and the codes beside the Swedish labels. Written by an in-memory DuckDB to a temporary
 * file, because DuckDB's Parquet writer only writes files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, quotedString, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { displayNumber, displayUnit } from './format.ts';
import { extractRows } from './rows.ts';
import { reasonText, STATUS_LABEL } from './texts.ts';
import type { ViewExtract } from './types.ts';

const SQL = readFileSync(new URL('./parquet.sql', import.meta.url), 'utf8');

async function runAll(connection: DuckDBConnection, sql: string): Promise<void> {
  const statements = await connection.extractStatements(sql);
  for (let i = 0; i < statements.count; i++) await (await statements.prepare(i)).run();
}

const appendNumber = (appender: DuckDBAppender, value: number | null | undefined): void => {
  if (value === null || value === undefined) appender.appendNull();
  else appender.appendDouble(value);
};

async function appendRows(connection: DuckDBConnection, x: ViewExtract): Promise<void> {
  const appender = await connection.createAppender('extract_rows');
  try {
    for (const { indicator, area, period, cell } of extractRows(x)) {
      const scaled = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : displayNumber(indicator, v));
      appender.appendVarchar(indicator.label);
      appender.appendVarchar(indicator.code);
      appender.appendVarchar(area.name);
      appender.appendVarchar(area.code);
      appender.appendInteger(area.level);
      appender.appendVarchar(period.label);
      appender.appendVarchar(period.start);
      appender.appendVarchar(period.end);
      appendNumber(appender, scaled(cell.value));
      appender.appendVarchar(STATUS_LABEL[cell.status]);
      appender.appendVarchar(reasonText(cell, x.suppression.k));
      appendNumber(appender, cell.basis);
      appendNumber(appender, scaled(cell.lower));
      appendNumber(appender, scaled(cell.upper));
      appender.appendVarchar(displayUnit(indicator));
      appender.appendVarchar(period.key);
      appender.appendVarchar(cell.status);
      appender.appendVarchar(cell.reason);
      appender.appendBoolean(cell.uncertain ?? false);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

export async function extractParquet(x: ViewExtract): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-parquet-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await runAll(connection, SQL);
    await appendRows(connection, x);
    const file = join(dir, 'extract.parquet');
    await connection.run(`copy (select * from extract_typed) to ${quotedString(file)} (format parquet, compression zstd)`);
    return new Uint8Array(readFileSync(file));
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
