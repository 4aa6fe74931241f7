// The acceptance test: on simulated municipalities (17–30 areas × 10–25 indicators × 48 months, seasonality,
// municipal trend, city-wide shocks, slow area drift, negative binomial noise) the detector is measured on data
// without escalations (false alarms) and with planted ones (6 single series ×2–×3 plus one area where three
// sources rise ×2–×3, in series with at least one expected event a month), and compared on the same datasets with
// the analysts' rule of thumb 2(√current − √previous) > 3 in four variants. Two planted scenarios share the null
// data: every rise over exactly the last three months (the original plan), and rises of 1–6 months whose onset the
// detector does not know.
//
// What "better on both" can mean here: at z > 3 every rule raises a false alarm in every null dataset (~40 per
// 1000 tests), and no method held to the detector's level can match the three-month rules' raw sensitivity on
// these data — not even the oracle that knows every series' true mean (asserted below). So the three-month rules
// are beaten at equal false-alarm rates, in both directions; the one-month rules are beaten outright.
//
// SIGNALS_BENCHMARK_SEEDS=1000 runs a longer measurement (about five times the time).
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBenchmark, runBenchmark, type BenchmarkReport, type ScenarioReport } from '../../signals/benchmark.ts';

const SEEDS = Number(process.env['SIGNALS_BENCHMARK_SEEDS'] ?? 200);
/** Stated sensitivities: the share of planted series the detector must find, per scenario (measured: see METOD.md). */
const STATED_SENSITIVITY = [0.47, 0.44];

let report: BenchmarkReport;

beforeAll(() => {
  report = runBenchmark({ seeds: SEEDS });
  console.log(formatBenchmark(report));
}, 600_000);

const scenario = (i: number): ScenarioReport => {
  const s = report.scenarios[i];
  if (!s) throw new Error(`scenario ${i} missing`);
  return s;
};
const rule = (s: ScenarioReport, comparison: string, months: number): ScenarioReport['rules'][number] => {
  const r = s.rules.find((x) => x.rule.comparison === comparison && x.rule.months === months);
  if (!r) throw new Error(`rule ${comparison} ${months} missing`);
  return r;
};

describe('benchmark: detector against the rule of thumb', () => {
  it('keeps false alarms on data without escalations at or below the configured level', () => {
    const level = report.fdr;
    // Two binomial standard errors of Monte Carlo tolerance over the seeds.
    const tolerance = 2 * Math.sqrt((level * (1 - level)) / SEEDS);
    expect(report.detector.datasetsWithFalseAlarm).toBeLessThanOrEqual(level + tolerance);
    expect(report.detector.datasetsWithFalseCrossSource).toBeLessThanOrEqual(level + tolerance);
    // On planted data the flags that are wrong stay a small share of all flags (the FDR it controls).
    for (const s of report.scenarios) expect(s.detector.falseDiscoveryProportion).toBeLessThanOrEqual(level + tolerance);
  });

  it('finds the planted escalations with the stated sensitivity', () => {
    report.scenarios.forEach((s, i) => {
      expect(s.detector.sensitivity).toBeGreaterThanOrEqual(STATED_SENSITIVITY[i] ?? 1);
      const busy = s.detector.byExpected.find((x) => x.stratum === '40+');
      expect(busy?.sensitivity ?? 0).toBeGreaterThanOrEqual(0.85);
    });
  });

  it('beats both one-month rules outright: more planted series found, far fewer false alarms', () => {
    for (const s of report.scenarios) {
      for (const comparison of ['year-over-year', 'previous-period']) {
        const r = rule(s, comparison, 1);
        expect(s.detector.sensitivity).toBeGreaterThan(r.sensitivity);
        expect(s.detector.datasetsWithFalseAlarm).toBeLessThan(r.datasetsWithFalseAlarm);
        expect(s.detector.falseAlarmsPer1000 * 50).toBeLessThan(r.falseAlarmsPer1000);
      }
    }
    // The area where three actors rise together is found more often than by the primary rule when the rise fills
    // the last three months (with unknown onsets the two are level: 84.5 % against 85.5 % at 200 seeds).
    const fixed = scenario(0);
    expect(fixed.detector.escalationAreasFound).toBeGreaterThan(rule(fixed, 'year-over-year', 1).escalationAreasFound);
  });

  it('beats every rule at equal false-alarm rates, in both directions', () => {
    for (const s of report.scenarios) {
      for (const r of s.rules) {
        // Held to the detector's level (5 % of null datasets with a false alarm), the rule finds less …
        expect(s.detector.sensitivity).toBeGreaterThan(r.matchedSensitivity);
        // … and allowed the rule's own false alarms, the detector's test finds more than the rule does.
        expect(r.detectorAtRuleRate.sensitivity).toBeGreaterThan(r.sensitivity);
        expect(s.detector.falseAlarmsPer1000 * 50).toBeLessThan(r.falseAlarmsPer1000);
      }
    }
  });

  it('the three-month rules at z > 3 cannot be matched at the configured level: even the oracle finds fewer', () => {
    const fixed = scenario(0);
    const oracle = fixed.oracle;
    expect(oracle.datasetsWithFalseAlarm).toBeLessThanOrEqual(report.fdr + 2 * Math.sqrt((report.fdr * (1 - report.fdr)) / SEEDS));
    expect(oracle.sensitivity).toBeLessThan(rule(fixed, 'year-over-year', 3).sensitivity);
    expect(oracle.sensitivity).toBeLessThan(rule(fixed, 'previous-period', 3).sensitivity);
    // The detector, which must estimate what the oracle knows, keeps most of the oracle's sensitivity.
    for (const s of report.scenarios) expect(s.detector.sensitivity).toBeGreaterThan(0.7 * s.oracle.sensitivity);
  });
});
