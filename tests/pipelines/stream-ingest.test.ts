// Large text deliveries are streamed (limits.streamTextBytes); everything a user sees must be the same as when the
// file is read whole: the lager's facts and match keys, and the receipt word for word. Here every file is streamed
// (streamTextBytes: 0) in one workspace and read whole in another.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { tinyWorkspace, type TinyWorkspace } from '../helpers/tinyMunicipality.ts';

const STORM_HEADER =
  'Händelsenummer;Registrerad;Händelsetyp;Händelseplats;Kommun;X-koordinat;Y-koordinat;Prioritet;Anmälan upprättad;Sammanfattning';

const STORM = [
  'STORM-uttag mars 2025',
  '',
  STORM_HEADER,
  '2025000001;2025-03-14 22:41;Ordningsstörning;Storgatan 3;Demostad;;;1;Nej;"Anmälaren Sara Ek bråkar;\nflera rader ""citat"""',
  '2025000002;14/3/2025 23.10;Misshandel;KUNGSGATAN 4 lgh 1102;Demostad;;;1;Ja;Patrull på plats',
  '2025000003;2025-03-15 01:05;Brand;;Demostad;6556500;644500;1;Nej;',
  '2025000004;2025-03-16 12:00;Okänd typ;Okändgatan 99;Demostad;;;2;Nej;',
  '',
  '   ',
  '2025000005;2031-03-16 12:00;Stöld;Storgatan 4;Demostad;;;2;Nej;datum i framtiden',
  '2025000006;inte ett datum;Stöld;Storgatan 4;Demostad;;;2;Nej;',
  '2025000007;2025-03-17 08:00;Stöld;Storgatan 5;Demostad;;;2;Kanske;',
  '2025000008;2025-02-27 08:00;Stöld;Storgatan 5;Demostad;;;2;Nej;utanför perioden',
  '2025000001;2025-03-14 22:41;Ordningsstörning;Storgatan 3;Demostad;;;1;Nej;dubblett av första raden',
  'Summa;;;;;;;;;',
  '2025000009;2025-03-18 08:00;Skadegörelse;Ronnavägen 7;Demostad;644170;6556100;3;Ja;',
];

interface Seen {
  statuses: string[];
  receipts: string[];
  facts: Record<string, unknown>[];
  keys: Record<string, unknown>[];
}

async function ingestBoth(deliver: (t: TinyWorkspace) => void): Promise<[Seen, Seen]> {
  const seen: Seen[] = [];
  for (const limits of [{ streamTextBytes: 0 }, { streamTextBytes: 8 * 1024 * 1024 }]) {
    const t = await tinyWorkspace({ limits });
    deliver(t);
    const summary = await t.ingest();
    seen.push({
      statuses: summary.outcomes.map((o) => `${o.file}: ${o.status}`),
      receipts: summary.outcomes.map((o) => readFileSync(o.receipt, 'utf8').replace(/^(Körning|Mottagen|Leverans-id).*$/gm, '')),
      facts: await t.query('select indicator, area_code, grain, period_start::varchar p, count, value from facts order by all'),
      keys: await t.query(
        'select indicator, area_code, finest_code, event_date::varchar d, minute::varchar m from match_keys order by all',
      ),
    });
  }
  const [streamed, whole] = seen;
  if (!streamed || !whole) throw new Error('two runs expected');
  return [streamed, whole];
}

describe('ingest of streamed text deliveries', () => {
  it('a messy STORM export (title, free text over lines, bad rows, duplicate, summary row) gives the same lager and receipt', async () => {
    const [streamed, whole] = await ingestBoth((t) => t.deliver('polis', 'STORM_2025-03.csv', `\uFEFF${STORM.join('\r\n')}\r\n`));
    expect(streamed).toEqual(whole);
    expect(whole.statuses).toEqual(['STORM_2025-03.csv: loaded']);
    expect(whole.facts.length).toBeGreaterThan(5);
    expect(whole.receipts[0]).toMatch(/rad 15, kolumn "Händelsenummer": raden förekommer redan/);
    expect(whole.receipts[0]).not.toContain('Sara');
  });

  it('Windows-1252, a period only the data can tell, and a refusal for an identity number give the same outcome', async () => {
    const [streamed, whole] = await ingestBoth((t) => {
      const text = `${STORM_HEADER}\r\n${STORM.slice(4, 7).join('\r\n')}\r\n`;
      t.deliver('polis', 'STORM_uttag.csv', new Uint8Array(iconv.encode(text, 'windows-1252')));
      t.deliver(
        'polis',
        'STORM_2025-04.csv',
        `${STORM_HEADER}\n2025000010;2025-04-01 10:00;Stöld;Storgatan 850412-1230;Demostad;;;2;Nej;\n`,
      );
    });
    expect(streamed).toEqual(whole);
    expect(whole.statuses).toEqual(['STORM_uttag.csv: loaded', 'STORM_2025-04.csv: refused']);
    expect(whole.receipts.join('\n')).not.toContain('850412-1230');
  });

  it('a file the stream declines (text after a closing quote) is read whole, with the same result', async () => {
    const [streamed, whole] = await ingestBoth((t) =>
      t.deliver(
        'polis',
        'STORM_2025-03.csv',
        `${STORM_HEADER}\n2025000001;2025-03-14 22:41;Stöld;Storgatan 3;Demostad;;;1;Nej;"12" skärm\n`,
      ),
    );
    expect(streamed).toEqual(whole);
    expect(whole.statuses).toEqual(['STORM_2025-03.csv: loaded']);
  });
});
