/**
 * Producing a view's extract: files to outbox/<actor>/<due date>/ with a manifest, written in a temporary folder
 * that is renamed into place (a recipient never sees half an extract), and every released figure appended to the
 * outflow log so that later releases are protected against differencing with this one.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sha256, type OutflowEntry, type ReleasedCell } from '../disclosure/index.ts';
import { extractCsv } from '../reports/extract/csv.ts';
import { extractExplanationTxt } from '../reports/extract/explanation.ts';
import { extractGeoJSON } from '../reports/extract/geojson.ts';
import { extractParquet } from '../reports/extract/parquet.ts';
import { extractPdf } from '../reports/extract/pdf.ts';
import type { ExtractSignal, ViewExtract } from '../reports/extract/types.ts';
import type { Config } from '../schemas/config.ts';
import { inTransaction } from '../sql/db.ts';
import { cubeDimensions, publicationAreas, rulesFor, lastCompleteMonth, weekDimensions } from './publish.ts';
import { isWeekKey } from './weeks.ts';
import { buildExtract } from './views.ts';
import type { Workspace } from './workspace.ts';

export interface ProducedExtract {
  view: string;
  actor: string;
  dueDate: string;
  directory: string;
  files: { name: string; sha256: string; bytes: number }[];
}

/** The recipient's folder: always inside outbox/<actor>/, whatever the names say. */
export function extractDirectory(ws: Workspace, actor: string, dueDate: string): string {
  if (!/^[a-z0-9_]+$/.test(actor) || !/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) throw new Error(`unsafe extract path ${actor}/${dueDate}`);
  const base = resolve(ws.paths.outbox, actor);
  const dir = resolve(base, dueDate);
  if (!dir.startsWith(base + sep)) throw new Error(`extract path escapes the outbox: ${dir}`);
  return dir;
}

/**
 * The count tables behind a view's indicators: what a published figure lets the recipient know exactly. The rate a
 * count is mapped by (`rateCells`) needs no entry of its own: it is published only where its count is
 * (decideRate), so the count's entry already holds everything it gives away.
 */
function releasedSubjects(config: Config, indicators: string[]): Set<string> {
  const subjects = new Set<string>();
  for (const code of indicators) {
    const ind = config.indicators[code];
    if (!ind || ind.type === 'value') continue;
    subjects.add(ind.type === 'rate' ? ind.of : code);
  }
  return subjects;
}

async function deliveriesUsed(
  connection: DuckDBConnection,
  municipality: string,
): Promise<{ id: string; actor: string; kind: string; file: string; sha256: string; period: string }[]> {
  const reader = await connection.runAndReadAll(
    `select delivery_id, actor, kind, file_name, sha256, strftime(period_start, '%Y-%m-%d') || '..' || strftime(period_end, '%Y-%m-%d') as period
     from deliveries where municipality = $m and status = 'loaded' order by delivery_id`,
    { m: municipality },
  );
  return reader.getRowObjectsJS().map((r) => ({
    id: String(r['delivery_id']),
    actor: String(r['actor']),
    kind: String(r['kind']),
    file: String(r['file_name']),
    sha256: String(r['sha256']),
    period: String(r['period']),
  }));
}

/**
 * The outflow log records, for every indicator in the extract, every figure of the cube — not only the view's
 * areas and periods: the cube is computed once for all views, so whoever holds one extract is assumed to be able
 * to hold them all (the conservative reading of "every view combined").
 */
async function recordOutflow(
  connection: DuckDBConnection,
  ws: Workspace,
  extract: ViewExtract,
  at: string,
  manifestSha: string,
  runId: string,
): Promise<void> {
  const config = ws.config;
  const subjects = releasedSubjects(
    config,
    extract.indicators.map((i) => i.code),
  );
  const areas = await publicationAreas(connection, config, extract.asOf);
  const reader = await connection.runAndReadAll(`select period_key from publication where municipality = $m group by period_key`, {
    m: config.municipality.code,
  });
  const months = reader
    .getRowObjectsJS()
    .map((r) => String(r['period_key']))
    .filter((k) => /^\d{4}-\d{2}$/.test(k) && k <= lastCompleteMonth(extract.asOf))
    .sort();
  const groups = Object.fromEntries(Object.entries(config.areaGroups));
  const structure = cubeDimensions({
    areas,
    months,
    rolling12: Object.values(config.views).some((v) => v.comparison.includes('rolling_12')),
    groups,
  });
  let n = 0;
  // The table the engine protected is the subject's (a rate's count): that is what is logged, once per subject.
  for (const subject of subjects) {
    const rows = await connection.runAndReadAll(
      `select area_code, period_key, value, status, true_count from publication where municipality = $m and indicator = $i`,
      { m: config.municipality.code, i: subject },
    );
    const cells: ReleasedCell[] = rows.getRowObjectsJS().map((r) => {
      const status = String(r['status']) as ReleasedCell['status'];
      const count = Number(r['true_count'] ?? 0);
      const published = r['value'] !== null;
      // A published rate or share gives its count back exactly (rate × population, share × denominator), and a
      // sum is published only with its count: each is logged as that count, the table the engine protected.
      const ind = config.indicators[subject];
      const asCount = ind?.type === 'rate' || ind?.type === 'share' || (ind?.type === 'count' && ind.sum !== undefined);
      const value = !published ? null : !asCount ? Number(r['value']) : status === 'perturbed' ? null : count;
      return { key: [String(r['area_code']), String(r['period_key'])], value, status, count };
    });
    const rules = rulesFor(config, subject);
    // Weeks are a table of their own (areas × weeks, perturbed): logged apart, so the month cube's history holds
    // only figures of the month cube.
    const weekCells = cells.filter((c) => isWeekKey(c.key[1] ?? ''));
    const weeks = [...new Set(weekCells.map((c) => c.key[1] ?? ''))].sort();
    const tables = [
      { dimensions: ['area', 'period'], structure, method: rules.method, cells: cells.filter((c) => !isWeekKey(c.key[1] ?? '')) },
      ...(weekCells.length > 0
        ? [
            {
              dimensions: ['area', 'week'],
              structure: weekDimensions({ areas, months, rolling12: false, groups }, weeks),
              method: 'ckm' as const,
              cells: weekCells,
            },
          ]
        : []),
    ];
    for (const table of tables) {
      const entry: OutflowEntry = {
        at,
        subject,
        dimensions: table.dimensions,
        structure: table.structure,
        recipient: extract.view.actor,
        kind: 'cube',
        method: table.method,
        sourceSha256: manifestSha,
        parameters: rules,
        cells: table.cells,
        summary: {
          published: table.cells.filter((c) => c.status === 'published').length,
          suppressed_primary: table.cells.filter((c) => c.status === 'suppressed_primary').length,
          suppressed_secondary: table.cells.filter((c) => c.status === 'suppressed_secondary').length,
          perturbed: table.cells.filter((c) => c.status === 'perturbed').length,
        },
      };
      await connection.run('insert into outflow values ($id, $at, $subject, $kind, $recipient, $method, $entry)', {
        id: `${runId}:${extract.view.name}:${extract.asOf}:${++n}`,
        at,
        subject,
        kind: 'cube',
        recipient: extract.view.actor,
        method: table.method,
        entry: JSON.stringify(entry),
      });
    }
  }
}

export interface ProduceInput {
  viewName: string;
  dueDate: string;
  asOf: string;
  now: Date;
  runId: string;
  signals?: ExtractSignal[];
}

export async function produceExtract(ws: Workspace, connection: DuckDBConnection, input: ProduceInput): Promise<ProducedExtract> {
  const view = ws.config.views[input.viewName];
  if (!view) throw new Error(`view ${input.viewName} is not configured`);
  const generatedAt = input.now.toISOString();
  const extract = await buildExtract(ws, connection, {
    viewName: input.viewName,
    asOf: input.asOf,
    generatedAt,
    ...(input.signals ? { signals: input.signals } : {}),
  });
  const files: { name: string; bytes: Uint8Array }[] = [];
  const base = input.viewName;
  for (const format of view.formats) {
    if (format === 'csv') {
      files.push({ name: `${base}.csv`, bytes: extractCsv(extract) });
      files.push({ name: 'forklaring.txt', bytes: extractExplanationTxt(extract) });
    } else if (format === 'pdf') files.push({ name: `${base}.pdf`, bytes: await extractPdf(extract) });
    else if (format === 'geojson') {
      files.push({ name: `${base}.geojson`, bytes: new TextEncoder().encode(extractGeoJSON(extract, 'EPSG:3006')) });
      files.push({ name: `${base}.wgs84.geojson`, bytes: new TextEncoder().encode(extractGeoJSON(extract, 'EPSG:4326')) });
    } else files.push({ name: `${base}.parquet`, bytes: await extractParquet(extract) });
  }
  const manifest = {
    view: input.viewName,
    title: view.title,
    recipient: view.actor,
    dueDate: input.dueDate,
    dataAsOf: input.asOf,
    generatedAt,
    runId: input.runId,
    files: files.map((f) => ({ name: f.name, sha256: sha256(f.bytes), bytes: f.bytes.length })),
    deliveriesUsed: await deliveriesUsed(connection, ws.config.municipality.code),
    suppression: extract.suppression,
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const dir = extractDirectory(ws, view.actor, input.dueDate);
  const temp = `${dir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  for (const f of files) writeFileSync(join(temp, f.name), f.bytes);
  writeFileSync(join(temp, 'manifest.json'), manifestText);
  const manifestSha = sha256(manifestText);
  await inTransaction(connection, async () => {
    await recordOutflow(connection, ws, extract, generatedAt, manifestSha, input.runId);
    await connection.run('delete from extracts where view_name = $v and due_date = cast($d as date)', {
      v: input.viewName,
      d: input.dueDate,
    });
    await connection.run('insert into extracts values ($v, $actor, cast($d as date), cast($asof as date), $at, $run, $dir, $sha)', {
      v: input.viewName,
      actor: view.actor,
      d: input.dueDate,
      asof: input.asOf,
      at: generatedAt,
      run: input.runId,
      dir: dir,
      sha: manifestSha,
    });
    // The folder is switched into place inside the transaction: if the rename fails, nothing is recorded.
    const old = `${dir}.old-${process.pid}`;
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(temp, dir);
    rmSync(old, { recursive: true, force: true });
  });
  return { view: input.viewName, actor: view.actor, dueDate: input.dueDate, directory: dir, files: manifest.files };
}
