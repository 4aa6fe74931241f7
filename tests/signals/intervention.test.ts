// Intervention evaluation on simulated municipalities: a −30 % effect planted in one area for the last 12 months
// (24 months before), estimated against all other areas by difference-in-differences.
import { describe, expect, it } from 'vitest';
import { evaluateIntervention, InterventionError } from '../../signals/intervention.ts';
import { addMonths } from '../../signals/months.ts';
import { simulate } from '../../signals/simulate.ts';

const SEEDS = 200;

describe('evaluateIntervention', () => {
  it('recovers a planted −30 % within its 95 % interval in most seeds', () => {
    let covered = 0;
    let excludesNoEffect = 0;
    let placeboFlags = 0;
    const logEffects: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const sim = simulate(seed, { intervention: { effect: 0.7, afterMonths: 12, minMean: 3 } });
      const planted = sim.intervention;
      if (!planted) throw new Error('no intervention planted');
      const result = evaluateIntervention(sim.series, { area: planted.area, indicator: planted.indicator, start: planted.start });
      if (result.lower <= 0.7 && 0.7 <= result.upper) covered++;
      if (result.upper < 1) excludesNoEffect++;
      if (result.preTrend && (result.preTrend.lower > 1 || result.preTrend.upper < 1)) placeboFlags++;
      logEffects.push(Math.log(result.effect));
      expect(result.after.months).toBe(12);
      expect(result.before.months).toBe(24);
    }
    const median = Math.exp(logEffects.sort((a, b) => a - b)[SEEDS / 2] ?? 0);
    console.log(
      `intervention over ${SEEDS} seeds: true effect 0.70 inside the 95 % interval in ${((100 * covered) / SEEDS).toFixed(1)} %, ` +
        `median estimate ${median.toFixed(3)}, interval excludes 1 in ${((100 * excludesNoEffect) / SEEDS).toFixed(1)} %, ` +
        `placebo pre-trend flagged in ${((100 * placeboFlags) / SEEDS).toFixed(1)} %`,
    );
    expect(covered / SEEDS).toBeGreaterThanOrEqual(0.9);
    expect(median).toBeGreaterThan(0.65);
    expect(median).toBeLessThan(0.75);
    expect(placeboFlags / SEEDS).toBeLessThanOrEqual(0.1);
  });

  it('explains when the change cannot be estimated', () => {
    const sim = simulate(1, { intervention: { effect: 0.7, afterMonths: 12, minMean: 3 } });
    const planted = sim.intervention;
    if (!planted) throw new Error('no intervention planted');
    const emptied = sim.series.map((p) =>
      p.area === planted.area && p.indicator === planted.indicator && p.month >= planted.start ? { ...p, count: 0 } : p,
    );
    expect(() => evaluateIntervention(emptied, { area: planted.area, indicator: planted.indicator, start: planted.start })).toThrow(
      InterventionError,
    );
    expect(() =>
      evaluateIntervention(sim.series, { area: planted.area, indicator: planted.indicator, start: addMonths(sim.asOf, 1) }),
    ).toThrow(/after-period is empty/);
    expect(() => evaluateIntervention(sim.series, { area: planted.area, indicator: 'nope', start: planted.start })).toThrow(/no data/);
  });

  it('uses only the comparison areas it is given', () => {
    const sim = simulate(2, { intervention: { effect: 0.7, afterMonths: 12, minMean: 3 } });
    const planted = sim.intervention;
    if (!planted) throw new Error('no intervention planted');
    const comparisonAreas = sim.areas.filter((a) => a !== planted.area).slice(0, 5);
    const result = evaluateIntervention(sim.series, {
      area: planted.area,
      indicator: planted.indicator,
      start: planted.start,
      comparisonAreas,
    });
    expect(result.comparisonAreas).toEqual([...comparisonAreas].sort());
    expect(result.lower).toBeLessThan(result.effect);
    expect(result.upper).toBeGreaterThan(result.effect);
  });
});
