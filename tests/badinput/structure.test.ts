/** Files whose shape is wrong: nothing, only a header, other columns, a format other than the name says, noise. */
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectGoodLoaded,
  expectRefused,
  outcomeOf,
  receiptOf,
  stormCsv,
  stormXlsx,
  STORM_HEADER,
  removeWorkspaces,
  withGoodDelivery,
} from './helpers.ts';

/** Deterministic noise (xorshift32), never starting like a zip or an OLE2 file. */
function noise(length: number, seed: number): Uint8Array {
  let x = seed;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  out[0] = 0x01;
  return out;
}

afterAll(removeWorkspaces);

describe('bad input: shape', () => {
  it('an empty file is refused as empty', async () => {
    const t = await withGoodDelivery();
    t.deliver('polis', 'STORM_2025-03.csv', '');
    const summary = await t.ingest();
    const receipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.csv');
    expect(receipt).toContain('Fel (raden eller filen lästes inte in):\n  filen är tom');
    await expectGoodLoaded(t, summary);
  });

  it('a header without rows is refused: no data rows', async () => {
    const t = await withGoodDelivery();
    t.deliver('polis', 'STORM_2025-03.csv', stormCsv([]));
    const summary = await t.ingest();
    const receipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.csv');
    expect(receipt).toContain('Skäl: filen innehåller inga datarader (bara rubriker)');
    expect(receipt).toContain('Leveranstyp:       STORM-händelserapporter (polis.storm)');
    await expectGoodLoaded(t, summary);
  });

  it('wrong columns are refused, naming the missing column, the header row and the expected headers', async () => {
    const t = await withGoodDelivery();
    const header = ['Händelsenummer', 'Registrerad', 'Händelseplats', 'Kommun'];
    t.deliver('polis', 'STORM_2025-03.csv', stormCsv([['1', '2025-03-01 10:00', 'Storgatan 1', 'Demostad']], header));
    const summary = await t.ingest();
    const receipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.csv');
    expect(receipt).toContain('Skäl: filen kunde inte kopplas till någon av aktörens leveranstyper');
    expect(receipt).toContain('filen liknar ingen av aktörens leveranstyper (polis.storm, polis.brott)');
    expect(receipt).toContain(
      'rad 1: obligatorisk kolumn saknas: eventType (förväntade rubriken Händelsetyp / Typ / Händelsekategori / Händelse)',
    );
    await expectGoodLoaded(t, summary);
  });

  it('a workbook named .csv and a CSV named .xlsx are read by their content, and the receipt says which', async () => {
    const t = await withGoodDelivery();
    t.deliver('polis', 'STORM_2025-03.csv', stormXlsx([STORM_HEADER, ['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', '', '']]));
    t.deliver('polis', 'STORM_2025-04.xlsx', stormCsv([['2', '2025-04-01 10:00', 'Bråk', 'Kungsgatan 2', '', '']]));
    const summary = await t.ingest();
    const workbook = outcomeOf(summary, 'STORM_2025-03.csv');
    const text = outcomeOf(summary, 'STORM_2025-04.xlsx');
    expect([workbook.status, text.status]).toEqual(['loaded', 'loaded']);
    expect(receiptOf(workbook)).toContain('Format:            Excel (blad "Händelser")');
    expect(receiptOf(text)).toContain('Format:            CSV, utf-8-bom, avgränsare ";"');
    expect(
      await t.query(
        `select area_code, strftime(period_start, '%Y-%m') as m, count::int as n from facts where indicator = 'polis.storm.total' order by m`,
      ),
    ).toEqual([
      { area_code: '111', m: '2025-03', n: 1 },
      { area_code: '112', m: '2025-04', n: 1 },
    ]);
    await expectGoodLoaded(t, summary);
  });

  it('random bytes named .xlsx, and a broken zip, are refused as unreadable with the reason in Swedish', async () => {
    const t = await withGoodDelivery();
    t.deliver('polis', 'STORM_2025-03.xlsx', noise(4096, 0x9e3779b9));
    const zip = stormXlsx([STORM_HEADER, ['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', '', '']]);
    t.deliver('polis', 'STORM_2025-04.xlsx', zip.subarray(0, zip.length - 30));
    const summary = await t.ingest();
    const noiseReceipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.xlsx');
    expect(noiseReceipt).toContain('filen kunde inte läsas som CSV eller Excel (filen innehåller binära data, inte text)');
    const zipReceipt = await expectRefused(t, summary, 'polis', 'STORM_2025-04.xlsx');
    expect(zipReceipt).toContain('filen kunde inte läsas som CSV eller Excel (zip-arkivet är ofullständigt)');
    await expectGoodLoaded(t, summary);
  });

  it('an unterminated quote is refused at the line it opens, instead of swallowing the rest of the file', async () => {
    const t = await withGoodDelivery();
    t.deliver(
      'polis',
      'STORM_2025-03.csv',
      stormCsv([
        ['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', '', ''],
        ['2', '2025-03-02 10:00', 'Bråk', '"Storgatan 2', '', ''],
        ['3', '2025-03-03 10:00', 'Bråk', 'Storgatan 3', '', ''],
      ]),
    );
    const summary = await t.ingest();
    const receipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.csv');
    expect(receipt).toContain('rad 3: ett citattecken (") avslutas aldrig; resten av filen skulle ha lästs som en enda cell');
    await expectGoodLoaded(t, summary);
  });

  it('a __proto__ header and a repeated header are reported; the first of the repeated columns is read, nothing is polluted', async () => {
    const t = await withGoodDelivery();
    const rows = [
      'Datum\tTid\tOmråde/Objekt\tHändelsekategori\t__proto__\tHändelsekategori\tconstructor',
      '2025-04-01\t22:00\tStora torget\tHot\t{"polluted":1}\tSkadegörelse\tx',
      '2025-04-02\t23:00\tStora torget\tHot\t__proto__\tSkadegörelse\ty',
    ];
    t.deliver('securitas', 'rapporter_2025-04.txt', `${rows.join('\r\n')}\r\n`);
    const summary = await t.ingest();
    const o = outcomeOf(summary, 'rapporter_2025-04.txt');
    expect(o.status).toBe('loaded');
    const receipt = receiptOf(o);
    expect(receipt).toContain(
      'rad 1, kolumn "Händelsekategori": kolumnnamnet "Händelsekategori" förekommer flera gånger eller är inte tillåtet',
    );
    expect(receipt).toContain('Kolumner som inte lästes (släpptes olästa, lagras inte):\n  __proto__\n  Händelsekategori\n  constructor\n');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(
      await t.query(
        `select strftime(period_start, '%Y-%m') as m, sum(count)::int as n from facts where indicator = 'securitas.hot' group by all order by m`,
      ),
    ).toEqual([
      { m: '2025-03', n: 1 },
      { m: '2025-04', n: 2 },
    ]);
    await expectGoodLoaded(t, summary);
  });
});
