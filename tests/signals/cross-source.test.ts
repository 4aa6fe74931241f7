// Cross-source ranking on simulated municipalities: three indicators from different actors rising moderately
// (×2 over three months) in area A, and in area B one series with a one-off burst of 8 extra events in the last
// month. A must rank above B; B must never become a cross-source signal.
import { describe, expect, it } from 'vitest';
import { runEarlyWarning } from '../../signals/detect.ts';
import { simulate } from '../../signals/simulate.ts';

const SEEDS = 100;

describe('cross-source ranking', () => {
  it('ranks a moderate rise across sources above a single noisy spike', () => {
    let above = 0;
    let crossSourceA = 0;
    let crossSourceB = 0;
    let individuallySignificantA = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const sim = simulate(seed, {
        escalations: { single: 0, bundles: 1, bundleSize: 3, factor: [2, 3], bundleFactor: [2, 2], months: 3, minMean: 3 },
      });
      const a = sim.planted[0]?.area ?? '';
      const candidates = sim.series.filter((p) => p.area !== a && p.month === sim.asOf && p.kind !== 'share');
      const spike = candidates[seed % candidates.length];
      if (!spike) throw new Error('no candidate for the spike');
      const series = sim.series.map((p) => (p === spike ? { ...p, count: p.count + 8 } : p));
      const result = runEarlyWarning(series, { asOf: sim.asOf });
      const rankA = result.areas.findIndex((x) => x.area === a);
      const rankB = result.areas.findIndex((x) => x.area === spike.area);
      if (rankB < 0 || rankA < rankB) above++;
      if (result.areas[rankA]?.crossSource) crossSourceA++;
      if (result.areas[rankB]?.crossSource) crossSourceB++;
      if (result.signals.some((s) => s.area === a)) individuallySignificantA++;
    }
    console.log(
      `cross-source ranking over ${SEEDS} seeds: A above B in ${above}, A a cross-source signal in ${crossSourceA}, ` +
        `A with an individually significant indicator in ${individuallySignificantA}, B a cross-source signal in ${crossSourceB}`,
    );
    expect(above / SEEDS).toBeGreaterThanOrEqual(0.9);
    expect(crossSourceB).toBe(0);
  });
});
