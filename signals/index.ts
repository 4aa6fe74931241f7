/**
 * Early warning ("tidig varning") for Lägesbild: rising trends per indicator × NYKO area, cross-source ranking,
 * intervention evaluation, and the rule-of-thumb baseline with its benchmark. Pure functions over monthly
 * aggregates; see CONTEXT.md (English) and METOD.md (svenska) for the method.
 */
export type {
  AreaSignal,
  EngineNote,
  EvidencePoint,
  NoteCode,
  SeriesKind,
  SeriesPoint,
  SeriesTest,
  Signal,
  WindowResult,
} from './types.ts';
export { parseSignalOptions, signalOptionsSchema, type SignalOptions, type SignalOptionsInput } from './options.ts';
export { detectSignals, runEarlyWarning, type EarlyWarningResult, type IndicatorSummary } from './detect.ts';
export { combineByArea, type CombineOptions } from './cross-source.ts';
export { signalRows, type SignalRow } from './rows.ts';
export {
  evaluateIntervention,
  InterventionError,
  type EffectEstimate,
  type InterventionInput,
  type InterventionResult,
  type PeriodSummary,
} from './intervention.ts';
export { baselineZ, ruleOfThumb, ruleWindows, type RuleComparison, type RuleOptions, type RuleResult } from './rule-of-thumb.ts';
export {
  defaultSimulationOptions,
  simulate,
  type EscalationPlan,
  type InterventionPlan,
  type PlantedEscalation,
  type PlantedIntervention,
  type Simulation,
  type SimulationOptions,
} from './simulate.ts';
export {
  defaultEscalations,
  defaultScenarios,
  formatBenchmark,
  runBenchmark,
  ruleVariants,
  type BenchmarkOptions,
  type BenchmarkReport,
  type Figures,
  type RuleFigures,
  type RuleVariant,
  type Scenario,
  type ScenarioReport,
} from './benchmark.ts';
