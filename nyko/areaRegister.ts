/**
 * The versioned area register. The hierarchy is data: a row names its parent explicitly (DeSO/RegSO, school
 * catchments, a housing company's own areas) or, by the NYKO convention, its parent is the area one level up whose
 * code is the longest prefix of its own. Codes are text throughout: '0101' and '101' are different areas.
 */
import { dayOf, isIsoDay } from './isoDate.ts';

export interface AreaRow {
  code: string;
  level: number;
  name: string;
  /** First day the row is valid, 'YYYY-MM-DD'. */
  validFrom: string;
  /** Last day the row is valid (inclusive), 'YYYY-MM-DD'; null/absent = still valid. */
  validTo?: string | null;
  /** Code of the parent area (level - 1); null/absent = NYKO prefix convention. */
  parent?: string | null;
}

export type AreaRowField = 'code' | 'level' | 'name' | 'validFrom' | 'validTo' | 'parent';

/** A problem in the register rows, by index into the rows given. Messages are Swedish, for the statistician. */
export interface AreaRowProblem {
  index: number;
  field: AreaRowField;
  message: string;
}

/** Rows as stored: optional fields made explicit, so lookups need no `?? null` everywhere. */
interface StoredRow extends AreaRow {
  validTo: string | null;
  parent: string | null;
}

/**
 * Everything that would make lookups silently wrong: bad dates, a code on two levels, two versions of one code valid
 * on the same day, an explicit parent that is not an area one level up.
 */
export function checkAreaRows(rows: readonly AreaRow[]): AreaRowProblem[] {
  const problems: AreaRowProblem[] = [];
  const problem = (index: number, field: AreaRowField, message: string): void => {
    problems.push({ index, field, message });
  };
  const levelsByCode = new Map<string, Set<number>>();
  const indexesByCode = new Map<string, number[]>();
  rows.forEach((row, index) => {
    if (row.code.trim() === '' || /\s/.test(row.code)) {
      problem(index, 'code', `koden "${row.code}" är tom eller innehåller mellanslag`);
    }
    if (!Number.isInteger(row.level) || row.level < 1) {
      problem(index, 'level', `nivån ska vara ett heltal från 1, inte ${String(row.level)}`);
    }
    if (row.name.trim() === '') problem(index, 'name', 'namnet saknas');
    if (!isIsoDay(row.validFrom)) {
      problem(index, 'validFrom', `"${row.validFrom}" är inget datum på formen ÅÅÅÅ-MM-DD`);
    }
    const validTo = row.validTo ?? null;
    if (validTo !== null) {
      if (!isIsoDay(validTo)) problem(index, 'validTo', `"${validTo}" är inget datum på formen ÅÅÅÅ-MM-DD`);
      else if (validTo < row.validFrom) {
        problem(index, 'validTo', `giltig till ${validTo} ligger före giltig från ${row.validFrom}`);
      }
    }
    const levels = levelsByCode.get(row.code) ?? new Set<number>();
    levels.add(row.level);
    levelsByCode.set(row.code, levels);
    const indexes = indexesByCode.get(row.code) ?? [];
    indexes.push(index);
    indexesByCode.set(row.code, indexes);
  });

  rows.forEach((row, index) => {
    const levels = levelsByCode.get(row.code);
    if (levels && levels.size > 1) {
      const listed = [...levels].sort((a, b) => a - b).join(', ');
      problem(index, 'level', `koden ${row.code} förekommer på flera nivåer (${listed})`);
    }
    // Versions of one code must not overlap, or a date would have two names/parents for the same area.
    for (const other of indexesByCode.get(row.code) ?? []) {
      const b = rows[other];
      // Same code on another level is reported above; overlap is about versions of one area.
      if (other <= index || b === undefined || b.level !== row.level) continue;
      if (overlaps(row, b)) {
        problem(other, 'validFrom', `koden ${row.code} har flera versioner vars giltighetstider överlappar`);
      }
    }
    const parent = row.parent ?? null;
    if (parent !== null) {
      if (parent === row.code) problem(index, 'parent', `området ${row.code} kan inte vara sin egen överordnade`);
      else if (!levelsByCode.get(parent)?.has(row.level - 1)) {
        problem(index, 'parent', `överordnat område ${parent} finns inte på nivå ${row.level - 1} i registret`);
      }
    }
  });
  return problems;
}

function overlaps(a: AreaRow, b: AreaRow): boolean {
  const aTo = a.validTo ?? '9999-12-31';
  const bTo = b.validTo ?? '9999-12-31';
  return a.validFrom <= bTo && b.validFrom <= aTo;
}

function validOn(row: StoredRow, day: string): boolean {
  return row.validFrom <= day && (row.validTo === null || day <= row.validTo);
}

function byLevelThenCode(a: AreaRow, b: AreaRow): number {
  return a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** How an input code was found: as an area of the register itself, or as a finer key code under one. */
interface Resolved {
  row: StoredRow;
  exact: boolean;
}

export class AreaRegister {
  readonly #rows: StoredRow[];
  readonly #byCode = new Map<string, StoredRow[]>();
  /** Rows by comparableName: records name places by area name, and a delivery asks for thousands of names. */
  readonly #byName = new Map<string, StoredRow[]>();
  readonly #levels: number[];
  /** Longest code at each level or finer: only longer codes count as "finer key codes" (see #resolve). */
  readonly #longestFrom = new Map<number, number>();

  /** Throws (in Swedish, naming the rows) when the rows are inconsistent; register files are checked by parseNykoRows first. */
  constructor(rows: AreaRow[]) {
    const problems = checkAreaRows(rows);
    if (problems.length > 0) {
      const shown = problems.slice(0, 5).map((p) => `rad ${p.index + 1} (${p.field}): ${p.message}`);
      const more = problems.length > 5 ? ` … och ${problems.length - 5} till` : '';
      throw new Error(`Områdesregistret är felaktigt: ${shown.join('; ')}${more}`);
    }
    this.#rows = rows.map((r) => ({ ...r, validTo: r.validTo ?? null, parent: r.parent ?? null }));
    for (const row of this.#rows) {
      const versions = this.#byCode.get(row.code) ?? [];
      versions.push(row);
      this.#byCode.set(row.code, versions);
      const name = comparableName(row.name);
      this.#byName.set(name, [...(this.#byName.get(name) ?? []), row]);
    }
    this.#levels = [...new Set(this.#rows.map((r) => r.level))].sort((a, b) => a - b);
    for (const level of this.#levels) {
      const lengths = this.#rows.filter((r) => r.level >= level).map((r) => r.code.length);
      this.#longestFrom.set(level, Math.max(...lengths));
    }
  }

  levels(): number[] {
    return [...this.#levels];
  }

  /** Areas valid on `date` (optionally one level), ordered by level and code. */
  areasAt(date: string, level?: number): AreaRow[] {
    const day = dayOf(date);
    if (day === null) return [];
    return this.#rows
      .filter((r) => validOn(r, day) && (level === undefined || r.level === level))
      .sort(byLevelThenCode)
      .map(copy);
  }

  /** The version of `code` valid on `date`, or null. Exact text match only. */
  area(code: string, date: string): AreaRow | null {
    const day = dayOf(date);
    const row = day === null ? null : this.#rowOn(code, day);
    return row === null ? null : copy(row);
  }

  /**
   * Map a register code (any level) or a finer key code (e.g. a six-digit NYKO key code '111150' from the address
   * register) to the code at `level` valid on `date`: up the explicit hierarchy first, else the longest prefix among
   * codes of that level. Null when the code is unknown on that date, or coarser than `level`.
   */
  codeAtLevel(code: string, level: number, date: string): string | null {
    const day = dayOf(date);
    if (day === null) return null;
    const found = this.#resolve(code, day);
    if (found === null || found.row.level < level) return null;
    let row: StoredRow | null = found.row;
    while (row !== null && row.level > level) row = this.#parentOn(row, day);
    if (row !== null) return row.code;
    // A broken chain (a level missing in between): fall back to the NYKO prefix rule directly at the target level.
    return this.#longestPrefixAtLevel(code, level, day)?.code ?? null;
  }

  /** The areas that contain `code` on `date`, nearest first, up to level 1 (the area itself is not included). */
  ancestors(code: string, date: string): AreaRow[] {
    const day = dayOf(date);
    if (day === null) return [];
    const found = this.#resolve(code, day);
    if (found === null) return [];
    const chain: AreaRow[] = [];
    // A finer key code is not an area of its own: the register area it falls in is its first ancestor.
    let row: StoredRow | null = found.exact ? this.#parentOn(found.row, day) : found.row;
    while (row !== null) {
      chain.push(copy(row));
      row = this.#parentOn(row, day);
    }
    return chain;
  }

  /**
   * Areas valid on `date` whose name equals `name` (case, spacing and NBSP ignored), for deliveries that name an
   * area instead of coding it. The caller decides what to do with several hits.
   */
  findByName(name: string, date: string): AreaRow[] {
    const day = dayOf(date);
    const wanted = comparableName(name);
    if (day === null || wanted === '') return [];
    return (this.#byName.get(wanted) ?? [])
      .filter((r) => validOn(r, day))
      .sort(byLevelThenCode)
      .map(copy);
  }

  #rowOn(code: string, day: string): StoredRow | null {
    return this.#byCode.get(code)?.find((r) => validOn(r, day)) ?? null;
  }

  /**
   * An exact register code, or a finer key code under the register area that is its longest prefix. A prefix match
   * counts only when the code is longer than every register code at that area's level and below, i.e. finer than
   * anything the register has: a code that lost its leading zero ('101' for '0101') is shorter than the real one
   * and must come out unknown instead of landing in whichever area shares its first digits.
   */
  #resolve(code: string, day: string): Resolved | null {
    const exact = this.#rowOn(code, day);
    if (exact !== null) return { row: exact, exact: true };
    if (/\s/.test(code)) return null;
    for (let length = code.length - 1; length >= 1; length--) {
      const row = this.#rowOn(code.slice(0, length), day);
      if (row === null) continue;
      return code.length > (this.#longestFrom.get(row.level) ?? Infinity) ? { row, exact: false } : null;
    }
    return null;
  }

  #parentOn(row: StoredRow, day: string): StoredRow | null {
    if (row.parent !== null) return this.#rowOn(row.parent, day);
    return this.#longestPrefixAtLevel(row.code, row.level - 1, day, row.code.length - 1);
  }

  #longestPrefixAtLevel(code: string, level: number, day: string, maxLength = code.length): StoredRow | null {
    for (let length = Math.min(maxLength, code.length); length >= 1; length--) {
      const row = this.#rowOn(code.slice(0, length), day);
      if (row !== null && row.level === level) return row;
    }
    return null;
  }
}

function copy(row: StoredRow): AreaRow {
  return { ...row };
}

function comparableName(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();
}
