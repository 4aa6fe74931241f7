/**
 * Compiles a LinearTable into the indexed form every algorithm here works on: one integer per cell (the full
 * cartesian product of the codes), exact values for every total, and the additive constraints derived from the
 * dimensions. The intruder knows exactly these constraints, so deriving them in one place is what makes the
 * attacker in the tests and the engine agree on the rules of the game.
 */
import { DisclosureInputError } from './errors.ts';
import type { Dimension, LinearTable } from './table.ts';
import { keyId, keyLabel } from './table.ts';

export interface CompiledDimension {
  readonly name: string;
  /** Codes in code-point order: cell order, and therefore every tie-break, follows keys, not input order. */
  readonly codes: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Definitions as code indices: total = Σ parts. */
  readonly definitions: readonly { readonly total: number; readonly parts: readonly number[] }[];
  readonly hidden: Uint8Array;
  readonly isTotal: Uint8Array;
  /** Codes that share a definition with each code (itself excluded), for neighbourhoods. */
  readonly adjacent: readonly (readonly number[])[];
}

/**
 * What the intruder knows without any figure: the cells and how they add up.
 *
 * Variables 0..size−1 are the cells of the table (the cartesian product, numbered in key order). A structure
 * extended with earlier releases (history.ts) has further variables after them: earlier versions of revised cells
 * and earlier figures such as a year-to-date total as of last month. Per-variable arrays span all `variables`.
 */
export interface CubeStructure {
  readonly dims: readonly CompiledDimension[];
  /** Number of cells of the table. */
  readonly size: number;
  /** Number of variables: size plus any from earlier releases. */
  readonly variables: number;
  readonly strides: readonly number[];
  /** 1 when the cell is released at all (no hidden code). */
  readonly publishable: Uint8Array;
  /** Constraints in CSR form: Σ coef·x = 0 over rowCells[rowStart[r] .. rowStart[r+1]). */
  readonly rowStart: Int32Array;
  readonly rowCells: Int32Array;
  readonly rowCoef: Int8Array;
  /** The transpose: the constraints each cell takes part in. */
  readonly cellRowStart: Int32Array;
  readonly cellRows: Int32Array;
  readonly rowCount: number;
  /** Number of total codes in a cell's key (0 for an innermost cell); used to order work top-down. */
  readonly level: Uint8Array;
}

/** A structure with the exact figures of the lager. */
export interface Cube extends CubeStructure {
  /** Exact counts for every cell, totals included. */
  readonly values: Float64Array;
  /** Exact magnitudes, or null when the table has none. */
  readonly magnitudes: Float64Array | null;
}

/** The part of a cube that maps between cell numbers and keys. */
export type CubeShape = Pick<CubeStructure, 'dims' | 'strides'>;

export function cellCodes(cube: CubeShape, cell: number): number[] {
  const codes: number[] = [];
  let rest = cell;
  for (let d = 0; d < cube.dims.length; d++) {
    const stride = cube.strides[d] ?? 1;
    codes.push(Math.floor(rest / stride));
    rest %= stride;
  }
  return codes;
}

export function cellKey(cube: CubeShape, cell: number): string[] {
  return cellCodes(cube, cell).map((c, d) => cube.dims[d]?.codes[c] ?? '');
}

export function cellIndex(cube: CubeShape, key: readonly string[]): number | undefined {
  if (key.length !== cube.dims.length) return undefined;
  let cell = 0;
  for (let d = 0; d < cube.dims.length; d++) {
    const code = cube.dims[d]?.index.get(key[d] ?? '');
    if (code === undefined) return undefined;
    cell += code * (cube.strides[d] ?? 1);
  }
  return cell;
}

function compileDimension(dim: Dimension): CompiledDimension {
  const all = new Set<string>();
  for (const def of dim.totals) {
    all.add(def.total);
    for (const part of def.parts) all.add(part);
  }
  for (const leaf of dim.leaves ?? []) all.add(leaf);
  for (const code of dim.hidden ?? []) {
    if (!all.has(code)) throw new DisclosureInputError(`${dim.name}: hidden code "${code}" is in no definition`);
  }
  const codes = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(codes.map((c, i) => [c, i] as const));
  const at = (code: string): number => index.get(code) ?? -1;
  const definitions = dim.totals.map((def) => {
    const parts = def.parts.map(at);
    if (new Set(parts).size !== parts.length) {
      throw new DisclosureInputError(`${dim.name}: "${def.total}" lists a part twice`);
    }
    if (parts.length === 0) throw new DisclosureInputError(`${dim.name}: "${def.total}" is the sum of nothing`);
    return { total: at(def.total), parts };
  });
  const isTotal = new Uint8Array(codes.length);
  for (const def of definitions) isTotal[def.total] = 1;
  const hidden = new Uint8Array(codes.length);
  for (const code of dim.hidden ?? []) hidden[at(code)] = 1;
  const adjacentSets = codes.map(() => new Set<number>());
  for (const def of definitions) {
    const members = [def.total, ...def.parts];
    for (const a of members) for (const b of members) if (a !== b) adjacentSets[a]?.add(b);
  }
  const adjacent = adjacentSets.map((s) => [...s].sort((a, b) => a - b));
  const compiled = { name: dim.name, codes, index, definitions, hidden, isTotal, adjacent };
  topologicalOrder(compiled); // throws on a cycle
  return compiled;
}

/** Totals after all their parts (of every definition), so one pass computes every total from leaves. */
function topologicalOrder(dim: CompiledDimension): number[] {
  const defsOf = new Map<number, number[][]>();
  for (const def of dim.definitions) {
    const list = defsOf.get(def.total) ?? [];
    list.push([...def.parts]);
    defsOf.set(def.total, list);
  }
  const state = new Uint8Array(dim.codes.length); // 0 new, 1 on stack, 2 done
  const order: number[] = [];
  const visit = (code: number, path: number[]): void => {
    if (state[code] === 2) return;
    if (state[code] === 1) {
      const cycle = [...path.slice(path.indexOf(code)), code].map((c) => dim.codes[c]).join(' → ');
      throw new DisclosureInputError(`${dim.name}: totals form a cycle: ${cycle}`);
    }
    state[code] = 1;
    for (const parts of defsOf.get(code) ?? []) for (const part of parts) visit(part, [...path, code]);
    state[code] = 2;
    if (dim.isTotal[code] === 1) order.push(code);
  };
  for (let c = 0; c < dim.codes.length; c++) visit(c, []);
  return order;
}

/** Calls fn(cellWithCodeT, stride) for every cell whose code in dimension d is `code`. */
function forEachWithCode(
  size: number,
  strides: readonly number[],
  dimSize: number,
  d: number,
  code: number,
  fn: (cell: number) => void,
): void {
  const stride = strides[d] ?? 1;
  const block = stride * dimSize;
  for (let outer = 0; outer < size; outer += block) {
    const base = outer + code * stride;
    for (let inner = 0; inner < stride; inner++) fn(base + inner);
  }
}

/** Cells, constraints and hidden cells of a set of dimensions: everything but the figures. */
export function compileStructure(dimensions: readonly Dimension[]): CubeStructure {
  if (dimensions.length === 0) throw new DisclosureInputError('a table needs at least one dimension');
  const names = new Set(dimensions.map((d) => d.name));
  if (names.size !== dimensions.length) throw new DisclosureInputError('dimension names must be unique');
  const dims = dimensions.map(compileDimension);
  const strides: number[] = new Array<number>(dims.length).fill(1);
  let size = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    strides[d] = size;
    size *= dims[d]?.codes.length ?? 1;
  }
  if (size > 5_000_000) throw new DisclosureInputError(`table has ${size} cells; split it (one indicator per table)`);

  const level = new Uint8Array(size);
  for (let cell = 0; cell < size; cell++) {
    let rest = cell;
    let l = 0;
    for (let d = 0; d < dims.length; d++) {
      const stride = strides[d] ?? 1;
      if (dims[d]?.isTotal[Math.floor(rest / stride)] === 1) l++;
      rest %= stride;
    }
    level[cell] = l;
  }

  // Constraints: one per definition and combination of the other dimensions' codes.
  const rowStartList: number[] = [0];
  const rowCellsList: number[] = [];
  const rowCoefList: number[] = [];
  for (let d = 0; d < dims.length; d++) {
    const dim = dims[d];
    if (!dim) continue;
    const stride = strides[d] ?? 1;
    for (const def of dim.definitions) {
      forEachWithCode(size, strides, dim.codes.length, d, def.total, (cell) => {
        rowCellsList.push(cell);
        rowCoefList.push(-1);
        for (const part of def.parts) {
          rowCellsList.push(cell + (part - def.total) * stride);
          rowCoefList.push(1);
        }
        rowStartList.push(rowCellsList.length);
      });
    }
  }
  const rowStart = Int32Array.from(rowStartList);
  const rowCells = Int32Array.from(rowCellsList);
  const rowCoef = Int8Array.from(rowCoefList);
  const rowCount = rowStart.length - 1;

  const counts = new Int32Array(size + 1);
  for (const cell of rowCells) counts[cell + 1] = (counts[cell + 1] ?? 0) + 1;
  for (let i = 0; i < size; i++) counts[i + 1] = (counts[i + 1] ?? 0) + (counts[i] ?? 0);
  const cellRowStart = Int32Array.from(counts);
  const fill = Int32Array.from(counts.subarray(0, size));
  const cellRows = new Int32Array(rowCells.length);
  for (let r = 0; r < rowCount; r++) {
    for (let i = rowStart[r] ?? 0; i < (rowStart[r + 1] ?? 0); i++) {
      const cell = rowCells[i] ?? 0;
      const at = fill[cell] ?? 0;
      cellRows[at] = r;
      fill[cell] = at + 1;
    }
  }

  const publishable = new Uint8Array(size).fill(1);
  for (let d = 0; d < dims.length; d++) {
    const dim = dims[d];
    if (!dim) continue;
    for (let code = 0; code < dim.codes.length; code++) {
      if (dim.hidden[code] !== 1) continue;
      forEachWithCode(size, strides, dim.codes.length, d, code, (cell) => {
        publishable[cell] = 0;
      });
    }
  }
  return {
    dims,
    size,
    variables: size,
    strides,
    publishable,
    rowStart,
    rowCells,
    rowCoef,
    cellRowStart,
    cellRows,
    rowCount,
    level,
  };
}

/**
 * Compiles a table: its structure plus exact values for every cell. Omitted innermost cells are zero; totals are
 * computed, and a total given in the input must equal the sum of its parts under every definition.
 */
export function compileTable(table: LinearTable): Cube {
  const structure = compileStructure(table.dimensions);
  const { dims, strides, size, level } = structure;
  const values = new Float64Array(size);
  const hasMagnitude = table.cells.some((c) => c.magnitude !== undefined);
  const magnitudes = hasMagnitude ? new Float64Array(size) : null;
  const given = new Map<number, { count: number; magnitude: number | undefined }>();
  for (const input of table.cells) {
    const cell = cellIndex(structure, input.key);
    if (cell === undefined) {
      throw new DisclosureInputError(`cell ${keyLabel(input.key)}: unknown code or wrong number of dimensions`);
    }
    if (!Number.isFinite(input.count) || input.count < 0) {
      throw new DisclosureInputError(`cell ${keyLabel(input.key)}: count must be a non-negative number`);
    }
    if (given.has(cell)) throw new DisclosureInputError(`cell ${keyLabel(input.key)} is given twice`);
    given.set(cell, { count: input.count, magnitude: input.magnitude });
    if (level[cell] === 0) {
      values[cell] = input.count;
      if (magnitudes) magnitudes[cell] = input.magnitude ?? 0;
    }
  }

  // Aggregate dimension by dimension: after step d every cell whose codes after d are leaves is exact.
  for (let d = 0; d < dims.length; d++) {
    const dim = dims[d];
    if (!dim) continue;
    const stride = strides[d] ?? 1;
    const firstDef = new Map<number, readonly number[]>();
    for (const def of dim.definitions) if (!firstDef.has(def.total)) firstDef.set(def.total, def.parts);
    for (const total of topologicalOrder(dim)) {
      const parts = firstDef.get(total) ?? [];
      forEachWithCode(size, strides, dim.codes.length, d, total, (cell) => {
        let sum = 0;
        let msum = 0;
        for (const part of parts) {
          const other = cell + (part - total) * stride;
          sum += values[other] ?? 0;
          if (magnitudes) msum += magnitudes[other] ?? 0;
        }
        values[cell] = sum;
        if (magnitudes) magnitudes[cell] = msum;
      });
    }
  }

  for (const [cell, g] of given) {
    if (level[cell] === 0) continue;
    const v = values[cell] ?? 0;
    if (Math.abs(v - g.count) > 1e-9 * Math.max(1, Math.abs(v))) {
      throw new DisclosureInputError(`cell ${keyLabel(cellKey(structure, cell))}: given total ${g.count} but its parts sum to ${v}`);
    }
    if (magnitudes && g.magnitude !== undefined) {
      const m = magnitudes[cell] ?? 0;
      if (Math.abs(m - g.magnitude) > 1e-6 * Math.max(1, Math.abs(m))) {
        throw new DisclosureInputError(
          `cell ${keyLabel(cellKey(structure, cell))}: given magnitude ${g.magnitude} but its parts sum to ${m}`,
        );
      }
    }
  }

  // Alternative definitions must agree (the groupings must cover the same population).
  const { rowStart, rowCells, rowCoef } = structure;
  for (let r = 0; r < structure.rowCount; r++) {
    let sum = 0;
    for (let i = rowStart[r] ?? 0; i < (rowStart[r + 1] ?? 0); i++) {
      sum += (rowCoef[i] ?? 0) * (values[rowCells[i] ?? 0] ?? 0);
    }
    if (Math.abs(sum) > 1e-6) {
      const totalCell = rowCells[rowStart[r] ?? 0] ?? 0;
      throw new DisclosureInputError(
        `cell ${keyLabel(cellKey(structure, totalCell))}: its definitions disagree (differ by ${Math.abs(sum)})`,
      );
    }
  }
  return { ...structure, values, magnitudes };
}

/** Identity of a cell for maps and the ledger (codes joined by a unit separator). */
export function cellId(cube: CubeShape, cell: number): string {
  return keyId(cellKey(cube, cell));
}
