import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, dateToSerial, formatWallClock, serialToWallClock } from '../../connectors/readers/excel-date.ts';
import type { CellValue } from '../../connectors/readers/types.ts';
import { cellText, parseLocalDate, parseLocalDateTime, parseNumber, parseTimeOfDay, parseYesNo } from '../../connectors/readers/values.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false }): T | undefined => (r.ok ? r.value : undefined);

describe('parseNumber', () => {
  it.each<[CellValue, number]>([
    ['12 500,50', 12500.5],
    ['12\u00A0500,50', 12500.5],
    ['12\u202F500,50', 12500.5],
    ['12500.50', 12500.5],
    ['1.234,5', 1234.5],
    ['1.234.567', 1234567],
    ['1,234', 1.234],
    ['1,234,567', 1234567],
    ['1,234.5', 1234.5],
    ['14 400,00 kr', 14400],
    ['kr 500', 500],
    ['500:-', 500],
    ['1 000 SEK', 1000],
    ['\u22125', -5],
    ['-5,5', -5.5],
    ['+7', 7],
    [',5', 0.5],
    ['007', 7],
    ['1,5E+07', 15_000_000],
    ['45 %', 45],
    ['  42  ', 42],
    [42, 42],
    [-0.25, -0.25],
  ])('%j → %d', (input, expected) => {
    expect(value(parseNumber(input))).toBe(expected);
  });

  it.each<CellValue>([
    '',
    '   ',
    null,
    true,
    'abc',
    '1 2',
    '12 50',
    '1.2.3',
    '1,2,3',
    '1.234.5',
    '--5',
    '5-',
    'NaN',
    'Infinity',
    '0x10',
    '1'.repeat(400),
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ])('rejects %j', (input) => {
    const r = parseNumber(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.expected).toMatch(/tal/);
  });

  it('round-trips Swedish formatted numbers (space thousands, decimal comma)', () => {
    const swedish = (n: number, decimals: number): string => {
      const [int = '0', frac] = Math.abs(n).toFixed(decimals).split('.');
      const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
      return (n < 0 ? '\u2212' : '') + grouped + (frac === undefined ? '' : ',' + frac);
    };
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 4 }), (x, d) => {
        const text = swedish(x, d);
        const expected = Number(x.toFixed(d));
        expect(value(parseNumber(text))).toBe(expected === 0 ? 0 : expected);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and never returns a non-finite number', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const r = parseNumber(s);
        if (r.ok) expect(Number.isFinite(r.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[-+\u2212 \u00A0.,0-9eEkrSEK:%]{0,20}$/), (s) => {
        const r = parseNumber(s);
        if (r.ok) expect(Number.isFinite(r.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Excel serials', () => {
  it('converts to wall clock without the process timezone', () => {
    expect(formatWallClock(serialToWallClock(45889.14910879629)!)).toBe('2025-08-20 03:34:43');
    expect(formatWallClock(serialToWallClock(45730)!)).toBe('2025-03-14');
    // 22:41 is stored as 0.94513888…; rounding to the second keeps it from becoming 22:40:59.
    expect(formatWallClock(serialToWallClock(45730 + (22 * 60 + 41) / 1440)!)).toBe('2025-03-14 22:41:00');
    // Spring-forward night in Sweden: 02:30 does not exist as an instant but is a valid wall clock in a cell.
    expect(formatWallClock(serialToWallClock(dateToSerial(2025, 3, 30) + 2.5 / 24)!)).toBe('2025-03-30 02:30:00');
    expect(formatWallClock(serialToWallClock(0.9451)!)).toBe('1899-12-30 22:40:57');
    expect(formatWallClock(serialToWallClock(44268, true)!)).toBe('2025-03-14');
    expect(serialToWallClock(-1)).toBeNull();
    expect(serialToWallClock(Number.NaN)).toBeNull();
  });

  it('agrees with UTC calendar arithmetic for every day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_958_465 }), (serial) => {
        const viaUtc = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
        expect(serialToWallClock(serial)?.date).toBe(viaUtc);
      }),
      { numRuns: 1000 },
    );
  });
});

const validDate = fc
  .record({ y: fc.integer({ min: 1955, max: 2118 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .filter(({ y, m, d }) => d <= daysInMonth(y, m));
const p2 = (n: number): string => String(n).padStart(2, '0');

describe('parseLocalDate', () => {
  it.each<[CellValue, string]>([
    ['2025-03-14', '2025-03-14'],
    ['2025-03-14 22:41', '2025-03-14'],
    ['2025-03-14T22:41:00', '2025-03-14'],
    ['14/3/2025', '2025-03-14'],
    ['14.03.2025', '2025-03-14'],
    ['2025/03/14', '2025-03-14'],
    ['20250314', '2025-03-14'],
    ['14 mars 2025', '2025-03-14'],
    ['1 maj 2025', '2025-05-01'],
    [45730, '2025-03-14'],
    ['45730', '2025-03-14'],
    [45730.9451, '2025-03-14'],
    [20250314, '2025-03-14'],
    ['2025-08-20 03:34:43', '2025-08-20'],
    ['2024-02-29', '2024-02-29'],
    [' 2025-03-14 ', '2025-03-14'],
  ])('%j → %s', (input, expected) => {
    expect(value(parseLocalDate(input))).toBe(expected);
  });

  it.each<CellValue>([
    '2025-02-30',
    '2023-02-29',
    '31/4/2025',
    '14/13/2025',
    '3/14/2025',
    '2025-3-14x',
    '14/3/25',
    '',
    null,
    true,
    12,
    123456,
    '1899-12-30 22:41:00',
    '1899-12-31',
    'idag',
    '2025-03-14 25:00',
  ])('rejects %j', (input) => {
    const r = parseLocalDate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.expected).toMatch(/datum/);
  });

  it('round-trips valid dates in every supported format', () => {
    fc.assert(
      fc.property(validDate, fc.integer({ min: 0, max: 7 }), ({ y, m, d }, f) => {
        const iso = `${y}-${p2(m)}-${p2(d)}`;
        const forms: CellValue[] = [
          iso,
          `${iso} 12:34`,
          `${d}/${m}/${y}`,
          `${p2(d)}.${p2(m)}.${y}`,
          `${y}/${p2(m)}/${p2(d)}`,
          `${y}${p2(m)}${p2(d)}`,
          dateToSerial(y, m, d),
          String(dateToSerial(y, m, d)),
        ];
        expect(value(parseLocalDate(forms[f] ?? null))).toBe(iso);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects impossible dates in every format', () => {
    const impossible = fc
      .record({ y: fc.integer({ min: 1955, max: 2118 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 29, max: 31 }) })
      .filter(({ y, m, d }) => d > daysInMonth(y, m));
    fc.assert(
      fc.property(impossible, fc.integer({ min: 0, max: 4 }), ({ y, m, d }, f) => {
        const forms = [
          `${y}-${p2(m)}-${p2(d)}`,
          `${d}/${m}/${y}`,
          `${p2(d)}.${p2(m)}.${y}`,
          `${y}/${p2(m)}/${p2(d)}`,
          `${y}${p2(m)}${p2(d)}`,
        ];
        expect(parseLocalDate(forms[f] ?? null).ok).toBe(false);
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.constant(null), fc.boolean()), (v) => {
        parseLocalDate(v);
        parseLocalDateTime(v, v);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseLocalDateTime', () => {
  it.each<[CellValue, CellValue | undefined, string, string | null]>([
    ['2025-03-14 22:41', undefined, '2025-03-14', '2025-03-14 22:41'],
    ['2025-03-14T22:41:00', undefined, '2025-03-14', '2025-03-14 22:41'],
    ['14/3/2025 22.41', undefined, '2025-03-14', '2025-03-14 22:41'],
    ['14.03.2025 kl. 22.41', undefined, '2025-03-14', '2025-03-14 22:41'],
    [45730 + (22 * 60 + 41) / 1440, undefined, '2025-03-14', '2025-03-14 22:41'],
    [45730.9451, undefined, '2025-03-14', '2025-03-14 22:40'],
    ['2025-03-14', undefined, '2025-03-14', null],
    ['2025-03-14 00:00', undefined, '2025-03-14', '2025-03-14 00:00'],
    ['2025-03-14', '22:41', '2025-03-14', '2025-03-14 22:41'],
    ['2025-03-14', '22.41', '2025-03-14', '2025-03-14 22:41'],
    ['2025-03-14', '2241', '2025-03-14', '2025-03-14 22:41'],
    ['2025-03-14', '905', '2025-03-14', '2025-03-14 09:05'],
    ['2025-03-14', '22:41:59', '2025-03-14', '2025-03-14 22:41'],
    ['2025-03-14', 0.9451, '2025-03-14', '2025-03-14 22:40'],
    ['2025-03-14', 2241, '2025-03-14', '2025-03-14 22:41'],
    ['2025-03-14', '1899-12-30 22:41:00', '2025-03-14', '2025-03-14 22:41'],
    ['2025-03-14', '1899-12-31 06:05:00', '2025-03-14', '2025-03-14 06:05'],
    ['2025-03-14', '1899-12-30', '2025-03-14', '2025-03-14 00:00'],
    ['2025-03-14 08:00', '22:41', '2025-03-14', '2025-03-14 22:41'],
    ['2025-03-14 08:00', '', '2025-03-14', '2025-03-14 08:00'],
    ['2025-03-14', null, '2025-03-14', null],
    // An instant with a zone is shown as Swedish wall clock, whatever the process timezone.
    ['2025-03-14T21:41:00Z', undefined, '2025-03-14', '2025-03-14 22:41'],
    ['2025-07-14T20:41:00Z', undefined, '2025-07-14', '2025-07-14 22:41'],
    ['2025-07-14T23:30:00+00:00', undefined, '2025-07-15', '2025-07-15 01:30'],
  ])('%j + %j', (date, time, expectedDate, expectedMinute) => {
    expect(value(parseLocalDateTime(date, time))).toEqual({ date: expectedDate, minute: expectedMinute });
  });

  it('says which part was wrong', () => {
    expect(parseLocalDateTime('2025-02-30', '22:41')).toMatchObject({ ok: false, part: 'date' });
    expect(parseLocalDateTime('2025-03-14', '25:00')).toMatchObject({ ok: false, part: 'time' });
    expect(parseLocalDateTime('2025-03-14', '22:61')).toMatchObject({ ok: false, part: 'time' });
    expect(parseLocalDateTime('2025-03-14', 'kväll')).toMatchObject({ ok: false, part: 'time', expected: expect.stringMatching(/tid/) });
    expect(parseLocalDateTime('2025-03-14', '2025-03-15 22:41:00')).toMatchObject({ ok: false, part: 'time' });
    expect(parseLocalDateTime('1899-12-30 22:41:00')).toMatchObject({ ok: false, part: 'date' });
  });

  it('round-trips random minutes in combined and split forms', () => {
    fc.assert(
      fc.property(validDate, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), ({ y, m, d }, h, mi) => {
        const iso = `${y}-${p2(m)}-${p2(d)}`;
        const minute = `${iso} ${p2(h)}:${p2(mi)}`;
        expect(value(parseLocalDateTime(`${iso} ${p2(h)}:${p2(mi)}`))?.minute).toBe(minute);
        expect(value(parseLocalDateTime(`${d}/${m}/${y} ${h}.${p2(mi)}`))?.minute).toBe(minute);
        expect(value(parseLocalDateTime(iso, `${h}${p2(mi)}`))?.minute).toBe(minute);
        expect(value(parseLocalDateTime(iso, (h * 60 + mi) / 1440))?.minute).toBe(minute);
        // A whole serial is a date-only cell: midnight means "no time known".
        const viaSerial = value(parseLocalDateTime(dateToSerial(y, m, d) + (h * 60 + mi) / 1440))?.minute;
        expect(viaSerial).toBe(h === 0 && mi === 0 ? null : minute);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseTimeOfDay', () => {
  it.each<[CellValue, string | undefined]>([
    ['22:41', '22:41'],
    ['kl 7.05', '07:05'],
    ['0:00', '00:00'],
    [0, '00:00'],
    [0.5, '12:00'],
    ['24:00', undefined],
    ['2260', undefined],
    ['', undefined],
  ])('%j → %s', (input, expected) => {
    expect(value(parseTimeOfDay(input))).toBe(expected);
  });
});

describe('parseYesNo', () => {
  it.each<[CellValue, boolean | undefined]>([
    ['Ja', true],
    ['NEJ', false],
    ['j', true],
    ['N', false],
    ['Yes', true],
    ['no', false],
    ['1', true],
    ['0', false],
    [1, true],
    [0, false],
    ['true', true],
    ['FALSE', false],
    ['SANT', true],
    ['falskt', false],
    ['X', true],
    [true, true],
    [false, false],
    [' Ja. ', true],
    ['kanske', undefined],
    ['', undefined],
    [null, undefined],
    [2, undefined],
  ])('%j → %s', (input, expected) => {
    expect(value(parseYesNo(input))).toBe(expected);
  });
});

describe('cellText', () => {
  it.each<[CellValue, string]>([
    [null, ''],
    ['  Hovsjö  ', 'Hovsjö'],
    [198504121234, '198504121234'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [1e-7, '0.0000001'],
    [-1.25e-8, '-0.0000000125'],
    [0.1, '0.1'],
    [-0, '0'],
    [true, 'true'],
  ])('%j → %s', (input, expected) => {
    expect(cellText(input)).toBe(expected);
  });

  it('prints any finite number without exponent and with the same value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = cellText(x);
        expect(s).not.toMatch(/e/i);
        expect(Number(s)).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 1000 },
    );
  });
});
