import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsIdentityNumber, findIdentityNumbers, isPersonalHeader, redactIdentityNumbers } from '../../connectors/personalData.ts';

function luhnDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A valid personnummer or samordningsnummer in one of the forms seen in exports. */
const identityNumber = fc
  .record({
    year: fc.integer({ min: 1920, max: 2024 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    serial: fc.integer({ min: 0, max: 999 }),
    coordination: fc.boolean(),
    form: fc.constantFrom('long-dash', 'short-dash', 'long', 'short', 'plus'),
  })
  .map(({ year, month, day, serial, coordination, form }) => {
    const dd = coordination ? day + 60 : day;
    const nine = `${pad(year % 100)}${pad(month)}${pad(dd)}${pad(serial, 3)}`;
    const last4 = `${pad(serial, 3)}${luhnDigit(nine)}`;
    const short = `${pad(year % 100)}${pad(month)}${pad(dd)}`;
    switch (form) {
      case 'long-dash':
        return `${year}${pad(month)}${pad(dd)}-${last4}`;
      case 'short-dash':
        return `${short}-${last4}`;
      case 'long':
        return `${year}${pad(month)}${pad(dd)}${last4}`;
      case 'plus':
        return `${short}+${last4}`;
      default:
        return `${short}${last4}`;
    }
  });

describe('identity numbers', () => {
  it('finds every valid identity number, in every form, inside free text', () => {
    fc.assert(
      fc.property(identityNumber, fc.string(), fc.string(), (pnr, before, after) => {
        const text = `${before.replace(/\d/g, 'x')} ${pnr} ${after.replace(/\d/g, 'x')}`;
        expect(containsIdentityNumber(text)).toBe(true);
        expect(redactIdentityNumbers(text)).not.toContain(pnr);
      }),
      { numRuns: 500 },
    );
  });

  it('does not flag numbers with a wrong check digit or an impossible date', () => {
    expect(containsIdentityNumber('19850412-1235')).toBe(false);
    expect(containsIdentityNumber('19851312-1234')).toBe(false);
    expect(containsIdentityNumber('Händelse 2025100000')).toBe(false);
    expect(containsIdentityNumber('Kostnad 14 400,00 kr')).toBe(false);
  });

  it('recognises the example forms', () => {
    expect(findIdentityNumbers('Anmälaren (20030608-2173) uppger')).toHaveLength(1);
    expect(containsIdentityNumber('19850412-1234')).toBe(false);
    expect(containsIdentityNumber('850412-1230')).toBe(true);
    expect(containsIdentityNumber('198504121230')).toBe(true);
    expect(containsIdentityNumber('19850412+1230')).toBe(true);
    // samordningsnummer: day + 60
    expect(containsIdentityNumber('850472-1237')).toBe(true);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        redactIdentityNumbers(s);
      }),
    );
  });

  it('treats identity, name and free-text headers as personal', () => {
    for (const h of [
      'personnummer',
      'pnr',
      'samordningsnummer',
      'namn',
      'förnamn',
      'efternamn',
      'sammanfattning',
      'beskrivning',
      'lgh nr',
    ]) {
      expect(isPersonalHeader(h), h).toBe(true);
    }
    for (const h of ['händelsetyp', 'adress', 'datum', 'kommun', 'prioritet']) expect(isPersonalHeader(h), h).toBe(false);
  });
});
