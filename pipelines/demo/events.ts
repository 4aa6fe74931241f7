/**
 * The true record model: what "really happened" in the demo year, per actor. Generators create these; writers render
 * them into messy files; truth.ts counts them. Each record carries its true NYKO3 area (or 'okand' when the delivered
 * row gives no way to locate it), decided when the record was generated, never by reading a file back.
 */
import type { Wall } from './time.ts';

/** NYKO level-3 code, or 'okand' when the delivered row cannot be located (no coordinates, no usable address). */
export type TruthArea = string;
export const OKAND = 'okand';

/** Where an incident is written as happening: the text of the place field and optional SWEREF 99 TM coordinates. */
export interface Located {
  place: string;
  /** Easting/northing in metres, null when the export left them blank. */
  e: number | null;
  n: number | null;
  area: TruthArea;
}

export const STORM_TYPES = [
  'Ordningsstörning',
  'Bråk',
  'Skadegörelse',
  'Brand',
  'Misshandel',
  'Narkotika',
  'Rån',
  'Olaga hot',
  'Stöld/tillgrepp',
  'Trafik',
] as const;
/** Types outside the agreed list: counted in polis.storm.total only. */
export const STORM_UNKNOWN_TYPES = ['Övrigt', 'Djur', 'Hittegods'] as const;
export type StormType = (typeof STORM_TYPES)[number] | (typeof STORM_UNKNOWN_TYPES)[number];

export interface StormEvent extends Located {
  nr: string;
  time: Wall;
  type: StormType;
  prio: 1 | 2 | 3;
  reportFiled: boolean;
  summary: string;
  /** Coordinates written X/Y the wrong way round (northing in the X column). */
  swapped: boolean;
  /** In the first delivery (Jan–Jun). A late-registered June event, and bulk benchmark rows, are not. */
  inFirst: boolean;
  /** In the second delivery (Jun–Dec), which is authoritative for June. */
  inSecond: boolean;
  /** Set on the June event whose first delivery carried another type (the second file corrects it). */
  firstFileType?: StormType;
}

export interface CrimeType {
  code: string;
  name: string;
  strategic: boolean;
}

export interface CrimeReport {
  nr: string;
  reported: Wall;
  crimeDate: Wall;
  crime: CrimeType;
  /** Crime place as written (address text or blank) and its true area. */
  place: string;
  area: TruthArea;
  suspect: { age: number; home: string; area: TruthArea } | null;
}

export const RTJ_FIRE_TYPES = ['Brand i byggnad', 'Brand ej i byggnad', 'Brand i fordon'] as const;
export const RTJ_OTHER_TYPES = ['Trafikolycka', 'Automatlarm'] as const;
export type RtjType = (typeof RTJ_FIRE_TYPES)[number] | (typeof RTJ_OTHER_TYPES)[number];
export const RTJ_CAUSES = ['Anlagd med uppsåt', 'Okänd', 'Oförsiktighet', 'Tekniskt fel'] as const;
export type RtjCause = (typeof RTJ_CAUSES)[number];
export const RTJ_OBJECTS = [
  'Skola',
  'Förskola',
  'Flerbostadshus',
  'Villa',
  'Container/soptunna',
  'Bil',
  'Park/grönområde',
  'Idrottsanläggning',
  'Butik',
] as const;
export type RtjObject = (typeof RTJ_OBJECTS)[number];

export interface RtjCallout {
  nr: string;
  time: Wall;
  type: RtjType;
  cause: RtjCause | '';
  object: RtjObject | '';
  address: string;
  indoor: boolean;
  threat: boolean;
  /** WGS84 is derived from these when written; null = coordinates left blank. */
  e: number | null;
  n: number | null;
  area: TruthArea;
}

export type Landlord = 'bostadsbolaget' | 'fastighetskontoret';

export interface Vandalism {
  landlord: Landlord;
  property: string;
  address: string;
  date: Wall;
  damage: string;
  /** Repair cost in whole kronor. */
  cost: number;
  policeReported: boolean;
  area: TruthArea;
}

export interface DisturbanceCall {
  time: Wall;
  address: string;
  apartment: string;
  kind: string;
  action: string;
  area: TruthArea;
}

export interface ConcernReport {
  pnr: string;
  received: Wall;
  reporter: string;
  reason: string;
  age: number;
  address: string;
  area: TruthArea;
}

export interface Pupil {
  pnr: string;
  school: string;
  className: string;
  address: string;
  passed: number;
  eligible: boolean;
  merit: number;
  area: TruthArea;
}

export interface SchoolTermRow {
  school: string;
  term: string;
  pupils: number;
  incomplete: number;
  area: TruthArea;
}

export const GUARD_CATEGORIES = ['Ordningsstörning', 'Skadegörelse', 'Nästan-händelse', 'Hot'] as const;
export type GuardCategory = (typeof GUARD_CATEGORIES)[number];

export interface GuardReport {
  time: Wall;
  object: string;
  category: GuardCategory;
  description: string;
  area: TruthArea;
}

export interface SurveyRow {
  areaLabel: string;
  area: string;
  year: number;
  question: string;
  share: number;
  respondents: number;
}
