// The acceptance test: on simulated municipalities (17–30 areas × 10–25 indicators × 48 months, seasonality,
// municipal trend, city-wide shocks, slow area drift, negative binomial noise) the detector is measured on data
// without escalations (false alarms) and with planted ones (6 single series ×2–×3 plus one area where three
// sources rise ×2–×3, all over the last three months, in series with at least one expected event a month), and
// compared on the same datasets with the analysts' rule of thumb 2(√current − √previous) > 3.
//
// Primary baseline, as the analysts use it monthly: the last month against the same month last year. The
// three-month variants are reported too; at their z > 3 they find more planted series than the detector, but at
// ~40 false alarms per 1000 tests (≈ 16 false flags a month in a 17 × 25 municipality), and at the false-alarm
// level the detector is held to they find far fewer (asserted below).
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBenchmark, runBenchmark, type BenchmarkReport } from '../../signals/benchmark.ts';

const SEEDS = 200;
/** Stated sensitivity: the share of planted series the detector must find (measured 52.9 % with these seeds). */
const STATED_SENSITIVITY = 0.45;

let report: BenchmarkReport;

beforeAll(() => {
  report = runBenchmark({ seeds: SEEDS });
  console.log(formatBenchmark(report));
});

describe('benchmark: detector against the rule of thumb', () => {
  it('keeps false alarms on data without escalations at or below the configured level', () => {
    const level = report.fdr;
    // Two binomial standard errors of Monte Carlo tolerance over the seeds.
    const tolerance = 2 * Math.sqrt((level * (1 - level)) / SEEDS);
    expect(report.detector.datasetsWithFalseAlarm).toBeLessThanOrEqual(level + tolerance);
    expect(report.detector.datasetsWithFalseCrossSource).toBeLessThanOrEqual(level + tolerance);
    // On planted data the flags that are wrong stay a small share of all flags (the FDR it controls).
    expect(report.detector.falseDiscoveryProportion).toBeLessThanOrEqual(level + tolerance);
  });

  it('finds the planted escalations with the stated sensitivity', () => {
    expect(report.detector.sensitivity).toBeGreaterThanOrEqual(STATED_SENSITIVITY);
    const busy = report.detector.byExpected.find((s) => s.stratum === '40+');
    expect(busy?.sensitivity ?? 0).toBeGreaterThanOrEqual(0.85);
  });

  it('beats the primary rule (month vs same month last year) on both sensitivity and false alarms', () => {
    const primary = report.rules.find((r) => r.rule.comparison === 'year-over-year' && r.rule.months === 1);
    if (!primary) throw new Error('primary rule missing');
    expect(report.detector.sensitivity).toBeGreaterThan(primary.sensitivity);
    expect(report.detector.datasetsWithFalseAlarm).toBeLessThan(primary.datasetsWithFalseAlarm);
    expect(report.detector.falseAlarmsPer1000).toBeLessThan(primary.falseAlarmsPer1000);
    expect(report.detector.escalationAreasFound).toBeGreaterThan(primary.escalationAreasFound);
  });

  it('beats every rule variant at an equal false-alarm level, and raises far fewer false alarms at z > 3', () => {
    for (const rule of report.rules) {
      expect(report.detector.sensitivity).toBeGreaterThan(rule.matchedSensitivity);
      expect(report.detector.falseAlarmsPer1000 * 50).toBeLessThan(rule.falseAlarmsPer1000);
    }
  });
});
