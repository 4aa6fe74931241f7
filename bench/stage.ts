/**
 * One measured stage in a process of its own: `node --import tsx bench/stage.ts '<json request>'` (see protocol.ts).
 * Prints one `BENCH_RESULT {...}` line with the wall time of the work and the process's peak RSS. Everything is
 * imported up front, so every stage (and the `idle` one) carries the same module cost in its RSS and none in its
 * time. The clock is fixed per request so receipts, run ids and "today" never depend on the machine's date.
 */
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import * as XLSX from '@e965/xlsx';
import type { ExtractSignal } from '../reports/extract/types.ts';
import { fixedEffects } from '../pipelines/effects.ts';
import { produceExtract } from '../pipelines/extract.ts';
import { ingest } from '../pipelines/ingest.ts';
import { nightly } from '../pipelines/nightly.ts';
import { publicationAreas, publish } from '../pipelines/publish.ts';
import { withRun } from '../pipelines/run.ts';
import { earlyWarning, publishableSignals } from '../pipelines/signals.ts';
import { openWorkspace } from '../pipelines/workspace.ts';
import { ERROR_MARKER, RESULT_MARKER, stageRequestSchema, type StageOutput, type StageRequest } from './protocol.ts';

const since = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

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
  const start = process.hrtime.bigint();
  const night = await withRun(ws, 'run', effects, async ({ lager, runId }) => {
    const result = await nightly(ws, lager, { runId, today }, effects);
    const count = (s: string) => result.ingest.outcomes.filter((o) => o.status === s).length;
    return { loaded: count('loaded'), refused: count('refused'), duplicates: count('duplicate'), changed: true, result };
  });
  const millis = since(start);
  const stageSum = night.result.stages.reduce((s, x) => s + x.millis, 0);
  return {
    millis,
    // The run's own bookkeeping (open, migrate, ledger, checkpoint, snapshot copy) is what the stages do not cover.
    stages: [...night.result.stages, { stage: 'körning (öppna, logg, ögonblicksbild)', millis: Math.max(0, millis - stageSum) }],
    detail: {
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
  }
}

try {
  const request = stageRequestSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const work = await run(request);
  const output: StageOutput = { ...work, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(output)}\n`);
} catch (error) {
  process.stderr.write(`${ERROR_MARKER}${error instanceof Error ? error.message.replaceAll('\n', ' ') : String(error)}\n`);
  process.exitCode = 1;
}
