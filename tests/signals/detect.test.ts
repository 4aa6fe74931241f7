import { describe, expect, it } from 'vitest';
import { detectSignals, runEarlyWarning } from '../../signals/detect.ts';
import { signalRows } from '../../signals/index.ts';
import { addMonths } from '../../signals/months.ts';
import type { SeriesPoint } from '../../signals/types.ts';
import { areaCode, flatSeries } from './helpers.ts';

const first = '2021-01';
const months = 48;
const asOf = addMonths(first, months - 1);
const inWindow = (t: number): boolean => t >= months - 3;

describe('detectSignals', () => {
  it('finds a tripling in one area and describes it', () => {
    const series = flatSeries({ seed: 1, areas: 17, months, first, mean: 4, factor: (a, t) => (a === 5 && inWindow(t) ? 3 : 1) });
    const result = runEarlyWarning(series, { asOf });
    expect(result.signals.map((s) => s.area)).toEqual([areaCode(5)]);
    const signal = result.signals[0];
    if (!signal) throw new Error('no signal');
    // The scan picks the window that fits the rise: the last three months.
    expect(signal.windowMonths).toBe(3);
    expect(signal.windowStart).toBe(addMonths(asOf, -2));
    expect(signal.windowEnd).toBe(asOf);
    expect(signal.since).toBe(signal.windowStart);
    expect(signal.windows.map((w) => w.months)).toEqual([1, 3, 6]);
    expect(signal.pValue).toBeCloseTo(3 * Math.min(...signal.windows.map((w) => w.pValue)), 12);
    expect(signal.ratio).toBeGreaterThan(2);
    expect(signal.lower).toBeLessThan(3);
    expect(signal.upper ?? Infinity).toBeGreaterThan(3);
    expect(signal.qValue).toBeLessThanOrEqual(0.05);
    // The chart spans the whole run: 36 history months before the longest window, and the six recent months.
    expect(signal.evidence).toHaveLength(42);
    expect(signal.evidence.filter((e) => e.inWindow)).toHaveLength(3);
    const windowExpected = signal.evidence.filter((e) => e.inWindow).reduce((s, e) => s + e.expected, 0);
    expect(windowExpected).toBeCloseTo(signal.expected, 6);
    expect(result.window).toEqual({ from: addMonths(asOf, -5), to: asOf });
    expect(result.history).toEqual({ from: addMonths(asOf, -41), to: addMonths(asOf, -6) });
  });

  it('since when: a one-month spike and a half-year rise are each found in the window that fits them', () => {
    let spikes = 0;
    let rises = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const spike = flatSeries({ seed, areas: 17, months, first, mean: 4, factor: (a, t) => (a === 2 && t === months - 1 ? 4 : 1) });
      const s1 = detectSignals(spike, { asOf }).map((s) => [s.area, s.windowMonths, s.since]);
      if (JSON.stringify(s1) === JSON.stringify([[areaCode(2), 1, asOf]])) spikes++;
      const long = flatSeries({ seed, areas: 17, months, first, mean: 6, factor: (a, t) => (a === 9 && t >= months - 6 ? 2.5 : 1) });
      const s6 = detectSignals(long, { asOf }).map((s) => [s.area, s.windowMonths, s.since]);
      if (JSON.stringify(s6) === JSON.stringify([[areaCode(9), 6, addMonths(asOf, -5)]])) rises++;
    }
    expect(spikes).toBeGreaterThanOrEqual(9);
    expect(rises).toBeGreaterThanOrEqual(9);
    // The fixed three-month window sees the half-year rise less clearly.
    const long = flatSeries({ seed: 1, areas: 17, months, first, mean: 6, factor: (a, t) => (a === 9 && t >= months - 6 ? 2.5 : 1) });
    const scanned = runEarlyWarning(long, { asOf }).tests.find((t) => t.area === areaCode(9));
    const fixed = runEarlyWarning(long, { asOf, windows: [3] }).tests.find((t) => t.area === areaCode(9));
    expect(fixed?.windows).toHaveLength(1);
    expect(fixed?.pValue).toBe(fixed?.windows[0]?.pValue);
    expect(fixed?.pValue ?? 0).toBeGreaterThan(scanned?.pValue ?? 1);
  });

  it('does not fire on 0 → 2 (no history, two events)', () => {
    const series = flatSeries({ seed: 2, areas: 17, months, first, mean: 1, factor: (a) => (a === 3 ? 0 : 1) }).map((p) =>
      p.area === areaCode(3) && p.month === asOf ? { ...p, count: 2 } : p,
    );
    const result = runEarlyWarning(series, { asOf });
    const test = result.tests.find((t) => t.area === areaCode(3));
    expect(test?.observed).toBe(2);
    expect(test?.ratio).toBeNull();
    expect(result.signals).toHaveLength(0);
  });

  it('a municipality-wide rise is not an area signal', () => {
    const series = flatSeries({ seed: 3, areas: 20, months, first, mean: 5, factor: (_, t) => (inWindow(t) ? 2.5 : 1) });
    expect(detectSignals(series, { asOf })).toHaveLength(0);
  });

  it('rates: more events because more residents is no signal; the same rise without them is', () => {
    const population = (a: number, t: number): number => (a === 2 && t >= months - 6 ? 8000 : 4000);
    const grown = flatSeries({
      seed: 4,
      areas: 17,
      months,
      first,
      mean: 6,
      kind: 'rate',
      denominator: population,
      factor: (a, t) => population(a, t) / 4000,
    });
    expect(detectSignals(grown, { asOf })).toHaveLength(0);
    const same = flatSeries({
      seed: 4,
      areas: 17,
      months,
      first,
      mean: 6,
      kind: 'rate',
      denominator: () => 4000,
      factor: (a, t) => (a === 2 && inWindow(t) ? 2.5 : 1),
    });
    const signals = detectSignals(same, { asOf });
    expect(signals.map((s) => s.area)).toEqual([areaCode(2)]);
    expect(signals[0]?.observedRate).toBeGreaterThan(signals[0]?.expectedRate ?? Infinity);
  });

  it('shares carry a binomial interval for the observed share', () => {
    const pupils = 120;
    const base = flatSeries({
      seed: 5,
      areas: 17,
      months,
      first,
      mean: 12,
      kind: 'share',
      denominator: () => pupils,
      factor: (a, t) => (a === 7 && inWindow(t) ? 3 : 1),
    });
    const series = base.map((p) => ({ ...p, count: Math.min(p.count, pupils) }));
    const signal = detectSignals(series, { asOf })[0];
    expect(signal?.area).toBe(areaCode(7));
    expect(signal?.kind).toBe('share');
    const share = signal?.observedShare ?? -1;
    expect(signal?.shareLower ?? 1).toBeLessThan(share);
    expect(signal?.shareUpper ?? 0).toBeGreaterThan(share);
    expect(signal?.expectedShare ?? 1).toBeLessThan(share);
  });

  it('the unknown area counts in the comparison but is never tested', () => {
    const series = flatSeries({ seed: 6, areas: 17, months, first, mean: 4 }).map((p) =>
      p.area === areaCode(0)
        ? { ...p, area: 'okand', count: inWindow(months - 1) && p.month >= addMonths(asOf, -2) ? p.count * 5 : p.count }
        : p,
    );
    const result = runEarlyWarning(series, { asOf });
    expect(result.tests.some((t) => t.area === 'okand')).toBe(false);
    expect(result.signals).toHaveLength(0);
  });

  it('reports bad input as notes and skips what cannot be tested', () => {
    const good = flatSeries({ seed: 7, areas: 5, months, first, mean: 3 });
    const gap = flatSeries({ seed: 8, areas: 5, months: months - 1, first, mean: 3, indicator: 'brand' }); // last month not delivered
    const bad: SeriesPoint[] = [
      { indicator: 'skadegorelse', area: areaCode(0), month: '2024-13', count: 1, kind: 'count' },
      { indicator: 'skadegorelse', area: areaCode(0), month: asOf, count: 1.5, kind: 'count' },
      { ...(good[good.length - 1] as SeriesPoint) },
      { indicator: 'skadegorelse', area: areaCode(1), month: asOf, count: 2, kind: 'rate', denominator: 100 },
    ];
    const result = runEarlyWarning([...good, ...gap, ...bad], { asOf });
    const codes = result.notes.map((n) => n.code);
    expect(codes.filter((c) => c === 'point.invalid')).toHaveLength(2);
    expect(codes).toContain('point.duplicate');
    expect(codes).toContain('indicator.mixed_kind');
    expect(result.notes.find((n) => n.code === 'indicator.window_incomplete')?.indicator).toBe('brand');
    expect(result.tests.every((t) => t.indicator === 'skadegorelse')).toBe(true);
  });

  it('a month missing inside the longest window drops only the windows that contain it', () => {
    const gap = addMonths(asOf, -4);
    const series = flatSeries({ seed: 14, areas: 12, months, first, mean: 3 }).filter((p) => p.month !== gap);
    const result = runEarlyWarning(series, { asOf });
    expect(result.notes.find((n) => n.code === 'indicator.window_incomplete')?.detail).toMatch(/windows of 6 months not tested/);
    expect(result.tests).toHaveLength(12);
    expect(result.tests.every((t) => t.windows.map((w) => w.months).join() === '1,3')).toBe(true);
  });

  it('notes an indicator with too short a history', () => {
    const series = flatSeries({ seed: 9, areas: 10, months: 10, first: addMonths(asOf, -9), mean: 3 });
    const result = runEarlyWarning(series, { asOf });
    expect(result.notes.map((n) => n.code)).toContain('indicator.short_history');
    expect(result.tests).toHaveLength(0);
  });

  it('validates options with a readable message', () => {
    expect(() => runEarlyWarning([], { asOf: '2024-13' })).toThrow(/asOf: expected a month/);
    expect(() => runEarlyWarning([], { asOf, fdr: 2 } as never)).toThrow(/fdr/);
  });

  it('is deterministic', () => {
    const series = flatSeries({ seed: 10, areas: 17, months, first, mean: 4, factor: (a, t) => (a === 1 && inWindow(t) ? 2.5 : 1) });
    expect(JSON.stringify(runEarlyWarning(series, { asOf }))).toBe(JSON.stringify(runEarlyWarning(series, { asOf })));
  });
});

describe('signalRows', () => {
  it('flattens signals for table and CSV output', () => {
    const series = flatSeries({ seed: 1, areas: 17, months, first, mean: 4, factor: (a, t) => (a === 5 && inWindow(t) ? 3 : 1) });
    const rows = signalRows(runEarlyWarning(series, { asOf }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      area: areaCode(5),
      indicator: 'skadegorelse',
      window: `${addMonths(asOf, -2)}–${asOf}`,
      crossSourceArea: false,
    });
  });
});
