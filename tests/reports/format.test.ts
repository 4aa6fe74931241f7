import { describe, expect, it } from 'vitest';
import { csvValue, pdfInterval, pdfValue, percent, stockholmTime, swedishDate, swedishNumber } from '../../reports/extract/format.ts';
import { areasInReadingOrder } from '../../reports/extract/lookup.ts';
import { classOf, equalCountClasses } from '../../reports/extract/pdf/classes.ts';
import { winAnsi } from '../../reports/extract/pdf/text.ts';
import type { ExtractIndicator } from '../../reports/extract/types.ts';
import { AREAS } from './sampleExtract.ts';

const count: ExtractIndicator = { code: 'c', label: 'Antal', unit: 'antal', kind: 'count' };
const share: ExtractIndicator = { code: 's', label: 'Andel', unit: 'andel', kind: 'share' };
const kronor: ExtractIndicator = { code: 'k', label: 'Kostnad', unit: 'kronor', kind: 'sum' };
const NBSP = '\u00A0';

describe('Swedish numbers', () => {
  it.each<[number, number, string, string]>([
    [1234567.891, 2, '', '1234567,89'],
    [1234567.891, 0, NBSP, `1${NBSP}234${NBSP}568`],
    [-0.04, 1, '', '0,0'],
    [-12.5, 1, '', '-12,5'],
    [999, 0, NBSP, '999'],
  ])('%d with %d decimals', (value, decimals, thousands, expected) => {
    expect(swedishNumber(value, decimals, thousands as '' | typeof NBSP)).toBe(expected);
  });

  it('formats by kind: `..` when hidden, blank when not applicable, shares as percent', () => {
    expect(csvValue(count, null)).toBe('..');
    expect(csvValue(count, undefined)).toBe('');
    expect(csvValue(count, 12)).toBe('12');
    expect(csvValue(count, 12.25)).toBe('12,3');
    expect(csvValue(share, 0.1534)).toBe('15,3');
    expect(csvValue(kronor, 125000)).toBe('125000');
    expect(pdfValue(kronor, 125000)).toBe(`125${NBSP}000`);
    expect(pdfValue(share, 0.1534)).toBe(`15,3${NBSP}%`);
    expect(pdfValue(share, null)).toBe('..');
    expect(pdfInterval(share, 0.1, 0.2)).toBe(`10,0–20,0${NBSP}%`);
    expect(pdfInterval(count, null, 3)).toBe('');
    expect(percent(0.021)).toBe(`2,1${NBSP}%`);
  });

  it('formats dates in Swedish and timestamps in Stockholm time', () => {
    expect(swedishDate('2025-03-05')).toBe('5 mars 2025');
    expect(stockholmTime('2026-01-15T23:30:00Z')).toEqual({ date: '2026-01-16', time: '00:30' });
    expect(stockholmTime('2025-07-01T10:00:00Z')).toEqual({ date: '2025-07-01', time: '12:00' });
    expect(stockholmTime('2026-01-05')).toEqual({ date: '2026-01-05', time: null });
  });
});

describe('PDF text', () => {
  it('keeps Swedish letters and maps what Helvetica cannot draw', () => {
    expect(winAnsi('Åsen Ängby Östra é ü – … €')).toBe('Åsen Ängby Östra é ü – … €');
    expect(winAnsi('A\u030Asen')).toBe('Åsen');
    expect(winAnsi('Čáslav\u2212ŋ 😀\u0085x\u2009y')).toBe(`Cáslav-? ? x${NBSP}y`);
  });
});

describe('map classes', () => {
  it('puts about as many values in each class and keeps equal values together', () => {
    const classes = equalCountClasses([1, 2, 3, 4, 5, 6, 7, 8], 4);
    expect(classes).toEqual([
      { min: 1, max: 2 },
      { min: 3, max: 4 },
      { min: 5, max: 6 },
      { min: 7, max: 8 },
    ]);
    expect(equalCountClasses([5, 5, 5, 9], 4)).toEqual([
      { min: 5, max: 5 },
      { min: 9, max: 9 },
    ]);
    expect(classOf(classes, 4)).toBe(1);
    expect(equalCountClasses([], 4)).toEqual([]);
  });
});

describe('areas in reading order', () => {
  it('lists each area followed by its sub-areas, Okänt område last', () => {
    const codes = areasInReadingOrder([...AREAS].reverse()).map((a) => a.code);
    expect(codes).toEqual([
      '0999',
      '1',
      '11',
      '111',
      '112',
      '12',
      '121',
      '122',
      '2',
      '21',
      '211',
      '212',
      '22',
      '221',
      '222',
      '223',
      'okand',
    ]);
  });
});
