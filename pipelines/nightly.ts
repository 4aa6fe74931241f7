/**
 * The nightly run: ingest new deliveries, rebuild the publication layer, and produce every view that is due —
 * each due date exactly once, catching up missed nights. Stage timings are kept in the lager.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ExtractSignal } from '../reports/extract/types.ts';
import type { Lager } from '../sql/db.ts';
import type { Effects } from './effects.ts';
import { produceExtract, type ProducedExtract } from './extract.ts';
import { ingest, type IngestSummary } from './ingest.ts';
import { publicationAreas, publish, type PublishSummary } from './publish.ts';
import { addDays, dueDates } from './schedule.ts';
import { earlyWarning, publishableSignals } from './signals.ts';
import type { Workspace } from './workspace.ts';

export interface NightlyOptions {
  runId: string;
  /** The Swedish calendar day the run is for (normally today). */
  today: string;
  /** Told as each stage starts and ends (the benchmark measures memory per stage with it). */
  onStage?: (stage: string, phase: 'start' | 'end') => void;
}

export interface NightlySummary {
  ingest: IngestSummary;
  publication: PublishSummary;
  extracts: ProducedExtract[];
  /** Views not produced tonight because an indicator of theirs has a small count earlier releases give away. */
  held: { view: string; indicators: string[] }[];
  stages: { stage: string; millis: number }[];
}

async function lastProduced(connection: DuckDBConnection, view: string): Promise<string | null> {
  const reader = await connection.runAndReadAll(`select strftime(max(due_date), '%Y-%m-%d') as d from extracts where view_name = $v`, {
    v: view,
  });
  const d = reader.getRowObjectsJS()[0]?.['d'];
  return d === null || d === undefined ? null : String(d);
}

/** Due dates not yet produced: since the last produced one, or only the latest for a view that never ran. */
export async function pendingDueDates(ws: Workspace, connection: DuckDBConnection, view: string, today: string): Promise<string[]> {
  const config = ws.config.views[view];
  if (!config) return [];
  const last = await lastProduced(connection, view);
  if (last) return dueDates(config.schedule, last, today);
  return dueDates(config.schedule, addDays(today, -400), today).slice(-1);
}

export async function nightly(ws: Workspace, lager: Lager, opts: NightlyOptions, effects: Effects): Promise<NightlySummary> {
  const { connection } = lager;
  const stages: NightlySummary['stages'] = [];
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    opts.onStage?.(stage, 'start');
    const started = Date.now();
    const result = await work();
    const millis = Date.now() - started;
    opts.onStage?.(stage, 'end');
    stages.push({ stage, millis });
    await connection.run('insert into run_stages values ($run, $stage, $ms, null)', { run: opts.runId, stage, ms: millis });
    effects.progress(`${stage}: ${(millis / 1000).toFixed(1)} s`);
    return result;
  };
  const ingested = await timed('inläsning', () => ingest(ws, lager, { runId: opts.runId }, effects));
  const publication = await timed('röjandekontroll', () => publish(ws, connection, { asOf: opts.today, runId: opts.runId }, effects));
  const extracts: ProducedExtract[] = [];
  const heldViews: NightlySummary['held'] = [];
  await timed('vyer', async () => {
    let signals: ExtractSignal[] | undefined;
    for (const name of Object.keys(ws.config.views).sort()) {
      const view = ws.config.views[name];
      if (!view) continue;
      const held = view.indicators.filter((code) => {
        const ind = ws.config.indicators[code];
        return publication.held.includes(ind?.type === 'rate' ? ind.of : code);
      });
      if (held.length > 0) {
        // Not produced, so not marked done: the due date is caught up on the first night the release is safe.
        effects.progress(`Vy ${name} hålls inne: ${held.join(', ')} har ett litet tal som tidigare utlämnade uppgifter avslöjar`);
        heldViews.push({ view: name, indicators: held });
        continue;
      }
      for (const due of await pendingDueDates(ws, connection, name, opts.today)) {
        if (view.signals && !signals) {
          const areas = await publicationAreas(connection, ws.config, opts.today);
          const names = new Map(areas.map((a) => [a.code, a.name]));
          signals = publishableSignals(await earlyWarning(connection, ws.config, opts.today), ws.config, (c) => names.get(c) ?? c);
        }
        effects.progress(`Vy ${name} (${view.actor}) för ${due}`);
        extracts.push(
          await produceExtract(ws, connection, {
            viewName: name,
            dueDate: due,
            asOf: due,
            now: effects.now(),
            runId: opts.runId,
            ...(view.signals && signals ? { signals } : {}),
          }),
        );
      }
    }
  });
  return { ingest: ingested, publication, extracts, held: heldViews, stages };
}
