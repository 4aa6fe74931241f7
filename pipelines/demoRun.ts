/**
 * The main job on an embedded default: a seeded demo municipality with a year of messy deliveries from every
 * actor, through the whole pipeline. The generated source files live in a temporary folder that is deleted, so
 * the deliveries (with their planted identity numbers) exist only in inbox/ and quarantine/.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from './demo/index.ts';
import type { Effects } from './effects.ts';
import { ingest, type IngestSummary } from './ingest.ts';
import { importRegister, type RegisterKind } from './registers.ts';
import { withRun } from './run.ts';
import { initWorkspace, type Workspace } from './workspace.ts';
import { migrate, openLager } from '../sql/db.ts';

export interface DemoRunOptions {
  seed: number;
  year: number;
}

export interface DemoRunResult {
  workspace: Workspace;
  ingest: IngestSummary;
}

const REGISTER_FILES: [RegisterKind, (name: string) => boolean][] = [
  ['nyko', (n) => n === 'nyko.csv'],
  ['addresses', (n) => n === 'adresser.csv'],
  ['boundaries', (n) => n.endsWith('.geojson')],
  ['population', (n) => n.startsWith('befolkning')],
];

export async function runDemo(dir: string, opts: DemoRunOptions, effects: Effects): Promise<DemoRunResult> {
  const source = mkdtempSync(join(tmpdir(), 'lagesbild-demo-'));
  try {
    effects.progress(`Genererar demokommun (frö ${opts.seed}, år ${opts.year}) …`);
    await generateDemo(source, { seed: opts.seed, year: opts.year });
    const ws = await initWorkspace(dir);
    const lager = await openLager(ws.paths.lager);
    try {
      await migrate(lager.connection);
      for (const [kind, matches] of REGISTER_FILES) {
        const file = readdirSync(join(source, 'register')).find(matches);
        if (!file) continue;
        const result = await importRegister(ws, lager.connection, kind, join(source, 'register', file), effects.now());
        effects.progress(`Register ${kind}: ${result.rows} rader`);
      }
    } finally {
      lager.close();
    }
    for (const actor of readdirSync(join(source, 'inbox'))) {
      mkdirSync(join(ws.paths.inbox, actor), { recursive: true });
      cpSync(join(source, 'inbox', actor), join(ws.paths.inbox, actor), { recursive: true, preserveTimestamps: true });
    }
    if (existsSync(join(source, 'truth'))) cpSync(join(source, 'truth'), join(ws.root, 'truth'), { recursive: true });
    let summary: IngestSummary = { outcomes: [], unknownActors: [] };
    await withRun(ws, 'demo', effects, async ({ lager: l, runId }) => {
      summary = await ingest(ws, l, { runId }, effects);
      const count = (s: string) => summary.outcomes.filter((o) => o.status === s).length;
      return { loaded: count('loaded'), refused: count('refused'), duplicates: count('duplicate'), changed: true };
    });
    return { workspace: ws, ingest: summary };
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}
