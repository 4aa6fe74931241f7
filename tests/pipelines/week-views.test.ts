/**
 * A week view end to end on a tiny municipality: STORM events per day → ISO week cells in the publication layer
 * (perturbed by the cell key method, the same noise on every run) → an extract whose periods are the weeks the
 * deliveries cover → the outflow log, where the weeks are a table of their own.
 */
import { describe, expect, it } from 'vitest';
import { produceExtract } from '../../pipelines/extract.ts';
import { publish } from '../../pipelines/publish.ts';
import { withRun } from '../../pipelines/run.ts';
import { buildExtract } from '../../pipelines/views.ts';
import { weekOf } from '../../pipelines/weeks.ts';
import { tinyWorkspace } from '../helpers/tinyMunicipality.ts';

const STORM_HEADER = 'Händelsenummer;Registrerad;Händelsetyp;Händelseplats;Kommun;X-koordinat;Y-koordinat;Prioritet;Anmälan upprättad';
const STREETS = ['Storgatan', 'Kungsgatan', 'Ronnavägen'];

/** Disturbances on the days of November and December 2025, a few a day, so weeks hold small and larger counts. */
function storm(): { text: string; perWeek: Map<string, number> } {
  const rows: string[] = [];
  const perWeek = new Map<string, number>();
  let n = 0;
  for (let t = Date.UTC(2025, 10, 1); t <= Date.UTC(2025, 11, 31); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    for (let i = 0; i < (t / 86_400_000) % 3; i++) {
      rows.push(`2025${String(200000 + n)};${day} 2${i}:15;Ordningsstörning;${STREETS[n % 3] ?? ''} ${1 + (n % 20)};Demostad;;;2;Nej`);
      perWeek.set(weekOf(day), (perWeek.get(weekOf(day)) ?? 0) + 1);
      n++;
    }
  }
  return { text: `${STORM_HEADER}\n${rows.join('\n')}\n`, perWeek };
}

describe('week views', () => {
  it('publishes ISO weeks perturbed and repeatably, shows the weeks the deliveries cover, and logs them as their own table', async () => {
    const t = await tinyWorkspace();
    const { text, perWeek } = storm();
    t.deliver('polis', 'STORM_2025-11_2025-12.csv', text);
    expect((await t.ingest()).outcomes.map((o) => o.status)).toEqual(['loaded']);
    const weekRows = async () =>
      t.query(
        `select area_code, period_key, value, status, true_count from publication
         where indicator = 'polis.storm.ordningsstorning' and period_key like '%-W%' order by all`,
      );
    let periods: string[] = [];
    await withRun(t.ws, 'run', t.effects, async ({ lager, runId }) => {
      await publish(t.ws, lager.connection, { asOf: '2026-01-05', runId }, t.effects);
      await produceExtract(t.ws, lager.connection, {
        viewName: 'securitas',
        dueDate: '2026-01-05',
        asOf: '2026-01-05',
        now: new Date('2026-01-05T05:00:00Z'),
        runId,
      });
      const extract = await buildExtract(t.ws, lager.connection, { viewName: 'securitas', asOf: '2026-01-05', generatedAt: '' });
      periods = extract.periods.map((p) => p.key);
      return { changed: true };
    });
    const first = await weekRows();
    const municipality = first.filter((r) => r['area_code'] === t.ws.config.municipality.code);
    expect(municipality.length).toBeGreaterThan(8);
    for (const r of first) expect(r['status']).toBe('perturbed');
    // The true counts are the events of each week; what is published is never a 1 or a 2.
    for (const r of municipality) expect(Number(r['true_count'])).toBe(perWeek.get(String(r['period_key'])) ?? 0);
    for (const r of first) expect([1, 2]).not.toContain(Number(r['value']));
    // The deliveries end on 31 December: the last week shown is the last one they cover completely.
    expect(periods.at(-1)).toBe('2025-W52');
    expect(periods).toHaveLength(13);

    const log = await t.query(`select entry from outflow where subject = 'polis.storm.ordningsstorning'`);
    const entries = log.map((r) => JSON.parse(String(r['entry'])) as { dimensions: string[]; method: string; cells: { key: string[] }[] });
    const weekEntry = entries.find((e) => e.dimensions[1] === 'week');
    expect(weekEntry?.method).toBe('ckm');
    for (const e of entries.filter((x) => x.dimensions[1] === 'period')) {
      expect(e.cells.some((c) => /-W\d\d$/.test(c.key[1] ?? ''))).toBe(false);
    }

    await withRun(t.ws, 'publish', t.effects, async ({ lager, runId }) => {
      await publish(t.ws, lager.connection, { asOf: '2026-01-05', runId }, t.effects);
      return { changed: true };
    });
    expect(await weekRows()).toEqual(first);
  });
});
