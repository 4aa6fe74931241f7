import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCrossing, normaliseAddress, normalisePlace, redactLocation } from '../../nyko/address.ts';

const key = (raw: string): string | null => normaliseAddress(raw)?.key ?? null;

describe('normaliseAddress: the forms actors deliver', () => {
  it.each([
    ['Hovsjövägen 12', 'hovsjövägen 12'],
    ['HOVSJÖVÄGEN 12 A', 'hovsjövägen 12 a'],
    ['Hovsjöv. 12A', 'hovsjövägen 12 a'],
    ['Hovsjövägen 12, 151 48 Södertälje', 'hovsjövägen 12'],
    ['Hovsjövägen 12 lgh 1102', 'hovsjövägen 12'],
    ['Hovsjövägen 10B', 'hovsjövägen 10 b'],
    ['Brunnsängsv. 1', 'brunnsängsvägen 1'],
    ['Köpmangatan 25A, 151 12 Södertälje', 'köpmangatan 25 a'],
    ['Storgatan 11, 151 11 Södertälje', 'storgatan 11'],
    ['Nyg. 33', 'nygatan 33'],
    ['Kvarnbergsv. 33', 'kvarnbergsvägen 33'],
    ['  Hovsjövägen\u00a0\u00a012   a ', 'hovsjövägen 12 a'],
    ['"Storgatan 5', 'storgatan 5'],
    ['Hovsjövägen 012', 'hovsjövägen 12'],
    ['Hovsjövägen 12 A lgh. 1102', 'hovsjövägen 12 a'],
    ['Hovsjövägen 12, lägenhet 1102', 'hovsjövägen 12'],
    ['Hovsjövägen 12/1102', 'hovsjövägen 12'],
    ['Hovsjövägen 12 A 151 48 Södertälje', 'hovsjövägen 12 a'],
    ['Hovsjö v. 12', 'hovsjö vägen 12'],
    ['S:t Ragnvalds g. 3', 'sankt ragnvalds gatan 3'],
    ['Storgatan 5, 2 tr', 'storgatan 5'],
    ['Stora torget', 'stora torget'],
    ['Stora torg. 1', 'stora torget 1'],
    ['Storgatan 5 (lgh 1102)', 'storgatan 5'],
    ['c/o Andersson, Storgatan 5', 'storgatan 5'],
    ['ÖSTRA STORGATAN 5B, SE-151 48 SÖDERTÄLJE', 'östra storgatan 5 b'],
  ])('%j → %j', (raw, expected) => {
    expect(key(raw)).toBe(expected);
  });

  it('separates postcode and town', () => {
    expect(normaliseAddress('Hovsjövägen 12, 151 48 Södertälje')).toMatchObject({
      street: 'hovsjövägen',
      number: '12',
      letter: null,
      postcode: '15148',
      town: 'södertälje',
    });
    expect(normaliseAddress('Hovsjövägen 12, 15148')?.postcode).toBe('15148');
    expect(normaliseAddress('Storgatan 11, Järna')?.town).toBe('järna');
  });

  it('keeps ambiguous abbreviations open for the register', () => {
    expect(normaliseAddress('Kyrkpl. 2')).toMatchObject({ street: 'kyrkplatsen', streetAlternatives: ['kyrkplan'] });
  });

  it.each([
    '',
    '   ',
    '\u00a0',
    'Storgatan/Kungsgatan',
    'Storgatan / Kungsgatan 3',
    'Storgatan & Kungsgatan',
    'Korsningen Storgatan Kungsgatan',
    '19850412-1234',
    '12345',
    'Storgatan 12-14',
    'Storgatan 5 baksidan',
  ])('%j → null', (raw) => {
    expect(normaliseAddress(raw)).toBeNull();
  });

  it('recognises crossings', () => {
    expect(isCrossing('Storgatan/Kungsgatan')).toBe(true);
    expect(isCrossing('Storgatan x Kungsgatan')).toBe(true);
    expect(isCrossing('Hovsjövägen 12 A/1102')).toBe(false);
    expect(isCrossing('Stora torget')).toBe(false);
  });

  it('normalises place names without touching abbreviations', () => {
    expect(normalisePlace('  STORA  Torget, Södertälje')).toEqual({ key: 'stora torget', postcode: null, town: 'södertälje' });
    expect(normalisePlace('   ')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property tests: every way of writing one address gives one key.

const suffixes = { vägen: ['v.', 'väg.', 'vg.'], gatan: ['g.', 'gat.'] } as const;
const streetArb = fc.record({
  stem: fc.constantFrom('hovsjö', 'brunnsängs', 'köpman', 'stor', 'kvarnbergs', 'västergårds', 'ekdals', 'ängs'),
  suffix: fc.constantFrom('vägen' as const, 'gatan' as const),
});
const addressArb = fc.record({
  street: streetArb,
  number: fc.integer({ min: 1, max: 199 }),
  letter: fc.option(fc.constantFrom('a', 'b', 'c', 'k'), { nil: null }),
});
const variantArb = fc.record({
  abbreviation: fc.option(fc.nat(2), { nil: null }),
  casing: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  letterSpace: fc.constantFrom('', ' ', '  ', '\u00a0'),
  postcode: fc.option(fc.constantFrom('151 48', '15148', '153 11'), { nil: null }),
  town: fc.option(fc.constantFrom('Södertälje', 'SÖDERTÄLJE', 'Järna'), { nil: null }),
  apartment: fc.option(
    fc.tuple(fc.constantFrom('lgh', 'lgh.', 'LGH', 'Lgh nr', 'lägenhet', 'Lägenhet'), fc.integer({ min: 1001, max: 1899 })),
    { nil: null },
  ),
  padding: fc.constantFrom('', ' ', '  ', '\u00a0', '\t'),
});

type WrittenAddress = typeof addressArb extends fc.Arbitrary<infer T> ? T : never;
type Variant = typeof variantArb extends fc.Arbitrary<infer T> ? T : never;

function write(a: WrittenAddress, v: Variant): string {
  const abbreviations = suffixes[a.street.suffix];
  const suffix = v.abbreviation === null ? a.street.suffix : (abbreviations[v.abbreviation % abbreviations.length] ?? a.street.suffix);
  const street = [...`${a.street.stem}${suffix}`].map((ch, i) => (v.casing[i % v.casing.length] ? ch.toUpperCase() : ch)).join('');
  let text = `${street} ${a.number}${a.letter === null ? '' : v.letterSpace + (v.casing[0] ? a.letter.toUpperCase() : a.letter)}`;
  if (v.apartment !== null) text += ` ${v.apartment[0]} ${v.apartment[1]}`;
  if (v.postcode !== null || v.town !== null) text += `, ${[v.postcode, v.town].filter((p) => p !== null).join(' ')}`;
  return `${v.padding}${text}${v.padding}`;
}

describe('normaliseAddress: properties', () => {
  it('casing, suffix abbreviations, 12A/12 A, postcode/town and apartment numbers do not change the key', () => {
    fc.assert(
      fc.property(addressArb, variantArb, (address, variant) => {
        const canonical = `${address.street.stem}${address.street.suffix} ${address.number}${address.letter === null ? '' : ` ${address.letter}`}`;
        const written = write(address, variant);
        expect(key(written), written).toBe(canonical);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps postcode and town when appended', () => {
    fc.assert(
      fc.property(addressArb, variantArb, (address, variant) => {
        const parsed = normaliseAddress(write(address, variant));
        expect(parsed?.postcode ?? null).toBe(variant.postcode?.replace(' ', '') ?? null);
        expect(parsed?.town ?? null).toBe(variant.town?.toLowerCase() ?? null);
      }),
    );
  });

  const messy = fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.constantFrom(
          'lgh',
          ' ',
          '1102',
          '/',
          ',',
          '151 48',
          'A',
          'v.',
          'ö',
          '\u00a0',
          '-',
          '+',
          '&',
          'x',
          'g.',
          's:t',
          '\u0000',
          '\u200b',
        ),
        fc.integer({ min: 0, max: 99999 }).map(String),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it('never throws, and what it returns is consistent', () => {
    fc.assert(
      fc.property(fc.oneof(messy, fc.string({ unit: 'binary', maxLength: 400 })), (raw) => {
        const parsed = normaliseAddress(raw);
        if (parsed !== null) {
          expect(parsed.key.startsWith(parsed.street)).toBe(true);
          expect(parsed.street).toMatch(/\p{L}/u);
          // Normalising the key again is a fixed point.
          expect(normaliseAddress(parsed.key)?.key).toBe(parsed.key);
        }
        normalisePlace(raw);
        isCrossing(raw);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('redactLocation', () => {
  it.each([
    ['  Hovsjövägen 12 lgh 1102  ', 'Hovsjövägen 12'],
    ['Hovsjövägen 12/1102', 'Hovsjövägen 12'],
    ['Storgatan 5, 151 48 Södertälje', 'Storgatan 5, 151 48 Södertälje'],
    ['Hos 19850412-1234 på Storgatan 5', 'Hos *** på Storgatan 5'],
    ['850412-1234', '***'],
    ['850472+1234', '***'],
    ['198504121234 Storgatan', '*** Storgatan'],
    ['Ring 070-123 45 67', 'Ring ***'],
    ['Storgatan/Kungsgatan', 'Storgatan/Kungsgatan'],
  ])('%j → %j', (raw, expected) => {
    expect(redactLocation(raw)).toBe(expected);
  });

  it('caps the length at 80 characters', () => {
    const out = redactLocation('Utanför '.repeat(30));
    expect([...out].length).toBeLessThanOrEqual(80);
    expect(out.endsWith('…')).toBe(true);
  });

  const digit = fc.integer({ min: 0, max: 9 }).map(String);
  const digits = (n: number): fc.Arbitrary<string> => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
  const personalNumber = fc
    .tuple(fc.constantFrom(6, 8), fc.constantFrom('', '-', '+'))
    .chain(([dateDigits, sep]) => fc.tuple(digits(dateDigits), digits(4)).map(([a, b]) => `${a}${sep}${b}`));
  const apartment = fc
    .tuple(fc.constantFrom('lgh', 'LGH', 'lgh.', 'Lgh nr', 'lägenhet', 'lgh:'), fc.constantFrom(' ', '', '\u00a0', '  '), digits(4))
    .map(([word, space, number]) => `${word}${space}${number}`);
  const text = fc
    .array(
      fc.oneof(
        personalNumber,
        apartment,
        digits(5),
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.constantFrom(' ', '-', '+', 'lgh', 'l', 'gh', '\u00a0', ',', 'Storgatan 5', '/', '\u200b'),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(''));

  it('never leaves a 10- or 12-digit number or an apartment number, and stays short', () => {
    fc.assert(
      fc.property(text, (raw) => {
        const out = redactLocation(raw);
        expect(out).not.toMatch(/\d{10}/u);
        expect(out).not.toMatch(/\d{6}[-+ ]?\d{4}/u);
        expect(out).not.toMatch(/lgh\.?\s*\d{4}/iu);
        expect(out).not.toMatch(/lägenhet\s*\d{4}/iu);
        expect([...out].length).toBeLessThanOrEqual(80);
        expect(out).toBe(out.trim());
      }),
      { numRuns: 1000 },
    );
  });
});
