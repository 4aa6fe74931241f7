/** Files of the right shape with wrong content: Excel errors, impossible dates, unknown categories, copies, identity numbers, lost zeros. */
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { patchZip, workbook, writeBook } from '../readers/fixtures.ts';
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

afterAll(removeWorkspaces);

describe('bad input: content', () => {
  it('error cells (#REF!) read as empty and are named in the receipt; cached formula values are used', async () => {
    const t = await withGoodDelivery();
    const ws = XLSX.utils.aoa_to_sheet([
      STORM_HEADER,
      ['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', null, null],
      ['2', { t: 'e', v: 0x17, w: '#REF!' }, 'Bråk', 'Storgatan 2', null, null],
      ['3', '2025-03-03 10:00', 'Bråk', { t: 's', v: 'Kungsgatan 3', f: 'Adresser!A3' }, null, null],
      ['4', '2025-03-04 10:00', 'Bråk', 'Ronnavägen 4', { t: 'e', v: 0x07, w: '#DIV/0!' }, null],
    ]);
    t.deliver('polis', 'STORM_2025-03.xlsx', writeBook(workbook([['Händelser', ws]])));
    const summary = await t.ingest();
    const o = outcomeOf(summary, 'STORM_2025-03.xlsx');
    expect(o.status).toBe('loaded');
    expect([o.rowsAccepted, o.rowsRejected]).toEqual([3, 1]);
    const receipt = receiptOf(o);
    expect(receipt).toContain('blad "Händelser", rad 3, kolumn "Registrerad": obligatoriskt värde saknas');
    expect(receipt).toContain('blad "Händelser", rad 3, kolumn "B": cellen innehåller ett Excel-fel (#REF!) och lästes som tom');
    expect(receipt).toContain('blad "Händelser", rad 5, kolumn "E": cellen innehåller ett Excel-fel (#DIV/0!) och lästes som tom');
    expect(
      await t.query(
        `select area_code, sum(count)::int as n from facts where indicator = 'polis.storm.total' group by all order by area_code`,
      ),
    ).toEqual([
      { area_code: '111', n: 1 },
      { area_code: '112', n: 1 },
      { area_code: '211', n: 1 },
    ]);
    await expectGoodLoaded(t, summary);
  });

  it('a formula without a cached value refuses the workbook (no hole is loaded), naming sheet, row and column', async () => {
    const t = await withGoodDelivery();
    const bytes = patchZip(
      stormXlsx([
        STORM_HEADER,
        ['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', null, null],
        ['2', '2025-03-02 10:00', 'Bråk', 'Storgatan 2', null, null],
      ]),
      'xl/worksheets/sheet1.xml',
      // As openpyxl and many report generators write formulas: no <v>, no type.
      (xml) => xml.replace(/<c r="C3"[^>]*>.*?<\/c>/, '<c r="C3"><f>Typer!A2</f></c>'),
    );
    t.deliver('polis', 'STORM_2025-03.xlsx', bytes);
    const summary = await t.ingest();
    const receipt = await expectRefused(t, summary, 'polis', 'STORM_2025-03.xlsx');
    expect(receipt).toContain('Skäl: filen kunde inte läsas');
    expect(receipt).toContain(
      'blad "Händelser", rad 3, kolumn "C": cellen innehåller en formel utan sparat värde; öppna filen i Excel, spara och leverera igen',
    );
    await expectGoodLoaded(t, summary);
  });

  it('dates before 2000 or after today reject their rows with the reasonable range; the rest loads', async () => {
    const t = await withGoodDelivery();
    t.deliver(
      'polis',
      'STORM_2025-03.csv',
      stormCsv([
        ['1', '1999-12-31 23:59', 'Bråk', 'Storgatan 1', '', ''],
        ['2', '2025-03-02 10:00', 'Bråk', 'Storgatan 2', '', ''],
        ['3', '2027-03-01 10:00', 'Bråk', 'Storgatan 3', '', ''],
      ]),
    );
    const summary = await t.ingest();
    const o = outcomeOf(summary, 'STORM_2025-03.csv');
    expect(o.status).toBe('loaded');
    expect([o.rowsAccepted, o.rowsRejected]).toEqual([1, 2]);
    const receipt = receiptOf(o);
    // The clock of the test workspace says 2026-01-15.
    expect(receipt).toContain(
      'rad 2, kolumn "Registrerad": datumet 1999-12-31 ligger utanför det rimliga intervallet 2000-01-01 – 2026-01-15',
    );
    expect(receipt).toContain(
      'rad 4, kolumn "Registrerad": datumet 2027-03-01 ligger utanför det rimliga intervallet 2000-01-01 – 2026-01-15',
    );
    expect(await t.query(`select sum(count)::int as n from facts where indicator = 'polis.storm.total'`)).toEqual([{ n: 1 }]);
    await expectGoodLoaded(t, summary);
  });

  it('unknown event types are counted in the total and listed with their counts, never dropped', async () => {
    const t = await withGoodDelivery();
    t.deliver(
      'polis',
      'STORM_2025-03.csv',
      stormCsv([
        ['1', '2025-03-01 10:00', 'Skottlossning', 'Storgatan 1', '', ''],
        ['2', '2025-03-02 10:00', 'Skottlossning', 'Storgatan 2', '', ''],
        ['3', '2025-03-03 10:00', 'Misshandel', 'Storgatan 3', '', ''],
        ['4', '2025-03-04 10:00', 'Drönare', 'Storgatan 4', '', ''],
      ]),
    );
    const summary = await t.ingest();
    const o = outcomeOf(summary, 'STORM_2025-03.csv');
    expect([o.status, o.rowsAccepted, o.rowsRejected]).toEqual(['loaded', 4, 0]);
    const receipt = receiptOf(o);
    expect(receipt).toContain(
      'Okända kategorier – lägg till dem i lagesbild.yaml om de ska räknas:\n  eventType "Skottlossning": 2 rader (räknas bara i totalen)\n  eventType "Drönare": 1 rader (räknas bara i totalen)',
    );
    expect(
      await t.query(
        `select indicator, sum(count)::int as n from facts where indicator in ('polis.storm.total', 'polis.storm.vald') group by all order by indicator`,
      ),
    ).toEqual([
      { indicator: 'polis.storm.total', n: 4 },
      { indicator: 'polis.storm.vald', n: 1 },
    ]);
    await expectGoodLoaded(t, summary);
  });

  it('the same bytes under new names are duplicates, in the same run and in a later one: loaded once', async () => {
    const t = await withGoodDelivery();
    const content = stormCsv([['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', '', '']]);
    t.deliver('polis', 'STORM_2025-03.csv', content);
    t.deliver('polis', 'STORM_2025-03 (kopia).csv', content);
    const first = await t.ingest();
    t.deliver('polis', 'Kopia av STORM_2025-03.csv', content);
    const second = await t.ingest();
    const original = outcomeOf(first, 'STORM_2025-03.csv');
    expect(original.status).toBe('loaded');
    for (const [summary, name] of [
      [first, 'STORM_2025-03 (kopia).csv'],
      [second, 'Kopia av STORM_2025-03.csv'],
    ] as const) {
      const o = outcomeOf(summary, name);
      expect(o.status).toBe('duplicate');
      const receipt = receiptOf(o);
      expect(receipt).toContain('Status:            DUBBLETT – inget lästes in');
      expect(receipt).toContain(`Fil:               ${name}`);
      expect(receipt).toMatch(
        /samma fil \(identiskt innehåll\) levererades redan som "STORM_2025-03\.csv" 2026-01-15 \d\d:\d\d; inget lästes in/,
      );
    }
    expect(second.outcomes).toHaveLength(1);
    expect(await t.query(`select sum(count)::int as n from facts where indicator = 'polis.storm.total'`)).toEqual([{ n: 1 }]);
    expect(await t.query(`select file_name, status, duplicate_of from deliveries where actor = 'polis' order by delivery_id`)).toEqual([
      { file_name: 'STORM_2025-03.csv', status: 'loaded', duplicate_of: null },
      { file_name: 'STORM_2025-03 (kopia).csv', status: 'duplicate', duplicate_of: original.deliveryId },
      { file_name: 'Kopia av STORM_2025-03.csv', status: 'duplicate', duplicate_of: original.deliveryId },
    ]);
    await expectGoodLoaded(t, first);
  });

  it('an identity number in a mapped column refuses the whole delivery; the number is in no receipt and no ledger row', async () => {
    const t = await withGoodDelivery();
    t.deliver(
      'bostadsbolaget',
      'Storningsjour_2025-03.csv',
      'Datum;Tid;Adress;Lgh nr;Störningstyp;Åtgärd\n14.03.2025;22.41;Storgatan 3;1102;Buller;Samtal\n15.03.2025;01.10;Storgatan 4 (19850412-1230);1201;Buller;Samtal\n',
    );
    const summary = await t.ingest();
    const receipt = await expectRefused(t, summary, 'bostadsbolaget', 'Storningsjour_2025-03.csv');
    expect(receipt).toContain(
      'Skäl: kolumnen Adress innehåller personnummer eller samordningsnummer (1 celler). Leveransen avvisades i sin helhet',
    );
    expect(receipt).toContain('rad 3, kolumn "Adress": kolumnen innehåller personnummer eller samordningsnummer');
    expect(receipt).not.toMatch(/850412|1230\)/);
    const ledger = JSON.stringify(await t.query('select columns(*)::varchar from deliveries'));
    expect(ledger).not.toContain('850412');
    await expectGoodLoaded(t, summary);
  });

  it('a NYKO code that lost its leading zero (the number 101 for "0101") is never placed in another area; the receipt says why', async () => {
    const t = await withGoodDelivery({
      extraAreas: [
        '0;1;Västra staden;2020-01-01',
        '01;2;Väster;2020-01-01',
        '010;3;Västerby;2020-01-01',
        '0101;4;Västerby centrum;2020-01-01',
      ],
    });
    const header = ['Inkom', 'Anmälare', 'Anledning', 'NYKO'];
    // In Excel the code typed into a General cell becomes the number 101; a text cell keeps '0101'.
    t.deliver(
      'socialtjansten',
      'orosanmalningar_2025-03.xlsx',
      writeBook(
        workbook([
          [
            'Mars',
            [header, ['2025-03-03', 'Skola', 'Våld', '0101'], ['2025-03-04', 'Polis', 'Våld', 101], ['2025-03-05', 'Polis', 'Våld', 101]],
          ],
        ]),
      ),
    );
    // A CSV saved from such a sheet carries the same loss as text.
    t.deliver('socialtjansten', 'orosanmalningar_2025-04.csv', `${header.join(';')}\n2025-04-01;Skola;Våld;101\n`);
    const summary = await t.ingest();
    const hint =
      'området "101" finns inte i områdesregistret och räknas under okänt område; menade ni "0101"? Excel tar bort inledande nollor i tal – formatera kolumnen som text';
    for (const [name, where] of [
      ['orosanmalningar_2025-03.xlsx', 'rad 3, 4 (2 rader): blad "Mars"'],
      ['orosanmalningar_2025-04.csv', 'rad 2'],
    ] as const) {
      const o = outcomeOf(summary, name);
      expect(o.status).toBe('loaded');
      expect(receiptOf(o)).toContain(`Varningar:\n  ${where}: ${hint}\n`);
    }
    expect(
      await t.query(
        `select strftime(period_start, '%Y-%m') as m, area_code, count::int as n from facts where indicator = 'soc.orosanmalningar' order by m, area_code`,
      ),
    ).toEqual([
      { m: '2025-03', area_code: '010', n: 1 },
      { m: '2025-03', area_code: 'okand', n: 2 },
      { m: '2025-04', area_code: 'okand', n: 1 },
    ]);
    await expectGoodLoaded(t, summary);
  });
});
