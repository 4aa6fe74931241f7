/**
 * Inputs for the benchmark, all from the seeded demo generator so every run measures the same bytes: the demo
 * municipality's registers and deliveries, a large STORM workbook, a fortnight's STORM delivery, and workspaces
 * built from them. The registers are the same for every year of a seed (only population changes), so deliveries of
 * several demo years can share one workspace.
 */
import { cpSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCsv } from '../pipelines/demo/csv.ts';
import type { StormEvent } from '../pipelines/demo/events.ts';
import { planFires } from '../pipelines/demo/fires.ts';
import { KOMMUN } from '../pipelines/demo/gazetteer.ts';
import { buildMunicipality } from '../pipelines/demo/municipality.ts';
import { Rng } from '../pipelines/demo/random.ts';
import { planStorm, stormEvents } from '../pipelines/demo/storm.ts';
import { dmySlashTime, wall } from '../pipelines/demo/time.ts';
import type { Cell } from '../pipelines/demo/xlsx.ts';
import { workbookBytes } from '../pipelines/demo/xlsx.ts';
import { arrival } from '../pipelines/demoRun.ts';
import { STORM_HEADER_CSV, STORM_HEADER_XLSX } from '../pipelines/demo/write-polis.ts';
import { fixedEffects } from '../pipelines/effects.ts';
import { importRegister, type RegisterKind } from '../pipelines/registers.ts';
import { initWorkspace } from '../pipelines/workspace.ts';
import { migrate, openLager } from '../sql/db.ts';

/** X is the easting column, except on rows the generator swapped (as the demo writer does). */
function xy(e: StormEvent): [number | null, number | null] {
  if (e.e === null || e.n === null) return [null, null];
  return e.swapped ? [e.n, e.e] : [e.e, e.n];
}

/**
 * STORM events of a year for the seed's municipality, with the demo's own fire plan. `perYear` sets the volume
 * (the demo's base is ~1450 a year at scale 1); the events come in registration order, day by day.
 */
function* stormYear(seed: number, year: number, perYear: number): Generator<StormEvent> {
  // The same forks as generateDemo, so the municipality (areas, addresses) is the one the registers describe.
  const root = new Rng(seed);
  const m = buildMunicipality(root.fork('municipality'), year);
  const fires = planFires(root.fork('fires'), m, year, 1);
  const layout = planStorm(root.fork('storm-plan'), year, perYear / 1450, fires.policeFires);
  yield* stormEvents(root.fork('storm'), m, layout);
}

/**
 * A STORM workbook of exactly `rows` data rows: header in row 1, real date cells with the format
 * 'yyyy-mm-dd hh:mm', sheet "Händelser". Written by SheetJS through the demo's deterministic workbook writer.
 */
export async function writeStormWorkbook(path: string, opts: { seed: number; year: number; rows: number }): Promise<number> {
  const rows: Cell[][] = [STORM_HEADER_XLSX];
  // A little more than needed, then cut: the last days of December are thinner than the rest, which is harmless.
  for (const e of stormYear(opts.seed, opts.year, Math.ceil(opts.rows * 1.01) + 50)) {
    if (rows.length > opts.rows) break;
    const [x, y] = xy(e);
    rows.push([
      e.nr,
      { date: e.time, format: 'yyyy-mm-dd hh:mm' },
      e.type,
      e.place,
      KOMMUN,
      x,
      y,
      e.prio,
      e.reportFiled ? 'Ja' : 'Nej',
      e.summary,
    ]);
  }
  const bytes = workbookBytes([{ name: 'Händelser', rows }], opts.year);
  await writeFile(path, bytes);
  return bytes.length;
}

/** The first `days` days of a year's STORM events as the newer CSV export (UTF-8 with BOM, ';', CRLF). */
export async function writeStormDays(path: string, opts: { seed: number; year: number; days: number }): Promise<number> {
  const end = wall(opts.year, 1, 1 + opts.days);
  const rows: string[][] = [STORM_HEADER_CSV];
  const fmt = (v: number | null): string => (v === null ? '' : String(v));
  for (const e of stormYear(opts.seed, opts.year, 1450)) {
    if (e.time >= end) break;
    const [x, y] = xy(e);
    rows.push([
      e.nr,
      dmySlashTime(e.time),
      e.type,
      e.place,
      KOMMUN,
      fmt(x),
      fmt(y),
      String(e.prio),
      e.reportFiled ? 'Ja' : 'Nej',
      e.summary,
    ]);
  }
  await writeCsv(path, rows, { delimiter: ';', newline: '\r\n', encoding: 'utf8-bom' });
  return rows.length - 1;
}

const REGISTERS: [RegisterKind, string][] = [
  ['nyko', 'nyko.csv'],
  ['addresses', 'adresser.csv'],
  ['boundaries', 'omraden.geojson'],
];

/**
 * A fresh workspace with the demo's registers imported: NYKO, addresses and boundaries from `registerDir`, and the
 * population of every year found in `populationDirs` (each year's file adds that year).
 */
export async function registerWorkspace(
  root: string,
  registerDir: string,
  populationDirs: readonly string[] = [registerDir],
): Promise<void> {
  const ws = await initWorkspace(root);
  const effects = fixedEffects(new Date('2026-01-02T08:00:00Z'));
  const lager = await openLager(ws.paths.lager);
  try {
    await migrate(lager.connection);
    for (const [kind, file] of REGISTERS) await importRegister(ws, lager.connection, kind, join(registerDir, file), effects.now());
    for (const dir of populationDirs) {
      for (const file of readdirSync(dir)
        .filter((f) => f.startsWith('befolkning'))
        .sort()) {
        await importRegister(ws, lager.connection, 'population', join(dir, file), effects.now());
      }
    }
  } finally {
    lager.close();
  }
}

/** A copy of a workspace (lager, registers, inbox, snapshots) that a stage may change freely. */
export function copyWorkspace(from: string, to: string): void {
  cpSync(from, to, { recursive: true, preserveTimestamps: true });
}

/**
 * Copies every inbox file of a generated demo year into a workspace, with the file times a real inbox would have
 * (arrival order decides which delivery replaces which, e.g. the corrected June in the second STORM file).
 */
export function copyInbox(sourceRoot: string, workspace: string, year: number): number {
  let files = 0;
  const inbox = join(sourceRoot, 'inbox');
  for (const actor of readdirSync(inbox).sort()) {
    mkdirSync(join(workspace, 'inbox', actor), { recursive: true });
    for (const name of readdirSync(join(inbox, actor)).sort()) {
      const target = join(workspace, 'inbox', actor, name);
      cpSync(join(inbox, actor, name), target);
      const arrived = arrival(name, year);
      utimesSync(target, arrived, arrived);
      files++;
    }
  }
  return files;
}
