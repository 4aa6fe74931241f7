import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { extractParquet } from '../../reports/extract/parquet.ts';
import { sampleExtract } from './sampleExtract.ts';

async function withConnection<T>(run: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await run(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('extractParquet', async () => {
  const x = sampleExtract();
  const bytes = await extractParquet(x);
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-parquet-test-'));
  const file = join(dir, 'extract.parquet');
  writeFileSync(file, bytes);
  const read = async (sql: string): Promise<Record<string, unknown>[]> =>
    withConnection(async (c) => {
      const reader = await c.runAndReadAll(sql, { file });
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    });

  it('is a Parquet file with typed columns', async () => {
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');
    const columns = await read('select column_name, column_type from (describe select * from read_parquet($file))');
    expect(columns.map((c) => [c['column_name'], c['column_type']])).toEqual([
      ['indicator_label', 'VARCHAR'],
      ['indicator', 'VARCHAR'],
      ['area_name', 'VARCHAR'],
      ['area', 'VARCHAR'],
      ['level', 'INTEGER'],
      ['period_label', 'VARCHAR'],
      ['period_start', 'DATE'],
      ['period_end', 'DATE'],
      ['value', 'DOUBLE'],
      ['status_label', 'VARCHAR'],
      ['explanation', 'VARCHAR'],
      ['basis', 'DOUBLE'],
      ['lower', 'DOUBLE'],
      ['upper', 'DOUBLE'],
      ['unit', 'VARCHAR'],
      ['period', 'VARCHAR'],
      ['status', 'VARCHAR'],
      ['reason', 'VARCHAR'],
      ['uncertain', 'BOOLEAN'],
    ]);
  });

  it('has the CSV rows: one per cell, suppressed values null, shares in percent, names as given', async () => {
    const [counts] = await read(`
      select count(*)::integer as n,
             count(*) filter (where status like 'suppressed%')::integer as suppressed,
             count(*) filter (where status like 'suppressed%' and value is not null)::integer as leaked,
             max(value) filter (where unit = 'procent')::double as max_share,
             min(period_start)::varchar as first, max(period_end)::varchar as last
      from read_parquet($file)`);
    expect(counts).toEqual({
      n: x.cells.length,
      suppressed: x.cells.filter((c) => c.status.startsWith('suppressed')).length,
      leaked: 0,
      max_share: expect.any(Number),
      first: '2025-01-01',
      last: '2025-12-31',
    });
    expect(counts?.['max_share']).toBeGreaterThan(1);
    const names = await read(`select distinct area_name from read_parquet($file) where area = '222'`);
    expect(names).toEqual([{ area_name: '=HYPERLINK("x")' }]);
  });

  it('cleans up', () => {
    rmSync(dir, { recursive: true, force: true });
  });
});
