/**
 * Earlier releases as part of the intruder's system (cf. GaussSuppression's incremental time suppression).
 *
 * The intruder holds every release and knows which cells were revised (the strongest assumption; the engine knows
 * it from the ledger's internal true counts). So a variable is a (cell, true count) pair, as in the test intruder
 * (tests/disclosure/intruder.ts): a cell with the same count in two releases is one unknown in both, a revised
 * cell is a new variable, and its earlier version stays in the system with the earlier equations. A variable
 * published in any release, or in any view of one, is a constant even where another showed `..`; one suppressed
 * somewhere and published nowhere must stay protected, whether it is a cell of this table or a figure that exists
 * only in an earlier release, such as the year-to-date total as of last month. Every earlier release contributes
 * its own equations: exactly the differencing that opens a month when last month's and this month's year-to-date
 * totals are both out.
 *
 * The engine then protects this month's cells *and* every earlier suppressed figure against the whole system,
 * choosing only this month's suppressions. Where figures already out fix an earlier one (a correction that lowers
 * a count, corrections that cancel out), no choice can help, and suppress.ts reports the cell.
 *
 * Limit: cells of an earlier release with a hidden code are not in the ledger, so equations of earlier releases
 * that involve them are left out.
 */
import type { Cube } from './cube.ts';
import { cellIndex, cellKey, compileStructure } from './cube.ts';
import { DisclosureInputError } from './errors.ts';
import type { ReleaseHistory, ReleasedCell } from './table.ts';
import { keyId, keyLabel } from './table.ts';

export interface HistoryLinks {
  /** Per table cell: suppressed in some earlier release (whatever its value then). */
  readonly everSuppressed: Uint8Array;
  /**
   * Per table cell: published earlier with exactly its current value, so the intruder has it (whatever other
   * releases or views showed: this wins over `everSuppressed`).
   */
  readonly knownBefore: Uint8Array;
  /** Per extra variable (index − size): published in its release, so a constant. */
  readonly extraKnown: Uint8Array;
  /** Per extra variable: suppressed in its release, so it must stay protected. */
  readonly extraRequired: Uint8Array;
  /** Per extra variable: a primary suppression in its release. */
  readonly extraPrimary: Uint8Array;
  /** Per extra variable: a readable label (release number, key, value) for reports. */
  readonly extraLabels: readonly string[];
  readonly extraKeys: readonly (readonly string[])[];
}

function isSuppressed(cell: ReleasedCell): boolean {
  return cell.value === null || cell.status === 'suppressed_primary' || cell.status === 'suppressed_secondary';
}

/** The cube extended with variables and equations of earlier releases, and what is known about its cells. */
export function extendWithHistory(cube: Cube, history: ReleaseHistory): { cube: Cube; links: HistoryLinks } {
  const everSuppressed = new Uint8Array(cube.size);
  const knownBefore = new Uint8Array(cube.size);
  const varOf = new Map<string, number>();
  for (let c = 0; c < cube.size; c++) varOf.set(`${keyId(cellKey(cube, c))}@${cube.values[c] ?? 0}`, c);
  const extraValues: number[] = [];
  const extraKnown: number[] = [];
  const extraRequired: number[] = [];
  const extraPrimary: number[] = [];
  const extraLabels: string[] = [];
  const extraKeys: (readonly string[])[] = [];

  // Rows in canonical form, so an earlier equation identical to a current one is not added twice.
  const rows: { cells: number[]; coefs: number[] }[] = [];
  const seen = new Set<string>();
  const addRow = (cells: number[], coefs: number[]): void => {
    const order = cells.map((_, i) => i).sort((a, b) => (cells[a] ?? 0) - (cells[b] ?? 0));
    const sortedCells = order.map((i) => cells[i] ?? 0);
    const sortedCoefs = order.map((i) => coefs[i] ?? 0);
    // An equation and its negation are the same constraint: normalise the sign of the first coefficient.
    const sign = (sortedCoefs[0] ?? 1) < 0 ? -1 : 1;
    const id = sortedCells.map((c, i) => `${c}:${sign * (sortedCoefs[i] ?? 0)}`).join(',');
    if (seen.has(id)) return;
    seen.add(id);
    rows.push({ cells: sortedCells, coefs: sortedCoefs });
  };
  for (let r = 0; r < cube.rowCount; r++) {
    const cells: number[] = [];
    const coefs: number[] = [];
    for (let i = cube.rowStart[r] ?? 0; i < (cube.rowStart[r + 1] ?? 0); i++) {
      cells.push(cube.rowCells[i] ?? 0);
      coefs.push(cube.rowCoef[i] ?? 0);
    }
    addRow(cells, coefs);
  }

  history.releases.forEach((release, ri) => {
    const structure = compileStructure(release.dimensions);
    const byId = new Map(release.cells.map((cell) => [keyId(cell.key), cell] as const));
    const variableOf = new Int32Array(structure.size).fill(-1);
    for (let o = 0; o < structure.size; o++) {
      const key = cellKey(structure, o);
      const released = byId.get(keyId(key));
      if (structure.publishable[o] !== 1 || !released) continue;
      if (released.status === 'perturbed') continue; // no exact figure, and no exact link
      const current = cellIndex(cube, key);
      if (current !== undefined && current < cube.size && isSuppressed(released)) everSuppressed[current] = 1;
      const id = `${keyId(key)}@${released.count}`;
      let v = varOf.get(id);
      if (v === undefined) {
        v = cube.size + extraValues.length;
        varOf.set(id, v);
        extraValues.push(released.count);
        extraKnown.push(0);
        extraRequired.push(0);
        extraPrimary.push(0);
        extraLabels.push(`release ${ri + 1}: ${keyLabel(key)} = ${released.count}`);
        extraKeys.push(key);
      }
      variableOf[o] = v;
      const published = !isSuppressed(released);
      if (published && released.value !== released.count) {
        throw new DisclosureInputError(
          `ledger: ${keyLabel(key)} was published as ${released.value} but recorded with count ${released.count}`,
        );
      }
      if (v < cube.size) {
        if (published) knownBefore[v] = 1;
      } else {
        const e = v - cube.size;
        if (published) {
          extraKnown[e] = 1;
          extraRequired[e] = 0;
        } else if (extraKnown[e] !== 1) extraRequired[e] = 1;
        if (released.status === 'suppressed_primary') extraPrimary[e] = 1;
      }
    }
    for (let r = 0; r < structure.rowCount; r++) {
      const cells: number[] = [];
      const coefs: number[] = [];
      let complete = true;
      for (let i = structure.rowStart[r] ?? 0; i < (structure.rowStart[r + 1] ?? 0); i++) {
        const v = variableOf[structure.rowCells[i] ?? 0] ?? -1;
        if (v < 0) {
          complete = false;
          break;
        }
        cells.push(v);
        coefs.push(structure.rowCoef[i] ?? 0);
      }
      if (complete) addRow(cells, coefs);
    }
  });

  const extras = extraValues.length;
  const variables = cube.size + extras;
  const values = new Float64Array(variables);
  values.set(cube.values);
  values.set(extraValues, cube.size);
  const rowStart = new Int32Array(rows.length + 1);
  const nnz = rows.reduce((s, r) => s + r.cells.length, 0);
  const rowCells = new Int32Array(nnz);
  const rowCoef = new Int8Array(nnz);
  let at = 0;
  rows.forEach((row, r) => {
    let sum = 0;
    row.cells.forEach((c, i) => {
      rowCells[at] = c;
      rowCoef[at] = row.coefs[i] ?? 0;
      sum += (row.coefs[i] ?? 0) * (values[c] ?? 0);
      at++;
    });
    rowStart[r + 1] = at;
    if (Math.abs(sum) > 1e-6) {
      throw new DisclosureInputError('ledger: the recorded counts of an earlier release do not add up');
    }
  });
  const counts = new Int32Array(variables + 1);
  for (const c of rowCells) counts[c + 1] = (counts[c + 1] ?? 0) + 1;
  for (let i = 0; i < variables; i++) counts[i + 1] = (counts[i + 1] ?? 0) + (counts[i] ?? 0);
  const cellRowStart = Int32Array.from(counts);
  const fill = Int32Array.from(counts.subarray(0, variables));
  const cellRows = new Int32Array(nnz);
  for (let r = 0; r < rows.length; r++) {
    for (let i = rowStart[r] ?? 0; i < (rowStart[r + 1] ?? 0); i++) {
      const c = rowCells[i] ?? 0;
      const slot = fill[c] ?? 0;
      cellRows[slot] = r;
      fill[c] = slot + 1;
    }
  }
  const publishable = new Uint8Array(variables);
  publishable.set(cube.publishable);
  const level = new Uint8Array(variables);
  level.set(cube.level);
  return {
    cube: {
      ...cube,
      variables,
      values,
      publishable,
      level,
      rowStart,
      rowCells,
      rowCoef,
      cellRowStart,
      cellRows,
      rowCount: rows.length,
    },
    links: {
      everSuppressed,
      knownBefore,
      extraKnown: Uint8Array.from(extraKnown),
      extraRequired: Uint8Array.from(extraRequired),
      extraPrimary: Uint8Array.from(extraPrimary),
      extraLabels,
      extraKeys,
    },
  };
}
