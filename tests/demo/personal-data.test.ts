/** The deliveries carry realistic personal data the pipeline must drop: every identity number is Luhn-valid. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../pipelines/demo/index.ts';
import { findPnrs, luhnValid, parseDelimited, readTextFile, tempDir } from './helpers.ts';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeAll(async () => {
  const t = await tempDir('pnr');
  dir = t.dir;
  cleanup = t.cleanup;
  await generateDemo(dir, { seed: 9, year: 2025 });
});
afterAll(() => cleanup());

describe('demo personal data', () => {
  it('identity-number columns (social services, pupils) hold only valid numbers', async () => {
    const soc = parseDelimited(await readTextFile(join(dir, 'inbox/socialtjansten/orosanmalningar_2025.csv'), 'cp1252'), ';').slice(1);
    const wb = XLSX.read(await readFile(join(dir, 'inbox/skolan/Betyg_ak9_VT2025.xlsx')));
    const ws = wb.Sheets['Åk 9 VT 2025'];
    if (!ws) throw new Error('sheet missing');
    const pupils = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true }).slice(1);
    const numbers = [...soc.map((r) => r[0] ?? ''), ...pupils.map((r) => String(r[0]))];
    expect(numbers.length).toBeGreaterThan(500);
    for (const p of numbers) {
      expect(p, p).toMatch(/^(\d{8}|\d{6})-?\d{4}$/);
      expect(luhnValid(p), p).toBe(true);
    }
    // Child's age agrees with the identity number at the date received.
    for (const [pnr = '', inkom = '', , , age = ''] of soc) {
      // Children are born in this century, so a 10-digit form needs the prefix 20.
      const digits = pnr.replace('-', '').padStart(12, '20');
      const [y, m, d] = [Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8)) % 60];
      const [iy, im, id] = inkom.split('-').map(Number) as [number, number, number];
      const expected = iy - y - (im < m || (im === m && id < d) ? 1 : 0);
      expect(Number(age)).toBe(expected);
    }
  });

  it('free texts contain names and identity numbers in every form, all valid', async () => {
    const storm = await readTextFile(join(dir, 'inbox/polis/STORM_2025-06_2025-12.csv'), 'utf8-bom');
    const guards = await readTextFile(join(dir, 'inbox/securitas/rapporter_2025.txt'), 'utf8');
    const found = [...findPnrs(storm), ...findPnrs(guards)];
    expect(found.length).toBeGreaterThan(30);
    for (const p of found) expect(luhnValid(p), p).toBe(true);
    expect(found.some((p) => /^\d{8}-\d{4}$/.test(p))).toBe(true);
    expect(found.some((p) => /^\d{6}-\d{4}$/.test(p))).toBe(true);
    expect(found.some((p) => /^\d{12}$/.test(p))).toBe(true);
    // Coordination numbers: day of month + 60.
    expect(found.some((p) => Number(p.replace('-', '').slice(-6, -4)) > 60)).toBe(true);
    expect(storm).toMatch(/Anmälaren [A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ]/);
  });
});
