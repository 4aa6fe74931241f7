/**
 * One delivery, ingested twice: with every text file streamed (`limits.streamTextBytes: 0`, plus `streamed`
 * limits) and with the default limit that reads these small files whole. What a user sees must be the same: the
 * lager's facts and match keys, and the receipts word for word (their run, arrival and id lines aside).
 */
import { readFileSync } from 'node:fs';
import { tinyWorkspace, type TinyWorkspace } from './tinyMunicipality.ts';

export interface Seen {
  statuses: string[];
  receipts: string[];
  facts: Record<string, unknown>[];
  keys: Record<string, unknown>[];
}

export async function ingestBothWays(
  deliver: (t: TinyWorkspace) => void,
  streamed: Record<string, number> = {},
): Promise<{ streamed: Seen; whole: Seen }> {
  const seen: Seen[] = [];
  for (const limits of [{ streamTextBytes: 0, ...streamed }, { streamTextBytes: 8 * 1024 * 1024 }]) {
    const t = await tinyWorkspace({ limits });
    deliver(t);
    const summary = await t.ingest();
    seen.push({
      statuses: summary.outcomes.map((o) => `${o.file}: ${o.status}`),
      receipts: summary.outcomes.map((o) => readFileSync(o.receipt, 'utf8').replace(/^(Körning|Mottagen|Leverans-id).*$/gm, '')),
      facts: await t.query(
        'select indicator, area_code, grain, period_start::varchar p, count, value, numerator, denominator from facts order by all',
      ),
      keys: await t.query(
        'select indicator, area_code, finest_code, event_date::varchar d, minute::varchar m from match_keys order by all',
      ),
    });
  }
  const [first, second] = seen;
  if (!first || !second) throw new Error('two runs expected');
  return { streamed: first, whole: second };
}
