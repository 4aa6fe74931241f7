/**
 * Cell suppression for one table, computed once and shared by every view: primary suppression, then
 * "protect → attack → fix" until the engine's own LP intruder finds no suppressed cell it can narrow down.
 *
 * 1. Primary: counts 1..k−1 (and zeros if so configured); cells published earlier with the same value stay
 *    published (the intruder has them anyway); other cells suppressed in an earlier release stay suppressed.
 * 2. Protect: every cell that needs protection, top-down (totals first, as HiTaS does), gets the cheapest pattern
 *    from pattern.ts; the cells it touches become secondary suppressions and need protection themselves.
 * 3. Attack: verify.ts solves the intruder's LP for every cell not yet certified; cells that fail go back to 2
 *    with the larger suppression set. Suppression only grows, so this terminates.
 * 4. Audit: once nothing fails, every certificate from step 2 is dropped and every suppressed cell is certified
 *    again from optimal vertices of the intruder's LP alone; any shortfall goes back to 2.
 *
 * Only steps 3–4 decide that a table is safe, so the heuristics in step 2 can never make an unsafe release.
 */
import type { Cube } from './cube.ts';
import { cellKey, compileTable } from './cube.ts';
import { exactIntervals } from './attack.ts';
import { extendWithHistory } from './history.ts';
import { loadHighs } from './lp.ts';
import { EscalationTracker, protectCell } from './pattern.ts';
import type { SuppressionState } from './state.ts';
import { initialState, isCertified, isUnknown, Role } from './state.ts';
import { findUnprotected } from './verify.ts';
import type { CellDecision, CellStatus, Interval, LinearTable, ReasonCode, ReleaseHistory, SuppressionRules } from './table.ts';

export interface SuppressOptions {
  /** Earlier releases of this table (the outflow log): the intruder's prior knowledge. */
  readonly history?: ReleaseHistory;
  /** Cells another rule makes sensitive (keyId → reason), e.g. from shares.ts. */
  readonly extraPrimary?: ReadonlyMap<string, ReasonCode>;
  /** Upper bounds the intruder knows (keyId → bound), e.g. a numerator's published denominator. */
  readonly upperBounds?: ReadonlyMap<string, number>;
  /**
   * `exact`: report the intruder's exact interval (LP min and max) with every suppressed cell. Costs two LPs per
   * suppressed cell, so the cube leaves it off; `protect` (ad-hoc tables) turns it on. Default `none`.
   */
  readonly intervals?: 'none' | 'exact';
  /** Safety net against a bug looping forever; each round only adds suppressions. Default 100. */
  readonly maxRounds?: number;
}

export interface UnprotectedCell {
  readonly key: readonly string[];
  readonly count: number;
  readonly interval: Interval;
  /** Set when the cell is a figure of an earlier release (e.g. last month's year-to-date total). */
  readonly earlier?: string;
  /**
   * True for a primary (small) cell, now or in the earlier release: the release must not go out. False for a
   * cell suppressed only to protect others (typically fixed by earlier releases and a revision): its interval
   * is narrower than required but it is no small count itself; the statistician decides.
   */
  readonly sensitive: boolean;
}

export interface SuppressionStats {
  /** Publishable cells of the table. */
  readonly cells: number;
  readonly primary: number;
  readonly secondary: number;
  /** Protect–attack rounds (1 when the first pass protected everything). */
  readonly rounds: number;
  /** LPs solved for patterns, attacks and the audit (not for reported intervals). */
  readonly lpSolves: number;
  readonly millis: number;
}

export interface SuppressionResult {
  /** One decision per publishable cell, in key order. */
  readonly cells: readonly CellDecision[];
  /** Cells no suppression pattern can protect (e.g. fixed by earlier releases); refuse the release if non-empty. */
  readonly unprotected: readonly UnprotectedCell[];
  readonly stats: SuppressionStats;
}

/** Top-down: totals before their parts, then smaller values, then key order. */
function processingOrder(cube: Cube, cells: readonly number[]): number[] {
  return [...cells].sort((a, b) => (cube.level[b] ?? 0) - (cube.level[a] ?? 0) || (cube.values[a] ?? 0) - (cube.values[b] ?? 0) || a - b);
}

interface Protected {
  readonly rounds: number;
  readonly impossible: number[];
}

async function protect(state: SuppressionState, maxRounds: number): Promise<Protected> {
  const highs = await loadHighs();
  const { cube } = state;
  const impossible = new Set<number>();
  const tracker = new EscalationTracker();
  let queue = processingOrder(
    cube,
    Array.from({ length: cube.variables }, (_, c) => c).filter((c) => state.required[c] === 1),
  );
  let rounds = 0;
  for (;;) {
    rounds++;
    if (rounds > maxRounds) throw new Error(`suppression did not converge in ${maxRounds} rounds (a bug)`);
    let grew = false;
    for (let i = 0; i < queue.length; i++) {
      const cell = queue[i] ?? 0;
      if (impossible.has(cell) || isCertified(state, cell)) continue;
      const outcome = protectCell(highs, state, cell, tracker);
      if (outcome.kind === 'impossible') {
        impossible.add(cell);
        continue;
      }
      if (outcome.added.length > 0) {
        grew = true;
        // New secondaries need protection too; they join this pass.
        queue.push(...processingOrder(cube, outcome.added));
      }
    }
    if (grew) {
      // Larger suppression set: earlier LP optima are lower bounds now, not exact values.
      state.loExact.fill(0);
      state.hiExact.fill(0);
    }
    let failing = (await findUnprotected(highs, state)).filter((c) => !impossible.has(c));
    if (failing.length === 0) {
      // Audit: forget the pattern certificates (computed before their last cells were suppressed, with solver
      // tolerance) and certify every cell again from optimal vertices of the intruder's LP alone.
      state.lo.set(cube.values);
      state.hi.set(cube.values);
      state.loExact.fill(0);
      state.hiExact.fill(0);
      failing = (await findUnprotected(highs, state)).filter((c) => !impossible.has(c));
      if (failing.length === 0) return { rounds, impossible: [...impossible].sort((a, b) => a - b) };
    }
    queue = processingOrder(cube, failing);
  }
}

function statusOf(role: number): CellStatus {
  if (role === Role.primary) return 'suppressed_primary';
  if (role === Role.secondary) return 'suppressed_secondary';
  return 'published';
}

export async function suppress(table: LinearTable, rules: SuppressionRules, options: SuppressOptions = {}): Promise<SuppressionResult> {
  const started = performance.now();
  const compiled = compileTable(table);
  const extended = options.history ? extendWithHistory(compiled, options.history) : undefined;
  const cube = extended?.cube ?? compiled;
  const state = initialState(cube, rules, {
    links: extended?.links,
    extraPrimary: options.extraPrimary,
    upperBounds: options.upperBounds,
  });
  const { rounds, impossible } = await protect(state, options.maxRounds ?? 100);
  const impossibleSet = new Set(impossible);
  const wantInterval = (c: number): boolean =>
    impossibleSet.has(c) ||
    (options.intervals === 'exact' && c < cube.size && isUnknown(state.role[c] ?? 0) && state.role[c] !== Role.hidden);
  const intervals = await exactIntervals(cube, state, wantInterval);
  const keyOf = (c: number): readonly string[] => (c < cube.size ? cellKey(cube, c) : (extended?.links.extraKeys[c - cube.size] ?? []));

  const cells: CellDecision[] = [];
  let primary = 0;
  let secondary = 0;
  for (let c = 0; c < cube.size; c++) {
    const role = state.role[c] ?? Role.candidate;
    if (role === Role.hidden) continue;
    const count = cube.values[c] ?? 0;
    // A cell published earlier that today's rules call sensitive is shown as `..` but was out already.
    const shownSuppressed = isUnknown(role) || state.reason[c] === 'primary:released-before';
    const status: CellStatus = state.reason[c] === 'primary:released-before' ? 'suppressed_primary' : statusOf(role);
    if (status === 'suppressed_primary') primary++;
    if (status === 'suppressed_secondary') secondary++;
    const protects = state.protects.get(c);
    const interval = intervals.get(c);
    cells.push({
      key: cellKey(cube, c),
      count,
      published: shownSuppressed ? null : count,
      status,
      reason: impossibleSet.has(c) ? 'unprotectable' : (state.reason[c] ?? 'published'),
      ...(cube.magnitudes ? { publishedMagnitude: shownSuppressed ? null : (cube.magnitudes[c] ?? 0) } : {}),
      ...(protects ? { protects: protects.map(keyOf) } : {}),
      ...(interval ? { interval } : {}),
    });
  }
  const unprotected = impossible.map((c) => ({
    key: keyOf(c),
    count: cube.values[c] ?? 0,
    interval: intervals.get(c) ?? { min: state.lo[c] ?? 0, max: state.hi[c] ?? 0 },
    ...(c >= cube.size ? { earlier: extended?.links.extraLabels[c - cube.size] ?? '' } : {}),
    sensitive: c < cube.size ? state.role[c] === Role.primary : extended?.links.extraPrimary[c - cube.size] === 1,
  }));
  return {
    cells,
    unprotected,
    stats: {
      cells: cells.length,
      primary,
      secondary,
      rounds,
      lpSolves: state.lpSolves,
      millis: Math.round(performance.now() - started),
    },
  };
}
