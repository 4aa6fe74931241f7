/**
 * Detection of Swedish personal identity and coordination numbers (personnummer, samordningsnummer) in any text.
 * A match needs a real calendar date (day + 60 for coordination numbers) and a valid Luhn check digit, so
 * ordinary numbers (event numbers, costs) are not mistaken for people.
 */
const CANDIDATE = /(?<!\d)(?:(19|20)?(\d{2})(\d{2})(\d{2})[-+ ]?(\d{3})(\d))(?!\d)/g;

function luhnValid(nineDigits: string, check: number): boolean {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let d = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === check;
}

function realDate(yy: string, mm: string, dd: string): boolean {
  const month = Number(mm);
  let day = Number(dd);
  if (day > 60) day -= 60; // samordningsnummer
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000 + Number(yy), month, 0)).getUTCDate();
  return day <= Math.max(daysInMonth, month === 2 ? 29 : daysInMonth);
}

/** Every identity number in the text, as [start, end) offsets. */
export function findIdentityNumbers(text: string): [number, number][] {
  const found: [number, number][] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const [, , yy = '', mm = '', dd = '', serial = '', check = ''] = m;
    if (realDate(yy, mm, dd) && luhnValid(`${yy}${mm}${dd}${serial}`, Number(check))) {
      found.push([m.index, m.index + m[0].length]);
    }
  }
  return found;
}

export function containsIdentityNumber(text: string): boolean {
  return findIdentityNumbers(text).length > 0;
}

/** Replaces identity numbers by a marker: for the few texts that are shown to people (receipts, file names). */
export function redactIdentityNumbers(text: string): string {
  let out = '';
  let last = 0;
  for (const [start, end] of findIdentityNumbers(text)) {
    out += `${text.slice(last, start)}[personnummer borttaget]`;
    last = end;
  }
  return out + text.slice(last);
}

const PERSONAL_HEADERS = [
  /person\s*n(umme)?r/,
  /^pnr$/,
  /samordningsn/,
  /^(för|efter|full(st(ä|a)ndigt)?)?\s*namn$/,
  /^namn\b/,
  /personid/,
  /social security/,
  /^lgh\.?\s*(nr|nummer)?$/,
  /lägenhetsn/,
  /sammanfattning|beskrivning|fritext|kommentar|anteckning/,
];

/** A header whose column is personal data or free text: never read, and the statistician is told it was dropped. */
export function isPersonalHeader(normalisedHeader: string): boolean {
  return PERSONAL_HEADERS.some((pattern) => pattern.test(normalisedHeader));
}
