/**
 * Fault tests run the real CLI in child processes, as cron does, and kill or obstruct them. A workspace is built
 * once per test file from the seeded demo (registers imported through the CLI, a year of deliveries in the inbox,
 * plus two that must be refused) and copied for every scenario.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateDemo } from '../../pipelines/demo/index.ts';
import { arrival } from '../../pipelines/demoRun.ts';
import { currentSnapshot } from '../../pipelines/snapshot.ts';
import { openWorkspace, workspacePaths } from '../../pipelines/workspace.ts';
import { openLager } from '../../sql/db.ts';
import { cli, filesUnder, type CliResult } from '../e2e/helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'lagesbild.mjs');
const YEAR = 2025;

export function must(result: CliResult, what: string): CliResult {
  if (result.status !== 0) throw new Error(`${what}: exit ${result.status}\n${result.stderr}`);
  return result;
}

const REGISTERS: Array<[string, (name: string) => boolean]> = [
  ['nyko', (n) => n === 'nyko.csv'],
  ['addresses', (n) => n === 'adresser.csv'],
  ['boundaries', (n) => n.endsWith('.geojson')],
  ['population', (n) => n.startsWith('befolkning')],
];

/** Two deliveries the run must refuse, so killed runs also cross the refusal and quarantine path. */
const REFUSED: Array<[string, string, string]> = [
  ['polis', 'STORM_2025-07_tom.csv', ''],
  [
    'bostadsbolaget',
    'Storningsjour_2025-08.csv',
    'Datum;Tid;Adress;Lgh nr;Störningstyp;Åtgärd\n14.08.2025;22.41;Storgatan 3 (850412-1230);1102;Buller;Samtal\n',
  ],
];

export async function demoWorkspace(root: string, seed: number): Promise<string> {
  const source = join(root, 'source');
  await generateDemo(source, { seed, year: YEAR });
  const dir = join(root, 'template');
  must(cli(['init', dir]), 'init');
  const registerFiles = readdirSync(join(source, 'register'));
  for (const [kind, matches] of REGISTERS) {
    const file = registerFiles.find(matches);
    if (file) must(cli(['-w', dir, 'register', 'import', '--kind', kind, join(source, 'register', file)]), `register import ${kind}`);
  }
  const arrive = (path: string, name: string): void => {
    const at = arrival(name, YEAR);
    utimesSync(path, at, at);
  };
  for (const actor of readdirSync(join(source, 'inbox'))) {
    mkdirSync(join(dir, 'inbox', actor), { recursive: true });
    for (const name of readdirSync(join(source, 'inbox', actor))) {
      const target = join(dir, 'inbox', actor, name);
      cpSync(join(source, 'inbox', actor, name), target);
      arrive(target, name);
    }
  }
  for (const [actor, name, content] of REFUSED) {
    const target = join(dir, 'inbox', actor, name);
    writeFileSync(target, content);
    arrive(target, name);
  }
  rmSync(source, { recursive: true, force: true });
  return dir;
}

/** A copy that keeps file times: arrival order (mtime) decides which delivery replaces which. */
export function copyWorkspace(template: string, target: string): string {
  cpSync(template, target, { recursive: true, preserveTimestamps: true });
  return target;
}

export interface Running {
  /** Resolves with the exit code, or the signal that ended the process. */
  exit: Promise<number | NodeJS.Signals>;
  stderr: string[];
  kill(): void;
}

/** A CLI command in a child process that the test can kill. */
export function start(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, TZ: 'Europe/Stockholm' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => stderr.push(...chunk.split('\n').filter((l) => l !== '')));
  const exit = new Promise<number | NodeJS.Signals>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  return { exit, stderr, kill: () => child.kill('SIGKILL') };
}

export interface LagerState {
  facts: Record<string, unknown>[];
  matchKeys: Record<string, unknown>[];
  deliveries: Record<string, unknown>[];
  replacements: Record<string, unknown>[];
  missingReceipts: string[];
  inbox: string[];
  quarantine: string[];
}

async function rows(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const lager = await openLager(path, 'read_only');
  try {
    return (await lager.connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    lager.close();
  }
}

export const FACTS_SQL = `select actor, kind, indicator, area_code, strftime(period_start, '%Y-%m-%d') as period_start, delivery_id,
  sum(count)::bigint::varchar as count, round(sum(value), 9) as value from facts group by all order by all`;

/** Everything an uninterrupted run decides: facts, match keys, the ledger (without clock times and run ids), files. */
export async function lagerState(dir: string): Promise<LagerState> {
  const paths = workspacePaths(dir);
  const deliveries = await rows(
    paths.lager,
    `select delivery_id, actor, kind, file_name, sha256, status, duplicate_of, rows_read, rows_accepted, rows_rejected, rows_unmapped,
       strftime(period_start, '%Y-%m-%d') as period_start, strftime(period_end, '%Y-%m-%d') as period_end, receipt_file
     from deliveries order by delivery_id`,
  );
  const listed = (folder: string): string[] =>
    existsSync(folder)
      ? filesUnder(folder)
          .map((f) => relative(folder, f))
          .sort()
      : [];
  return {
    facts: await rows(paths.lager, FACTS_SQL),
    matchKeys: await rows(
      paths.lager,
      `select indicator, actor, kind, area_code, finest_code, strftime(minute, '%Y-%m-%d %H:%M') as minute, delivery_id, count(*)::int as n from match_keys group by all order by all`,
    ),
    deliveries: deliveries.map(({ receipt_file: _receipt, ...rest }) => rest),
    replacements: await rows(
      paths.lager,
      `select delivery_id, replaced_delivery_id, strftime(period_start, '%Y-%m-%d') as f, strftime(period_end, '%Y-%m-%d') as t, facts_removed from replacements order by all`,
    ),
    missingReceipts: deliveries.map((d) => String(d['receipt_file'])).filter((f) => !existsSync(join(dir, f))),
    inbox: listed(paths.inbox),
    // Receipt names carry the clock; the quarantined files themselves do not.
    quarantine: listed(paths.quarantine).filter((f) => !f.endsWith('.kvitto.txt')),
  };
}

/** The facts an analyst sees in the current snapshot. */
export async function snapshotFacts(dir: string): Promise<Record<string, unknown>[]> {
  const snapshot = currentSnapshot(openWorkspace(dir));
  if (!snapshot) throw new Error(`${dir}: no snapshot`);
  return rows(snapshot, FACTS_SQL);
}

/** Files in snapshots/ that are neither a generation nor CURRENT: a `.wal` would mean a snapshot is not self-contained. */
export function strayInSnapshots(dir: string): string[] {
  const folder = workspacePaths(dir).snapshots;
  return readdirSync(folder).filter((f) => f !== 'CURRENT' && !/^lager-K\d+\.duckdb$/.test(f));
}

/** Deterministic [0, 1) from a seed (mulberry32): the kill points of a run are reproducible from its seed. */
export { rng as seeded } from '../disclosure/fixtures.ts';
