/**
 * A tiny municipality for pipeline tests: three NYKO3 areas, a few streets, written as the municipality's register
 * files would be. Deliveries are written by each test so that every quirk under test is visible in the test.
 */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedEffects, type Effects } from '../../pipelines/effects.ts';
import { ingest, type IngestSummary } from '../../pipelines/ingest.ts';
import { importRegister } from '../../pipelines/registers.ts';
import { withRun } from '../../pipelines/run.ts';
import { defaultConfigText, initWorkspace, type Workspace } from '../../pipelines/workspace.ts';
import { migrate, openLager } from '../../sql/db.ts';

const NYKO = `Nyckelkod;Nivå;Namn;Giltig från
1;1;Centrala staden;2020-01-01
2;1;Norra;2020-01-01
11;2;Centrum;2020-01-01
21;2;Ronna;2020-01-01
111;3;Centrum norra;2020-01-01
112;3;Centrum södra;2020-01-01
211;3;Ronna;2020-01-01
`;

function addresses(): string {
  const lines = ['Gatuadress;Postnummer;Postort;Nyckelkod;E_SWEREF99TM;N_SWEREF99TM'];
  for (let n = 1; n <= 20; n++) {
    lines.push(`Storgatan ${n};151 11;Demostad;111${String(100 + n)};${640100 + n * 10};6556100`);
    lines.push(`Kungsgatan ${n};151 12;Demostad;112${String(100 + n)};${642100 + n * 10};6556100`);
    lines.push(`Ronnavägen ${n};151 21;Demostad;211${String(100 + n)};${644100 + n * 10};6556100`);
  }
  lines.push('Stora torget;;;111000;;');
  return `${lines.join('\n')}\n`;
}

export const BOUNDARIES = {
  type: 'FeatureCollection',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } },
  features: [
    ['111', 640000, 642000],
    ['112', 642000, 644000],
    ['211', 644000, 646000],
  ].map(([code, x0, x1]) => ({
    type: 'Feature',
    properties: { NYKO3: code },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x0, 6556000],
          [x1, 6556000],
          [x1, 6558000],
          [x0, 6558000],
          [x0, 6556000],
        ],
      ],
    },
  })),
};

const POPULATION =
  'Region;ålder;2025\r\n111 Centrum norra;0-17 år;900\r\n111 Centrum norra;totalt;4000\r\n112 Centrum södra;0-17 år;800\r\n112 Centrum södra;totalt;3500\r\n211 Ronna;0-17 år;1500\r\n211 Ronna;totalt;6000\r\n';

export interface TinyWorkspace {
  ws: Workspace;
  effects: Effects;
  log: string[];
  deliver(actor: string, name: string, content: string | Uint8Array, mtime?: Date): string;
  ingest(options?: { dryRun?: boolean }): Promise<IngestSummary>;
  query(sql: string): Promise<Record<string, unknown>[]>;
}

const clockStart = Date.UTC(2026, 0, 15, 1, 0, 0);

export interface TinyOptions {
  /** Values under `limits:` in lagesbild.yaml (the default configuration has none). */
  limits?: Record<string, number | string>;
  /** More rows for the NYKO register, in its format (`Nyckelkod;Nivå;Namn;Giltig från`). */
  extraAreas?: string[];
  /** Edits the configuration text (the default one, with `limits`) before the workspace is made. */
  editConfig?: (text: string) => string;
}

export async function tinyWorkspace(options: TinyOptions = {}): Promise<TinyWorkspace> {
  const root = mkdtempSync(join(tmpdir(), 'lagesbild-test-'));
  const limits = Object.entries(options.limits ?? {}).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`);
  const text = limits.length > 0 ? `${defaultConfigText()}\nlimits:\n${limits.join('\n')}\n` : defaultConfigText();
  const ws = await initWorkspace(root, options.editConfig ? options.editConfig(text) : text);
  const log: string[] = [];
  const effects = fixedEffects(new Date(clockStart), log);
  const source = join(root, '..', `${root.split(/[\\/]/).pop()}-register`);
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, 'nyko.csv'), [NYKO.trimEnd(), ...(options.extraAreas ?? [])].join('\n') + '\n');
  writeFileSync(join(source, 'adresser.csv'), addresses());
  writeFileSync(join(source, 'omraden.geojson'), JSON.stringify(BOUNDARIES));
  writeFileSync(join(source, 'befolkning_2025.csv'), Buffer.from(POPULATION, 'latin1'));
  const lager = await openLager(ws.paths.lager);
  try {
    await migrate(lager.connection);
    await importRegister(ws, lager.connection, 'nyko', join(source, 'nyko.csv'), effects.now());
    await importRegister(ws, lager.connection, 'addresses', join(source, 'adresser.csv'), effects.now());
    await importRegister(ws, lager.connection, 'boundaries', join(source, 'omraden.geojson'), effects.now());
    await importRegister(ws, lager.connection, 'population', join(source, 'befolkning_2025.csv'), effects.now());
  } finally {
    lager.close();
  }
  let seconds = 0;
  return {
    ws,
    effects,
    log,
    deliver(actor, name, content, mtime) {
      const path = join(ws.paths.inbox, actor, name);
      mkdirSync(join(ws.paths.inbox, actor), { recursive: true });
      writeFileSync(path, content);
      const t = mtime ?? new Date(Date.UTC(2026, 0, 1) + 1000 * seconds++);
      // Arrival order is file time: set explicitly so tests do not depend on the file system's clock resolution.
      utimesSync(path, t, t);
      return path;
    },
    async ingest(options = {}) {
      let summary: IngestSummary = { outcomes: [], unknownActors: [] };
      await withRun(ws, 'ingest', effects, async ({ lager: l, runId }) => {
        summary = await ingest(ws, l, { runId, dryRun: !!options.dryRun }, effects);
        return { changed: !options.dryRun && summary.outcomes.length > 0 };
      });
      return summary;
    },
    async query(sql) {
      const l = await openLager(ws.paths.lager, 'read_only');
      try {
        return (await l.connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
      } finally {
        l.close();
      }
    },
  };
}
