/**
 * Public surface of the disclosure engine. Everything outside this folder imports from here; the other modules
 * are internal and may change.
 */
export type {
  CellDecision,
  CellInput,
  CellStatus,
  Dimension,
  EarlierRelease,
  Interval,
  LinearTable,
  ProtectionLevels,
  ReasonCode,
  ReleaseHistory,
  ReleasedCell,
  SuppressionCost,
  SuppressionRules,
  TotalDefinition,
} from './table.ts';
export { DEFAULT_RULES, displayValue, keyId, keyLabel, SUPPRESSED } from './table.ts';
export { DisclosureInputError } from './errors.ts';
export type { CalendarOptions } from './dimensions.ts';
export { calendarDimension, dimensionFromParents, flatDimension, monthRange } from './dimensions.ts';
export type { SuppressOptions, SuppressionResult, SuppressionStats, UnprotectedCell } from './suppress.ts';
export { suppress } from './suppress.ts';
export { SuppressPool } from './pool.ts';
export type { IntruderSystem, PublishedFigure } from './attack.ts';
export { attackRelease, attackSystem } from './attack.ts';
export type { CkmParameters, PerturbationRow, PerturbationTable, PerturbOptions } from './ckm.ts';
export { buildPerturbationTable, cellIdentity, cellKey, cellKeyPerturb, DEFAULT_CKM, noiseFor, perturb } from './ckm.ts';
export type { DenominatorFigure, RateDecision, ShareCell, ShareDecision, ShareReason, ShareRules, ShareSensitivity } from './shares.ts';
export { decideRate, decideShare, DEFAULT_SHARE_RULES, shareSensitivity, shareSuppressionInputs, wilsonInterval } from './shares.ts';
export type { OutflowEntry } from './outflow.ts';
export { historyFor, outflowEntry, sha256 } from './outflow.ts';
export type { ParsedTable, ProtectedRow, ProtectedTable, ProtectOptions, TableSpec } from './protectTable.ts';
export { formatProtectedCsv, parseTable, parseTotalArgument, protectTable, tableSpecSchema } from './protectTable.ts';
export type { DisclosureRules } from './rules.ts';
export {
  ckmParametersOf,
  ckmRulesSchema,
  disclosureRulesSchema,
  PRESETS,
  shareRulesOf,
  suppressionRulesOf,
  suppressionRulesSchema,
} from './rules.ts';
