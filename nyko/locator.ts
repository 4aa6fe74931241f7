/**
 * One record's location → an area at the reporting level, or `okand` with the reason. The order is fixed: an
 * explicit area code, then the address (or named place) through the address register, then coordinates through
 * the boundaries. Bad data never throws; it ends in `okand` with a problem the receipt can count.
 */
import { redactLocation } from './address.ts';
import type { AddressMatch, AddressRegister } from './addressRegister.ts';
import type { AreaRegister } from './areaRegister.ts';
import type { AreaBoundaries } from './boundaries.ts';
import { toSweref99 } from './coordinates.ts';

/** The area of records whose location cannot be determined; they are counted there, never dropped. */
export const UNKNOWN_AREA = 'okand';

export interface LocationInput {
  areaCode?: string | null;
  address?: string | null;
  place?: string | null;
  /** Easting/longitude and northing/latitude; swapped axes and WGS84 are recognised. */
  x?: number | null;
  y?: number | null;
  /** The record's day ('YYYY-MM-DD'): area divisions change over time. */
  date: string;
}

export type LocationProblem = 'unmatched' | 'ambiguous' | 'bad_coordinates' | 'outside';

export type Located = {
  /** Code at the reporting level, or 'okand'. */
  area: string;
  /** The finest code known (address register key code, boundary code or the code given); null for okand. */
  finest: string | null;
  method: 'code' | 'address' | 'place' | 'coordinates' | 'none';
  problem?: LocationProblem;
  /** redactLocation() of the value that could not be placed, for the receipt's list of unmatched values. */
  unmatchedValue?: string;
};

export interface LocatorOptions {
  areas: AreaRegister;
  addresses?: AddressRegister;
  boundaries?: AreaBoundaries;
  reportingLevel: number;
}

/** The first problem met, kept while later sources are tried: an ambiguous address explains more than no coordinates. */
interface Pending {
  problem: LocationProblem;
  value?: string;
}

export class Locator {
  readonly #areas: AreaRegister;
  readonly #addresses: AddressRegister | undefined;
  readonly #boundaries: AreaBoundaries | undefined;
  readonly #level: number;
  /** Register answers by text: they do not depend on the day, and a delivery names the same places month after month. */
  readonly #matches = new Map<string, AddressMatch>();

  constructor(opts: LocatorOptions) {
    this.#areas = opts.areas;
    this.#addresses = opts.addresses;
    this.#boundaries = opts.boundaries;
    this.#level = opts.reportingLevel;
  }

  locate(input: LocationInput): Located {
    const date = input.date;
    const code = present(input.areaCode);
    if (code !== null) {
      // Compared as given text: 101 that lost its leading zero must not land in another area.
      const area = this.#areas.codeAtLevel(code, this.#level, date);
      return area === null ? unknown({ problem: 'unmatched', value: code }) : { area, finest: code, method: 'code' };
    }

    let pending: Pending | null = null;
    for (const value of [present(input.address), present(input.place)]) {
      if (value === null) continue;
      const found = this.#byText(value, date);
      if ('area' in found) return found;
      pending ??= found;
    }

    if (input.x !== undefined || input.y !== undefined) {
      const found = this.#byCoordinates(input.x ?? null, input.y ?? null, date);
      if (found !== null && 'area' in found) return found;
      if (found !== null) pending ??= found;
    }
    return unknown(pending);
  }

  /** Address register (street address, else named place), then area names for a place field like 'Hovsjö'. */
  #byText(value: string, date: string): Located | Pending {
    let match = this.#matches.get(value);
    if (match === undefined) {
      if (this.#matches.size >= MATCH_CACHE_MAX) this.#matches.clear();
      match = this.#addresses?.lookup(value) ?? { kind: 'none' };
      this.#matches.set(value, match);
    }
    if (match.kind === 'match') {
      const area = this.#areas.codeAtLevel(match.code, this.#level, date);
      // A register code unknown in the area register on this date is a register mismatch, not a place.
      if (area !== null) return { area, finest: match.code, method: match.via };
      return { problem: 'unmatched', value };
    }
    if (match.kind === 'ambiguous') {
      // Candidates in different key codes can still share one reporting area: then the area is known, not guessed.
      const areas = new Set(match.codes.map((c) => this.#areas.codeAtLevel(c, this.#level, date)));
      const [area] = areas;
      if (areas.size === 1 && area !== undefined && area !== null) return { area, finest: area, method: 'address' };
      return { problem: 'ambiguous', value };
    }
    return this.#byAreaName(value, date) ?? { problem: 'unmatched', value };
  }

  /** An area named exactly so at the reporting level or finer; coarser areas cannot be split down. */
  #byAreaName(value: string, date: string): Located | Pending | null {
    const rows = this.#areas.findByName(value, date).filter((r) => r.level >= this.#level);
    const areas = new Set(rows.map((r) => this.#areas.codeAtLevel(r.code, this.#level, date)));
    areas.delete(null);
    const [area] = areas;
    if (area === undefined || area === null) return null;
    if (areas.size > 1) return { problem: 'ambiguous', value };
    const finest = rows.length === 1 && rows[0] !== undefined ? rows[0].code : area;
    return { area, finest, method: 'place' };
  }

  #byCoordinates(x: number | null, y: number | null, date: string): Located | Pending | null {
    if (x === null && y === null) return null;
    const point = toSweref99(x, y);
    if (!point.ok) return { problem: 'bad_coordinates' };
    // Without boundaries coordinates cannot be used; that is configuration, not a problem of this record.
    if (this.#boundaries === undefined) return null;
    const finest = this.#boundaries.locate(point.e, point.n);
    if (finest === null) return { problem: 'outside' };
    const area = this.#areas.codeAtLevel(finest, this.#level, date);
    return area === null ? { problem: 'unmatched', value: finest } : { area, finest, method: 'coordinates' };
  }
}

const MATCH_CACHE_MAX = 100_000;

function present(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function unknown(pending: Pending | null): Located {
  const located: Located = { area: UNKNOWN_AREA, finest: null, method: 'none' };
  if (pending === null) return located;
  located.problem = pending.problem;
  const shown = pending.value === undefined ? '' : redactLocation(pending.value);
  if (shown !== '') located.unmatchedValue = shown;
  return located;
}
