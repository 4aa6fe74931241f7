/**
 * The intruder's system of equations: every additive constraint of the cube with the published figures moved to
 * the right-hand side, over the unknown (suppressed or never published) cells, which are non-negative. It splits
 * into independent components (unknowns linked through shared constraints); each is its own small LP.
 */
import type { CubeStructure } from './cube.ts';
import type { SparseRow } from './lp.ts';

export interface IntruderComponent {
  /** Cube cell numbers of the LP columns, ascending. */
  readonly cells: readonly number[];
  /** Upper bound of each column (Infinity unless the intruder knows one). */
  readonly upper: Float64Array;
  readonly rows: readonly SparseRow[];
}

/**
 * @param known    value the intruder knows for a cell (ignored where `unknown` is 1)
 * @param unknown  1 for a cell the intruder must solve for
 */
export function intruderComponents(
  cube: CubeStructure,
  known: Float64Array,
  unknown: Uint8Array,
  wanted?: (cell: number) => boolean,
  bound?: Float64Array,
): IntruderComponent[] {
  const parent = new Int32Array(cube.variables).fill(-1);
  const find = (x: number): number => {
    let root = x;
    while ((parent[root] ?? -1) >= 0 && parent[root] !== root) root = parent[root] ?? root;
    let cur = x;
    while (cur !== root) {
      const next = parent[cur] ?? root;
      parent[cur] = root;
      cur = next;
    }
    return root;
  };
  for (let c = 0; c < cube.variables; c++) if (unknown[c] === 1) parent[c] = c;

  const activeRows: number[] = [];
  for (let r = 0; r < cube.rowCount; r++) {
    let first = -1;
    for (let i = cube.rowStart[r] ?? 0; i < (cube.rowStart[r + 1] ?? 0); i++) {
      const c = cube.rowCells[i] ?? 0;
      if (unknown[c] !== 1) continue;
      if (first < 0) first = c;
      else {
        const a = find(first);
        const b = find(c);
        if (a !== b) {
          // Union by smaller root keeps the structure independent of row order.
          if (a < b) parent[b] = a;
          else parent[a] = b;
        }
      }
    }
    if (first >= 0) activeRows.push(r);
  }

  const byRoot = new Map<number, number[]>();
  for (let c = 0; c < cube.variables; c++) {
    if (unknown[c] !== 1) continue;
    const root = find(c);
    const list = byRoot.get(root);
    if (list) list.push(c);
    else byRoot.set(root, [c]);
  }
  const keep = new Set<number>();
  for (const [root, cells] of byRoot) if (!wanted || cells.some(wanted)) keep.add(root);

  const column = new Int32Array(cube.variables).fill(-1);
  for (const [root, cells] of byRoot) if (keep.has(root)) cells.forEach((c, j) => (column[c] = j));
  const rowsByRoot = new Map<number, SparseRow[]>();
  for (const r of activeRows) {
    const cols: number[] = [];
    const coefs: number[] = [];
    let rhs = 0;
    let root = -1;
    for (let i = cube.rowStart[r] ?? 0; i < (cube.rowStart[r + 1] ?? 0); i++) {
      const c = cube.rowCells[i] ?? 0;
      const coef = cube.rowCoef[i] ?? 0;
      if (unknown[c] === 1) {
        root = find(c);
        cols.push(column[c] ?? 0);
        coefs.push(coef);
      } else {
        rhs -= coef * (known[c] ?? 0);
      }
    }
    if (!keep.has(root)) continue;
    const list = rowsByRoot.get(root) ?? [];
    list.push({ cols, coefs, lower: rhs, upper: rhs });
    rowsByRoot.set(root, list);
  }
  return [...byRoot.entries()]
    .filter(([root]) => keep.has(root))
    .sort(([a], [b]) => a - b)
    .map(([root, cells]) => ({
      cells,
      upper: Float64Array.from(cells, (c) => bound?.[c] ?? Infinity),
      rows: rowsByRoot.get(root) ?? [],
    }));
}
