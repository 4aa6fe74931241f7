/**
 * Detector against the analysts' rule of thumb on simulated municipalities: false alarms on data without any
 * escalation, sensitivity on data with planted ones, the same datasets for every method. Used by the tests (which
 * assert on the figures) and printable for the benchmark run, so a quoted number always comes from this code.
 *
 * Two scenarios share the null data: escalations over exactly the last three months (the original plan), and
 * escalations of 1–6 months whose onset the detector does not know. Besides the detector and the rules, an oracle
 * is measured: it knows every series' true expected count (and the rise's length) and tests with the exact law
 * under Benjamini–Hochberg — not a method anyone can run, but a reference for what any method held to the same
 * false-alarm level could find on these data.
 */
import { runEarlyWarning } from './detect.ts';
import { addMonths, monthIndex } from './months.ts';
import { benjaminiHochberg } from './multiple-testing.ts';
import type { SignalOptionsInput } from './options.ts';
import { ruleOfThumb, type RuleComparison } from './rule-of-thumb.ts';
import { simulate, type EscalationPlan, type PlantedEscalation, type Simulation, type SimulationOptions } from './simulate.ts';
import { incompleteBeta } from './special.ts';
import type { SeriesPoint } from './types.ts';

export interface RuleVariant {
  name: string;
  comparison: RuleComparison;
  months: number;
  threshold: number;
}

export const ruleVariants: readonly RuleVariant[] = [
  { name: 'month vs same month last year, z > 3', comparison: 'year-over-year', months: 1, threshold: 3 },
  { name: 'month vs previous month, z > 3', comparison: 'previous-period', months: 1, threshold: 3 },
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

export interface Scenario {
  name: string;
  escalations: EscalationPlan;
}

export const defaultScenarios: readonly Scenario[] = [
  { name: 'rise over the last 3 months', escalations: defaultEscalations },
  { name: 'rise over the last 1–6 months (onset unknown)', escalations: { ...defaultEscalations, months: [1, 6] } },
];

export interface BenchmarkOptions {
  seeds: number;
  firstSeed: number;
  simulation: Partial<SimulationOptions>;
  /** Planted data, one set of `seeds` datasets per scenario; the null data are shared. */
  scenarios: readonly Scenario[];
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
  /** Sensitivity by expected count of the planted series over its rise's months without the rise. */
  byExpected: { stratum: string; planted: number; sensitivity: number }[];
  /** Sensitivity by the length of the rise in months. */
  byMonths: { months: number; planted: number; sensitivity: number }[];
}

export interface RuleFigures extends Figures {
  rule: RuleVariant;
  /** Threshold giving the rule the configured share of null datasets with a false alarm (calibrated on the same null data). */
  matchedThreshold: number;
  /** Sensitivity of the rule at `matchedThreshold`. */
  matchedSensitivity: number;
  /**
   * The other direction: the detector's p-value cut-off that gives it as many false flags on the null data as the
   * rule raises at its own threshold, and the detector's sensitivity there.
   */
  detectorAtRuleRate: { threshold: number; sensitivity: number };
}

export interface ScenarioReport {
  scenario: Scenario;
  planted: number;
  detector: Figures;
  /** Knows each series' true mean and each rise's length; exact law, BH at the detector's FDR. A reference only. */
  oracle: Figures;
  rules: RuleFigures[];
}

export interface BenchmarkReport {
  seeds: number;
  fdr: number;
  testsPerDataset: number;
  /** The first scenario's figures (kept at the top level for callers that read one scenario). */
  planted: number;
  detector: Figures;
  rules: RuleFigures[];
  scenarios: ScenarioReport[];
  milliseconds: number;
}

const strata: [string, number, number][] = [
  ['3–6', 0, 6],
  ['6–15', 6, 15],
  ['15–40', 15, 40],
  ['40+', 40, Number.POSITIVE_INFINITY],
];
const stratumOf = (p: PlantedEscalation): number => strata.findIndex(([, lo, hi]) => p.baseExpected >= lo && p.baseExpected < hi);

interface NullTally {
  datasetsFlagged: number;
  flags: number;
  crossSource: number;
}

interface PlantedTally {
  hits: number;
  flags: number;
  falseFlags: number;
  escalationAreas: number;
  strataHits: number[];
  monthHits: Map<number, number>;
}

const newNull = (): NullTally => ({ datasetsFlagged: 0, flags: 0, crossSource: 0 });
const newPlanted = (): PlantedTally => ({
  hits: 0,
  flags: 0,
  falseFlags: 0,
  escalationAreas: 0,
  strataHits: strata.map(() => 0),
  monthHits: new Map(),
});
const key = (indicator: string, area: string): string => `${indicator}\u0000${area}`;

/** Seeds for planted data are offset so null and planted datasets are different municipalities. */
const PLANTED_SEED_OFFSET = 1_000_003;

/**
 * P(Y ≥ y) for the sum of the series' counts over the last `months` months, from the simulator's true means: the
 * months are negative binomial with the indicator's size, and their sum is matched by a negative binomial with the
 * same mean and variance (exact when the months have equal means). Only the oracle uses this.
 */
function oracleP(sim: Simulation, i: number, a: number, observed: readonly number[], months: number): number {
  const row = sim.means[i]?.[a] ?? [];
  const size = sim.indicators[i]?.nbSize ?? 1;
  let mean = 0;
  let varianceSum = 0;
  let y = 0;
  for (let t = row.length - months; t < row.length; t++) {
    const mu = row[t] ?? 0;
    mean += mu;
    varianceSum += mu + (mu * mu) / size;
    y += observed[t] ?? 0;
  }
  if (y <= 0 || mean <= 0) return 1;
  // P(Y ≥ y) for a negative binomial of size r: the regularised incomplete beta I_{μ/(r+μ)}(y, r).
  const r = varianceSum > mean * (1 + 1e-9) ? (mean * mean) / (varianceSum - mean) : 1e9;
  return incompleteBeta(y, r, mean / (r + mean));
}

/** Oracle flags: BH over every count and rate series; a planted series is tested over its rise, any other over `months`. */
function oracleFlags(sim: Simulation, fdr: number, months: number): Set<string> {
  const first = monthIndex(sim.firstMonth);
  const counts = new Map<string, number[]>();
  for (const p of sim.series) {
    const k = key(p.indicator, p.area);
    const row = counts.get(k) ?? [];
    row[monthIndex(p.month) - first] = p.count;
    counts.set(k, row);
  }
  const plantedLength = new Map(sim.planted.map((p) => [key(p.indicator, p.area), p.months]));
  const keys: string[] = [];
  const ps: number[] = [];
  sim.indicators.forEach((ind, i) => {
    if (ind.kind === 'share') return; // never planted; leaving them out only makes the oracle's family smaller
    sim.areas.forEach((area, a) => {
      const k = key(ind.indicator, area);
      keys.push(k);
      ps.push(oracleP(sim, i, a, counts.get(k) ?? [], plantedLength.get(k) ?? months));
    });
  });
  const q = benjaminiHochberg(ps);
  return new Set(keys.filter((_, j) => (q[j] ?? 1) <= fdr));
}

/** The months any of the rules reads (the rules skip the rest anyway; filtering once saves four passes over them). */
function recentFor(rules: readonly RuleVariant[], sim: Simulation): SeriesPoint[] {
  const reach = Math.max(0, ...rules.map((r) => (r.comparison === 'year-over-year' ? 12 : r.months) + r.months - 1));
  const from = addMonths(sim.asOf, -reach);
  return sim.series.filter((p) => p.month >= from);
}

export function runBenchmark(options: Partial<BenchmarkOptions> = {}): BenchmarkReport {
  const o: BenchmarkOptions = {
    seeds: 100,
    firstSeed: 1,
    simulation: {},
    scenarios: defaultScenarios,
    detector: {},
    rules: ruleVariants,
    ...options,
  };
  const started = Date.now();
  let fdr = 0.05;
  let tests = 0;

  // Null data, shared by every scenario: every flag is false.
  const detectorNull = newNull();
  const oracleNull = newNull();
  const rulesNull = o.rules.map(newNull);
  const nullP: number[] = [];
  const nullMaxZ: number[][] = o.rules.map(() => []);
  for (let s = 0; s < o.seeds; s++) {
    const quiet = simulate(o.firstSeed + s, o.simulation);
    const quietRecent = recentFor(o.rules, quiet);
    const run = runEarlyWarning(quiet.series, { ...o.detector, asOf: quiet.asOf });
    fdr = run.options.fdr;
    tests += run.tests.length;
    for (const t of run.tests) nullP.push(t.pValue);
    detectorNull.flags += run.signals.length;
    if (run.signals.length > 0) detectorNull.datasetsFlagged++;
    if (run.areas.some((a) => a.crossSource)) detectorNull.crossSource++;
    const oracle = oracleFlags(quiet, fdr, 3).size;
    oracleNull.flags += oracle;
    if (oracle > 0) oracleNull.datasetsFlagged++;
    o.rules.forEach((rule, r) => {
      const results = ruleOfThumb(quietRecent, { ...rule, asOf: quiet.asOf });
      const flags = results.filter((x) => x.flagged).length;
      const tally = rulesNull[r];
      if (tally) {
        tally.flags += flags;
        if (flags > 0) tally.datasetsFlagged++;
      }
      nullMaxZ[r]?.push(Math.max(...results.map((x) => x.z)));
    });
  }
  nullP.sort((a, b) => a - b);

  const scenarios = o.scenarios.map((scenario): ScenarioReport => {
    const detector = newPlanted();
    const oracle = newPlanted();
    const rules = o.rules.map(newPlanted);
    const plantedP: number[] = [];
    const plantedZ: number[][] = o.rules.map(() => []);
    let planted = 0;
    let escalationAreas = 0;
    const strataCount = strata.map(() => 0);
    const monthCount = new Map<number, number>();

    for (let s = 0; s < o.seeds; s++) {
      const loud = simulate(o.firstSeed + s + PLANTED_SEED_OFFSET, { ...o.simulation, escalations: scenario.escalations });
      const loudRecent = recentFor(o.rules, loud);
      const run = runEarlyWarning(loud.series, { ...o.detector, asOf: loud.asOf });
      const truth = new Set(loud.planted.map((p) => key(p.indicator, p.area)));
      planted += truth.size;
      const pOf = new Map(run.tests.map((t) => [key(t.indicator, t.area), t.pValue]));
      for (const p of loud.planted) plantedP.push(pOf.get(key(p.indicator, p.area)) ?? 1);
      const bundles = new Map<number, PlantedEscalation[]>();
      for (const p of loud.planted) if (p.bundle !== null) bundles.set(p.bundle, [...(bundles.get(p.bundle) ?? []), p]);
      escalationAreas += bundles.size;
      for (const p of loud.planted) {
        const st = stratumOf(p);
        strataCount[st] = (strataCount[st] ?? 0) + 1;
        monthCount.set(p.months, (monthCount.get(p.months) ?? 0) + 1);
      }
      const tally = (t: PlantedTally, flagged: Set<string>, areaFound: (members: PlantedEscalation[]) => boolean): void => {
        t.flags += flagged.size;
        t.falseFlags += [...flagged].filter((k) => !truth.has(k)).length;
        for (const p of loud.planted) {
          if (!flagged.has(key(p.indicator, p.area))) continue;
          t.hits++;
          const st = stratumOf(p);
          t.strataHits[st] = (t.strataHits[st] ?? 0) + 1;
          t.monthHits.set(p.months, (t.monthHits.get(p.months) ?? 0) + 1);
        }
        for (const members of bundles.values()) if (areaFound(members)) t.escalationAreas++;
      };
      const found = new Set(run.signals.map((x) => key(x.indicator, x.area)));
      const crossSourceAreas = new Set(run.areas.filter((a) => a.crossSource).map((a) => a.area));
      tally(detector, found, (members) => members.some((p) => crossSourceAreas.has(p.area) || found.has(key(p.indicator, p.area))));
      const oracleFound = oracleFlags(loud, fdr, 3);
      tally(oracle, oracleFound, (members) => members.some((p) => oracleFound.has(key(p.indicator, p.area))));
      o.rules.forEach((rule, r) => {
        const results = ruleOfThumb(loudRecent, { ...rule, asOf: loud.asOf });
        const flagged = new Set(results.filter((x) => x.flagged).map((x) => key(x.indicator, x.area)));
        const t = rules[r];
        if (t) tally(t, flagged, (members) => members.some((p) => flagged.has(key(p.indicator, p.area))));
        const zOf = new Map(results.map((x) => [key(x.indicator, x.area), x.z]));
        for (const p of loud.planted) plantedZ[r]?.push(zOf.get(key(p.indicator, p.area)) ?? Number.NEGATIVE_INFINITY);
      });
    }

    const figures = (n: NullTally, t: PlantedTally): Figures => ({
      sensitivity: planted > 0 ? t.hits / planted : 0,
      datasetsWithFalseAlarm: n.datasetsFlagged / o.seeds,
      falseAlarmsPer1000: tests > 0 ? (1000 * n.flags) / tests : 0,
      falseDiscoveryProportion: t.flags > 0 ? t.falseFlags / t.flags : 0,
      escalationAreasFound: escalationAreas > 0 ? t.escalationAreas / escalationAreas : 0,
      datasetsWithFalseCrossSource: n.crossSource / o.seeds,
      byExpected: strata.map(([stratum], st) => ({
        stratum,
        planted: strataCount[st] ?? 0,
        sensitivity: (strataCount[st] ?? 0) > 0 ? (t.strataHits[st] ?? 0) / (strataCount[st] ?? 1) : 0,
      })),
      byMonths: [...monthCount]
        .sort(([a], [b]) => a - b)
        .map(([months, count]) => ({ months, planted: count, sensitivity: (t.monthHits.get(months) ?? 0) / count })),
    });

    return {
      scenario,
      planted,
      detector: figures(detectorNull, detector),
      oracle: figures(oracleNull, oracle),
      rules: o.rules.map((rule, r): RuleFigures => {
        // The threshold at which the rule would raise a false alarm in no more than `fdr` of null datasets.
        const maxima = (nullMaxZ[r] ?? []).slice().sort((a, b) => a - b);
        const matchedThreshold = maxima[Math.min(maxima.length - 1, Math.ceil((1 - fdr) * maxima.length) - 1)] ?? Number.POSITIVE_INFINITY;
        const zs = plantedZ[r] ?? [];
        const matchedSensitivity = zs.length > 0 ? zs.filter((z) => z > matchedThreshold).length / zs.length : 0;
        // The detector's cut-off with as many false flags on the null data as the rule at its threshold.
        const ruleFlags = rulesNull[r]?.flags ?? 0;
        const threshold = ruleFlags > 0 ? (nullP[Math.min(ruleFlags, nullP.length) - 1] ?? 0) : 0;
        const detectorAtRuleRate = {
          threshold,
          sensitivity: plantedP.length > 0 ? plantedP.filter((p) => p <= threshold).length / plantedP.length : 0,
        };
        return {
          rule,
          ...figures(rulesNull[r] ?? newNull(), rules[r] ?? newPlanted()),
          matchedThreshold,
          matchedSensitivity,
          detectorAtRuleRate,
        };
      }),
    };
  });

  const first = scenarios[0];
  return {
    seeds: o.seeds,
    fdr,
    testsPerDataset: tests / o.seeds,
    planted: first?.planted ?? 0,
    detector: first?.detector ?? figuresOfNothing(),
    rules: first?.rules ?? [],
    scenarios,
    milliseconds: Date.now() - started,
  };
}

function figuresOfNothing(): Figures {
  return {
    sensitivity: 0,
    datasetsWithFalseAlarm: 0,
    falseAlarmsPer1000: 0,
    falseDiscoveryProportion: 0,
    escalationAreasFound: 0,
    datasetsWithFalseCrossSource: 0,
    byExpected: [],
    byMonths: [],
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** The figures as a plain-text table (what the tests print and the benchmark quotes). */
export function formatBenchmark(report: BenchmarkReport): string {
  const row = (name: string, f: Figures): string =>
    `${name.padEnd(46)} ${pct(f.sensitivity).padStart(7)}   ${pct(f.datasetsWithFalseAlarm).padStart(24)}   ${f.falseAlarmsPer1000.toFixed(2).padStart(16)}   ${pct(f.falseDiscoveryProportion).padStart(13)}   ${pct(f.escalationAreasFound).padStart(12)}`;
  const lines = [
    `${report.seeds} null datasets (shared by the scenarios), ${report.testsPerDataset.toFixed(0)} area × indicator tests each, FDR ${report.fdr}`,
  ];
  for (const s of report.scenarios) {
    lines.push('');
    lines.push(`scenario: ${s.scenario.name} — ${report.seeds} planted datasets, ${s.planted} planted series`);
    lines.push(
      `method                                         sens.   null sets w/ false alarm   false/1000 tests   FDP (planted)   escal. areas`,
    );
    lines.push(row('detector', s.detector));
    for (const r of s.rules) lines.push(row(r.rule.name, r));
    lines.push(row('oracle (true means, BH; not a method)', s.oracle));
    lines.push(`detector: null datasets with a false cross-source area: ${pct(s.detector.datasetsWithFalseCrossSource)}`);
    lines.push(`at equal false-alarm rates:`);
    for (const r of s.rules)
      lines.push(
        `  ${r.rule.name}: at the detector's level (${pct(report.fdr)} of null sets) z > ${r.matchedThreshold.toFixed(2)} → sensitivity ${pct(r.matchedSensitivity)}; ` +
          `detector at the rule's rate (p ≤ ${r.detectorAtRuleRate.threshold.toPrecision(2)}) → sensitivity ${pct(r.detectorAtRuleRate.sensitivity)}`,
      );
    const byExpected = (f: Figures): string => f.byExpected.map((x) => `${x.stratum}: ${pct(x.sensitivity)}`).join(', ');
    lines.push(`sensitivity by expected count over the rise (n = ${s.detector.byExpected.map((x) => x.planted).join(' / ')}):`);
    lines.push(`  detector: ${byExpected(s.detector)}`);
    for (const r of s.rules) lines.push(`  ${r.rule.name}: ${byExpected(r)}`);
    lines.push(`  oracle: ${byExpected(s.oracle)}`);
    if (s.detector.byMonths.length > 1) {
      const byMonths = (f: Figures): string => f.byMonths.map((x) => `${x.months}: ${pct(x.sensitivity)}`).join(', ');
      lines.push(`sensitivity by length of the rise in months (n = ${s.detector.byMonths.map((x) => x.planted).join(' / ')}):`);
      lines.push(`  detector: ${byMonths(s.detector)}`);
      for (const r of s.rules) lines.push(`  ${r.rule.name}: ${byMonths(r)}`);
    }
  }
  lines.push(`${(report.milliseconds / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
