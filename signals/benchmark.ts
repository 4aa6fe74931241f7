/**
 * Detector against the analysts' rule of thumb on simulated municipalities: false alarms on data without any
 * escalation, sensitivity on data with planted ones, the same datasets for both. Used by the tests (which assert
 * on the figures) and printable for the benchmark run, so a quoted number always comes from this code.
 */
import { runEarlyWarning } from './detect.ts';
import type { SignalOptionsInput } from './options.ts';
import { ruleOfThumb, type RuleComparison } from './rule-of-thumb.ts';
import { simulate, type EscalationPlan, type SimulationOptions } from './simulate.ts';

export interface RuleVariant {
  name: string;
  comparison: RuleComparison;
  months: number;
  threshold: number;
}

export const ruleVariants: readonly RuleVariant[] = [
  { name: 'month vs same month last year, z > 3', comparison: 'year-over-year', months: 1, threshold: 3 },
  { name: '3 months vs same 3 months last year, z > 3', comparison: 'year-over-year', months: 3, threshold: 3 },
  { name: '3 months vs previous 3 months, z > 3', comparison: 'previous-period', months: 3, threshold: 3 },
];

export const defaultEscalations: EscalationPlan = {
  single: 6,
  bundles: 1,
  bundleSize: 3,
  factor: [2, 3],
  bundleFactor: [2, 3],
  months: 3,
  minMean: 1,
};

export interface BenchmarkOptions {
  seeds: number;
  firstSeed: number;
  simulation: Partial<SimulationOptions>;
  escalations: EscalationPlan;
  detector: Partial<SignalOptionsInput>;
  rules: readonly RuleVariant[];
}

export interface Figures {
  /** Share of planted series flagged. */
  sensitivity: number;
  /** Null data: share of datasets with at least one flag (all flags are false there). */
  datasetsWithFalseAlarm: number;
  /** Null data: false flags per 1000 area × indicator tests. */
  falseAlarmsPer1000: number;
  /** Planted data: share of flags that are not planted (the realised false discovery proportion). */
  falseDiscoveryProportion: number;
  /** Planted cross-source escalations (areas) found: by the area ranking or any of their series. */
  escalationAreasFound: number;
  /** Null data: share of datasets with an area flagged as a cross-source signal (detector only; 0 for rules). */
  datasetsWithFalseCrossSource: number;
  /** Sensitivity by expected count of the planted series in the window without the rise. */
  byExpected: { stratum: string; planted: number; sensitivity: number }[];
}

export interface RuleFigures extends Figures {
  rule: RuleVariant;
  /** Threshold giving the rule the configured share of null datasets with a false alarm (calibrated on the same null data). */
  matchedThreshold: number;
  /** Sensitivity of the rule at `matchedThreshold`. */
  matchedSensitivity: number;
}

export interface BenchmarkReport {
  seeds: number;
  fdr: number;
  testsPerDataset: number;
  planted: number;
  detector: Figures;
  rules: RuleFigures[];
  milliseconds: number;
}

const strata: [string, number, number][] = [
  ['3–6', 0, 6],
  ['6–15', 6, 15],
  ['15–40', 15, 40],
  ['40+', 40, Number.POSITIVE_INFINITY],
];

interface Tally {
  hits: number;
  nullCrossSource: number;
  nullDatasetsFlagged: number;
  nullFlags: number;
  plantedFlags: number;
  plantedFalseFlags: number;
  escalationAreas: number;
  strataHits: number[];
}

const newTally = (): Tally => ({
  hits: 0,
  nullCrossSource: 0,
  nullDatasetsFlagged: 0,
  nullFlags: 0,
  plantedFlags: 0,
  plantedFalseFlags: 0,
  escalationAreas: 0,
  strataHits: strata.map(() => 0),
});
const key = (indicator: string, area: string): string => `${indicator}\u0000${area}`;

/** Seeds for planted data are offset so null and planted datasets are different municipalities. */
const PLANTED_SEED_OFFSET = 1_000_003;

export function runBenchmark(options: Partial<BenchmarkOptions> = {}): BenchmarkReport {
  const o: BenchmarkOptions = {
    seeds: 100,
    firstSeed: 1,
    simulation: {},
    escalations: defaultEscalations,
    detector: {},
    rules: ruleVariants,
    ...options,
  };
  const started = Date.now();
  const detector = newTally();
  const rules = o.rules.map(newTally);
  const nullMaxZ: number[][] = o.rules.map(() => []);
  const plantedZ: { z: number; planted: boolean }[][][] = o.rules.map(() => []);
  let tests = 0;
  let planted = 0;
  const strataCount = strata.map(() => 0);
  let escalationAreas = 0;
  let fdr = 0.05;

  for (let i = 0; i < o.seeds; i++) {
    const seed = o.firstSeed + i;
    // Null data: every flag is false.
    const quiet = simulate(seed, o.simulation);
    const quietRun = runEarlyWarning(quiet.series, { ...o.detector, asOf: quiet.asOf });
    fdr = quietRun.options.fdr;
    tests += quietRun.tests.length;
    detector.nullFlags += quietRun.signals.length;
    if (quietRun.signals.length > 0) detector.nullDatasetsFlagged++;
    if (quietRun.areas.some((a) => a.crossSource)) detector.nullCrossSource++;
    o.rules.forEach((rule, r) => {
      const results = ruleOfThumb(quiet.series, {
        asOf: quiet.asOf,
        months: rule.months,
        comparison: rule.comparison,
        threshold: rule.threshold,
      });
      const flags = results.filter((x) => x.flagged).length;
      const tally = rules[r];
      if (tally) {
        tally.nullFlags += flags;
        if (flags > 0) tally.nullDatasetsFlagged++;
      }
      nullMaxZ[r]?.push(Math.max(...results.map((x) => x.z)));
    });

    // Planted data.
    const loud = simulate(seed + PLANTED_SEED_OFFSET, { ...o.simulation, escalations: o.escalations });
    const loudRun = runEarlyWarning(loud.series, { ...o.detector, asOf: loud.asOf });
    const truth = new Set(loud.planted.map((p) => key(p.indicator, p.area)));
    planted += truth.size;
    const found = new Set(loudRun.signals.map((s) => key(s.indicator, s.area)));
    const crossSourceAreas = new Set(loudRun.areas.filter((a) => a.crossSource).map((a) => a.area));
    const bundles = new Map<number, typeof loud.planted>();
    for (const p of loud.planted) if (p.bundle !== null) bundles.set(p.bundle, [...(bundles.get(p.bundle) ?? []), p]);
    escalationAreas += bundles.size;
    const tallyPlanted = (tally: Tally, flagged: Set<string>, areaFound: (members: typeof loud.planted) => boolean): void => {
      tally.plantedFlags += flagged.size;
      tally.plantedFalseFlags += [...flagged].filter((k) => !truth.has(k)).length;
      loud.planted.forEach((p) => {
        if (!flagged.has(key(p.indicator, p.area))) return;
        tally.hits++;
        const s = strata.findIndex(([, lo, hi]) => p.baseExpected >= lo && p.baseExpected < hi);
        tally.strataHits[s] = (tally.strataHits[s] ?? 0) + 1;
      });
      for (const members of bundles.values()) if (areaFound(members)) tally.escalationAreas++;
    };
    loud.planted.forEach((p) => {
      const s = strata.findIndex(([, lo, hi]) => p.baseExpected >= lo && p.baseExpected < hi);
      strataCount[s] = (strataCount[s] ?? 0) + 1;
    });
    tallyPlanted(detector, found, (members) => members.some((p) => crossSourceAreas.has(p.area) || found.has(key(p.indicator, p.area))));
    o.rules.forEach((rule, r) => {
      const results = ruleOfThumb(loud.series, {
        asOf: loud.asOf,
        months: rule.months,
        comparison: rule.comparison,
        threshold: rule.threshold,
      });
      const flagged = new Set(results.filter((x) => x.flagged).map((x) => key(x.indicator, x.area)));
      const tally = rules[r];
      if (tally) tallyPlanted(tally, flagged, (members) => members.some((p) => flagged.has(key(p.indicator, p.area))));
      plantedZ[r]?.push(results.map((x) => ({ z: x.z, planted: truth.has(key(x.indicator, x.area)) })));
    });
  }

  const figures = (t: Tally): Figures => ({
    sensitivity: planted > 0 ? t.hits / planted : 0,
    datasetsWithFalseAlarm: t.nullDatasetsFlagged / o.seeds,
    falseAlarmsPer1000: tests > 0 ? (1000 * t.nullFlags) / tests : 0,
    falseDiscoveryProportion: t.plantedFlags > 0 ? t.plantedFalseFlags / t.plantedFlags : 0,
    escalationAreasFound: escalationAreas > 0 ? t.escalationAreas / escalationAreas : 0,
    datasetsWithFalseCrossSource: t.nullCrossSource / o.seeds,
    byExpected: strata.map(([stratum], s) => ({
      stratum,
      planted: strataCount[s] ?? 0,
      sensitivity: (strataCount[s] ?? 0) > 0 ? (t.strataHits[s] ?? 0) / (strataCount[s] ?? 1) : 0,
    })),
  });

  return {
    seeds: o.seeds,
    fdr,
    testsPerDataset: tests / o.seeds,
    planted,
    detector: figures(detector),
    rules: o.rules.map((rule, r): RuleFigures => {
      // The threshold at which the rule would raise a false alarm in no more than `fdr` of null datasets.
      const maxima = (nullMaxZ[r] ?? []).slice().sort((a, b) => a - b);
      const matchedThreshold = maxima[Math.min(maxima.length - 1, Math.ceil((1 - fdr) * maxima.length) - 1)] ?? Number.POSITIVE_INFINITY;
      const zs = (plantedZ[r] ?? []).flat();
      const plantedAll = zs.filter((x) => x.planted);
      const matchedSensitivity = plantedAll.length > 0 ? plantedAll.filter((x) => x.z > matchedThreshold).length / plantedAll.length : 0;
      return { rule, ...figures(rules[r] ?? newTally()), matchedThreshold, matchedSensitivity };
    }),
    milliseconds: Date.now() - started,
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** The figures as a plain-text table (what the tests print and the benchmark quotes). */
export function formatBenchmark(report: BenchmarkReport): string {
  const lines = [
    `${report.seeds} null + ${report.seeds} planted datasets, ${report.testsPerDataset.toFixed(0)} area × indicator tests each, ${report.planted} planted series, FDR ${report.fdr}`,
    `method                                         sens.   null sets w/ false alarm   false/1000 tests   FDP (planted)   escal. areas`,
    `detector                                       ${pct(report.detector.sensitivity).padStart(7)}   ${pct(report.detector.datasetsWithFalseAlarm).padStart(24)}   ${report.detector.falseAlarmsPer1000.toFixed(2).padStart(16)}   ${pct(report.detector.falseDiscoveryProportion).padStart(13)}   ${pct(report.detector.escalationAreasFound).padStart(12)}`,
  ];
  for (const r of report.rules) {
    lines.push(
      `${r.rule.name.padEnd(46)} ${pct(r.sensitivity).padStart(7)}   ${pct(r.datasetsWithFalseAlarm).padStart(24)}   ${r.falseAlarmsPer1000.toFixed(2).padStart(16)}   ${pct(r.falseDiscoveryProportion).padStart(13)}   ${pct(r.escalationAreasFound).padStart(12)}`,
    );
  }
  lines.push(`detector: null datasets with a false cross-source area: ${pct(report.detector.datasetsWithFalseCrossSource)}`);
  lines.push(
    `rule at the threshold where ${pct(report.fdr)} of the same null datasets get a false alarm (the detector's configured level):`,
  );
  for (const r of report.rules)
    lines.push(`  ${r.rule.name}: z > ${r.matchedThreshold.toFixed(2)} → sensitivity ${pct(r.matchedSensitivity)}`);
  lines.push(
    `detector sensitivity by expected count in the window: ${report.detector.byExpected.map((s) => `${s.stratum}: ${pct(s.sensitivity)} (n=${s.planted})`).join(', ')}`,
  );
  for (const r of report.rules)
    lines.push(`  ${r.rule.name}: ${r.byExpected.map((s) => `${s.stratum}: ${pct(s.sensitivity)}`).join(', ')}`);
  lines.push(`${(report.milliseconds / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
