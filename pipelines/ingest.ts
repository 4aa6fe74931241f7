/**
 * Ingest: every new file in inbox/<actor>/ is read, mapped, placed in areas and aggregated in memory, then loaded
 * in one transaction (or not at all). Every delivery gets a receipt; refused files move to quarantine/.
 * Raw rows never touch the lager file.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBDateValue, DuckDBTimestampValue } from '@duckdb/node-api';
import { connectors } from '../connectors/kinds/index.ts';
import { knownHeaders, mapColumns, Observer } from '../connectors/observe.ts';
import { observeTable } from '../connectors/observe-table.ts';
import { containsIdentityNumber, redactIdentityNumbers } from '../connectors/personalData.ts';
import { periodFromName, widenToGrain, type Period } from '../connectors/period.ts';
import { CsvStreamMismatch, isOutOfMemory, openCsvStream, type CsvStream, type ScanTable } from '../connectors/readers/csv-stream.ts';
import { sniffFormat } from '../connectors/readers/index.ts';
import { ReadWorkers, type IsolatedReadOptions, type IsolationLimits } from '../connectors/readers/isolated.ts';
import type { ReadResult } from '../connectors/readers/types.ts';
import type { ConnectorDefinition, ConnectorResult } from '../connectors/types.ts';
import type { Config, DeliveryKindConfig } from '../schemas/config.ts';
import { appendDiagnostics, diagnostic, type Diagnostic } from '../schemas/diagnostics.ts';
import { renderReceipt, type DeliveryStatus, type ReceiptInput } from '../reports/receipt.ts';
import { inTransaction, runFile, type Lager } from '../sql/db.ts';
import { Avidentifier, type AvidentifiedDelivery } from './avidentify.ts';
import type { Effects } from './effects.ts';
import { loadAreaModel, type AreaModel } from './registers.ts';
import { stockholmDay } from './schedule.ts';
import { WorkspaceWriteError, type Workspace } from './workspace.ts';
import { sha256 } from '../disclosure/index.ts';

export interface IngestOptions {
  dryRun?: boolean;
  period?: Period;
  runId: string;
}

export interface DeliveryOutcome {
  actor: string;
  file: string;
  status: DeliveryStatus;
  deliveryId: string | null;
  kind: string | null;
  rowsAccepted: number;
  rowsRejected: number;
  rowsUnmapped: number;
  receipt: string;
  reason: string | null;
}

interface InboxFile {
  actor: string;
  path: string;
  forcedKind: string | null;
}

const IGNORED_NAME = /^(\.|~\$|\.~lock)|\.(tmp|part|crdownload)$/i;

/** New files per actor, oldest first (a later delivery replaces an earlier one); a subfolder named after one of the actor's kinds fixes the kind. */
export function listInbox(ws: Workspace): { files: InboxFile[]; unknownActors: string[] } {
  const files: InboxFile[] = [];
  const unknownActors: string[] = [];
  if (!existsSync(ws.paths.inbox)) return { files, unknownActors };
  for (const actor of readdirSync(ws.paths.inbox).sort()) {
    const actorDir = join(ws.paths.inbox, actor);
    if (!statSync(actorDir).isDirectory()) continue;
    const config = ws.config.actors[actor];
    if (!config) {
      unknownActors.push(actor);
      continue;
    }
    const found: { path: string; forcedKind: string | null; mtime: number }[] = [];
    for (const entry of readdirSync(actorDir)) {
      if (IGNORED_NAME.test(entry)) continue;
      const full = join(actorDir, entry);
      const stat = statSync(full);
      if (stat.isFile()) found.push({ path: full, forcedKind: null, mtime: stat.mtimeMs });
      else if (stat.isDirectory() && config.kinds.includes(entry)) {
        for (const inner of readdirSync(full)) {
          const innerPath = join(full, inner);
          const innerStat = statSync(innerPath);
          if (!IGNORED_NAME.test(inner) && innerStat.isFile()) found.push({ path: innerPath, forcedKind: entry, mtime: innerStat.mtimeMs });
        }
      }
    }
    found.sort((a, b) => a.mtime - b.mtime || a.path.localeCompare(b.path));
    files.push(...found.map((f) => ({ actor, path: f.path, forcedKind: f.forcedKind })));
  }
  return { files, unknownActors };
}

/** File names are shown in receipts and stored in the ledger: identity numbers in them are removed. */
export const safeFileName = (path: string): string => redactIdentityNumbers(basename(path));

/** Written under a temporary name first, so nobody reads half a receipt; a failure stops the run (see WorkspaceWriteError). */
function writeReceipt(target: string, text: string): void {
  const temp = `${target}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (cause) {
    // A half-written temporary file goes; when the folder itself is the problem there is none.
    if (existsSync(temp)) rmSync(temp);
    throw new WorkspaceWriteError(target, cause);
  }
}

interface KindChoice {
  kind: string | null;
  diagnostics: Diagnostic[];
}

/** The actor's kind whose required columns are all present, preferring the one that maps the most columns. */
function chooseKind(config: Config, actor: string, read: ReadResult, file: string, forced: string | null): KindChoice {
  const candidates = forced ? [forced] : (config.actors[actor]?.kinds ?? []);
  const sheet = read.sheets[0];
  if (!sheet) return { kind: null, diagnostics: [] };
  const scored = candidates.map((code) => {
    const kind = config.kinds[code];
    const def = kind ? connectors[kind.connector] : undefined;
    if (!kind || !def) return { code, errors: 1, mapped: 0, diagnostics: [] as Diagnostic[] };
    const mapping = mapColumns(sheet, def, kind);
    const errors = mapping.diagnostics.filter((d) => d.severity === 'error');
    return { code, errors: errors.length, mapped: mapping.fields.length, diagnostics: errors };
  });
  const complete = scored.filter((s) => s.errors === 0).sort((a, b) => b.mapped - a.mapped);
  const [best, second] = complete;
  if (best && (!second || second.mapped < best.mapped)) return { kind: best.code, diagnostics: [] };
  if (best && second) {
    return {
      kind: null,
      diagnostics: [diagnostic('file.ambiguous_kind', 'error', { file }, { kinds: complete.map((c) => c.code).join(', ') })],
    };
  }
  const closest = [...scored].sort((a, b) => a.errors - b.errors || b.mapped - a.mapped)[0];
  return {
    kind: null,
    diagnostics: [diagnostic('file.unknown_kind', 'error', { file }, { kinds: candidates.join(', ') }), ...(closest?.diagnostics ?? [])],
  };
}

/** The period a delivery declares: given with --period, in its file name, or in a sheet name. */
function declaredPeriod(
  name: string,
  sheets: string[],
  option: Period | undefined,
  grain: Config['kinds'][string]['grain'],
): { period: Period; source: string } | null {
  if (option) return { period: option, source: 'angiven med --period' };
  const fromName = periodFromName(name.replace(/\.[a-z0-9]+$/i, ''));
  if (fromName) return { period: widenToGrain(fromName, grain), source: 'från filnamnet' };
  for (const sheet of sheets) {
    const fromSheet = periodFromName(sheet);
    if (fromSheet) return { period: widenToGrain(fromSheet, grain), source: `från bladet "${sheet}"` };
  }
  return null;
}

interface Prepared {
  kind: string | null;
  read: ReadResult | null;
  conn: ConnectorResult | null;
  period: { period: Period; source: string } | null;
  avid: AvidentifiedDelivery | null;
  diagnostics: Diagnostic[];
  refusal: string | null;
}

/** Where a delivery's rows come from: a file read whole (workbooks, small text files), or a text file streamed. */
type RowSource = { kind: 'read'; read: ReadResult } | { kind: 'stream'; stream: CsvStream };

interface Counted {
  conn: ConnectorResult;
  observer: Observer;
  avidentifier: Avidentifier;
  streamDiagnostics: Diagnostic[];
}

/**
 * Maps, parses, places and aggregates every row as it comes; rows are never collected. A streamed delivery of a
 * kind that allows it is loaded as a table into the scan's own in-memory instance and decided per distinct value
 * (observe-table.ts, avidentify-table.ts); one too large for that instance's memory (`limits.streamMemoryMb`) is
 * counted row by row from the stream instead.
 */
async function countRows(
  source: RowSource,
  def: ConnectorDefinition,
  kind: DeliveryKindConfig,
  avidentifier: () => Avidentifier,
  observeOptions: ConstructorParameters<typeof Observer>[2],
  memoryMb: number,
  asTable = true,
): Promise<Counted> {
  const counter = avidentifier();
  const observer = new Observer(def, kind, observeOptions, (o) => counter.add(o));
  if (source.kind === 'read') {
    for (const sheet of source.read.sheets) {
      if (!observer.sheet(sheet)) continue;
      for (const raw of sheet.rows) observer.row(raw);
    }
    return { conn: observer.result, observer, avidentifier: counter, streamDiagnostics: [] };
  }
  const sheet = source.stream.head.sheets[0];
  if (sheet && observer.sheet(sheet)) {
    if (asTable && observer.columnar && counter.countsTables) {
      let scan: ScanTable | null = null;
      try {
        scan = await source.stream.table(observer.columns(), memoryMb);
        const location = def.locations[0];
        await counter.addTable(await observeTable(observer, scan, def, counter.fieldsRead(location)), location);
      } catch (error) {
        if (!isOutOfMemory(error)) throw error;
        // Freed before the rows are streamed.
        scan?.close();
        scan = null;
        return countRows(source, def, kind, avidentifier, observeOptions, memoryMb, false);
      } finally {
        scan?.close();
      }
    } else {
      for await (const rows of source.stream.rows(observer.columns())) for (const raw of rows) observer.row(raw);
    }
  }
  return { conn: observer.result, observer, avidentifier: counter, streamDiagnostics: source.stream.diagnostics };
}

/**
 * Everything that happens in memory: read, choose kind, map, parse, place and aggregate. Workbooks and text files
 * up to `limits.streamTextBytes` are read whole in a worker with a heap limit and a wall clock
 * (readDeliveryIsolated); larger text files are streamed through DuckDB's CSV scanner, so memory does not grow with
 * the file. Rows are aggregated as they are read and never kept.
 */
async function prepare(
  ws: Workspace,
  file: InboxFile,
  bytes: Uint8Array,
  model: AreaModel,
  workers: ReadWorkers,
  options: IngestOptions,
  today: string,
): Promise<Prepared> {
  const name = safeFileName(file.path);
  const out: Prepared = { kind: null, read: null, conn: null, period: null, avid: null, diagnostics: [], refusal: null };
  const kinds = file.forcedKind ? [file.forcedKind] : (ws.config.actors[file.actor]?.kinds ?? []);
  const known = new Set(
    kinds.flatMap((code) => {
      const kind = ws.config.kinds[code];
      const def = kind ? connectors[kind.connector] : undefined;
      return kind && def ? [...knownHeaders(def, kind)] : [];
    }),
  );
  const limits = ws.config.limits;
  const readOptions: IsolatedReadOptions = { fileName: name, knownHeaders: known, maxBytes: limits.maxFileBytes, maxRows: limits.maxRows };
  const streamable = sniffFormat(bytes) === 'text' && bytes.length > limits.streamTextBytes && bytes.length <= limits.maxFileBytes;

  const openSource = async (delimiter?: ';' | ',' | '\t'): Promise<RowSource> => {
    const opts = { ...readOptions, ...(delimiter ? { delimiter } : {}) };
    if (streamable) {
      const opened = await openCsvStream(bytes, file.path, { ...opts, isKnownHeader: (h) => known.has(h) });
      if (opened.kind === 'stream') return opened;
      if (opened.kind === 'refused') return { kind: 'read', read: opened.result };
    }
    return { kind: 'read', read: await workers.read(bytes, opts) };
  };
  const headOf = (source: RowSource): ReadResult => (source.kind === 'read' ? source.read : source.stream.head);

  let delimiter: ';' | ',' | '\t' | undefined;
  let source = await openSource();
  try {
    let read = headOf(source);
    appendDiagnostics(out.diagnostics, read.diagnostics);
    if (read.diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('file.')) || read.sheets.length === 0) {
      out.refusal =
        read.sheets.length === 0 && !read.diagnostics.some((d) => d.severity === 'error')
          ? 'filen innehåller ingen tabell som kunde läsas'
          : 'filen kunde inte läsas';
      if (!read.diagnostics.some((d) => d.severity === 'error'))
        out.diagnostics.push(diagnostic('file.header_not_found', 'error', { file: name }));
      return out;
    }
    const choice = chooseKind(ws.config, file.actor, read, name, file.forcedKind);
    out.diagnostics.push(...choice.diagnostics);
    if (!choice.kind) {
      out.refusal = 'filen kunde inte kopplas till någon av aktörens leveranstyper';
      return out;
    }
    out.kind = choice.kind;
    const kind = ws.config.kinds[choice.kind];
    const def = kind ? connectors[kind.connector] : undefined;
    if (!kind || !def) throw new Error(`kind ${choice.kind} has no connector`);
    if (read.format === 'csv' && kind.delimiter !== 'auto' && read.delimiter !== kind.delimiter) {
      if (source.kind === 'stream') source.stream.close();
      delimiter = kind.delimiter;
      source = await openSource(delimiter);
      read = headOf(source);
      out.diagnostics = read.diagnostics.slice();
    }
    out.read = read;

    const sheetNames = read.sheets.map((s) => s.sheet).filter((s): s is string => !!s);
    const declared = declaredPeriod(name, sheetNames, options.period, kind.grain);
    const observeOptions = { params: kind.params, earliestDate: limits.earliestDate, latestDate: today };
    const avidentifier = (): Avidentifier =>
      new Avidentifier({
        config: ws.config,
        kind: choice.kind ?? '',
        grain: kind.grain,
        period: declared?.period ?? null,
        primaryLocation: def.locations[0]?.name ?? 'place',
        locator: model.locator,
        areas: model.areas,
        file: name,
      });
    let counted: Counted;
    try {
      counted = await countRows(source, def, kind, avidentifier, observeOptions, limits.streamMemoryMb);
    } catch (error) {
      if (!(error instanceof CsvStreamMismatch)) throw error;
      // DuckDB's scanner and the pre-scan disagreed: read the file whole, with the reader that reports exactly why.
      if (source.kind === 'stream') source.stream.close();
      source = {
        kind: 'read',
        read: await workers.read(bytes, { ...readOptions, ...(delimiter ? { delimiter } : {}) }),
      };
      read = headOf(source);
      out.read = read;
      out.diagnostics = [...read.diagnostics, ...choice.diagnostics];
      counted = await countRows(source, def, kind, avidentifier, observeOptions, limits.streamMemoryMb);
    }
    const { conn, observer } = counted;
    out.conn = conn;
    appendDiagnostics(out.diagnostics, counted.streamDiagnostics, conn.diagnostics);
    const personal = conn.diagnostics.filter((d) => d.code === 'row.personal_data');
    if (personal.length > 0) {
      const columns = [...new Set(personal.map((d) => d.location.column))].join(', ');
      out.refusal = `kolumnen ${columns} innehåller personnummer eller samordningsnummer (${personal.length} celler). Leveransen avvisades i sin helhet; ta bort uppgifterna och leverera igen.`;
      return out;
    }
    if (conn.rowsRead === 0) {
      out.refusal = 'filen innehåller inga datarader (bara rubriker)';
      return out;
    }
    if (observer.accepted === 0) {
      out.refusal = 'ingen rad i filen kunde läsas; se felen nedan';
      return out;
    }
    const inferred =
      declared === null && observer.firstDate !== null && observer.lastDate !== null
        ? widenToGrain({ start: observer.firstDate, end: observer.lastDate }, kind.grain)
        : null;
    const period = declared ?? (inferred ? { period: inferred, source: 'från datumen i filen' } : null);
    if (!period) {
      out.refusal = 'leveransens period kunde inte avgöras (ange den i filnamnet, t.ex. _2025-03, eller med --period)';
      return out;
    }
    if (inferred)
      out.diagnostics.push(diagnostic('delivery.period_inferred', 'warning', { file: name }, { from: inferred.start, to: inferred.end }));
    out.period = period;
    const avid = counted.avidentifier.finish(inferred ?? undefined);
    appendDiagnostics(out.diagnostics, avid.diagnostics);
    out.avid = avid;
    // Last line of defence: every string about to be stored is scanned for identity numbers.
    const stored = [
      ...avid.facts.flatMap((f) => [f.indicator, f.areaCode]),
      ...avid.matchKeys.flatMap((k) => [k.areaCode, k.finestCode ?? '']),
    ];
    if (stored.some((s) => containsIdentityNumber(s))) {
      out.refusal = 'ett värde som skulle lagras liknar ett personnummer; leveransen avvisades';
      out.avid = null;
    }
    return out;
  } finally {
    if (source.kind === 'stream') source.stream.close();
  }
}

async function nextId(connection: DuckDBConnection, prefix: string): Promise<string> {
  const reader = await connection.runAndReadAll(`select count(*) as n from deliveries where delivery_id like $p`, { p: `${prefix}%` });
  const n = Number(reader.getRowObjectsJS()[0]?.['n'] ?? 0) + 1;
  return `${prefix}${String(n).padStart(6, '0')}`;
}

async function refusedBefore(connection: DuckDBConnection, actor: string, name: string, digest: string): Promise<string | null> {
  const reader = await connection.runAndReadAll(
    `select delivery_id from deliveries where status = 'refused' and actor = $actor and file_name = $file and sha256 = $sha order by delivery_id limit 1`,
    { actor, file: name, sha: digest },
  );
  const id = reader.getRowObjectsJS()[0]?.['delivery_id'];
  return typeof id === 'string' ? id : null;
}

async function alreadySeen(
  connection: DuckDBConnection,
  actor: string,
  name: string,
  digest: string,
): Promise<{ seen: boolean; duplicateOf: Record<string, unknown> | null }> {
  const reader = await connection.runAndReadAll(
    `select delivery_id, file_name, actor, status, strftime(received_at, '%Y-%m-%d %H:%M') as received
     from deliveries where sha256 = $sha and status in ('loaded', 'duplicate') order by received_at`,
    { sha: digest },
  );
  const rows = reader.getRowObjectsJS();
  const seen = rows.some((r) => r['actor'] === actor && r['file_name'] === name);
  const original = rows.find((r) => r['status'] === 'loaded') ?? null;
  return { seen, duplicateOf: original };
}

async function appendFacts(
  connection: DuckDBConnection,
  municipality: string,
  actor: string,
  kind: string,
  deliveryId: string,
  avid: AvidentifiedDelivery,
): Promise<void> {
  const facts = await connection.createAppender('facts');
  for (const f of avid.facts) {
    facts.appendVarchar(municipality);
    facts.appendVarchar(f.indicator);
    facts.appendVarchar(f.areaCode);
    facts.appendVarchar(f.grain);
    facts.appendDate(toDate(f.periodStart));
    facts.appendDate(toDate(f.periodEnd));
    facts.appendBigInt(BigInt(Math.round(f.count)));
    facts.appendDouble(f.value);
    if (f.numerator === null) facts.appendNull();
    else facts.appendDouble(f.numerator);
    if (f.denominator === null) facts.appendNull();
    else facts.appendDouble(f.denominator);
    facts.appendVarchar(actor);
    facts.appendVarchar(kind);
    facts.appendVarchar(deliveryId);
    facts.endRow();
  }
  facts.closeSync();
  const keys = await connection.createAppender('match_keys');
  for (const k of avid.matchKeys) {
    keys.appendVarchar(municipality);
    keys.appendVarchar(k.indicator);
    keys.appendVarchar(actor);
    keys.appendVarchar(kind);
    keys.appendVarchar(k.areaCode);
    if (k.finestCode === null) keys.appendNull();
    else keys.appendVarchar(k.finestCode);
    keys.appendDate(toDate(k.date));
    if (k.minute === null) keys.appendNull();
    else keys.appendTimestamp(toTimestamp(k.minute));
    keys.appendVarchar(deliveryId);
    keys.endRow();
  }
  keys.closeSync();
}

function toDate(iso: string): DuckDBDateValue {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return DuckDBDateValue.fromParts({ year: y, month: m, day: d });
}

/** Wall-clock minute stored as a timestamp without zone: matching compares local minutes of two actors. */
function toTimestamp(minute: string): DuckDBTimestampValue {
  const [date = '', time = '00:00'] = minute.split(' ');
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return DuckDBTimestampValue.fromParts({ date: { year: y, month: mo, day: d }, time: { hour: h, min: mi, sec: 0, micros: 0 } });
}

async function recomputeCombined(connection: DuckDBConnection, config: Config, kind: string, period: Period): Promise<void> {
  for (const [code, ind] of Object.entries(config.indicators)) {
    if (ind.type !== 'combined' || !ind.sources.some((s) => s.kind === kind)) continue;
    await runFile(connection, 'load/combined_facts', {
      municipality: config.municipality.code,
      indicator: code,
      period_start: period.start,
      period_end: period.end,
      window_minutes: ind.windowMinutes,
    });
  }
}

function receiptPath(ws: Workspace, actor: string, name: string, received: Date, status: DeliveryStatus): string {
  const stamp = stockholmTime(received, true).replace(/[-:]/g, '').replace(' ', '-');
  const safe = name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').replace(/^\.+/, '_');
  return join(ws.paths.outbox, actor, 'kvitton', `${stamp}_${status === 'dry_run' ? 'PROV_' : ''}${safe}.txt`);
}

function stockholmTime(d: Date, seconds = false): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'short',
    timeStyle: seconds ? 'medium' : 'short',
  }).format(d);
}

export interface IngestSummary {
  outcomes: DeliveryOutcome[];
  unknownActors: string[];
}

/** Processes every new inbox file. A refused delivery is a result, not a failure of the run. */
export async function ingest(ws: Workspace, lager: Lager, options: IngestOptions, effects: Effects): Promise<IngestSummary> {
  const inbox = listInbox(ws);
  const limits = ws.config.limits;
  const isolation: IsolationLimits = { timeoutMs: limits.readTimeoutSeconds * 1000, maxOldGenerationSizeMb: limits.readMemoryMb };
  // The first read worker starts now, while the registers load.
  const workers = new ReadWorkers(isolation, inbox.files.filter((f) => isWorkbookFile(f.path)).length);
  try {
    return await ingestFiles(ws, lager, inbox, workers, options, effects);
  } finally {
    workers.close();
  }
}

/** Whether a file starts like a workbook (zip or OLE2), read in a worker; the name says nothing. */
function isWorkbookFile(path: string): boolean {
  const head = new Uint8Array(8);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false; // the file's own turn reports what is wrong with it
  }
  return sniffFormat(head) !== 'text';
}

async function ingestFiles(
  ws: Workspace,
  lager: Lager,
  { files, unknownActors }: { files: InboxFile[]; unknownActors: string[] },
  workers: ReadWorkers,
  options: IngestOptions,
  effects: Effects,
): Promise<IngestSummary> {
  const { connection } = lager;
  const model = await loadAreaModel(ws, connection);
  for (const actor of unknownActors) effects.warn(`inbox/${actor}/: okänd aktör (finns inte i lagesbild.yaml); filerna lästes inte`);
  const outcomes: DeliveryOutcome[] = [];
  const municipality = ws.config.municipality.code;
  for (const [index, file] of files.entries()) {
    // A Buffer is a Uint8Array: no copy of a large file.
    const bytes: Uint8Array = readFileSync(file.path);
    const name = safeFileName(file.path);
    const digest = sha256(bytes);
    const seen = await alreadySeen(connection, file.actor, name, digest);
    if (seen.seen) continue;
    const received = effects.now();
    effects.progress(`[${index + 1}/${files.length}] ${file.actor}/${name}`);
    const actorName = ws.config.actors[file.actor]?.name ?? file.actor;
    const base: ReceiptInput = {
      status: 'loaded',
      deliveryId: null,
      actorId: file.actor,
      actorName,
      fileName: name,
      sha256: digest,
      sizeBytes: bytes.length,
      receivedAt: stockholmTime(received),
      kind: null,
      period: null,
      format: null,
      rowsRead: 0,
      rowsAccepted: 0,
      rowsRejected: 0,
      rowsUnmapped: 0,
      mappedColumns: [],
      ignoredColumns: [],
      personalColumns: [],
      replaced: [],
      unknownCategories: {},
      unmatched: {},
      diagnostics: [],
      refusal: null,
      indicatorTotals: [],
    };

    if (seen.duplicateOf) {
      const receipt: ReceiptInput = {
        ...base,
        status: options.dryRun ? 'dry_run' : 'duplicate',
        diagnostics: [
          diagnostic(
            'delivery.duplicate',
            'info',
            { file: name },
            { file: String(seen.duplicateOf['file_name']), received: String(seen.duplicateOf['received']) },
          ),
        ],
        refusal: options.dryRun ? 'filen är en dubblett av en redan inläst leverans' : null,
      };
      const path = receiptPath(ws, file.actor, name, received, receipt.status);
      writeReceipt(path, renderReceipt(receipt));
      let deliveryId: string | null = null;
      if (!options.dryRun) {
        deliveryId = await nextId(connection, 'L');
        await connection.run(
          `insert into deliveries (delivery_id, municipality, actor, file_name, sha256, size_bytes, received_at, status, duplicate_of, run_id, receipt_file)
           values ($id, $m, $actor, $file, $sha, $size, $at, 'duplicate', $dup, $run, $receipt)`,
          {
            id: deliveryId,
            m: municipality,
            actor: file.actor,
            file: name,
            sha: digest,
            size: bytes.length,
            at: received.toISOString(),
            dup: String(seen.duplicateOf['delivery_id']),
            run: options.runId,
            receipt: relative(ws.root, path),
          },
        );
      }
      outcomes.push({
        actor: file.actor,
        file: name,
        status: receipt.status,
        deliveryId,
        kind: null,
        rowsAccepted: 0,
        rowsRejected: 0,
        rowsUnmapped: 0,
        receipt: path,
        reason: 'dubblett',
      });
      continue;
    }

    const prepared = await prepare(ws, file, bytes, model, workers, options, stockholmDay(received));
    const conn = prepared.conn;
    const avid = prepared.avid;
    const kindConfig = prepared.kind ? ws.config.kinds[prepared.kind] : undefined;
    const receipt: ReceiptInput = {
      ...base,
      kind: prepared.kind && kindConfig ? { code: prepared.kind, label: kindConfig.label } : null,
      period: prepared.period ? { ...prepared.period.period, source: prepared.period.source } : null,
      format: prepared.read ? describeFormat(prepared.read) : null,
      rowsRead: conn?.rowsRead ?? 0,
      rowsAccepted: avid?.recordsCounted ?? 0,
      rowsRejected: (conn?.rowsRejected ?? 0) + (avid?.recordsOutsidePeriod ?? 0),
      rowsUnmapped: avid?.recordsUnmapped ?? 0,
      mappedColumns: conn?.mappedColumns ?? [],
      ignoredColumns: conn?.ignoredColumns ?? [],
      personalColumns: prepared.diagnostics.filter((d) => d.code === 'column.personal_data').map((d) => d.location.column ?? ''),
      unknownCategories: conn?.unknownCategories ?? {},
      unmatched: avid?.unmatched ?? {},
      diagnostics: prepared.diagnostics,
      refusal: prepared.refusal,
      indicatorTotals: avid ? totalsByIndicator(avid) : [],
    };
    const refused = prepared.refusal !== null || !avid || !prepared.kind || !prepared.period;
    receipt.status = options.dryRun ? 'dry_run' : refused ? 'refused' : 'loaded';
    let deliveryId: string | null = null;

    if (!options.dryRun) {
      // The same bytes refused again (put back unchanged, or a run killed before the file reached quarantine) keep
      // their ledger row: a refusal is recorded once.
      const earlierRefusal = refused ? await refusedBefore(connection, file.actor, name, digest) : null;
      deliveryId = earlierRefusal ?? (await nextId(connection, 'L'));
      receipt.deliveryId = deliveryId;
      const path = receiptPath(ws, file.actor, name, received, receipt.status);
      const ledgerRow = {
        id: deliveryId,
        m: municipality,
        actor: file.actor,
        kind: prepared.kind,
        file: name,
        sha: digest,
        size: bytes.length,
        at: received.toISOString(),
        ps: prepared.period?.period.start ?? null,
        pe: prepared.period?.period.end ?? null,
        psrc: prepared.period?.source ?? null,
        status: refused ? 'refused' : 'loaded',
        read: receipt.rowsRead,
        accepted: receipt.rowsAccepted,
        rejected: receipt.rowsRejected,
        unmapped: receipt.rowsUnmapped,
        run: options.runId,
        receipt: relative(ws.root, path),
      };
      const insertLedger = async () => {
        if (earlierRefusal) await connection.run('delete from deliveries where delivery_id = $id', { id: earlierRefusal });
        await connection.run(
          `insert into deliveries (delivery_id, municipality, actor, kind, file_name, sha256, size_bytes, received_at, period_start, period_end, period_source,
             status, rows_read, rows_accepted, rows_rejected, rows_unmapped, run_id, receipt_file)
           values ($id, $m, $actor, $kind, $file, $sha, $size, $at, cast($ps as date), cast($pe as date), $psrc, $status, $read, $accepted, $rejected, $unmapped, $run, $receipt)`,
          ledgerRow,
        );
      };
      if (!refused && avid && prepared.kind && prepared.period) {
        const period = prepared.period.period;
        const kindCode = prepared.kind;
        let written = false;
        try {
          await inTransaction(connection, async () => {
            await insertLedger();
            await runFile(connection, 'load/replace_facts', {
              delivery_id: deliveryId,
              municipality,
              actor: file.actor,
              kind: kindCode,
              period_start: period.start,
              period_end: period.end,
            });
            await appendFacts(connection, municipality, file.actor, kindCode, deliveryId ?? '', avid);
            await recomputeCombined(connection, ws.config, kindCode, period);
            receipt.replaced = await replacedBy(connection, deliveryId);
            // Before the commit: a delivery is never recorded as loaded without its receipt. A failed write rolls
            // the delivery back; a crash after it leaves a receipt for a delivery the next run loads again.
            writeReceipt(path, renderReceipt(receipt));
            written = true;
          });
        } catch (error) {
          // The commit itself failed: the receipt must not claim a delivery the lager does not have.
          if (written) rmSync(path, { force: true });
          throw error;
        }
      } else {
        writeReceipt(path, renderReceipt(receipt));
        await inTransaction(connection, insertLedger);
        quarantine(ws, file, path);
      }
      outcomes.push(outcome(file.actor, name, receipt, path));
    } else {
      const path = receiptPath(ws, file.actor, name, received, 'dry_run');
      writeReceipt(path, renderReceipt(receipt));
      outcomes.push(outcome(file.actor, name, receipt, path));
    }
  }
  return { outcomes, unknownActors };
}

function outcome(actor: string, file: string, r: ReceiptInput, receipt: string): DeliveryOutcome {
  return {
    actor,
    file,
    status: r.status,
    deliveryId: r.deliveryId,
    kind: r.kind?.code ?? null,
    rowsAccepted: r.rowsAccepted,
    rowsRejected: r.rowsRejected,
    rowsUnmapped: r.rowsUnmapped,
    receipt,
    reason: r.refusal,
  };
}

function totalsByIndicator(avid: AvidentifiedDelivery): { indicator: string; count: number }[] {
  const totals = new Map<string, number>();
  for (const f of avid.facts) totals.set(f.indicator, (totals.get(f.indicator) ?? 0) + f.count);
  return [...totals.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([indicator, count]) => ({ indicator, count }));
}

function describeFormat(read: ReadResult): string {
  if (read.format === 'xlsx') return `Excel (${read.sheets.map((s) => `blad "${s.sheet ?? ''}"`).join(', ')})`;
  const delimiter = read.delimiter === '\t' ? 'tabb' : `"${read.delimiter ?? ';'}"`;
  return `CSV, ${read.encoding ?? 'utf-8'}, avgränsare ${delimiter}`;
}

async function replacedBy(connection: DuckDBConnection, deliveryId: string | null): Promise<ReceiptInput['replaced']> {
  const reader = await connection.runAndReadAll(
    `select replaced_delivery_id, strftime(period_start, '%Y-%m-%d') as f, strftime(period_end, '%Y-%m-%d') as t, facts_removed
     from replacements where delivery_id = $id order by replaced_delivery_id`,
    { id: deliveryId },
  );
  return reader.getRowObjectsJS().map((r) => ({
    deliveryId: String(r['replaced_delivery_id']),
    from: String(r['f']),
    to: String(r['t']),
    facts: Number(r['facts_removed']),
  }));
}

/**
 * A refused file leaves the inbox for quarantine/<actor>/, with its receipt beside it. The receipt goes first, so a
 * quarantined file always has one; a crash before the move leaves the file in the inbox for the next run.
 */
function quarantine(ws: Workspace, file: InboxFile, receipt: string): void {
  const dir = join(ws.paths.quarantine, file.actor);
  let target = join(dir, basename(file.path));
  for (let n = 2; existsSync(target); n++) target = join(dir, `${n}_${basename(file.path)}`);
  try {
    mkdirSync(dir, { recursive: true });
    copyFileSync(receipt, `${target}.kvitto.txt`);
  } catch (cause) {
    throw new WorkspaceWriteError(`${target}.kvitto.txt`, cause);
  }
  try {
    renameSync(file.path, target);
  } catch (cause) {
    throw new WorkspaceWriteError(target, cause);
  }
}
