import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastCompleteWeek, weekEnd, weekOf, weekStart, weeksUpTo, weekYearBefore } from '../../pipelines/weeks.ts';
import { parseConfigText } from '../../schemas/loadConfig.ts';
import { defaultConfigText } from '../../pipelines/workspace.ts';

describe('ISO weeks', () => {
  it('names weeks by the year of their Thursday, across year ends and week 53', () => {
    expect(weekOf('2024-12-30')).toBe('2025-W01');
    expect(weekOf('2021-01-03')).toBe('2020-W53');
    expect(weekOf('2026-01-01')).toBe('2026-W01');
    expect(weekOf('2027-01-03')).toBe('2026-W53');
    expect(weekStart('2025-W01')).toBe('2024-12-30');
    expect(weekEnd('2020-W53')).toBe('2021-01-03');
  });

  it('the last complete week is the one before the as-of day’s week, even on a Monday or a Sunday', () => {
    expect(lastCompleteWeek('2026-01-19')).toBe('2026-W03'); // Monday
    expect(lastCompleteWeek('2026-01-18')).toBe('2026-W02'); // Sunday: its own week is not over
    expect(weeksUpTo('2026-W02', 4)).toEqual(['2025-W51', '2025-W52', '2026-W01', '2026-W02']);
    expect(weeksUpTo('2021-W01', 2)).toEqual(['2020-W53', '2021-W01']);
  });

  it('a week a year earlier exists only when that year has the week', () => {
    expect(weekYearBefore('2026-W10')).toBe('2025-W10');
    expect(weekYearBefore('2026-W53')).toBeNull();
  });

  it('every day lies in the week that starts on the Monday before it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (t) => {
        const day = new Date(t).toISOString().slice(0, 10);
        const week = weekOf(day);
        expect(weekStart(week) <= day && day <= weekEnd(week)).toBe(true);
        expect(new Date(`${weekStart(week)}T00:00:00Z`).getUTCDay()).toBe(1);
        expect(weekOf(weekStart(week))).toBe(week);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('week views in lagesbild.yaml', () => {
  const withView = (view: string): string => `${defaultConfigText()}\n`.replace(/^views:\n/m, `views:\n${view}`);

  it('refuse an indicator not delivered per day, and rolling 12 months, with the key path', () => {
    const view = `  veckor:
    actor: skolan
    title: Veckovis
    indicators: [securitas.hot, skola.ofullstandiga_betyg.andel]
    grain: week
    comparison: [previous_year, rolling_12]
    schedule: { everyDays: 7, from: "2025-01-06" }
`;
    expect(() => parseConfigText(withView(view))).toThrow(
      /views\.veckor\.indicators\[1\]: "skola\.ofullstandiga_betyg\.andel" kan inte visas per vecka/,
    );
    expect(() => parseConfigText(withView(view))).toThrow(/views\.veckor\.comparison: rolling_12/);
  });
});
