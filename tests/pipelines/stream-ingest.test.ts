// Large text deliveries are streamed (limits.streamTextBytes); everything a user sees must be the same as when the
// file is read whole: the lager's facts and match keys, and the receipt word for word. Here every file is streamed
// (streamTextBytes: 0) in one workspace and read whole in another. STORM is then counted as a table
// (table-ingest.test.ts has the property); the fire service's connector computes per row, so its rows are streamed.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { ingestBothWays } from '../helpers/bothPaths.ts';

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

describe('ingest of streamed text deliveries', () => {
  it('a messy STORM export (title, free text over lines, bad rows, duplicate, summary row) gives the same lager and receipt', async () => {
    const { streamed, whole } = await ingestBothWays((t) => t.deliver('polis', 'STORM_2025-03.csv', `\uFEFF${STORM.join('\r\n')}\r\n`));
    expect(streamed).toEqual(whole);
    expect(whole.statuses).toEqual(['STORM_2025-03.csv: loaded']);
    expect(whole.facts.length).toBeGreaterThan(5);
    expect(whole.receipts[0]).toMatch(/rad 15, kolumn "Händelsenummer": raden förekommer redan/);
    expect(whole.receipts[0]).not.toContain('Sara');
  });

  it('Windows-1252, a period only the data can tell, and a refusal for an identity number give the same outcome', async () => {
    const { streamed, whole } = await ingestBothWays((t) => {
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
    const { streamed, whole } = await ingestBothWays((t) =>
      t.deliver(
        'polis',
        'STORM_2025-03.csv',
        `${STORM_HEADER}\n2025000001;2025-03-14 22:41;Stöld;Storgatan 3;Demostad;;;1;Nej;"12" skärm\n`,
      ),
    );
    expect(streamed).toEqual(whole);
    expect(whole.statuses).toEqual(['STORM_2025-03.csv: loaded']);
  });

  it('a fire-service export (a connector that computes per row) is streamed row by row, with the same result', async () => {
    const rows = [
      'Ärendenummer;Larmtid;Händelsetyp;Trolig orsak;Objekttyp;Adress;Inomhus/Utomhus;Hot eller våld mot personal;X;Y',
      'R-1;2025-03-02 21:40;Brand i byggnad;Anlagd;Skola;Storgatan 3;Inomhus;Nej;;',
      'R-2;2/3/2025 22.05;Brand ej i byggnad;Anlagd;Container;;Utomhus;Ja;645100;6557100',
      'R-3;inte en tid;Brand i byggnad;Okänd;Bostad;Kungsgatan 4;Inomhus;Nej;;',
      'R-4;2025-03-05 03:10;Trafikolycka;;;Ronnavägen 7;Ute;Kanske;;',
      'R-1;2025-03-02 21:40;Brand i byggnad;Anlagd;Skola;Storgatan 3;Inomhus;Nej;;',
      'R-5;2025-04-01 10:00;Brand i byggnad;Anlagd;Skola;Storgatan 3;Inne;Nej;;',
      'R-6;2025-03-20 12:00;;Anlagd;Skola;Okändgatan 1;Inomhus;Nej;;',
    ];
    const { streamed, whole } = await ingestBothWays((t) => t.deliver('raddningstjansten', 'insatser_2025-03.csv', `${rows.join('\n')}\n`));
    expect(streamed).toEqual(whole);
    expect(whole.statuses).toEqual(['insatser_2025-03.csv: loaded']);
    expect(whole.facts.length).toBeGreaterThan(2);
  });
});
