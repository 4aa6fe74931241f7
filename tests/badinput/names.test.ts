/** Where a file arrives and what it is called: odd names, identity numbers in names, folders of no known actor. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectGoodLoaded, expectRefused, outcomeOf, receiptOf, stormCsv, removeWorkspaces, withGoodDelivery } from './helpers.ts';

afterAll(removeWorkspaces);

describe('bad input: names and folders', () => {
  it('a name with spaces, quotes, .. and non-ASCII loads under its own name; receipts and quarantine stay inside their folders', async () => {
    const t = await withGoodDelivery();
    const odd = `STORM 2025-03 "slutlig" ..v2 – Söder'tälje Åäö.csv`;
    const refusedName = 'x..tom "fil" 2025-04 Ö.csv';
    t.deliver('polis', odd, stormCsv([['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', '', '']]));
    t.deliver('polis', refusedName, '');
    const summary = await t.ingest();
    const o = outcomeOf(summary, odd);
    expect(o.status).toBe('loaded');
    expect(receiptOf(o)).toContain(`Fil:               ${odd}`);
    expect(o.receipt.startsWith(join(t.ws.paths.outbox, 'polis', 'kvitton'))).toBe(true);
    // The receipt's own file name keeps letters and digits, and nothing that could leave the folder.
    expect(readdirSync(join(t.ws.paths.outbox, 'polis', 'kvitton')).sort()).toEqual([
      expect.stringMatching(/^\d{8}-\d{6}_STORM 2025-03 _slutlig_ \.\.v2 _ Söder_tälje Åäö\.csv\.txt$/),
      expect.stringMatching(/^\d{8}-\d{6}_x\.\.tom _fil_ 2025-04 Ö\.csv\.txt$/),
    ]);
    expect(await t.query(`select file_name from deliveries where actor = 'polis' order by delivery_id`)).toEqual([
      { file_name: odd },
      { file_name: refusedName },
    ]);
    await expectRefused(t, summary, 'polis', refusedName);
    expect(readdirSync(join(t.ws.paths.quarantine, 'polis')).sort()).toEqual([refusedName, `${refusedName}.kvitto.txt`]);
    await expectGoodLoaded(t, summary);
  });

  it('an identity number in a file name is redacted in the receipt and the ledger', async () => {
    const t = await withGoodDelivery();
    t.deliver('polis', 'STORM_2025-03_19850412-1230.csv', stormCsv([['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', '', '']]));
    const summary = await t.ingest();
    const o = summary.outcomes.find((x) => x.actor === 'polis');
    if (!o) throw new Error('the police delivery was not read');
    expect(o.status).toBe('loaded');
    expect(o.file).not.toContain('850412');
    expect(receiptOf(o)).not.toContain('850412');
    expect(readdirSync(join(t.ws.paths.outbox, 'polis', 'kvitton')).join()).not.toContain('850412');
    expect(JSON.stringify(await t.query(`select file_name from deliveries`))).not.toContain('850412');
    await expectGoodLoaded(t, summary);
  });

  it('a folder of no configured actor is reported and left alone; everything else loads', async () => {
    const t = await withGoodDelivery();
    const stranger = t.deliver('polisen_syd', 'STORM_2025-03.csv', stormCsv([['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', '', '']]));
    const summary = await t.ingest();
    expect(summary.unknownActors).toEqual(['polisen_syd']);
    expect(t.log).toContain('varning: inbox/polisen_syd/: okänd aktör (finns inte i lagesbild.yaml); filerna lästes inte');
    expect(summary.outcomes.map((o) => o.actor)).toEqual(['securitas']);
    expect(existsSync(stranger)).toBe(true);
    expect(existsSync(join(t.ws.paths.outbox, 'polisen_syd'))).toBe(false);
    expect(await t.query(`select count(*)::int as n from deliveries where actor = 'polisen_syd'`)).toEqual([{ n: 0 }]);
    await expectGoodLoaded(t, summary);
  });
});
