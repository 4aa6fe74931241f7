import { describe, expect, it } from 'vitest';
import { AddressRegister } from '../../nyko/addressRegister.ts';
import { addressEntries } from './fixtures.ts';

const register = new AddressRegister(addressEntries);
const match = (code: string, via: 'address' | 'place' = 'address') => ({ kind: 'match', code, via });

describe('AddressRegister: street addresses', () => {
  it.each([
    ['Hovsjövägen 12', '311452'],
    ['HOVSJÖVÄGEN 12', '311452'],
    ['Hovsjöv. 12', '311452'],
    ['Hovsjövägen 12 lgh 1102', '311452'],
    ['Hovsjövägen 10B', '311451'],
    ['Hovsjövägen 10 b, 153 11 Södertälje', '311451'],
    ['Köpmangatan 25A, 151 12 Södertälje', '112476'],
    ['Brunnsängsv. 1', '111900'],
  ])('%j → %s', (raw, code) => {
    expect(register.lookup(raw)).toEqual(match(code));
  });

  it('accepts a letter the register does not have when the number exists without letter', () => {
    expect(register.lookup('Hovsjövägen 12 C')).toEqual(match('311452'));
  });

  it('accepts a number without letter when all its letters share one code, otherwise it is ambiguous', () => {
    expect(register.lookup('Hovsjövägen 14')).toEqual(match('311460'));
    expect(register.lookup('Hovsjövägen 16')).toEqual({ kind: 'ambiguous', codes: ['311470', '311471'] });
    expect(register.lookup('Hovsjövägen 16 B')).toEqual(match('311471'));
  });

  it('never guesses a number that is not in the register', () => {
    expect(register.lookup('Hovsjövägen 99')).toEqual({ kind: 'none' });
    expect(register.lookup('Okändgatan 1')).toEqual({ kind: 'none' });
    expect(register.lookup('')).toEqual({ kind: 'none' });
    expect(register.lookup('Storgatan/Kungsgatan')).toEqual({ kind: 'none' });
  });
});

describe('AddressRegister: the same street in two towns', () => {
  it('is ambiguous without postcode or town', () => {
    expect(register.lookup('Storgatan 11')).toEqual({ kind: 'ambiguous', codes: ['111866', '411589'] });
  });

  it('is resolved by postcode or town', () => {
    expect(register.lookup('Storgatan 11, 151 11 Södertälje')).toEqual(match('111866'));
    expect(register.lookup('Storgatan 11, 15411')).toEqual(match('411589'));
    expect(register.lookup('Storgatan 11, Järna')).toEqual(match('411589'));
    expect(register.lookup('STORGATAN 11 154 11 JÄRNA')).toEqual(match('411589'));
  });

  it('uses the town when the postcode is stale, and never lets a filter exclude every candidate', () => {
    expect(register.lookup('Storgatan 11, 151 48 Södertälje')).toEqual(match('111866'));
    expect(register.lookup('Storgatan 11, 999 99 Stockholm')).toEqual({ kind: 'ambiguous', codes: ['111866', '411589'] });
    expect(register.lookup('Köpmangatan 25 A, 151 48 Södertälje')).toEqual(match('112476'));
  });

  it('narrows by town before letters: Järna’s 5 A, not Södertälje’s 5', () => {
    expect(register.lookup('Storgatan 5')).toEqual(match('111300'));
    expect(register.lookup('Storgatan 5, Järna')).toEqual(match('411300'));
  });

  it('same street and number under two postcodes needs the postcode', () => {
    expect(register.lookup('Kungsgatan 4')).toEqual({ kind: 'ambiguous', codes: ['111404', '112404'] });
    expect(register.lookup('Kungsgatan 4, 151 12 Södertälje')).toEqual(match('112404'));
  });
});

describe('AddressRegister: named places', () => {
  it.each(['Stora torget', 'STORA TORGET', '  stora\u00a0torget ', 'Stora torget, Södertälje'])('%j', (raw) => {
    expect(register.lookup(raw)).toEqual(match('111000', 'place'));
    expect(register.lookupPlace(raw)).toEqual(match('111000', 'place'));
  });

  it('does not match unknown places or streets without number', () => {
    expect(register.lookup('Lilla torget')).toEqual({ kind: 'none' });
    expect(register.lookup('Storgatan')).toEqual({ kind: 'none' });
  });

  it('reports entries it cannot use', () => {
    const odd = new AddressRegister([
      { address: 'Storgatan/Kungsgatan', code: '111000' },
      { address: 'Storgatan 1', code: ' ' },
      { address: 'Storgatan 1', code: '111150' },
    ]);
    expect(odd.skipped.map((e) => e.address)).toEqual(['Storgatan/Kungsgatan', 'Storgatan 1']);
    expect(odd.lookup('Storgatan 1')).toEqual(match('111150'));
  });

  it('lets the register decide an ambiguous abbreviation', () => {
    const squares = new AddressRegister([
      { address: 'Kyrkplan 2', code: '222001' },
      { address: 'Marknadsplatsen 2', code: '222002' },
    ]);
    expect(squares.lookup('Kyrkpl. 2')).toEqual(match('222001'));
    expect(squares.lookup('Marknadspl. 2')).toEqual(match('222002'));
  });
});
