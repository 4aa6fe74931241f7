/**
 * The vocabulary of the disclosure engine: a linear table (cells over dimensions whose totals are sums of other
 * codes), the rules that protect it, and the decision for every cell that leaves the lager.
 *
 * Everything here is plain data so the engine stays independent of DuckDB, the CLI and the config loader.
 */

/**
 * One dimension of a table. A code is either a leaf or a *total*: the sum of other codes of the same dimension.
 * Totals may nest (month → quarter → year) and a code may belong to several totals, which is how alternative
 * groupings of the same areas (linked tables) and overlapping periods (rolling 12 months) are expressed: every
 * definition becomes one additive constraint, and all of them are part of what the intruder knows.
 */
export interface Dimension {
  readonly name: string;
  /**
   * Each definition says `total = sum of parts`. A total may have several definitions (the municipality is the sum
   * of its NYKO1 areas and also of its school catchments); they must agree. Codes that are never a total are
   * leaves. The definitions must be acyclic.
   */
  readonly totals: readonly TotalDefinition[];
  /** Leaf codes that appear in no total (a flat dimension without total, or an extra leaf). */
  readonly leaves?: readonly string[];
  /**
   * Codes whose cells are never published: helper leaves that make other codes additive, e.g. the part of a week
   * that falls in a month. They enter the intruder's equations as unknowns, never as figures.
   */
  readonly hidden?: readonly string[];
}

export interface TotalDefinition {
  readonly total: string;
  readonly parts: readonly string[];
}

export interface CellInput {
  /** One code per dimension, in the table's dimension order. */
  readonly key: readonly string[];
  /** The exact count from the lager. */
  readonly count: number;
  /** An optional magnitude of the same cell (e.g. repair cost in kronor): published only when the count is. */
  readonly magnitude?: number;
}

/**
 * A table to protect. `cells` may include totals (they are checked against the sum of their parts) and may omit
 * combinations: an omitted leaf is a zero that the recipient is assumed to know, an omitted total is computed.
 * Every combination of codes is a published cell unless one of its codes is hidden.
 */
export interface LinearTable {
  readonly dimensions: readonly Dimension[];
  readonly cells: readonly CellInput[];
}

/** How far the intruder's feasible interval for a suppressed cell must reach, in count units. */
export interface ProtectionLevels {
  /** The interval's upper bound must be at least value + upper. */
  readonly upper: number;
  /** The interval's lower bound must be at most value − lower (capped at the value: counts are never negative). */
  readonly lower: number;
  /** The interval must be at least this wide (upper bound − lower bound). */
  readonly minWidth: number;
}

/** What a secondary suppression costs: the engine minimises the sum over the cells it adds. */
export type SuppressionCost = 'value' | 'unity' | 'log';

export interface SuppressionRules {
  /** Counts 1..k−1 are suppressed (primary). */
  readonly k: number;
  /** `publish`: zeros are published; `primary`: a zero is as sensitive as a small count. */
  readonly zeros: 'publish' | 'primary';
  /** May a published zero be suppressed to protect another cell? (A suppressed zero can only hide upwards.) */
  readonly zerosAsSecondary: boolean;
  readonly protection: ProtectionLevels;
  /**
   * `value` (default): cost = count + 1, i.e. prefer few and small cells, avoid totals; `unity`: fewest cells;
   * `log`: 1 + ln(1 + count), between the two.
   */
  readonly cost: SuppressionCost;
}

export const DEFAULT_RULES: SuppressionRules = {
  k: 5,
  zeros: 'publish',
  zerosAsSecondary: true,
  protection: { upper: 1, lower: 0, minWidth: 2 },
  cost: 'value',
};

export type CellStatus = 'published' | 'suppressed_primary' | 'suppressed_secondary' | 'perturbed';

/**
 * Why a cell has its status. Stable codes, meant for the release ledger and for people:
 * - `published`                  nothing to protect
 * - `published:released-before`  published earlier with the same value (in any view, even if another showed
 *                                `..`); it is known anyway, so it stays published
 * - `primary:k`                  1 ≤ count < k
 * - `primary:zero`               count 0 under the `zeros: primary` policy
 * - `primary:released-before`    sensitive under today's rules but published earlier with this value: shown as
 *                                suppressed, yet known to whoever has the earlier release (cannot be protected)
 * - `primary:share`              the numerator of a disclosive share (0 %, 100 %, all but a few, small base)
 * - `secondary:protection`       suppressed so that another suppressed cell cannot be derived (see `protects`)
 * - `secondary:history`          suppressed in an earlier release and never published with this value; a
 *                                suppressed cell is never opened
 * - `perturbed:ckm`              published with cell-key noise
 * - `unprotectable`              suppressed, but no suppression pattern can give the required interval
 */
export type ReasonCode =
  | 'published'
  | 'published:released-before'
  | 'primary:k'
  | 'primary:zero'
  | 'primary:released-before'
  | 'primary:share'
  | 'secondary:protection'
  | 'secondary:history'
  | 'perturbed:ckm'
  | 'unprotectable';

export interface Interval {
  readonly min: number;
  readonly max: number;
}

export interface CellDecision {
  readonly key: readonly string[];
  /** The true count (internal: never copy this into an outflow). */
  readonly count: number;
  /** The value that may leave the lager: the count, a perturbed count, or null for `..`. */
  readonly published: number | null;
  readonly status: CellStatus;
  readonly reason: ReasonCode;
  /** The magnitude that may leave the lager (null when the count is suppressed or absent). */
  readonly publishedMagnitude?: number | null;
  /** For secondary suppressions: keys of the cells whose protection required this one (first few). */
  readonly protects?: readonly (readonly string[])[];
  /** For suppressed cells when intervals were computed: the intruder's feasible interval. */
  readonly interval?: Interval;
}

/** One cell as released earlier (the release ledger). */
export interface ReleasedCell {
  readonly key: readonly string[];
  /** The figure that left: the count, a perturbed count, or null for `..`. */
  readonly value: number | null;
  readonly status: CellStatus;
  /**
   * The true count at release time. Internal to the huvudman's ledger and never part of an extract: the next
   * release needs it to tell revised cells from unchanged ones (an intruder who holds both releases links
   * unchanged cells, and may difference last month's year-to-date total against this month's).
   */
  readonly count: number;
}

/** One earlier release of the same subject: its table structure and every cell as released. */
export interface EarlierRelease {
  readonly dimensions: readonly Dimension[];
  readonly cells: readonly ReleasedCell[];
}

/**
 * What earlier releases put in the intruder's hands. A cell published earlier with its current value stays
 * published; any other cell that was ever suppressed stays suppressed; and every earlier release's equations
 * (with its published figures) are part of the system the intruder solves.
 */
export interface ReleaseHistory {
  readonly releases: readonly EarlierRelease[];
}

/** Separator for cell identities in maps; a unit separator cannot occur in area or period codes. */
export const KEY_SEPARATOR = '\u001f';

export function keyId(key: readonly string[]): string {
  return key.join(KEY_SEPARATOR);
}

export function keyLabel(key: readonly string[]): string {
  return key.join(' × ');
}

/** How a suppressed figure is shown in every output. */
export const SUPPRESSED = '..';

/** The figure as printed: the published value, or `..`. */
export function displayValue(decision: Pick<CellDecision, 'published'>): string {
  return decision.published === null ? SUPPRESSED : String(decision.published);
}
