/**
 * The municipality's address register: street address or named place → area code at the finest level. It never
 * guesses: when the register cannot tell two candidates apart the answer is 'ambiguous' with every candidate code,
 * and the caller falls back to coordinates or `okand`.
 */
import { compactName, normaliseAddress, normalisePlace, normalisePostcode, normaliseTown, type NormalisedAddress } from './address.ts';

export interface AddressEntry {
  /** 'Storgatan 11', 'Köpmangatan 25 A'; without a street number it is a named place ('Stora torget'). */
  address: string;
  postcode?: string | null;
  town?: string | null;
  /** Area code at the finest level, e.g. a six-digit NYKO key code. */
  code: string;
  /** SWEREF 99 TM, when the register has them. */
  e?: number | null;
  n?: number | null;
}

export type AddressMatch =
  { kind: 'match'; code: string; via: 'address' | 'place' } | { kind: 'ambiguous'; codes: string[] } | { kind: 'none' };

interface Candidate {
  number: string | null;
  letter: string | null;
  postcode: string | null;
  town: string | null;
  code: string;
}

const NONE: AddressMatch = { kind: 'none' };

export class AddressRegister {
  /** compactName(street) → every numbered address on it. */
  readonly #streets = new Map<string, Candidate[]>();
  /** compactName(place) → named places of that name. */
  readonly #places = new Map<string, Candidate[]>();
  /** Entries that are neither an address nor a place name (a crossing, a blank code); for the statistician. */
  readonly skipped: AddressEntry[] = [];

  constructor(entries: AddressEntry[]) {
    for (const entry of entries) {
      const code = entry.code.trim();
      const address = normaliseAddress(entry.address);
      if (code === '' || address === null) {
        this.skipped.push(entry);
        continue;
      }
      const postcode = normalisePostcode(entry.postcode) ?? address.postcode;
      const town = normaliseTown(entry.town) ?? address.town;
      if (address.number === null) {
        const place = normalisePlace(entry.address);
        if (place === null) this.skipped.push(entry);
        else add(this.#places, compactName(place.key), { number: null, letter: null, postcode, town, code });
      } else {
        add(this.#streets, compactName(address.street), {
          number: address.number,
          letter: address.letter,
          postcode,
          town,
          code,
        });
      }
    }
  }

  /**
   * A street address (exact number and letter; the number alone when the register has it without letter or all its
   * letters share one code), else a named place. Postcode and town in the input pick between same-named streets.
   */
  lookup(raw: string): AddressMatch {
    const address = normaliseAddress(raw);
    if (address !== null && address.number !== null) {
      const match = this.#lookupAddress(address);
      if (match.kind !== 'none') return match;
    }
    // A crossing, a name without number or an unknown address may still be a named place ('Stora torget').
    return this.lookupPlace(raw);
  }

  /** Named places only ('Hovsjö centrum'); case, spacing and a trailing ', Södertälje' do not matter. */
  lookupPlace(raw: string): AddressMatch {
    const place = normalisePlace(raw);
    if (place === null) return NONE;
    const candidates = this.#places.get(compactName(place.key)) ?? [];
    return decide(narrowByLocation(candidates, place.postcode, place.town), 'place');
  }

  #lookupAddress(address: NormalisedAddress): AddressMatch {
    const candidates = [address.street, ...address.streetAlternatives].flatMap((street) => this.#streets.get(compactName(street)) ?? []);
    // Narrow by postcode/town before looking at letters: 'Storgatan 5, Järna' must take Järna's 5 A, not
    // Södertälje's 5; and after the number, so a street spanning two postcodes survives a stale postcode.
    const sameNumber = narrowByLocation(
      candidates.filter((c) => c.number === address.number),
      address.postcode,
      address.town,
    );
    const exact = sameNumber.filter((c) => c.letter === address.letter);
    return decide(exact.length > 0 ? exact : sameNumber, 'address');
  }
}

function add(index: Map<string, Candidate[]>, key: string, candidate: Candidate): void {
  const list = index.get(key) ?? [];
  list.push(candidate);
  index.set(key, list);
}

/**
 * Keep the candidates in the input's postcode, then its town. A filter that would leave nothing is ignored:
 * postcodes in deliveries are often stale and people write the municipality instead of the postal town, so they
 * may only pick between candidates, never exclude all of them (whether the record belongs to this municipality at
 * all is the connector's question, from its municipality column).
 */
function narrowByLocation(candidates: Candidate[], postcode: string | null, town: string | null): Candidate[] {
  let kept = candidates;
  if (postcode !== null) {
    const inPostcode = kept.filter((c) => c.postcode === postcode);
    if (inPostcode.length > 0) kept = inPostcode;
  }
  if (town !== null) {
    const inTown = kept.filter((c) => c.town === town);
    if (inTown.length > 0) kept = inTown;
  }
  return kept;
}

function decide(candidates: Candidate[], via: 'address' | 'place'): AddressMatch {
  const codes = [...new Set(candidates.map((c) => c.code))].sort();
  const [only] = codes;
  if (only === undefined) return NONE;
  return codes.length === 1 ? { kind: 'match', code: only, via } : { kind: 'ambiguous', codes };
}
