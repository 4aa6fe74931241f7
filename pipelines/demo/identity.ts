/**
 * Invented people: names and Luhn-valid Swedish personal identity numbers (personnummer and samordningsnummer, in
 * every written form). The pipeline must recognise and drop all of them, so they have to be realistic.
 */
import type { Rng } from './random.ts';

export const FIRST_NAMES = [
  'Anna',
  'Erik',
  'Maja',
  'Lars',
  'Elsa',
  'Johan',
  'Sofia',
  'Karl',
  'Wilma',
  'Ahmed',
  'Fatima',
  'Nils',
  'Alice',
  'Oskar',
  'Ebba',
  'Mohamed',
  'Leila',
  'Gustav',
  'Ida',
  'Hassan',
  'Klara',
  'Mikael',
  'Amira',
  'Viktor',
  'Saga',
  'Daniel',
  'Noor',
  'Emil',
  'Hanna',
  'Yusuf',
  'Linnéa',
  'Per',
  'Elin',
  'Ali',
  'Astrid',
  'Jonas',
  'Sara',
  'Omar',
] as const;

export const LAST_NAMES = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Lindqvist',
  'Berg',
  'Ek',
  'Holm',
  'Lund',
  'Ali',
  'Hassan',
  'Yilmaz',
  'Nguyen',
  'Korhonen',
  'Nowak',
  'Haddad',
  'Sandberg',
  'Forsberg',
  'Öberg',
  'Åkesson',
  'Ström',
  'Björk',
  'Wikström',
] as const;

export function fullName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** Luhn check digit over the nine digits YYMMDDNNN. */
export function luhnDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < nine.length; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export interface Birth {
  year: number;
  month: number;
  day: number;
}

export type PnrForm = 'long-dash' | 'short-dash' | 'long' | 'short';

export interface Pnr {
  /** YYYYMMDD (day +60 for a coordination number). */
  century: string;
  /** NNNC: birth number and check digit. */
  tail: string;
  coordination: boolean;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

export function makePnr(rng: Rng, birth: Birth, coordination = false): Pnr {
  const day = birth.day + (coordination ? 60 : 0);
  const yymmdd = `${p2(birth.year % 100)}${p2(birth.month)}${p2(day)}`;
  const serial = String(rng.int(1, 998)).padStart(3, '0');
  const check = luhnDigit(yymmdd + serial);
  return { century: `${birth.year}${p2(birth.month)}${p2(day)}`, tail: `${serial}${check}`, coordination };
}

export function formatPnr(p: Pnr, form: PnrForm): string {
  switch (form) {
    case 'long-dash':
      return `${p.century}-${p.tail}`;
    case 'short-dash':
      return `${p.century.slice(2)}-${p.tail}`;
    case 'long':
      return `${p.century}${p.tail}`;
    case 'short':
      return `${p.century.slice(2)}${p.tail}`;
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function randomBirth(rng: Rng, fromYear: number, toYear: number): Birth {
  const year = rng.int(fromYear, toYear);
  const month = rng.int(1, 12);
  return { year, month, day: rng.int(1, daysInMonth(year, month)) };
}

/** Age in whole years on a date (YYYY, M, D). */
export function ageOn(birth: Birth, year: number, month: number, day: number): number {
  const before = month < birth.month || (month === birth.month && day < birth.day);
  return year - birth.year - (before ? 1 : 0);
}

/** A random adult's identity number in a random written form; a few are coordination numbers. */
export function randomAdultPnr(rng: Rng, year: number): string {
  const birth = randomBirth(rng, year - 75, year - 18);
  const pnr = makePnr(rng, birth, rng.chance(0.12));
  return formatPnr(
    pnr,
    rng.weighted<PnrForm>([
      ['long-dash', 4],
      ['short-dash', 3],
      ['long', 2],
      ['short', 1],
    ]),
  );
}
