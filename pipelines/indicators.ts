import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../schemas/config.ts';
import { runFile } from '../sql/db.ts';

/** Mirrors the configured indicator catalogue into the lager's `indicators` table (removed codes are dropped). */
export async function syncIndicators(connection: DuckDBConnection, config: Config): Promise<void> {
  const codes = Object.keys(config.indicators);
  await connection.run(`delete from indicators where not list_contains(string_split($codes, ','), code)`, { codes: codes.join(',') });
  for (const [code, ind] of Object.entries(config.indicators)) {
    const kinds = ind.type === 'rate' ? [] : ind.type === 'combined' ? ind.sources.map((s) => s.kind) : ind.kinds;
    await runFile(connection, 'load/upsert_indicator', {
      code,
      label: ind.label,
      unit: ind.unit,
      type: ind.type,
      kinds: kinds.join(','),
      rate_of: ind.type === 'rate' ? ind.of : null,
      age_from: ind.type === 'rate' ? ind.population.ageFrom : null,
      age_to: ind.type === 'rate' ? ind.population.ageTo : null,
      per: ind.type === 'rate' ? ind.per : null,
      window_minutes: ind.type === 'combined' ? ind.windowMinutes : null,
      description: ind.description ?? null,
    });
  }
}
