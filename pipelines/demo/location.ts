/**
 * How people write places, and what the truth area of each rendering is. The rule the truth follows (and that a
 * careful pipeline can reproduce without guessing):
 *   - coordinates present → the area of the coordinates (always the same area the address is in);
 *   - else a register address written in any recognisable form (case, 'v.' for 'vägen', '12A'/'12 A', ', postcode
 *     town' suffix, 'lgh NNNN') → its area, except an ambiguous street+number (same in two towns) without postcode;
 *   - else a named place from the register → its area;
 *   - else (blank, unknown place, crossing without coordinates, ambiguous address) → 'okand'.
 */
import type { Located, TruthArea } from './events.ts';
import { OKAND } from './events.ts';
import type { Address, Municipality, NamedPlace } from './municipality.ts';
import type { Rng } from './random.ts';
import { Choice } from './random.ts';

export type AddressStyle = 'plain' | 'upper' | 'abbrev' | 'compact' | 'suffix' | 'lgh' | 'upper-suffix';

export interface Rendered {
  text: string;
  /** True when the text alone identifies the area. */
  resolvable: boolean;
}

function compactNumber(a: Address): string {
  return `${a.number}${a.letter}`;
}

function abbreviateStreet(street: string): string {
  return street.endsWith('vägen') ? `${street.slice(0, -'vägen'.length)}v.` : street;
}

export function renderAddress(a: Address, style: AddressStyle, rng: Rng): Rendered {
  let text: string;
  switch (style) {
    case 'plain':
      text = a.text;
      break;
    case 'upper':
      text = a.text.toUpperCase();
      break;
    case 'abbrev':
      text = `${abbreviateStreet(a.street)} ${compactNumber(a)}`;
      break;
    case 'compact':
      text = `${a.street} ${compactNumber(a)}`;
      break;
    case 'suffix':
      text = `${a.text}, ${a.postcode} ${a.town}`;
      break;
    case 'upper-suffix':
      text = `${a.text}, ${a.postcode} ${a.town}`.toUpperCase();
      break;
    case 'lgh':
      text = `${a.text} lgh ${rng.int(10, 14)}${String(rng.int(1, 9)).padStart(2, '0')}`;
      break;
  }
  const withPostcode = style === 'suffix' || style === 'upper-suffix';
  return { text, resolvable: !a.ambiguous || withPostcode };
}

const STYLE_MIX = {
  messy: new Choice<AddressStyle>([
    ['plain', 44],
    ['upper', 14],
    ['abbrev', 10],
    ['compact', 10],
    ['suffix', 9],
    ['upper-suffix', 3],
    ['lgh', 10],
  ]),
  tidy: new Choice<AddressStyle>([
    ['plain', 70],
    ['compact', 15],
    ['abbrev', 8],
    ['upper', 7],
  ]),
  home: new Choice<AddressStyle>([
    ['plain', 62],
    ['compact', 14],
    ['suffix', 14],
    ['lgh', 6],
    ['upper', 4],
  ]),
} as const;

/** Style mix for hand-typed address fields. */
export function randomStyle(rng: Rng, mix: keyof typeof STYLE_MIX): AddressStyle {
  return STYLE_MIX[mix].draw(rng);
}

/** Truth area of a written address without coordinates. */
export function textArea(r: Rendered, area: string): TruthArea {
  return r.resolvable ? area : OKAND;
}

/** A small GPS-like offset that stays inside the area (addresses and places keep a margin from every edge). */
function jitter(rng: Rng, e: number, n: number, metres: number): [number, number] {
  return [Math.round(e + (rng.next() * 2 - 1) * metres), Math.round(n + (rng.next() * 2 - 1) * metres)];
}

export interface LocateOptions {
  /** Probability of coordinates being present for a register address. */
  coords: number;
  /** Probability of a row with no coordinates and an unusable place (area okand). */
  unmappable: number;
  /** Probability of a named place instead of an address. */
  place: number;
  /** Probability of a street crossing (always with coordinates). */
  crossing: number;
  /** Probability of a blank place field with coordinates. */
  blankWithCoords: number;
}

function placeText(rng: Rng, p: NamedPlace): string {
  return rng.chance(0.15) ? p.name.toUpperCase() : p.name;
}

/**
 * A location in `area` as a police or rescue operator writes it. Coordinates are the address's own (±15 m) or the
 * place's point (±40 m), so they always fall in the same area as the text.
 */
export function locate(rng: Rng, m: Municipality, area: string, opt: LocateOptions): Located {
  const r = rng.next();
  if (r < opt.unmappable) {
    // Unlocatable: blank, a place outside every register, or an ambiguous address without postcode.
    const kind = rng.int(0, 2);
    if (kind === 0) return { place: '', e: null, n: null, area: OKAND };
    if (kind === 1 || m.ambiguousAddresses.length === 0) {
      return { place: rng.pick(m.unknownPlaces), e: null, n: null, area: OKAND };
    }
    const amb = rng.pick(m.ambiguousAddresses);
    return { place: rng.chance(0.5) ? amb.text : amb.text.toUpperCase(), e: null, n: null, area: OKAND };
  }
  const places = m.placesByArea.get(area) ?? [];
  if (r < opt.unmappable + opt.place && places.length > 0) {
    const p = rng.pick(places);
    const withCoords = rng.chance(opt.coords);
    const [e, n] = jitter(rng, p.e, p.n, 40);
    return { place: placeText(rng, p), e: withCoords ? e : null, n: withCoords ? n : null, area };
  }
  const list = m.addressesByArea.get(area) ?? [];
  const a = rng.pick(list);
  const [e, n] = jitter(rng, a.e, a.n, 15);
  if (r < opt.unmappable + opt.place + opt.crossing) {
    const other = rng.pick(list.filter((x) => x.street !== a.street));
    if (other) return { place: `${a.street}/${other.street}`, e, n, area };
  }
  if (r < opt.unmappable + opt.place + opt.crossing + opt.blankWithCoords) {
    return { place: '', e, n, area };
  }
  const rendered = renderAddress(a, randomStyle(rng, 'messy'), rng);
  const withCoords = rng.chance(opt.coords);
  return {
    place: rendered.text,
    e: withCoords ? e : null,
    n: withCoords ? n : null,
    area: withCoords ? area : textArea(rendered, area),
  };
}

/** A home or delivery address as typed into a case system (no coordinates). Some people live elsewhere. */
export function homeAddress(
  rng: Rng,
  m: Municipality,
  area: string,
  opt: { outside: number; blank: number; mix: 'messy' | 'tidy' | 'home' },
): { text: string; area: TruthArea } {
  const r = rng.next();
  if (r < opt.blank) return { text: '', area: OKAND };
  if (r < opt.blank + opt.outside) return { text: rng.pick(m.outsideHomes), area: OKAND };
  const a = rng.pick(m.addressesByArea.get(area) ?? m.addresses);
  const rendered = renderAddress(a, randomStyle(rng, opt.mix), rng);
  return { text: rendered.text, area: textArea(rendered, area) };
}
