/**
 * Access to the lager (DuckDB): SQL comes from the `.sql` files beside this module and values are always bound,
 * never spliced into the text. One read-write process at a time; analysts read snapshots (see snapshot.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

const SQL_DIR = dirname(fileURLToPath(import.meta.url));

const cache = new Map<string, string>();
/** The text of `sql/<name>.sql`. */
export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(SQL_DIR, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export class LagerLockedError extends Error {
  constructor(path: string, options?: { cause?: unknown }) {
    super(`Lagret ${path} används av en annan körning (en nattkörning eller en annan inläsning). Försök igen när den är klar.`, options);
    this.name = 'LagerLockedError';
  }
}

export interface Lager {
  connection: DuckDBConnection;
  path: string;
  close(): void;
}

export type Params = Record<string, DuckDBValue>;

export async function openLager(path: string, mode: 'read_write' | 'read_only' = 'read_write'): Promise<Lager> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      access_mode: mode === 'read_only' ? 'READ_ONLY' : 'READ_WRITE',
      threads: '2',
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/lock/i.test(message)) throw new LagerLockedError(path, { cause });
    throw cause;
  }
  const connection = await instance.connect();
  // Swedish local days everywhere; set after connecting because the ICU extension loads with the first session.
  await connection.run("set TimeZone = 'Europe/Stockholm'");
  // For audits: strings stored uncompressed can be searched for as bytes in the lager file (see tests/e2e).
  if (process.env['LAGESBILD_AUDIT_UNCOMPRESSED'] === '1' && mode === 'read_write') {
    await connection.run("set force_compression = 'uncompressed'");
  }
  return {
    connection,
    path,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs every statement of `sql/<name>.sql` with named parameters (only those a statement uses are bound). */
export async function runFile(connection: DuckDBConnection, name: string, params: Params = {}): Promise<void> {
  const extracted = await connection.extractStatements(sqlFile(name));
  for (let i = 0; i < extracted.count; i++) {
    const statement = await extracted.prepare(i);
    const used: Params = {};
    for (let p = 1; p <= statement.parameterCount; p++) {
      const key = statement.parameterName(p);
      if (!(key in params)) throw new Error(`sql/${name}.sql: parameter $${key} was not given`);
      used[key] = params[key] ?? null;
    }
    statement.bind(used);
    await statement.run();
  }
}

/** Rows of the single statement in `sql/<name>.sql` as objects. */
export async function queryFile(connection: DuckDBConnection, name: string, params: Params = {}): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sqlFile(name), params);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

export async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('begin transaction');
  try {
    const result = await work();
    await connection.run('commit');
    return result;
  } catch (error) {
    // A commit that failed (a full disk) has already ended the transaction: the rollback then fails as well, and
    // must not hide why.
    await connection.run('rollback').catch(() => undefined);
    throw error;
  }
}

/** Applies the DDL files in `sql/ddl/` not yet applied, then checkpoints (a crash right after DDL must not leave a file DuckDB cannot open). */
export async function migrate(connection: DuckDBConnection): Promise<void> {
  const files = readdirSync(join(SQL_DIR, 'ddl'))
    .filter((f) => /^\d{3}_.*\.sql$/.test(f))
    .sort();
  await connection.run(sqlFile('ddl/001_lager'));
  const applied = await connection.runAndReadAll('select coalesce(max(version), 0) as v from schema_migrations');
  const current = Number(applied.getRowObjectsJS()[0]?.['v'] ?? 0);
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (version <= current) continue;
    await inTransaction(connection, async () => {
      if (version > 1) await connection.run(sqlFile(`ddl/${file.replace(/\.sql$/, '')}`));
      await connection.run('insert into schema_migrations values ($v, now())', { v: version });
    });
  }
  for (const view of readdirSync(join(SQL_DIR, 'marts'))
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const text = sqlFile(`marts/${view.replace(/\.sql$/, '')}`);
    if (/^\s*(--.*\n\s*)*create or replace view/i.test(text)) await connection.run(text);
  }
  await connection.run('checkpoint');
}
