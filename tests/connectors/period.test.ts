import { describe, expect, it } from 'vitest';
import { grainPeriod, parsePeriodOption, parseTerm, periodFromName, widenToGrain } from '../../connectors/period.ts';

describe('periods from file names', () => {
  it.each([
    ['STORM_export_2025', '2025-01-01', '2025-12-31'],
    ['Skadegorelse_2025_Q1', '2025-01-01', '2025-03-31'],
    ['skadegorelse Q4 2025', '2025-10-01', '2025-12-31'],
    ['STORM_2025-01_2025-06', '2025-01-01', '2025-06-30'],
    ['STORM_2025-06_2025-12', '2025-06-01', '2025-12-31'],
    ['orosanmalningar_2025-02', '2025-02-01', '2025-02-28'],
    ['orosanmalningar_202402', '2024-02-01', '2024-02-29'],
    ['Betyg_ak9_VT2025', '2025-01-01', '2025-06-30'],
    ['Betyg ak9 HT 2025 per skola', '2025-07-01', '2025-12-31'],
    ['kv 2 2025', '2025-04-01', '2025-06-30'],
  ])('%s', (name, start, end) => {
    expect(periodFromName(name.toLowerCase())).toEqual({ start, end });
  });

  it('has no period in a name without one', () => {
    expect(periodFromName('insatser')).toBeNull();
    expect(periodFromName('export 12')).toBeNull();
  });

  it('parses terms and the --period option', () => {
    expect(parseTerm('Åk 9 VT 2025')).toEqual({ start: '2025-01-01', end: '2025-06-30' });
    expect(parseTerm('ht-24')).toEqual({ start: '2024-07-01', end: '2024-12-31' });
    expect(parsePeriodOption('2025-01-01..2025-03-31')).toEqual({ start: '2025-01-01', end: '2025-03-31' });
    expect(parsePeriodOption('2025-03-31..2025-01-01')).toBeNull();
  });

  it('widens to grain', () => {
    expect(grainPeriod('2025-02-14', 'month')).toEqual({ start: '2025-02-01', end: '2025-02-28' });
    expect(grainPeriod('2025-09-14', 'term')).toEqual({ start: '2025-07-01', end: '2025-12-31' });
    expect(widenToGrain({ start: '2025-03-03', end: '2025-05-28' }, 'month')).toEqual({ start: '2025-03-01', end: '2025-05-31' });
  });
});
