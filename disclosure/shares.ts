/**
 * Shares (numerator / denominator) and rates (count per population) follow their counts: a share or rate is never
 * more informative than the counts behind it.
 *
 * - A share or rate on a suppressed count is suppressed (`..`): rate × published population would give the count
 *   back. On a perturbed count it is computed from the perturbed count, for the same reason.
 * - Some shares are disclosive although their counts are not small: 0 % (nobody in the group), 100 % (everybody),
 *   "all but a few" (denominator − numerator < k) and any share on a denominator below the minimum. Those make the
 *   *numerator count* sensitive, because the share and the count tables are published together: `shareSensitivity`
 *   returns them as extra primary cells (and the denominators as bounds the intruder knows) for suppress().
 * - Small but publishable bases are flagged with a Wilson interval so that readers see how uncertain they are.
 */
import type { CellDecision, CellStatus, ReasonCode } from './table.ts';
import { keyId } from './table.ts';

export interface ShareRules {
  /** Counts 1..k−1 are small (as in the count table). */
  readonly k: number;
  /** A share needs at least this many in the denominator. */
  readonly minDenominator: number;
  /** 0 % and 100 % reveal an attribute of everyone in the group. */
  readonly extremes: 'suppress' | 'publish';
  /** Denominator − numerator in 1..k−1 ("all but a few") is as disclosive as a small numerator. */
  readonly complement: boolean;
  /** Flag a published share when its 95 % Wilson interval is wider than this (in share units). */
  readonly flagWidth: number;
}

export const DEFAULT_SHARE_RULES: ShareRules = {
  k: 5,
  minDenominator: 10,
  extremes: 'suppress',
  complement: true,
  flagWidth: 0.3,
};

export interface ShareCell {
  readonly key: readonly string[];
  readonly numerator: number;
  readonly denominator: number;
}

export type ShareSensitivity = 'extreme' | 'complement' | 'small-denominator';

/** Why a share's numerator count is sensitive, or undefined if it is not (beyond the count rules). */
export function shareSensitivity(cell: ShareCell, rules: ShareRules): ShareSensitivity | undefined {
  const { numerator: n, denominator: d } = cell;
  if (d <= 0) return undefined;
  if (d < rules.minDenominator) return 'small-denominator';
  if (rules.extremes === 'suppress' && (n === 0 || n === d)) return 'extreme';
  if (rules.complement && d - n > 0 && d - n < rules.k) return 'complement';
  return undefined;
}

/**
 * Inputs for suppress() on the numerator table: sensitive numerators as extra primary cells, and every
 * denominator as an upper bound of its numerator (the intruder knows a share cannot exceed 100 %).
 */
export function shareSuppressionInputs(
  cells: readonly ShareCell[],
  rules: ShareRules,
): { extraPrimary: Map<string, ReasonCode>; upperBounds: Map<string, number> } {
  const extraPrimary = new Map<string, ReasonCode>();
  const upperBounds = new Map<string, number>();
  for (const cell of cells) {
    const id = keyId(cell.key);
    upperBounds.set(id, cell.denominator);
    if (shareSensitivity(cell, rules)) extraPrimary.set(id, 'primary:share');
  }
  return { extraPrimary, upperBounds };
}

/** 95 % (z = 1.96) Wilson score interval for x successes out of n. */
export function wilsonInterval(x: number, n: number, z = 1.96): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export type ShareReason =
  | 'published'
  | 'perturbed:ckm'
  | 'suppressed:numerator'
  | 'suppressed:denominator'
  | 'suppressed:small-denominator'
  | 'suppressed:extreme'
  | 'suppressed:complement';

export interface ShareDecision {
  readonly key: readonly string[];
  /** The published share (0..1) or null for `..`. */
  readonly share: number | null;
  readonly status: CellStatus;
  readonly reason: ShareReason;
  /** Wilson interval of a published share. */
  readonly interval?: { readonly low: number; readonly high: number };
  /** True when the interval is wider than `flagWidth`: publish with a warning about the small base. */
  readonly uncertain?: boolean;
}

export interface DenominatorFigure {
  readonly count: number;
  /** Status of the denominator as released (a public population is `published`). */
  readonly status: CellStatus;
  readonly published: number | null;
}

/** The share for one cell, from the numerator's decision in the count table and the denominator's release. */
export function decideShare(numerator: CellDecision, denominator: DenominatorFigure, rules: ShareRules): ShareDecision {
  const key = numerator.key;
  const suppressed = (reason: ShareReason, status: CellStatus): ShareDecision => ({
    key,
    share: null,
    status,
    reason,
  });
  // The count rules and shareSensitivity were applied to the numerator table; re-check in case the share table is
  // assembled from a table that was protected without them.
  const sensitive = shareSensitivity({ key, numerator: numerator.count, denominator: denominator.count }, rules);
  if (sensitive === 'small-denominator') return suppressed('suppressed:small-denominator', 'suppressed_primary');
  if (numerator.published === null) return suppressed('suppressed:numerator', 'suppressed_secondary');
  if (denominator.published === null) return suppressed('suppressed:denominator', 'suppressed_secondary');
  if (sensitive === 'extreme') return suppressed('suppressed:extreme', 'suppressed_primary');
  if (sensitive === 'complement') return suppressed('suppressed:complement', 'suppressed_primary');
  const x = numerator.published;
  const n = denominator.published;
  if (n <= 0) return suppressed('suppressed:small-denominator', 'suppressed_primary');
  const interval = wilsonInterval(Math.min(Math.max(x, 0), n), n);
  const perturbed = numerator.status === 'perturbed' || denominator.status === 'perturbed';
  return {
    key,
    share: Math.min(1, Math.max(0, x / n)),
    status: perturbed ? 'perturbed' : 'published',
    reason: perturbed ? 'perturbed:ckm' : 'published',
    interval,
    uncertain: interval.high - interval.low > rules.flagWidth,
  };
}

export interface RateDecision {
  readonly key: readonly string[];
  /** Count per `per` inhabitants, or null for `..`. */
  readonly rate: number | null;
  readonly status: CellStatus;
  readonly reason: ShareReason;
}

/**
 * A rate per `per` inhabitants from a count's decision and a (public) population. Computed only from the
 * *published* count, so rate × population never returns more than was published; suppressed when the count is or
 * the population is below the minimum denominator.
 */
export function decideRate(count: CellDecision, population: number, per: number, rules: Pick<ShareRules, 'minDenominator'>): RateDecision {
  const key = count.key;
  if (population < rules.minDenominator || population <= 0) {
    return { key, rate: null, status: 'suppressed_primary', reason: 'suppressed:small-denominator' };
  }
  if (count.published === null) {
    return { key, rate: null, status: 'suppressed_secondary', reason: 'suppressed:numerator' };
  }
  const perturbed = count.status === 'perturbed';
  return {
    key,
    rate: (count.published / population) * per,
    status: perturbed ? 'perturbed' : 'published',
    reason: perturbed ? 'perturbed:ckm' : 'published',
  };
}
