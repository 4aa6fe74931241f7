import fc from 'fast-check';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { AddressRegister } from '../../nyko/addressRegister.ts';
import { AreaRegister, type AreaRow } from '../../nyko/areaRegister.ts';
import { AreaBoundaries } from '../../nyko/boundaries.ts';
import { Locator } from '../../nyko/locator.ts';
import { addressEntries, gridGeoJSON, nykoRows, SWEREF99TM, type Square } from './fixtures.ts';

// Boundaries for the fixture's level-3 areas: 111 | 112 side by side, 311 and 411 further east.
const areaSquares: Square[] = [
  { code: '111', minE: 640_000, minN: 6_556_000, size: 2000 },
  { code: '112', minE: 642_000, minN: 6_556_000, size: 2000 },
  { code: '311', minE: 648_000, minN: 6_558_000, size: 2000 },
  { code: '411', minE: 644_000, minN: 6_560_000, size: 2000 },
];
const areas = new AreaRegister(nykoRows);
const locator = new Locator({
  areas,
  addresses: new AddressRegister(addressEntries),
  boundaries: AreaBoundaries.fromGeoJSON(gridGeoJSON(areaSquares)),
  reportingLevel: 3,
});
const DAY = '2025-06-01';

describe('Locator: explicit area codes', () => {
  it('accepts a code at the reporting level or a finer key code', () => {
    expect(locator.locate({ areaCode: '111', date: DAY })).toEqual({ area: '111', finest: '111', method: 'code' });
    expect(locator.locate({ areaCode: ' 311451 ', date: DAY })).toEqual({ area: '311', finest: '311451', method: 'code' });
  });

  it('puts unknown and too coarse codes in okand, with the value for the receipt', () => {
    expect(locator.locate({ areaCode: '999', date: DAY })).toEqual({
      area: 'okand',
      finest: null,
      method: 'none',
      problem: 'unmatched',
      unmatchedValue: '999',
    });
    expect(locator.locate({ areaCode: '11', date: DAY })).toMatchObject({ area: 'okand', problem: 'unmatched' });
  });

  it("compares codes as text: 101 that lost its leading zero is not '0101'", () => {
    const padded = new Locator({
      areas: new AreaRegister([
        { code: '01', level: 1, name: 'Norr', validFrom: '2020-01-01' },
        { code: '0101', level: 2, name: 'Med nolla', validFrom: '2020-01-01' },
        { code: '10', level: 1, name: 'Söder', validFrom: '2020-01-01' },
        { code: '1001', level: 2, name: 'Annat', validFrom: '2020-01-01' },
      ]),
      reportingLevel: 2,
    });
    expect(padded.locate({ areaCode: '0101', date: DAY }).area).toBe('0101');
    expect(padded.locate({ areaCode: '101', date: DAY })).toMatchObject({ area: 'okand', problem: 'unmatched', unmatchedValue: '101' });
    expect(padded.locate({ areaCode: String(101), date: DAY }).area).toBe('okand');
  });

  it('follows the register version of the date', () => {
    expect(locator.locate({ areaCode: '112476', date: '2025-12-31' }).area).toBe('112');
    expect(locator.locate({ areaCode: '113001', date: '2026-01-01' }).area).toBe('113');
    expect(locator.locate({ areaCode: '112', date: '2026-01-01' })).toMatchObject({ area: 'okand', problem: 'unmatched' });
  });
});

describe('Locator: addresses and places', () => {
  it('places an address through the address register', () => {
    expect(locator.locate({ address: 'Hovsjöv. 12 lgh 1102', date: DAY })).toEqual({ area: '311', finest: '311452', method: 'address' });
    expect(locator.locate({ address: 'Stora torget', date: DAY })).toEqual({ area: '111', finest: '111000', method: 'place' });
  });

  it('an ambiguous address uses the coordinates when they are usable', () => {
    const inJarna = { address: 'Storgatan 11', x: 645_188, y: 6_560_902, date: DAY };
    expect(locator.locate(inJarna)).toEqual({ area: '411', finest: '411', method: 'coordinates' });
    expect(locator.locate({ address: 'Storgatan 11', date: DAY })).toEqual({
      area: 'okand',
      finest: null,
      method: 'none',
      problem: 'ambiguous',
      unmatchedValue: 'Storgatan 11',
    });
    // Bad coordinates do not hide that the address was the ambiguous part.
    expect(locator.locate({ ...inJarna, x: 0, y: 0 })).toMatchObject({ area: 'okand', problem: 'ambiguous' });
  });

  it('an ambiguous address whose candidates share one reporting area is placed', () => {
    expect(locator.locate({ address: 'Nygatan 7', date: DAY })).toEqual({ area: '111', finest: '111', method: 'address' });
  });

  it('a crossing goes to the coordinates, or to okand', () => {
    expect(locator.locate({ address: 'Storgatan/Kungsgatan', x: 6_557_000, y: 643_000, date: DAY })).toEqual({
      area: '112',
      finest: '112',
      method: 'coordinates',
    });
    expect(locator.locate({ address: 'Storgatan/Kungsgatan', date: DAY })).toMatchObject({
      area: 'okand',
      problem: 'unmatched',
      unmatchedValue: 'Storgatan/Kungsgatan',
    });
  });

  it('shows only a redacted value for unmatched addresses', () => {
    const located = locator.locate({ address: 'Okändgatan 3 lgh 1102 hos 19850412-1234', date: DAY });
    expect(located).toMatchObject({ area: 'okand', problem: 'unmatched' });
    expect(located.unmatchedValue).toBe('Okändgatan 3 hos ***');
  });

  it('a place field matches named places and area names at the reporting level or finer', () => {
    expect(locator.locate({ place: 'Hovsjö centrum', date: DAY })).toMatchObject({ area: '311', method: 'place' });
    expect(locator.locate({ place: 'HOVSJÖ', date: DAY })).toEqual({ area: '311', finest: '311', method: 'place' });
    expect(locator.locate({ place: 'Centrum', date: DAY })).toMatchObject({ area: 'okand', problem: 'unmatched' });
  });
});

describe('Locator: coordinates', () => {
  it('locates SWEREF 99 TM, swapped axes and WGS84 with decimals', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...areaSquares),
        fc.double({ min: 5, max: 1995, noNaN: true }),
        fc.double({ min: 5, max: 1995, noNaN: true }),
        fc.constantFrom('sweref', 'sweref-swapped', 'wgs84', 'wgs84-swapped'),
        (square, de, dn, form) => {
          const [e, n] = [square.minE + de, square.minN + dn];
          const [lon = NaN, lat = NaN] = proj4(SWEREF99TM, 'WGS84', [e, n]);
          const [x, y] = {
            sweref: [e, n],
            'sweref-swapped': [n, e],
            wgs84: [lon, lat],
            'wgs84-swapped': [lat, lon],
          }[form];
          expect(locator.locate({ x, y, date: DAY })).toEqual({ area: square.code, finest: square.code, method: 'coordinates' });
        },
      ),
    );
  });

  it('reports bad coordinates and points outside every area', () => {
    expect(locator.locate({ x: 0, y: 0, date: DAY })).toEqual({ area: 'okand', finest: null, method: 'none', problem: 'bad_coordinates' });
    expect(locator.locate({ x: 700_000, y: 7_000_000, date: DAY })).toMatchObject({ area: 'okand', problem: 'outside' });
    expect(locator.locate({ x: null, y: null, date: DAY })).toEqual({ area: 'okand', finest: null, method: 'none' });
  });

  it('without boundaries coordinates cannot place a record', () => {
    const noBoundaries = new Locator({ areas, reportingLevel: 3 });
    expect(noBoundaries.locate({ x: 641_000, y: 6_557_000, date: DAY })).toEqual({ area: 'okand', finest: null, method: 'none' });
  });
});

describe('Locator: robustness', () => {
  it('maps to another reporting level with the same registers', () => {
    const level2 = new Locator({ areas, addresses: new AddressRegister(addressEntries), reportingLevel: 2 });
    expect(level2.locate({ address: 'Hovsjövägen 12', date: DAY }).area).toBe('31');
  });

  it('an explicit hierarchy (rows with parents) works through the register alone', () => {
    const catchments: AreaRow[] = [
      { code: 'SK-NORR', level: 1, name: 'Upptagningsområde norr', validFrom: '2020-01-01' },
      { code: '111', level: 2, name: 'Centrum norra', validFrom: '2020-01-01', parent: 'SK-NORR' },
      { code: '112', level: 2, name: 'Centrum södra', validFrom: '2020-01-01', parent: 'SK-NORR' },
    ];
    const byCatchment = new Locator({
      areas: new AreaRegister(catchments),
      addresses: new AddressRegister(addressEntries),
      reportingLevel: 1,
    });
    expect(byCatchment.locate({ address: 'Köpmangatan 25 A', date: DAY })).toEqual({
      area: 'SK-NORR',
      finest: '112476',
      method: 'address',
    });
  });

  it('never throws on bad data', () => {
    const number = fc.oneof(fc.double(), fc.constant(null), fc.constant(undefined), fc.integer({ min: -1e8, max: 1e8 }));
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.constant(null),
      fc.constant(undefined),
      fc.constantFrom('111', '111150', 'Storgatan 11', 'Stora torget'),
    );
    fc.assert(
      fc.property(
        fc.record({
          areaCode: text,
          address: text,
          place: text,
          x: number,
          y: number,
          date: fc.oneof(fc.string(), fc.constantFrom(DAY, '2026-01-01')),
        }),
        (input) => {
          const located = locator.locate(input);
          expect(located.area === 'okand' || areas.area(located.area, input.date) !== null).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
