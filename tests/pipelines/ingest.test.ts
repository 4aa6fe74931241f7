import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyWorkspace } from '../helpers/tinyMunicipality.ts';

const STORM_HEADER =
  'Händelsenummer;Registrerad;Händelsetyp;Händelseplats;Kommun;X-koordinat;Y-koordinat;Prioritet;Anmälan upprättad;Sammanfattning';

function storm(rows: string[]): string {
  return `\uFEFF${STORM_HEADER}\r\n${rows.join('\r\n')}\r\n`;
}

const receiptOf = (path: string): string => readFileSync(path, 'utf8');

describe('ingest', () => {
  it('loads a delivery, counts per area and day, and never stores the free text', async () => {
    const t = await tinyWorkspace();
    t.deliver(
      'polis',
      'STORM_2025-03.csv',
      storm([
        '2025000001;2025-03-14 22:41;Ordningsstörning;Storgatan 3;Demostad;;;1;Nej;Anmälaren Sara Ek (850412-1230) bråkar',
        '2025000002;14/3/2025 23.10;Misshandel;KUNGSGATAN 4 lgh 1102;Demostad;;;1;Ja;Patrull på plats',
        '2025000003;2025-03-15 01:05;Brand;;Demostad;6556500;644500;1;Nej;',
        '2025000004;2025-03-16 12:00;Okänd typ;Okändgatan 99;Demostad;;;2;Nej;',
        '2025000001;2025-03-14 22:41;Ordningsstörning;Storgatan 3;Demostad;;;1;Nej;dubblett av första raden',
      ]),
    );
    const summary = await t.ingest();
    expect(summary.outcomes.map((o) => o.status)).toEqual(['loaded']);
    const rows = await t.query(
      `select indicator, area_code, strftime(month, '%Y-%m') as month, count from monthly where indicator like 'polis.storm.%' order by indicator, area_code`,
    );
    const count = (indicator: string, area: string): number =>
      Number(rows.find((r) => r['indicator'] === indicator && r['area_code'] === area)?.['count'] ?? 0);
    expect(count('polis.storm.total', '111')).toBe(1);
    expect(count('polis.storm.total', '112')).toBe(1);
    expect(count('polis.storm.total', '211')).toBe(1); // swapped SWEREF coordinates
    expect(count('polis.storm.total', 'okand')).toBe(1);
    expect(count('polis.storm.vald', '112')).toBe(1);
    expect(count('polis.storm.brand', '211')).toBe(1);
    expect(count('polis.storm.utan_anmalan', '111')).toBe(1);
    const receipt = receiptOf(summary.outcomes[0]?.receipt ?? '');
    expect(receipt).toContain('Status:            INLÄST');
    expect(receipt).toContain('Sammanfattning – personuppgifter eller fritext');
    expect(receipt).toContain('"Okändgatan 99": 1');
    expect(receipt).toContain('eventType "Okänd typ": 1 rader');
    expect(receipt).toMatch(/rad 6, kolumn "Händelsenummer": raden förekommer redan/);
    expect(receipt).not.toContain('850412-1230');
    expect(receipt).not.toContain('Sara');
  });

  it('refuses a delivery whose mapped column carries identity numbers, and quarantines it', async () => {
    const t = await tinyWorkspace();
    t.deliver(
      'bostadsbolaget',
      'Storningsjour_2025-03.csv',
      'Datum;Tid;Adress;Lgh nr;Störningstyp;Åtgärd\n14.03.2025;22.41;Storgatan 3 (850412-1230);1102;Buller;Samtal\n',
    );
    const summary = await t.ingest();
    expect(summary.outcomes[0]?.status).toBe('refused');
    expect(summary.outcomes[0]?.reason).toContain('personnummer');
    expect(existsSync(join(t.ws.paths.quarantine, 'bostadsbolaget', 'Storningsjour_2025-03.csv'))).toBe(true);
    expect(existsSync(join(t.ws.paths.quarantine, 'bostadsbolaget', 'Storningsjour_2025-03.csv.kvitto.txt'))).toBe(true);
    expect(existsSync(join(t.ws.paths.inbox, 'bostadsbolaget', 'Storningsjour_2025-03.csv'))).toBe(false);
    expect(await t.query('select count(*)::int as n from facts')).toEqual([{ n: 0 }]);
  });

  it('records the same bytes under a new name as a duplicate, and a second run finds nothing new', async () => {
    const t = await tinyWorkspace();
    const content = 'Datum\tTid\tOmråde/Objekt\tHändelsekategori\tBeskrivning\r\n2025-03-01\t22:00\tStora torget\tHot\tVäktare ingrep.\r\n';
    t.deliver('securitas', 'rapporter_2025-03.txt', content);
    t.deliver('securitas', 'rapporter_2025-03 (kopia).txt', content);
    const first = await t.ingest();
    expect(first.outcomes.map((o) => o.status)).toEqual(['loaded', 'duplicate']);
    const second = await t.ingest();
    expect(second.outcomes).toEqual([]);
    expect(await t.query(`select sum(count)::int as n from monthly where indicator = 'securitas.hot'`)).toEqual([{ n: 1 }]);
    expect(await t.query(`select status, count(*)::int as n from deliveries group by status order by status`)).toEqual([
      { status: 'duplicate', n: 1 },
      { status: 'loaded', n: 1 },
    ]);
  });

  it('replaces the overlapping period of an earlier delivery (a correction is a new delivery)', async () => {
    const t = await tinyWorkspace();
    t.deliver(
      'polis',
      'STORM_2025-01_2025-03.csv',
      storm([
        '1;2025-01-10 10:00;Bråk;Storgatan 1;;;;1;Ja;',
        '2;2025-03-10 10:00;Bråk;Storgatan 1;;;;1;Ja;',
        '3;2025-03-11 10:00;Bråk;Storgatan 1;;;;1;Ja;',
      ]),
    );
    await t.ingest();
    t.deliver(
      'polis',
      'STORM_2025-03_2025-05.csv',
      storm(['3;2025-03-11 10:00;Narkotika;Storgatan 1;;;;1;Ja;', '4;2025-04-02 10:00;Bråk;Storgatan 1;;;;1;Ja;']),
    );
    const second = await t.ingest();
    expect(second.outcomes[0]?.status).toBe('loaded');
    const monthly = await t.query(
      `select strftime(month, '%Y-%m') as m, indicator, count::int as n from monthly where indicator in ('polis.storm.total', 'polis.storm.vald') order by m, indicator`,
    );
    expect(monthly).toEqual([
      { m: '2025-01', indicator: 'polis.storm.total', n: 1 },
      { m: '2025-01', indicator: 'polis.storm.vald', n: 1 },
      { m: '2025-03', indicator: 'polis.storm.total', n: 1 },
      { m: '2025-04', indicator: 'polis.storm.total', n: 1 },
      { m: '2025-04', indicator: 'polis.storm.vald', n: 1 },
    ]);
    const replaced = await t.query(`select replaced_delivery_id, strftime(period_start, '%Y-%m-%d') as f from replacements`);
    expect(replaced).toEqual([{ replaced_delivery_id: 'L000001', f: '2025-03-10' }]);
    expect(receiptOf(second.outcomes[0]?.receipt ?? '')).toContain('L000001: 2025-03-10 – 2025-03-11');
  });

  it('a dry run writes receipts and loads nothing', async () => {
    const t = await tinyWorkspace();
    t.deliver(
      'polis',
      'STORM_2025-03.csv',
      storm(['1;2025-03-10 10:00;Bråk;Storgatan 1;;;;1;Ja;', '2;31/31/2025;Bråk;Storgatan 1;;;;1;Ja;']),
    );
    const summary = await t.ingest({ dryRun: true });
    expect(summary.outcomes[0]?.status).toBe('dry_run');
    expect(readdirSync(join(t.ws.paths.outbox, 'polis', 'kvitton'))[0]).toMatch(/PROV_STORM_2025-03\.csv\.txt$/);
    const receipt = receiptOf(summary.outcomes[0]?.receipt ?? '');
    expect(receipt).toContain('PROVKÖRNING');
    expect(receipt).toMatch(/rad 3, kolumn "Registrerad": förväntade .*fick "31\/31\/2025"/);
    expect(await t.query('select count(*)::int as n from deliveries')).toEqual([{ n: 0 }]);
    expect(existsSync(join(t.ws.paths.inbox, 'polis', 'STORM_2025-03.csv'))).toBe(true);
  });

  it("refuses a file that matches none of the actor's kinds and says which columns were expected", async () => {
    const t = await tinyWorkspace();
    t.deliver('raddningstjansten', 'insatser_2025.csv', 'Foo;Bar\n1;2\n');
    const summary = await t.ingest();
    expect(summary.outcomes[0]?.status).toBe('refused');
    const receipt = receiptOf(summary.outcomes[0]?.receipt ?? '');
    expect(receipt).toContain('AVVISAD');
  });

  it('warns about an unknown actor folder and leaves its files alone', async () => {
    const t = await tinyWorkspace();
    t.deliver('okand_aktor', 'data.csv', 'a;b\n1;2\n');
    const summary = await t.ingest();
    expect(summary.unknownActors).toEqual(['okand_aktor']);
    expect(t.log.join('\n')).toContain('okänd aktör');
  });
});
