/**
 * The main job on an embedded default: a seeded demo municipality with one or more years of messy deliveries from
 * every actor (escalations planted in the final autumn), through the whole pipeline. The generated source files live in a temporary folder that is deleted, so
 * the deliveries (with their planted identity numbers) exist only in inbox/ and quarantine/.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodFromName } from '../connectors/period.ts';
import { generateDemo } from './demo/index.ts';
import type { Effects } from './effects.ts';
import type { IngestSummary } from './ingest.ts';
import { nightly, type NightlySummary } from './nightly.ts';
import { importRegister, type RegisterKind } from './registers.ts';
import { withRun } from './run.ts';
import { initWorkspace, type Workspace } from './workspace.ts';
import { migrate, openLager } from '../sql/db.ts';

export interface DemoRunOptions {
  seed: number;
  /** The last year of deliveries. */
  year: number;
  /** Years of deliveries ending with `year` (default 1; the CLI's default is 3, enough history for the early warning). */
  years?: number;
}

export interface DemoRunResult {
  workspace: Workspace;
  ingest: IngestSummary;
  nightly: NightlySummary;
  /** The day the demo's nightly run pretends it is: shortly after the final demo year, when every view is due. */
  today: string;
}

const REGISTER_FILES: [RegisterKind, (name: string) => boolean][] = [
  ['nyko', (n) => n === 'nyko.csv'],
  ['addresses', (n) => n === 'adresser.csv'],
  ['boundaries', (n) => n.endsWith('.geojson')],
  ['population', (n) => n.startsWith('befolkning')],
];

/**
 * Files arrive a few days after the period they cover; arrival order decides which delivery replaces which, so
 * the demo sets file times like a real inbox would have them (a copy arrives a minute after its original).
 */
export function arrival(name: string, year: number): Date {
  const end = periodFromName(name.toLowerCase().replace(/\.[a-z0-9]+$/, ''))?.end ?? `${year}-12-31`;
  const [y, m, d] = end.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 3, 7, /kopia|copy/i.test(name) ? 1 : 0));
}

export async function runDemo(dir: string, opts: DemoRunOptions, effects: Effects): Promise<DemoRunResult> {
  const source = mkdtempSync(join(tmpdir(), 'lagesbild-demo-'));
  try {
    const years = opts.years ?? 1;
    const span = years === 1 ? `år ${opts.year}` : `åren ${opts.year - years + 1}–${opts.year}`;
    effects.progress(`Genererar demokommun (frö ${opts.seed}, ${span}) …`);
    await generateDemo(source, { seed: opts.seed, year: opts.year, years });
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
      for (const name of readdirSync(join(source, 'inbox', actor)).sort()) {
        const target = join(ws.paths.inbox, actor, name);
        cpSync(join(source, 'inbox', actor, name), target);
        const arrived = arrival(name, opts.year);
        utimesSync(target, arrived, arrived);
      }
    }
    if (existsSync(join(source, 'truth'))) cpSync(join(source, 'truth'), join(ws.root, 'truth'), { recursive: true });
    const today = `${opts.year + 1}-01-20`;
    const { result } = await withRun(ws, 'demo', effects, async ({ lager: l, runId }) => {
      const night = await nightly(ws, l, { runId, today }, effects);
      const count = (s: string) => night.ingest.outcomes.filter((o) => o.status === s).length;
      return { loaded: count('loaded'), refused: count('refused'), duplicates: count('duplicate'), changed: true, result: night };
    });
    return { workspace: ws, ingest: result.ingest, nightly: result, today };
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}
