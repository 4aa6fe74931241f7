/**
 * Lägesbild benchmark: `npm run bench` (TZ=Europe/Stockholm node --import tsx bench/run.ts).
 *
 *   npm run bench                      full run, about 12 minutes on a 2-core machine (sections 1–6: 4–5)
 *   BENCH_SCALE=small npm run bench    smoke run, about 3 minutes: every section, small inputs, 4 municipalities
 *   npm run bench -- --json            the same figures as JSON on stdout (progress stays on stderr)
 *   npm run bench -- --only 7          only the listed sections (comma-separated)
 *   BENCH_MUNICIPALITIES=290 npm run bench -- --only 7   the national night with exactly that many municipalities
 *
 * Every figure is a ratio against a baseline measured in the same run on the same machine (never an absolute time
 * checked against a constant; there are no assertions): a slow or busy machine moves both sides. Targets quoted
 * from the issue are printed beside the figures, not enforced. Absolute times are printed as figures too.
 *
 * Sections (each runs on its own; a failing one is reported and the next one runs):
 *   1. STORM CSV ingest (1 000 000 rows) vs DuckDB's own read_csv + count by type and day.
 *   2. STORM workbook ingest (100 000 rows) vs a bare SheetJS XLSX.read of the same bytes.
 *   3. Incremental nightly run (one 14-day STORM delivery) on five years of history vs on one year.
 *   4. Peak RSS per stage (ingest CSV/XLSX, the whole night, publish, extracts) vs an idle child process.
 *   5. Disclosure control (suppression) of realistic and national-scale cubes vs plain aggregation of the cells.
 *   6. Early warning: the detector against the analysts' rule of thumb (signals/benchmark.ts).
 *   7. The nightly run (ingest → publish → views) on the demo workspace, per stage, vs the floor under each stage;
 *      then a national night: one lager per municipality, so 290 independent municipality nights (the demo
 *      municipality with other seeds) in a pool of os.availableParallelism() child processes, per stage and wall,
 *      vs the demo night. All 290 run when a first sample (16; 4 at small scale) projects them within 40 minutes;
 *      otherwise the sample is what runs and the 290 figures are printed as a labelled projection.
 *
 * Measured stages run in child processes (bench/stage.ts) so each has its own peak RSS and a clean heap; times are
 * taken inside the child around the work with process.hrtime.bigint(). Baseline and ours alternate, and the
 * median of the repetitions is reported (one repetition for million-row parts). Temporary folders are removed at
 * the end, also after a failure or Ctrl-C.
 */
import { cpSync, existsSync, rmSync, statSync, utimesSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { AREAS } from '../pipelines/demo/gazetteer.ts';
import { generateDemo } from '../pipelines/demo/index.ts';
import { formatBenchmark, runBenchmark } from '../signals/index.ts';
import { benchDisclosure, indicatorMeans } from './disclosure.ts';
import { copyInbox, copyWorkspace, registerWorkspace, writeStormDays, writeStormWorkbook } from './fixtures.ts';
import { median, pool, progress, runStage, since, TempDirs, type Outcome } from './measure.ts';
import type { StageOutput } from './protocol.ts';
import { figure, formatReport, type Report, type Section } from './report.ts';

interface Scale {
  name: 'full' | 'small';
  seed: number;
  stormRows: number;
  csvReps: number;
  xlsxRows: number;
  xlsxReps: number;
  historyYears: number;
  nightlyReps: number;
  disclosure: {
    areas: number;
    months: number;
    indicators: number;
    indicatorsMeasured: number;
    nationalSample: number[];
    nationalMunicipalities: number;
  };
  signalSeeds: number;
  national: {
    /** Municipality nights when all of them would not fit the budget (or always, at small scale). */
    sample: number;
    /** Run all municipalities when the sample projects them within this many minutes (0: never). */
    budgetMinutes: number;
  };
}

/** Sweden's municipalities: a national night is one night per municipality lager. */
const MUNICIPALITIES = 290;

const SCALES: Record<Scale['name'], Scale> = {
  full: {
    name: 'full',
    seed: 20250,
    stormRows: 1_000_000,
    csvReps: 1,
    xlsxRows: 100_000,
    xlsxReps: 3,
    historyYears: 5,
    nightlyReps: 3,
    // Sampled municipalities from small to large (~35 NYKO3 on average, ~10 000 NYKO3 for 290 municipalities).
    disclosure: {
      areas: 100,
      months: 60,
      indicators: 30,
      indicatorsMeasured: 30,
      nationalSample: [8, 12, 16, 20, 25, 30, 40, 50, 65, 80],
      nationalMunicipalities: 290,
    },
    signalSeeds: 20,
    national: { sample: 16, budgetMinutes: 40 },
  },
  small: {
    name: 'small',
    seed: 20250,
    stormRows: 50_000,
    csvReps: 1,
    xlsxRows: 10_000,
    xlsxReps: 1,
    historyYears: 2,
    nightlyReps: 1,
    disclosure: { areas: 100, months: 60, indicators: 30, indicatorsMeasured: 2, nationalSample: [8, 20], nationalMunicipalities: 290 },
    signalSeeds: 3,
    national: { sample: 4, budgetMinutes: 0 },
  },
};

const DEMO_YEAR = 2025;
/** Receipt and run times: after the demo year, so no delivery date lies in the future whatever the machine's date. */
const INGEST_CLOCK = '2026-01-20T06:00:00Z';
/** The history's first night, a day before the due date of the police view, so the measured night has a view to produce. */
const FIRST_NIGHT = { today: '2026-01-18', clock: '2026-01-18T01:15:00Z' };
const NEXT_NIGHT = { today: '2026-01-20', clock: '2026-01-20T01:15:00Z' };
const DELIVERY_NAME = 'STORM_2026-01-01_2026-01-14.csv';
const DELIVERY_DAYS = 14;

const STAGE_LABELS: Record<string, string> = {
  inläsning: 'ingest (inläsning)',
  röjandekontroll: 'publish (röjandekontroll)',
  vyer: 'views (vyer)',
  'körning (öppna, logg, ögonblicksbild)': 'run bookkeeping (open, ledger, snapshot)',
};

const seconds = (millis: number): number => millis / 1000;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const thousands = (n: number): string => Math.round(n).toLocaleString('en-US').replaceAll(',', ' ');
const num = (o: StageOutput, key: string): number => Number(o.detail[key] ?? Number.NaN);

function scaleFromEnv(): Scale {
  const name = process.env['BENCH_SCALE'] ?? 'full';
  if (name !== 'full' && name !== 'small') throw new Error(`BENCH_SCALE must be "full" or "small", got "${name}"`);
  return SCALES[name];
}

/** Inputs several sections share, made once and only when a section first needs them. */
class Shared {
  private demo: Promise<{ root: string; csv: string; millis: number }> | undefined;
  private template: Promise<string> | undefined;
  /** Peak RSS per measured stage, filled by sections 1–3 and printed by section 4. */
  readonly rss = new Map<string, number>();
  /** The five-year workspace after its incremental night, for section 4's publish and extract stages. */
  nightlyWorkspace: string | null = null;
  private idleChild: Promise<StageOutput> | undefined;

  constructor(
    private readonly scale: Scale,
    private readonly temp: TempDirs,
  ) {}

  /** The demo municipality of the demo year, its second STORM delivery grown to `stormRows` rows. */
  demoSource(): Promise<{ root: string; csv: string; millis: number }> {
    this.demo ??= (async () => {
      const root = join(this.temp.make('demo'), 'source');
      progress(`generating the demo with ${thousands(this.scale.stormRows)} STORM rows …`);
      const start = process.hrtime.bigint();
      await generateDemo(root, { seed: this.scale.seed, year: DEMO_YEAR, stormRows: this.scale.stormRows });
      return { root, csv: join(root, 'inbox', 'polis', `STORM_${DEMO_YEAR}-06_${DEMO_YEAR}-12.csv`), millis: since(start) };
    })();
    return this.demo;
  }

  /** A child that loads every module and does nothing: the RSS floor every peak RSS is compared with. */
  idle(): Promise<StageOutput> {
    this.idleChild ??= (progress('idle child (RSS floor)'), runStage({ stage: 'idle' }));
    return this.idleChild;
  }

  /** A workspace with the registers imported and an empty inbox; each measured ingest gets its own copy. */
  registeredWorkspace(): Promise<string> {
    this.template ??= (async () => {
      const { root } = await this.demoSource();
      const dir = join(this.temp.make('template'), 'ws');
      await registerWorkspace(dir, join(root, 'register'));
      return dir;
    })();
    return this.template;
  }
}

async function section(id: number, title: string, work: (s: Section) => Promise<void>): Promise<Section> {
  const s: Section = { id, title, figures: [], notes: [], text: null, data: {}, error: null, seconds: 0 };
  progress(`section ${id}: ${title}`);
  const start = process.hrtime.bigint();
  try {
    await work(s);
  } catch (error) {
    s.error = error instanceof Error ? error.message : String(error);
    progress(`section ${id} failed: ${s.error}`);
  }
  s.seconds = seconds(since(start));
  return s;
}

/** One measured ingest: a fresh copy of the registered workspace with only `file` in inbox/polis/. */
async function ingestOnce(shared: Shared, temp: TempDirs, file: string, name: string): Promise<StageOutput> {
  const template = await shared.registeredWorkspace();
  const dir = temp.make('ingest');
  try {
    const ws = join(dir, 'ws');
    copyWorkspace(template, ws);
    cpSync(file, join(ws, 'inbox', 'polis', name));
    const out = await runStage({ stage: 'ingest', workspace: ws, clock: INGEST_CLOCK });
    if (num(out, 'loaded') !== 1) throw new Error(`${name} was not loaded: ${String(out.detail['reason'] ?? '')}`);
    return out;
  } finally {
    temp.remove(dir);
  }
}

function ingestFigures(s: Section, label: string, ours: StageOutput[], baseline: StageOutput[], target: string): void {
  const total = median(ours.map((o) => o.millis));
  const alone = median(ours.map((o) => o.stages.find((x) => x.stage === 'ingest()')?.millis ?? Number.NaN));
  const base = median(baseline.map((b) => b.millis));
  s.figures.push(figure(`ingest vs ${label}`, 's', seconds(total), seconds(base), target));
  s.figures.push(figure('  ingest() alone (without run ledger and snapshot)', 's', seconds(alone), seconds(base)));
  s.data['oursMillis'] = ours.map((o) => o.millis);
  s.data['baselineMillis'] = baseline.map((b) => b.millis);
}

async function csvSection(s: Section, scale: Scale, shared: Shared, temp: TempDirs): Promise<void> {
  const demo = await shared.demoSource();
  const bytes = statSync(demo.csv).size;
  s.title = `STORM CSV ingest, ${thousands(scale.stormRows)} rows (${mib(bytes)})`;
  const ours: StageOutput[] = [];
  const baseline: StageOutput[] = [];
  for (let i = 0; i < scale.csvReps; i++) {
    progress(`csv ${i + 1}/${scale.csvReps}: DuckDB read_csv baseline`);
    baseline.push(await runStage({ stage: 'csv-baseline', file: demo.csv }));
    progress(`csv ${i + 1}/${scale.csvReps}: lagesbild ingest`);
    ours.push(await ingestOnce(shared, temp, demo.csv, basename(demo.csv)));
  }
  ingestFigures(s, 'DuckDB read_csv + count(type, day)', ours, baseline, '≤ 1.5×');
  const last = ours[ours.length - 1];
  const base = baseline[baseline.length - 1];
  if (last && base) {
    const perSecond = num(last, 'rowsAccepted') / seconds(median(ours.map((o) => o.millis)));
    s.notes.push(
      `ours: ${thousands(num(last, 'rowsAccepted'))} rows accepted, ${thousands(num(last, 'rowsRejected'))} rejected, ${thousands(perSecond)} rows/s`,
    );
    s.notes.push(
      `baseline: ${thousands(num(base, 'rows'))} rows counted into ${thousands(num(base, 'groups'))} (type, day) groups, in-memory DuckDB with all its threads`,
    );
  }
  s.notes.push(
    `input generated by generateDemo in ${seconds(demo.millis).toFixed(1)} s (not part of either figure); ${scale.csvReps} repetition(s), median`,
  );
  shared.rss.set(`ingest CSV (${thousands(scale.stormRows)} rows)`, Math.max(...ours.map((o) => o.maxRssMb)));
  shared.rss.set('  baseline: DuckDB read_csv of the same file', Math.max(...baseline.map((o) => o.maxRssMb)));
}

async function xlsxSection(s: Section, scale: Scale, shared: Shared, temp: TempDirs): Promise<void> {
  const dir = temp.make('xlsx');
  try {
    const file = join(dir, 'STORM_2025.xlsx');
    progress(`writing a ${thousands(scale.xlsxRows)}-row STORM workbook …`);
    const start = process.hrtime.bigint();
    const bytes = await writeStormWorkbook(file, { seed: scale.seed, year: DEMO_YEAR, rows: scale.xlsxRows });
    const built = since(start);
    s.title = `STORM workbook ingest, ${thousands(scale.xlsxRows)} rows (${mib(bytes)} .xlsx)`;
    const ours: StageOutput[] = [];
    const baseline: StageOutput[] = [];
    for (let i = 0; i < scale.xlsxReps; i++) {
      progress(`xlsx ${i + 1}/${scale.xlsxReps}: SheetJS read baseline`);
      baseline.push(await runStage({ stage: 'xlsx-baseline', file }));
      progress(`xlsx ${i + 1}/${scale.xlsxReps}: lagesbild ingest`);
      ours.push(await ingestOnce(shared, temp, file, 'STORM_2025.xlsx'));
    }
    ingestFigures(s, 'SheetJS XLSX.read (dense)', ours, baseline, '≤ 1.2×');
    const last = ours[ours.length - 1];
    const base = baseline[baseline.length - 1];
    if (last && base) {
      s.notes.push(
        `ours: ${thousands(num(last, 'rowsAccepted'))} rows accepted, ${thousands(num(last, 'rowsRejected'))} rejected (read by our own .xlsx reader in the isolated worker, as every workbook is)`,
      );
      s.notes.push(
        `baseline: XLSX.read(bytes, { type: 'buffer', dense: true }) parsed ${thousands(num(base, 'rows'))} sheet rows and did nothing else (no mapping, placing, aggregating or loading)`,
      );
    }
    s.notes.push(
      `workbook built with SheetJS in ${seconds(built).toFixed(1)} s: header in row 1, date cells 'yyyy-mm-dd hh:mm', sheet "Händelser"; ${scale.xlsxReps} repetition(s), median`,
    );
    shared.rss.set(`ingest XLSX (${thousands(scale.xlsxRows)} rows)`, Math.max(...ours.map((o) => o.maxRssMb)));
    shared.rss.set('  baseline: SheetJS read of the same workbook', Math.max(...baseline.map((o) => o.maxRssMb)));
  } finally {
    temp.remove(dir);
  }
}

async function nightlySection(s: Section, scale: Scale, shared: Shared, temp: TempDirs): Promise<void> {
  const root = temp.make('history');
  const years = Array.from({ length: scale.historyYears }, (_, i) => DEMO_YEAR - scale.historyYears + 1 + i);
  s.title = `Incremental nightly run: one ${DELIVERY_DAYS}-day STORM delivery on ${years.length} years of history vs 1 year`;
  const source = (year: number): string => join(root, `source-${year}`);
  progress(`generating demo years ${years.join(', ')} …`);
  for (const year of years) await generateDemo(source(year), { seed: scale.seed, year });
  const history = join(root, 'history');
  const oneYear = join(root, 'one-year');
  const latest = join(source(DEMO_YEAR), 'register');
  await registerWorkspace(
    history,
    latest,
    years.map((y) => join(source(y), 'register')),
  );
  await registerWorkspace(oneYear, latest);
  const historyFiles = years.reduce((n, y) => n + copyInbox(source(y), history, y), 0);
  const oneYearFiles = copyInbox(source(DEMO_YEAR), oneYear, DEMO_YEAR);
  for (const year of years) rmSync(source(year), { recursive: true, force: true });

  // Loading the history is set-up, not a figure: both workspaces load at once to save time.
  progress(`loading the history (${historyFiles} and ${oneYearFiles} deliveries, in parallel) …`);
  const [loadedHistory, loadedOne] = await Promise.all([
    runStage({ stage: 'nightly', workspace: history, ...FIRST_NIGHT }),
    runStage({ stage: 'nightly', workspace: oneYear, ...FIRST_NIGHT }),
  ]);
  s.notes.push(
    `history loaded by a first nightly run as of ${FIRST_NIGHT.today}: ${num(loadedHistory, 'loaded')} deliveries in ${seconds(loadedHistory.millis).toFixed(0)} s ` +
      `(${years.length} years) and ${num(loadedOne, 'loaded')} in ${seconds(loadedOne.millis).toFixed(0)} s (1 year), both at once, so not a figure`,
  );

  const delivery = join(root, DELIVERY_NAME);
  const deliveryRows = await writeStormDays(delivery, { seed: scale.seed, year: 2026, days: DELIVERY_DAYS });
  const runs: Record<'history' | 'one', StageOutput[]> = { history: [], one: [] };
  for (let i = 0; i < scale.nightlyReps; i++) {
    for (const [key, template] of [
      ['history', history],
      ['one', oneYear],
    ] as const) {
      progress(`night ${i + 1}/${scale.nightlyReps}: ${key === 'history' ? `${years.length} years` : '1 year'} of history`);
      const ws = join(root, `night-${key}-${i}`);
      copyWorkspace(template, ws);
      const target = join(ws, 'inbox', 'polis', DELIVERY_NAME);
      cpSync(delivery, target);
      const arrived = new Date(NEXT_NIGHT.clock);
      utimesSync(target, arrived, arrived);
      const out = await runStage({ stage: 'nightly', workspace: ws, ...NEXT_NIGHT });
      if (num(out, 'loaded') !== 1)
        throw new Error(`the ${DELIVERY_DAYS}-day delivery was not loaded (loaded ${num(out, 'loaded')}, refused ${num(out, 'refused')})`);
      runs[key].push(out);
      const keep = key === 'history' && i === scale.nightlyReps - 1;
      if (keep) shared.nightlyWorkspace = ws;
      else rmSync(ws, { recursive: true, force: true });
    }
  }
  const med = (outs: StageOutput[], stage?: string): number =>
    seconds(median(outs.map((o) => (stage === undefined ? o.millis : (o.stages.find((x) => x.stage === stage)?.millis ?? Number.NaN)))));
  s.figures.push(figure(`incremental night on ${years.length} years of history (absolute)`, 's', med(runs.history), null, '< 10 s'));
  s.figures.push(
    figure(
      `incremental night: ${years.length} years of history vs 1 year`,
      's',
      med(runs.history),
      med(runs.one),
      '≈ 1× (delivery, not history)',
    ),
  );
  for (const stage of runs.history[0]?.stages.map((x) => x.stage) ?? []) {
    s.figures.push(figure(`  ${STAGE_LABELS[stage] ?? stage}`, 's', med(runs.history, stage), med(runs.one, stage)));
  }
  const h = runs.history[runs.history.length - 1];
  const o = runs.one[runs.one.length - 1];
  if (h && o) {
    s.notes.push(
      `delivery ${DELIVERY_NAME}: ${deliveryRows} rows (the demo's volume for 14 days); its period is read from the name as January 2026`,
    );
    s.notes.push(
      `the night as of ${NEXT_NIGHT.today} rebuilds the publication layer (${num(h, 'months')} vs ${num(o, 'months')} months: two years back when the history has them; ` +
        `${thousands(num(h, 'publishedCells'))} vs ${thousands(num(o, 'publishedCells'))} cells) and produces ${num(h, 'extracts')} due view(s)`,
    );
    s.notes.push(`${scale.nightlyReps} repetition(s) on fresh copies of the loaded workspaces, alternating, median`);
    shared.rss.set(`whole incremental night (${years.length} years of history)`, Math.max(...runs.history.map((x) => x.maxRssMb)));
  }
  s.data['historyMillis'] = runs.history.map((x) => ({ total: x.millis, stages: x.stages }));
  s.data['oneYearMillis'] = runs.one.map((x) => ({ total: x.millis, stages: x.stages }));
}

async function rssSection(s: Section, shared: Shared): Promise<void> {
  const idle = await shared.idle();
  const workspace = shared.nightlyWorkspace;
  if (workspace && existsSync(workspace)) {
    progress('publish (röjandekontroll) alone');
    const published = await runStage({ stage: 'publish', workspace, asOf: NEXT_NIGHT.today, clock: NEXT_NIGHT.clock });
    progress('extracts (every view) alone');
    const extracted = await runStage({ stage: 'extracts', workspace, dueDate: NEXT_NIGHT.today, clock: NEXT_NIGHT.clock });
    shared.rss.set(
      `publish (${num(published, 'indicators')} indicators, ${num(published, 'months')} months, ${thousands(num(published, 'cells'))} cells)`,
      published.maxRssMb,
    );
    shared.rss.set(`extracts (${num(extracted, 'views')} views, ${num(extracted, 'files')} files)`, extracted.maxRssMb);
    s.notes.push(
      `publish and extracts ran on the history workspace of section 3 after its night: ${seconds(published.millis).toFixed(1)} s and ${seconds(extracted.millis).toFixed(1)} s`,
    );
  } else {
    s.notes.push('publish and extracts not measured: they run on the workspace of section 3, which failed or did not run');
  }
  for (const [label, mb] of shared.rss)
    s.figures.push(figure(label, 'MiB', mb, idle.maxRssMb, label.startsWith('  ') ? null : '< 1024 MiB'));
  for (const missing of ['ingest CSV', 'ingest XLSX', 'whole incremental night']) {
    if (![...shared.rss.keys()].some((k) => k.startsWith(missing))) s.notes.push(`${missing}: not measured (its section failed)`);
  }
  s.notes.push(
    `ratio: against an idle child that loads the same modules and does nothing (${idle.maxRssMb.toFixed(0)} MiB); peak RSS of the whole process, worker threads and DuckDB included`,
  );
  if (workspace) rmSync(workspace, { recursive: true, force: true });
}

async function disclosureSection(s: Section, scale: Scale): Promise<void> {
  const o = scale.disclosure;
  const r = await benchDisclosure({ ...o, seed: scale.seed }, progress);
  const real = r.realistic;
  const factor = real.indicators / real.measuredIndicators;
  s.figures.push(
    figure(
      `${o.areas} NYKO3 (3 levels) × ${o.months} months, ${real.indicators} indicators`,
      's',
      seconds(real.protectMillis * factor),
      seconds(real.aggregateMillis * factor),
    ),
  );
  s.figures.push(
    figure(
      '  per indicator (one cube)',
      's',
      seconds(real.protectMillis / real.measuredIndicators),
      seconds(real.aggregateMillis / real.measuredIndicators),
    ),
  );
  const nat = r.national;
  const k = o.nationalSample.length;
  const perMunicipality = o.nationalMunicipalities / k;
  s.figures.push(
    figure(
      `national sample: ${k} municipalities (${nat.sampleAreas} NYKO3) × 1 indicator`,
      's',
      seconds(nat.protectMillis),
      seconds(nat.aggregateMillis),
    ),
  );
  s.figures.push(
    figure(
      `  extrapolated: ${o.nationalMunicipalities} municipalities × 1 indicator`,
      's',
      seconds(nat.protectMillis * perMunicipality),
      seconds(nat.aggregateMillis * perMunicipality),
    ),
  );
  s.figures.push(
    figure(
      `  extrapolated: ${o.nationalMunicipalities} municipalities × ${o.indicators} indicators`,
      's',
      seconds(nat.protectMillis * perMunicipality * o.indicators),
      seconds(nat.aggregateMillis * perMunicipality * o.indicators),
    ),
  );
  const means = indicatorMeans(o.indicators);
  s.notes.push(
    `realistic cube: ${thousands(real.cells / real.tables)} published cells each (${thousands(real.leafCells / real.tables)} NYKO3 × month leaves), months with quarters, years and the latest rolling 12; ` +
      `indicator means ${means[0]?.toFixed(1)}–${means[means.length - 1]?.toFixed(0)} per area and month (log-uniform), seeded Poisson counts; rules: the incident preset (k = 5)`,
  );
  if (factor !== 1)
    s.notes.push(
      `${real.measuredIndicators} of ${real.indicators} indicators protected (spread over the frequency range) and extrapolated linearly`,
    );
  s.notes.push(
    `protected: ${thousands(real.primary)} primary, ${thousands(real.secondary)} secondary suppressions, ${real.unprotected} unprotected cells in the measured cubes`,
  );
  s.notes.push(
    `national: one cube of the sampled municipalities (NYKO3 ${o.nationalSample.join(', ')}) under a national total, ${thousands(nat.cells)} cells, ${thousands(nat.primary)} primary, ${thousands(nat.secondary)} secondary; ` +
      `extrapolated LINEARLY (× ${perMunicipality.toFixed(1)} for ${o.nationalMunicipalities} municipalities, × ${o.indicators} indicators), which assumes protection stays per municipality`,
  );
  s.notes.push(
    `baseline: summing leaves into every total of the same cells (dense, median of repeated passes); HiGHS start-up (${seconds(r.warmupMillis).toFixed(1)} s, once per process) excluded`,
  );
  s.data['result'] = r;
}

async function signalsSection(s: Section, scale: Scale): Promise<void> {
  progress(`early-warning benchmark, ${scale.signalSeeds} seeds …`);
  const report = runBenchmark({ seeds: scale.signalSeeds });
  s.text = formatBenchmark(report);
  const best = Math.max(...report.rules.map((r) => r.matchedSensitivity));
  s.figures.push(figure('sensitivity: detector vs best rule, same false-alarm rate', '%', 100 * report.detector.sensitivity, 100 * best));
  const fewest = Math.min(...report.rules.map((r) => r.datasetsWithFalseAlarm));
  s.figures.push(
    figure('null sets with a false alarm: detector vs rules (z > 3)', '%', 100 * report.detector.datasetsWithFalseAlarm, 100 * fewest),
  );
  s.notes.push(`${scale.signalSeeds} seeds (simulated municipalities with and without planted escalations); more seeds narrow the figures`);
  s.data['report'] = report;
}

const stageMillis = (o: StageOutput, stage: string): number => o.stages.find((x) => x.stage === stage)?.millis ?? Number.NaN;
const stageRss = (o: StageOutput, stage: string): number => o.stages.find((x) => x.stage === stage)?.maxRssMb ?? Number.NaN;
const minutes = (millis: number): string => `${(millis / 60_000).toFixed(0)} min`;

/** The number of municipality nights BENCH_MUNICIPALITIES asks for, if it is set. */
function forcedMunicipalities(): number | null {
  const forced = process.env['BENCH_MUNICIPALITIES'];
  if (forced === undefined) return null;
  const n = Number(forced);
  if (!Number.isInteger(n) || n < 1 || n > MUNICIPALITIES)
    throw new Error(`BENCH_MUNICIPALITIES must be 1–${MUNICIPALITIES}, got "${forced}"`);
  return n;
}

interface Batch {
  nights: Outcome<StageOutput>[];
  prepMillis: number;
  wallMillis: number;
  prepFailed: number;
}

/**
 * Municipalities `from` … `from + count - 1`, each the demo municipality with its own seed: all prepared first (set-up,
 * `processes` at a time), then their nights, `processes` at a time, each in a fresh child; the wall covers the nights.
 */
async function municipalityBatch(
  scale: Scale,
  temp: TempDirs,
  from: number,
  count: number,
  processes: number,
  night: { today: string; clock: string },
): Promise<Batch> {
  const root = temp.make('national');
  try {
    const indices = Array.from({ length: count }, (_, i) => from + i);
    const wsOf = (i: number): string => join(root, `kommun-${String(i + 1).padStart(3, '0')}`);
    progress(`national: preparing municipalities ${from + 1}–${from + count}, ${processes} at a time …`);
    const prepStart = process.hrtime.bigint();
    const preps = await pool(indices, processes, (i) =>
      runStage({ stage: 'prepare', workspace: wsOf(i), seed: scale.seed + 1 + i, year: DEMO_YEAR }),
    );
    const prepMillis = since(prepStart);
    progress(`national: nights of municipalities ${from + 1}–${from + count}, ${processes} at a time …`);
    let done = 0;
    const wallStart = process.hrtime.bigint();
    const nights = await pool(indices, processes, async (i, k) => {
      const prep = preps[k];
      if (!prep?.ok) throw new Error(`not prepared: ${prep?.error ?? 'unknown'}`);
      try {
        return await runStage({ stage: 'nightly', workspace: wsOf(i), ...night });
      } finally {
        // Disk stays bounded: a finished municipality's lager, snapshot and outbox go at once.
        rmSync(wsOf(i), { recursive: true, force: true });
        done++;
        if (done % Math.max(1, Math.round(count / 10)) === 0 || done === count) progress(`national: ${done}/${count} nights`);
      }
    });
    return { nights, prepMillis, wallMillis: since(wallStart), prepFailed: preps.filter((p) => !p.ok).length };
  } finally {
    temp.remove(root);
  }
}

/**
 * The nightly run (`lagesbild run`: ingest → publish → views) on the demo workspace, against the floor under each
 * stage; then a national night as it would run: one lager per municipality (DESIGN.md, Scale), so 290 independent
 * municipality nights in a pool of child processes, as many at a time as the machine has cores.
 */
async function fullNightSection(s: Section, scale: Scale, shared: Shared, temp: TempDirs): Promise<void> {
  const root = temp.make('nights');
  const processes = availableParallelism();
  const idle = await shared.idle();
  const night = { today: NEXT_NIGHT.today, clock: NEXT_NIGHT.clock };
  const stages = ['inläsning', 'röjandekontroll', 'vyer'];
  const bookkeeping = 'körning (öppna, logg, ögonblicksbild)';

  // Other processes share the cores and move every ratio: the load is printed with the figures.
  const load: string[] = [];
  const noteLoad = (when: string): void => void load.push(`${loadavg()[0]?.toFixed(1) ?? '?'} ${when}`);

  // The demo: the seeded demo municipality with a year of every actor's deliveries, in its first night.
  progress('demo workspace: preparing');
  const demoWs = join(root, 'demo');
  const prepared = await runStage({ stage: 'prepare', workspace: demoWs, seed: scale.seed, year: DEMO_YEAR });
  progress('demo workspace: nightly run');
  noteLoad('before the demo night');
  const demo = await runStage({ stage: 'nightly', workspace: demoWs, ...night });
  progress('demo workspace: the floor under each stage');
  const floor = await runStage({ stage: 'night-floor', workspace: demoWs, asOf: night.today });
  temp.remove(root);

  s.figures.push(
    figure(
      `demo night: ${num(demo, 'loaded')} deliveries, ${thousands(num(demo, 'rowsAccepted'))} rows, ${num(demo, 'extracts')} views`,
      's',
      seconds(demo.millis),
      seconds(floor.millis),
    ),
  );
  for (const stage of stages)
    s.figures.push(figure(`  ${STAGE_LABELS[stage] ?? stage}`, 's', seconds(stageMillis(demo, stage)), seconds(stageMillis(floor, stage))));
  s.figures.push(figure(`  ${STAGE_LABELS[bookkeeping]}`, 's', seconds(stageMillis(demo, bookkeeping))));
  s.figures.push(figure('demo night: peak RSS, whole process', 'MiB', demo.maxRssMb, idle.maxRssMb, '< 1024 MiB'));
  for (const stage of stages)
    s.figures.push(figure(`  peak RSS in ${STAGE_LABELS[stage] ?? stage}`, 'MiB', stageRss(demo, stage), idle.maxRssMb));
  s.notes.push(
    `demo: generateDemo (seed ${scale.seed}, one year of deliveries, ${DEMO_YEAR}) with its registers imported and its inbox copied (set-up, ${seconds(prepared.millis).toFixed(1)} s, not a figure), then its first night as of ${night.today} in a child process: ` +
      `${num(demo, 'months')} months published, ${thousands(num(demo, 'publishedCells'))} cells`,
  );
  s.notes.push(
    `demo baseline, the floor under each stage measured on the same workspace after its night: ingest = every inbox file parsed by the bare parser (SheetJS for workbooks, papaparse for text; ${thousands(num(floor, 'rows'))} rows), nothing mapped or loaded; ` +
      `publish = the published indicators' monthly figures summed by DuckDB to every area and month/quarter/year total (${thousands(num(floor, 'totals'))} totals), no protection; ` +
      `views = each view's published rows copied to a plain CSV by DuckDB (${num(floor, 'views')} files), no PDF, map or GeoJSON`,
  );
  s.notes.push(
    `peak RSS per stage: exact where the stage raised the process's peak, otherwise the highest of 20 ms samples (a lower bound); ratio against an idle child (${idle.maxRssMb.toFixed(0)} MiB)`,
  );

  // The national night: a sample first; the rest too when the sample says all of them fit the budget.
  const forced = forcedMunicipalities();
  const first = forced ?? Math.min(scale.national.sample, MUNICIPALITIES);
  noteLoad('before the national night');
  const batches = [await municipalityBatch(scale, temp, 0, first, processes, night)];
  const projectedAll = (((batches[0]?.prepMillis ?? 0) + (batches[0]?.wallMillis ?? 0)) * MUNICIPALITIES) / first;
  const projection = `the first ${first} project all ${MUNICIPALITIES} (preparation and nights) at ${minutes(projectedAll)} on this machine`;
  let why: string;
  if (forced !== null) why = `BENCH_MUNICIPALITIES=${forced}`;
  else if (first < MUNICIPALITIES && scale.national.budgetMinutes > 0 && projectedAll <= scale.national.budgetMinutes * 60_000) {
    batches.push(await municipalityBatch(scale, temp, first, MUNICIPALITIES - first, processes, night));
    why = `${projection}, within the ${scale.national.budgetMinutes}-minute budget, so all ${MUNICIPALITIES} ran (in two pools, ${first} then ${MUNICIPALITIES - first}: the wall is their sum)`;
  } else {
    const limit =
      scale.national.budgetMinutes > 0
        ? `over the ${scale.national.budgetMinutes}-minute budget`
        : `BENCH_SCALE=${scale.name} never runs all of them`;
    why = `${projection}, ${limit}: only the first ${first} ran`;
  }
  noteLoad('after it');
  const nights = batches.flatMap((b) => b.nights);
  const count = nights.length;
  const wall = batches.reduce((n, b) => n + b.wallMillis, 0);
  const prepMillis = batches.reduce((n, b) => n + b.prepMillis, 0);
  const prepFailed = batches.reduce((n, b) => n + b.prepFailed, 0);
  s.title = `Nightly run: the demo, and a national night of ${count === MUNICIPALITIES ? `all ${MUNICIPALITIES}` : `${count} of ${MUNICIPALITIES}`} municipalities`;
  const ok = nights.flatMap((n) => (n.ok ? [n.value] : []));
  const failed = nights.flatMap((n, i) => (n.ok ? [] : [`kommun ${i + 1}: ${n.error}`]));
  if (ok.length === 0) throw new Error(`every municipality night failed: ${failed.slice(0, 3).join('; ')}`);
  const n = ok.length;
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  s.figures.push(
    figure(
      `national: ${count} municipality nights, ${processes} processes at a time (wall)`,
      's',
      seconds(wall),
      seconds((demo.millis * count) / processes),
    ),
  );
  s.figures.push(figure('  one municipality night (median)', 's', seconds(median(ok.map((o) => o.millis))), seconds(demo.millis)));
  for (const stage of [...stages, bookkeeping]) {
    const label = STAGE_LABELS[stage] ?? stage;
    const values = ok.map((o) => stageMillis(o, stage));
    s.figures.push(figure(`  ${label}: sum over ${n}`, 's', seconds(sum(values)), seconds(stageMillis(demo, stage) * n)));
    s.figures.push(figure(`  ${label}: median`, 's', seconds(median(values)), seconds(stageMillis(demo, stage))));
  }
  s.figures.push(
    figure(`national: peak RSS, highest of ${n} processes`, 'MiB', Math.max(...ok.map((o) => o.maxRssMb)), idle.maxRssMb, '< 1024 MiB'),
  );
  for (const stage of stages)
    s.figures.push(
      figure(
        `  peak RSS in ${STAGE_LABELS[stage] ?? stage}, highest`,
        'MiB',
        Math.max(...ok.map((o) => stageRss(o, stage))),
        idle.maxRssMb,
      ),
    );
  s.figures.push(
    figure(
      `  ${Math.min(processes, n)} at once, upper bound (the ${Math.min(processes, n)} highest peaks added)`,
      'MiB',
      sum(
        ok
          .map((o) => o.maxRssMb)
          .sort((a, b) => b - a)
          .slice(0, processes),
      ),
      idle.maxRssMb,
    ),
  );
  if (n < MUNICIPALITIES) {
    const factor = MUNICIPALITIES / n;
    s.figures.push(
      figure(
        `PROJECTION, not measured: ${MUNICIPALITIES} municipalities, ${processes} processes (wall)`,
        's',
        seconds(wall * factor),
        seconds((demo.millis * MUNICIPALITIES) / processes),
      ),
    );
    for (const stage of stages)
      s.figures.push(
        figure(
          `  PROJECTION: ${STAGE_LABELS[stage] ?? stage}, sum over ${MUNICIPALITIES}`,
          's',
          seconds(sum(ok.map((o) => stageMillis(o, stage))) * factor),
          seconds(stageMillis(demo, stage) * MUNICIPALITIES),
        ),
      );
    s.notes.push(
      `PROJECTION: the measured ${n} nights scaled linearly by ${MUNICIPALITIES}/${n} (= ${factor.toFixed(1)}); it assumes every municipality is like these and the pool stays as busy as it was; nothing in those rows was measured at ${MUNICIPALITIES}`,
    );
  }
  s.notes.push(`why ${count}: ${why}`);
  s.notes.push(
    `national scale is ${MUNICIPALITIES} municipality lagers, one night each (DESIGN.md: facts are keyed by municipality, one lager per municipality; the national lake is their Hive-partitioned Parquet export, which is not measured here)`,
  );
  s.notes.push(
    `each municipality is the demo generator's with its own seed (${scale.seed + 1}–${scale.seed + count}): other streets, boundaries and deliveries, the same ${AREAS.length} NYKO3 areas and ${thousands(AREAS.reduce((n, a) => n + a.population, 0))} inhabitants; ` +
      `Sweden averages ~36 000 inhabitants per municipality (10.6 million / ${MUNICIPALITIES}) but ranges from ~2 500 to ~1 000 000, and a night grows with deliveries and areas: this is ${MUNICIPALITIES} demo-sized nights, not a model of Sweden`,
  );
  s.notes.push(
    `each night is a fresh child process (ingest → publish → views as \`lagesbild run --as-of ${night.today}\`) on its own workspace; ${processes} run at a time (os.availableParallelism()); wall from the first start to the last exit; ` +
      `baselines: the demo night alone × ${n} / ${processes} for the wall (a pool that loses nothing to sharing the cores), the demo's stage × ${n} for sums, the demo's stage for medians`,
  );
  s.notes.push(
    `set-up (not a figure): ${count} workspaces generated and registered in ${seconds(prepMillis).toFixed(0)} s, ${processes} at a time${prepFailed > 0 ? `; ${prepFailed} failed` : ''}`,
  );
  s.notes.push(
    `load average (1 min) on ${cpus().length} CPUs: ${load.join(', ')}; before a part, it is other work sharing the cores (after the national night it includes this bench's own ${processes} children); other work slows the runs it overlaps and moves their ratios`,
  );
  if (failed.length > 0) s.notes.push(`FAILED nights (left out of every figure): ${failed.length}: ${failed.slice(0, 3).join('; ')}`);
  s.data['demo'] = { prepare: prepared, night: demo, floor };
  s.data['national'] = {
    processes,
    municipalities: count,
    prepareMillis: prepMillis,
    wallMillis: wall,
    nights: ok.map((o) => ({ millis: o.millis, maxRssMb: o.maxRssMb, stages: o.stages })),
    failed,
  };
}

/** `--only 3,7` (or `--only=3,7`): just those sections, e.g. while working on one. */
function onlySections(): Set<number> | null {
  const i = process.argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i === -1) return null;
  const arg = process.argv[i] ?? '';
  const list = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (process.argv[i + 1] ?? '');
  const ids = list.split(',').map(Number);
  if (ids.length === 0 || ids.some((n) => !Number.isInteger(n) || n < 1 || n > 7))
    throw new Error(`--only takes section numbers 1–7, got "${list}"`);
  return new Set(ids);
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const scale = scaleFromEnv();
  const temp = new TempDirs();
  const interrupted = (): void => {
    temp.removeAll();
    process.exit(130);
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  const shared = new Shared(scale, temp);
  const startedAt = new Date().toISOString();
  const start = process.hrtime.bigint();
  const sections: Section[] = [];
  const all: [number, string, (s: Section) => Promise<void>][] = [
    [1, 'STORM CSV ingest', (s) => csvSection(s, scale, shared, temp)],
    [2, 'STORM workbook ingest', (s) => xlsxSection(s, scale, shared, temp)],
    [3, 'Incremental nightly run', (s) => nightlySection(s, scale, shared, temp)],
    [4, 'Peak RSS per stage (child processes)', (s) => rssSection(s, shared)],
    [5, 'Disclosure control vs plain aggregation of the same cells', (s) => disclosureSection(s, scale)],
    [6, 'Early warning: detector vs rule of thumb', (s) => signalsSection(s, scale)],
    [7, 'Nightly run: the demo and a national night', (s) => fullNightSection(s, scale, shared, temp)],
  ];
  const only = onlySections();
  try {
    for (const [id, title, work] of all) if (only === null || only.has(id)) sections.push(await section(id, title, work));
  } finally {
    temp.removeAll();
  }
  const report: Report = {
    scale: scale.name,
    startedAt,
    node: process.version,
    cpus: cpus().length,
    totalSeconds: seconds(since(start)),
    sections,
  };
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
}

await main();
