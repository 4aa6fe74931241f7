/**
 * One measured stage in a process of its own: `node --import tsx bench/stage.ts '<json request>'` (see protocol.ts).
 * Prints one `BENCH_RESULT {...}` line with the wall time of the work and the process's peak RSS. Everything is
 * imported up front, so every stage (and the `idle` one) carries the same module cost in its RSS and none in its
 * time. The clock is fixed per request so receipts, run ids and "today" never depend on the machine's date.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, quotedString } from '@duckdb/node-api';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import type { ExtractSignal } from '../reports/extract/types.ts';
import { generateDemo } from '../pipelines/demo/index.ts';
import { fixedEffects } from '../pipelines/effects.ts';
import { produceExtract } from '../pipelines/extract.ts';
import { ingest } from '../pipelines/ingest.ts';
import { nightly } from '../pipelines/nightly.ts';
import { lastCompleteMonth, publicationAreas, publish, publishedIndicators } from '../pipelines/publish.ts';
import { withRun } from '../pipelines/run.ts';
import { earlyWarning, publishableSignals } from '../pipelines/signals.ts';
import { openWorkspace } from '../pipelines/workspace.ts';
import { openLager } from '../sql/db.ts';
import { copyInbox, registerWorkspace } from './fixtures.ts';
import { ERROR_MARKER, RESULT_MARKER, stageRequestSchema, type StageOutput, type StageRequest } from './protocol.ts';

const since = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Peak RSS of the whole process so far (all threads, DuckDB included), MiB. */
const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;
const rssMb = (): number => process.memoryUsage.rss() / 1024 / 1024;

/**
 * The peak RSS of each stage of a run in this process. The process's peak (maxRSS) never goes down: when it rose
 * during a stage, that stage reached it, exactly. Otherwise the stage stayed below an earlier stage's peak and its
 * own is the highest of samples every 20 ms (a lower bound: a spike between samples, or while the main thread is
 * busy, is missed).
 */
class StageMemory {
  readonly peaks = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private sampled = 0;
  private before = 0;

  readonly onStage = (stage: string, phase: 'start' | 'end'): void => {
    if (phase === 'start') {
      this.before = maxRssMb();
      this.sampled = rssMb();
      // unref: a stage that throws must not leave the sampler holding the process open.
      this.timer = setInterval(() => (this.sampled = Math.max(this.sampled, rssMb())), 20).unref();
      return;
    }
    clearInterval(this.timer);
    const after = maxRssMb();
    this.peaks.set(stage, after > this.before ? after : Math.max(this.sampled, rssMb()));
  };
}

type Work = Omit<StageOutput, 'maxRssMb'>;

async function csvBaseline(file: string): Promise<Work> {
  const start = process.hrtime.bigint();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    // all_varchar: the sniffer would otherwise guess types from a sample and could fail on a decimal comma deep in
    // the file; the date is parsed explicitly, as the real reader has to.
    const reader = await connection.runAndReadAll(
      `select "Händelsetyp" as typ, cast(strptime("Registrerad", '%-d/%-m/%Y %H.%M') as date) as day, count(*) as n
       from read_csv($file, delim = ';', header = true, all_varchar = true) group by all`,
      { file },
    );
    const groups = reader.getRowObjectsJS();
    const rows = groups.reduce((s, g) => s + Number(g['n'] ?? 0), 0);
    return { millis: since(start), stages: [], detail: { rows, groups: groups.length } };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function xlsxBaseline(file: string): Work {
  const bytes = readFileSync(file);
  const start = process.hrtime.bigint();
  const workbook = XLSX.read(bytes, { type: 'buffer', dense: true });
  const millis = since(start);
  const sheet = workbook.Sheets[workbook.SheetNames[0] ?? ''];
  const rows = sheet?.['!data']?.length ?? 0;
  return { millis, stages: [], detail: { rows, sheets: workbook.SheetNames.length } };
}

async function runIngest(root: string, clock: string): Promise<Work> {
  const ws = openWorkspace(root);
  const effects = fixedEffects(new Date(clock));
  let ingestMillis = 0;
  const start = process.hrtime.bigint();
  const result = await withRun(ws, 'ingest', effects, async ({ lager, runId }) => {
    const t = process.hrtime.bigint();
    const summary = await ingest(ws, lager, { runId }, effects);
    ingestMillis = since(t);
    const count = (s: string) => summary.outcomes.filter((o) => o.status === s).length;
    return {
      loaded: count('loaded'),
      refused: count('refused'),
      duplicates: count('duplicate'),
      changed: summary.outcomes.length > 0,
      summary,
    };
  });
  const millis = since(start);
  const outcomes = result.summary.outcomes;
  return {
    millis,
    stages: [{ stage: 'ingest()', millis: ingestMillis }],
    detail: {
      loaded: result.loaded ?? 0,
      refused: result.refused ?? 0,
      rowsAccepted: outcomes.reduce((s, o) => s + o.rowsAccepted, 0),
      rowsRejected: outcomes.reduce((s, o) => s + o.rowsRejected, 0),
      reason: outcomes
        .map((o) => o.reason)
        .filter((r) => r !== null)
        .join('; '),
    },
  };
}

async function runNightly(root: string, today: string, clock: string): Promise<Work> {
  const ws = openWorkspace(root);
  const effects = fixedEffects(new Date(clock));
  const memory = new StageMemory();
  const start = process.hrtime.bigint();
  const night = await withRun(ws, 'run', effects, async ({ lager, runId }) => {
    const result = await nightly(ws, lager, { runId, today, onStage: memory.onStage }, effects);
    const count = (s: string) => result.ingest.outcomes.filter((o) => o.status === s).length;
    return { loaded: count('loaded'), refused: count('refused'), duplicates: count('duplicate'), changed: true, result };
  });
  const millis = since(start);
  const stageSum = night.result.stages.reduce((s, x) => s + x.millis, 0);
  return {
    millis,
    // The run's own bookkeeping (open, migrate, ledger, checkpoint, snapshot copy) is what the stages do not cover.
    stages: [
      ...night.result.stages.map((x) => {
        const peak = memory.peaks.get(x.stage);
        return peak === undefined ? x : { ...x, maxRssMb: peak };
      }),
      { stage: 'körning (öppna, logg, ögonblicksbild)', millis: Math.max(0, millis - stageSum) },
    ],
    detail: {
      rowsAccepted: night.result.ingest.outcomes.reduce((n, o) => n + o.rowsAccepted, 0),
      loaded: night.loaded ?? 0,
      refused: night.refused ?? 0,
      duplicates: night.duplicates ?? 0,
      extracts: night.result.extracts.length,
      publishedCells: night.result.publication.cells,
      months: night.result.publication.months.length,
    },
  };
}

async function runPublish(root: string, asOf: string, clock: string): Promise<Work> {
  const ws = openWorkspace(root);
  const effects = fixedEffects(new Date(clock));
  let publishMillis = 0;
  const { publication } = await withRun(ws, 'publish', effects, async ({ lager, runId }) => {
    const t = process.hrtime.bigint();
    const p = await publish(ws, lager.connection, { asOf, runId }, effects);
    publishMillis = since(t);
    // No snapshot: this stage is measured for its memory, and a snapshot copy is not part of publishing.
    return { changed: false, publication: p };
  });
  return {
    millis: publishMillis,
    stages: [],
    detail: { cells: publication.cells, indicators: publication.indicators, months: publication.months.length },
  };
}

/** The nightly run's view stage for one due date, signals included, without the schedule deciding what is due. */
async function runExtracts(root: string, dueDate: string, clock: string): Promise<Work> {
  const ws = openWorkspace(root);
  const effects = fixedEffects(new Date(clock));
  let extractMillis = 0;
  let files = 0;
  const names = Object.keys(ws.config.views).sort();
  await withRun(ws, 'extract', effects, async ({ lager, runId }) => {
    const { connection } = lager;
    const t = process.hrtime.bigint();
    let signals: ExtractSignal[] | undefined;
    for (const name of names) {
      const view = ws.config.views[name];
      if (!view) continue;
      if (view.signals && !signals) {
        const areas = await publicationAreas(connection, ws.config, dueDate);
        const areaNames = new Map(areas.map((a) => [a.code, a.name]));
        signals = publishableSignals(await earlyWarning(connection, ws.config, dueDate), ws.config, (c) => areaNames.get(c) ?? c);
      }
      const produced = await produceExtract(ws, connection, {
        viewName: name,
        dueDate,
        asOf: dueDate,
        now: effects.now(),
        runId,
        ...(view.signals && signals ? { signals } : {}),
      });
      files += produced.files.length;
    }
    extractMillis = since(t);
    return { changed: false };
  });
  return { millis: extractMillis, stages: [], detail: { views: names.length, files } };
}

/** A seeded demo municipality as a registered workspace with its inbox: set-up for a measured night. */
async function prepare(workspace: string, seed: number, year: number): Promise<Work> {
  const start = process.hrtime.bigint();
  const source = mkdtempSync(`${workspace}-source-`);
  try {
    await generateDemo(source, { seed, year });
    await registerWorkspace(workspace, join(source, 'register'));
    const files = copyInbox(source, workspace, year);
    return { millis: since(start), stages: [], detail: { files } };
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/**
 * The floor under each stage of the night, timed the same way: what any tool would have to do at least. Reading:
 * every delivery parsed by the bare parser (SheetJS for workbooks, papaparse for text), nothing mapped, placed or
 * loaded. Publishing: the published indicators' monthly figures summed to every area of the hierarchy × month,
 * quarter and year by DuckDB, no protection. Views: each view's published rows written as a plain CSV by DuckDB.
 */
async function nightFloor(root: string, asOf: string): Promise<Work> {
  const ws = openWorkspace(root);
  const stages: Work['stages'] = [];
  const timedStage = async (stage: string, work: () => Promise<void> | void): Promise<void> => {
    const t = process.hrtime.bigint();
    await work();
    stages.push({ stage, millis: since(t) });
  };
  let rows = 0;
  await timedStage('inläsning', () => {
    for (const file of filesUnder(ws.paths.inbox)) {
      const bytes = readFileSync(file);
      if (/\.xlsx?$/iu.test(file)) {
        const sheets = XLSX.read(bytes, { type: 'buffer', dense: true }).Sheets;
        for (const sheet of Object.values(sheets)) rows += sheet['!data']?.length ?? 0;
      } else {
        rows += Papa.parse<string[]>(bytes.toString('utf8'), { skipEmptyLines: true }).data.length;
      }
    }
  });
  const out = mkdtempSync(join(root, 'floor-'));
  const lager = await openLager(ws.paths.lager, 'read_only');
  let totals = 0;
  try {
    const { connection } = lager;
    await timedStage('röjandekontroll', async () => {
      // Each area with every area above it, from the same area register the publication layer reads.
      const areas = await publicationAreas(connection, ws.config, asOf);
      const parent = new Map(areas.map((a) => [a.code, a.parent]));
      const pairs: string[] = [];
      for (const a of areas) {
        for (let up: string | null | undefined = a.code; up; up = parent.get(up))
          pairs.push(`(${quotedString(a.code)}, ${quotedString(up)})`);
      }
      const indicators = publishedIndicators(ws.config).map((c) => quotedString(c));
      const reader = await connection.runAndReadAll(
        `with up(leaf, area) as (values ${pairs.join(', ')}),
              m as (select indicator, area_code, month, count from monthly
                    where municipality = $m and strftime(month, '%Y-%m') <= $until and indicator in (${indicators.join(', ')}))
         select count(*) as n from (
           select m.indicator, up.area, p.period, sum(m.count) as total
           from m join up on up.leaf = m.area_code,
                (select unnest([strftime(m.month, '%Y-%m'), strftime(m.month, '%Y') || '-Q' || quarter(m.month), strftime(m.month, '%Y')]) as period) p
           group by all)`,
        { m: ws.config.municipality.code, until: lastCompleteMonth(asOf) },
      );
      totals = Number(reader.getRowObjectsJS()[0]?.['n'] ?? 0);
    });
    await timedStage('vyer', async () => {
      for (const [name, view] of Object.entries(ws.config.views)) {
        const indicators = view.indicators.map((c) => quotedString(c)).join(', ');
        await connection.run(
          `copy (select * from publication where municipality = ${quotedString(ws.config.municipality.code)} and indicator in (${indicators})
                 order by indicator, area_code, period_key)
           to ${quotedString(join(out, `${name}.csv`))} (header, delimiter ';')`,
        );
      }
    });
  } finally {
    lager.close();
    rmSync(out, { recursive: true, force: true });
  }
  const millis = stages.reduce((n, x) => n + x.millis, 0);
  return { millis, stages, detail: { rows, totals, views: Object.keys(ws.config.views).length } };
}

async function run(request: StageRequest): Promise<Work> {
  switch (request.stage) {
    case 'idle':
      return { millis: 0, stages: [], detail: {} };
    case 'csv-baseline':
      return csvBaseline(request.file);
    case 'xlsx-baseline':
      return xlsxBaseline(request.file);
    case 'ingest':
      return runIngest(request.workspace, request.clock);
    case 'nightly':
      return runNightly(request.workspace, request.today, request.clock);
    case 'publish':
      return runPublish(request.workspace, request.asOf, request.clock);
    case 'extracts':
      return runExtracts(request.workspace, request.dueDate, request.clock);
    case 'prepare':
      return prepare(request.workspace, request.seed, request.year);
    case 'night-floor':
      return nightFloor(request.workspace, request.asOf);
  }
}

try {
  const request = stageRequestSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const work = await run(request);
  const output: StageOutput = { ...work, maxRssMb: maxRssMb() };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(output)}\n`);
} catch (error) {
  process.stderr.write(`${ERROR_MARKER}${error instanceof Error ? error.message.replaceAll('\n', ' ') : String(error)}\n`);
  process.exitCode = 1;
}
