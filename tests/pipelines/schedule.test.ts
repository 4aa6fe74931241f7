import { describe, expect, it } from 'vitest';
import { dueDates, nextDue, stockholmDay } from '../../pipelines/schedule.ts';

describe('view schedules', () => {
  it('every 14 days from an anchor, across a year end', () => {
    expect(dueDates({ everyDays: 14, from: '2025-01-06' }, '2025-12-01', '2026-01-31')).toEqual([
      '2025-12-08',
      '2025-12-22',
      '2026-01-05',
      '2026-01-19',
    ]);
  });

  it('monthly on day 31 falls on the last day of short months', () => {
    expect(dueDates({ monthlyOnDay: 31 }, '2025-01-15', '2025-05-01')).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']);
    expect(dueDates({ monthlyOnDay: 29 }, '2024-02-01', '2024-03-01')).toEqual(['2024-02-29']);
  });

  it("quarterly on day N of the quarter's first month", () => {
    expect(dueDates({ quarterlyOnDay: 15 }, '2025-01-01', '2025-12-31')).toEqual(['2025-01-15', '2025-04-15', '2025-07-15', '2025-10-15']);
  });

  it('a missed night is caught up, a repeated night finds nothing new', () => {
    // Last produced 2025-03-05; the server was down until 2025-05-07: both April and May are due.
    expect(dueDates({ monthlyOnDay: 5 }, '2025-03-05', '2025-05-07')).toEqual(['2025-04-05', '2025-05-05']);
    expect(dueDates({ monthlyOnDay: 5 }, '2025-05-07', '2025-05-07')).toEqual([]);
  });

  it('cron expressions are Stockholm days, also across DST changes', () => {
    // 02:30 does not exist on 2025-03-30 (spring forward) and occurs twice on 2025-10-26 (fall back).
    expect(dueDates({ cron: '30 2 * * *' }, '2025-03-28', '2025-04-01')).toEqual(['2025-03-29', '2025-03-30', '2025-03-31', '2025-04-01']);
    expect(dueDates({ cron: '30 2 * * *' }, '2025-10-24', '2025-10-27')).toEqual(['2025-10-25', '2025-10-26', '2025-10-27']);
    expect(dueDates({ cron: '0 6 1 * *' }, '2025-01-01', '2025-04-30')).toEqual(['2025-02-01', '2025-03-01', '2025-04-01']);
    // 23:30 UTC on 31 March is already 1 April in Stockholm
    expect(stockholmDay(new Date('2025-03-31T23:30:00Z'))).toBe('2025-04-01');
  });

  it('tells the next due date', () => {
    expect(nextDue({ everyDays: 14, from: '2025-01-06' }, '2025-01-06')).toBe('2025-01-20');
    expect(nextDue({ monthlyOnDay: 5 }, '2025-12-31')).toBe('2026-01-05');
  });
});
