/**
 * Street addresses as actors type them, reduced to one comparable form. Conservative on purpose: anything that is
 * not clearly "street number[letter]" (crossings, ranges, free text with digits) gives null rather than a guess,
 * because a wrong address puts an incident in the wrong area without anyone noticing.
 */

export interface NormalisedAddress {
  /** Lower-case street name with well-known suffix abbreviations written out ('hovsjöv.' → 'hovsjövägen'). */
  street: string;
  /** House number without leading zeros; null for a named place ('Stora torget'). */
  number: string | null;
  /** House letter ('a'), lower case. */
  letter: string | null;
  /** Five digits, no space ('15148'). */
  postcode: string | null;
  town: string | null;
  /**
   * 'hovsjövägen 12 a': street, number and letter; the same for the usual ways of writing one address (case,
   * 'v.'/'vägen', '12A'/'12 A', appended postcode/town/apartment). The register compares streets without spaces,
   * so 'Hovsjö v.' ('hovsjö vägen') still finds Hovsjövägen.
   */
  key: string;
  /** Other readings of an ambiguous abbreviation ('pl.' = platsen or plan); the address register tries them too. */
  streetAlternatives: string[];
}

/** Longer than this is free text, not an address; also keeps the regular expressions below cheap. */
const MAX_ADDRESS_LENGTH = 200;
const REDACTED_MAX_LENGTH = 80;

// Control characters, soft hyphen and zero-width characters that survive copy-paste from case systems.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u2060\ufeff]/gu;
const SURROUNDING_QUOTES = /^["'“”„«»`´]+|["'“”„«»`´]+$/gu;

/** 'lgh 1102', 'lgh. 1102', 'lgh nr 1102', 'lägenhet 1102', '(lgh 1102)'. */
const APARTMENT = /(^|[\s,;(])(?:lgh|lägenhet(?:snummer|snr)?)\.?(?:\s*(?:nr|nummer)\.?)?\s*[:#]?\s*\d{1,5}(?!\d)\)?/giu;
/** '12/1102', '12 A/1102': a four-digit apartment number after the house number. Nothing else with a slash. */
const SLASH_APARTMENT = /(\d\s*[a-zåäö]?)\s*\/\s*\d{4}(?!\d)/giu;

/** 'Storgatan/Kungsgatan', 'Storgatan & Kungsgatan', 'Storgatan x Kungsgatan', 'korsningen Storgatan–Kungsgatan'. */
const CROSSING_PATTERNS = [
  /\p{L}[^/&]*[/&]\s*\p{L}/u,
  /\p{L}\s+(?:x|och)\s+\p{L}/u,
  /(?:^|\s)(?:korsningen|korsning|hörnet|hörn)(?:\s|$)/u,
];

const POSTCODE_PART = /^(?:se-?\s*)?(\d{3})\s?(\d{2})(?:\s+(.+))?$/u;
/** A postcode typed without the comma: 'hovsjövägen 12 a 151 48 södertälje'. */
const INLINE_POSTCODE = /^(.*?\d\s?[a-zåäö]?)\s+(?:se-?\s*)?(\d{3})\s?(\d{2})(?:\s+(\p{L}[\p{L} .-]*))?$/u;
const STREET_NUMBER = /^(.*?)\s*(\d{1,4})(?:\s*([a-zåäö]))?$/u;
/** Floor and entrance notes in a comma part ('2 tr', '3 trappor', 'nb', 'bv'): not location data we can use. */
const FLOOR_PART = /^(?:\d+\s*(?:tr|trappa|trappor|vån|våning)\.?|nb|bv|n\.b\.|uppg(?:ång)?\.?\s*[a-zåäö\d]+)$/u;
const COUNTRY_PART = /^(?:sverige|sweden)$/u;
const TOWN_LIKE = /^\p{L}[\p{L} .-]*$/u;

/**
 * Well-known Swedish street-suffix abbreviations, matched at the end of the street name (attached, 'Hovsjöv.', or as
 * a word of its own, 'Hovsjö v.'). Only dotted forms: an undotted 'v' or 'g' can be the end of a real name. The first
 * reading is the usual one; further readings go to `streetAlternatives` and the register decides.
 */
const SUFFIX_ABBREVIATIONS: readonly (readonly [string, readonly string[]])[] = (
  [
    ['väg.', ['vägen']],
    ['vg.', ['vägen']],
    ['v.', ['vägen']],
    ['gat.', ['gatan']],
    ['gt.', ['gatan']],
    ['g.', ['gatan']],
    ['gr.', ['gränd']],
    ['all.', ['allén']],
    ['pl.', ['platsen', 'plan']],
    ['st.', ['stigen', 'stråket']],
  ] as const
)
  .slice()
  // Longest first, so 'väg.' is not read as 'vä' + 'g.'.
  .sort((a, b) => b[0].length - a[0].length);

/** Whitespace-normalised, NFC, without invisible characters. */
function cleanText(raw: string): string {
  return raw.normalize('NFC').replace(INVISIBLE, ' ').replace(/\s+/gu, ' ').trim();
}

function lowerClean(raw: string): string {
  return cleanText(raw).toLowerCase().replace(SURROUNDING_QUOTES, '').trim();
}

function stripApartments(text: string): string {
  return text
    .replace(APARTMENT, (_, before: string) => (before === '(' ? ' ' : before))
    .replace(SLASH_APARTMENT, '$1')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A crossing cannot be placed by the address register: it goes to coordinates or `okand`. */
export function isCrossing(raw: string): boolean {
  const main = lowerClean(raw).split(',')[0] ?? '';
  return CROSSING_PATTERNS.some((p) => p.test(main));
}

interface Tail {
  postcode: string | null;
  town: string | null;
}

/** The comma parts after the street: postcode and/or town; floor notes and the country are dropped. */
function parseTail(parts: readonly string[]): Tail {
  const tail: Tail = { postcode: null, town: null };
  for (const part of parts) {
    const postal = POSTCODE_PART.exec(part);
    if (postal) {
      tail.postcode ??= `${postal[1]}${postal[2]}`;
      const town = postal[3]?.trim();
      if (town !== undefined && TOWN_LIKE.test(town)) tail.town ??= town;
    } else if (!FLOOR_PART.test(part) && !COUNTRY_PART.test(part) && TOWN_LIKE.test(part)) {
      tail.town ??= part;
    }
  }
  return tail;
}

/** Write out a suffix abbreviation of the street name; returns every reading, the usual one first. */
function expandStreet(street: string): string[] {
  const words = street.split(' ').filter((w) => w !== '');
  // 'S:t Eriksgatan', 'St. Eriksgatan': Sankt, only as the first of several words.
  if (words.length > 1 && /^(?:s:t|st\.?)$/u.test(words[0] ?? '')) words[0] = 'sankt';
  const last = words[words.length - 1];
  if (last === undefined) return [];
  const head = words.slice(0, -1);
  // 'Stora torg.': only as a word of its own, since 'Storg.' is Storgatan.
  if (last === 'torg.' && head.length > 0) return [[...head, 'torget'].join(' ')];
  for (const [abbreviation, readings] of SUFFIX_ABBREVIATIONS) {
    if (!last.endsWith(abbreviation)) continue;
    const stem = last.slice(0, -abbreviation.length);
    // The stem must be a word ('hovsjö'), or empty with a word before it ('hovsjö v.').
    if (stem === '' ? head.length === 0 : !/\p{L}$/u.test(stem)) continue;
    return readings.map((reading) => [...head, stem + reading].filter((w) => w !== '').join(' '));
  }
  return [words.join(' ')];
}

/**
 * Normalise a street address or place name; null for blanks, crossings and anything that is not clearly an
 * address. Apartment numbers, a postcode ('15148', '151 48') and a town after the address are separated out.
 */
export function normaliseAddress(raw: string): NormalisedAddress | null {
  let text = lowerClean(raw);
  if (text === '' || text.length > MAX_ADDRESS_LENGTH) return null;
  text = stripApartments(text);
  const parts = text
    .split(',')
    .map((p) => p.replace(SURROUNDING_QUOTES, '').trim())
    // 'c/o Andersson, Storgatan 5': the care-of part names a person, not a place.
    .filter((p) => p !== '' && !/^c\/o\b/u.test(p));
  let main = parts[0];
  if (main === undefined || CROSSING_PATTERNS.some((p) => p.test(main ?? ''))) return null;
  const tail = parseTail(parts.slice(1));

  const inline = INLINE_POSTCODE.exec(main);
  if (inline?.[1] !== undefined) {
    main = inline[1];
    tail.postcode ??= `${inline[2]}${inline[3]}`;
    if (inline[4] !== undefined) tail.town ??= inline[4].trim();
  }

  let street: string;
  let number: string | null = null;
  let letter: string | null = null;
  const numbered = STREET_NUMBER.exec(main);
  if (numbered) {
    street = (numbered[1] ?? '').replace(/\s+nr\.?$/u, '').trim();
    number = String(Number(numbered[2]));
    letter = numbered[3] ?? null;
    // The street must be a name, not '12' in '12 34' or the end of a range ('storgatan 12-14').
    if (!/\p{L}\.?$/u.test(street)) return null;
  } else if (/\d/u.test(main)) {
    return null;
  } else {
    street = main;
  }
  if (!/\p{L}/u.test(street)) return null;

  const [primary, ...alternatives] = expandStreet(street);
  if (primary === undefined) return null;
  const key = [primary, number, letter].filter((p) => p !== null).join(' ');
  return {
    street: primary,
    number,
    letter,
    postcode: tail.postcode,
    town: tail.town,
    key,
    streetAlternatives: alternatives,
  };
}

export interface NormalisedPlace {
  /** Lower-case place name ('stora torget'), no abbreviations expanded: place names are written out. */
  key: string;
  postcode: string | null;
  town: string | null;
}

/** A named place ('Stora torget', 'Hovsjö centrum, Södertälje'); null for blanks. */
export function normalisePlace(raw: string): NormalisedPlace | null {
  const text = lowerClean(raw);
  if (text === '' || text.length > MAX_ADDRESS_LENGTH) return null;
  const parts = stripApartments(text)
    .split(',')
    .map((p) => p.replace(SURROUNDING_QUOTES, '').trim())
    .filter((p) => p !== '');
  const key = parts[0]?.replace(/\.+$/u, '').trim();
  if (key === undefined || key === '' || !/\p{L}/u.test(key)) return null;
  return { key, ...parseTail(parts.slice(1)) };
}

/** The form names are compared in: spaces, hyphens, dots and apostrophes do not distinguish two streets. */
export function compactName(name: string): string {
  return name.replace(/[\s.'’-]+/gu, '');
}

export function normalisePostcode(raw: string | null | undefined): string | null {
  const digits = (raw ?? '').replace(/^\s*se-?/iu, '').replace(/[\s\u00a0]/gu, '');
  return /^\d{5}$/u.test(digits) ? digits : null;
}

export function normaliseTown(raw: string | null | undefined): string | null {
  const town = lowerClean(raw ?? '');
  return town === '' ? null : town;
}

// Redaction: any 'lgh' followed by digits, however written, and without word boundaries, since what is left after a
// removal is checked again.
const REDACT_APARTMENT = /l(?:gh|ägenhet\p{L}*)\.?(?:\s*(?:nr|nummer)\.?)?\s*[:#.]?\s*\d+/giu;
/** Digits with at most one separator between them: '19850412-1234', '850412 1234', '070-123 45 67'. */
const DIGIT_RUN = /\d(?:[\s\-+./]?\d)*/gu;
const MIN_PERSONAL_DIGITS = 10;

/**
 * What a receipt may show of a location value that could not be placed: trimmed, apartment numbers removed,
 * anything that can be a personal identity or coordination number (10 or 12 digits, with or without '-'/'+') or a
 * phone number masked, at most 80 characters.
 */
export function redactLocation(raw: string): string {
  let text = cleanText(raw).replace(SURROUNDING_QUOTES, '').replace(SLASH_APARTMENT, '$1');
  // Removing one apartment number can join the text around it into another ('lgh lgh 1102 1103').
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(REDACT_APARTMENT, ' ').replace(/\s+/gu, ' ').trim();
  }
  text = text.replace(DIGIT_RUN, (run) => (run.replace(/\D/gu, '').length >= MIN_PERSONAL_DIGITS ? '***' : run));
  const chars = Array.from(text.replace(/\s+/gu, ' ').trim());
  return chars.length <= REDACTED_MAX_LENGTH
    ? chars.join('')
    : `${chars
        .slice(0, REDACTED_MAX_LENGTH - 1)
        .join('')
        .trimEnd()}…`;
}
