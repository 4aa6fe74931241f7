import type { Diagnostic } from '../schemas/diagnostics.ts';

export type FieldType = 'text' | 'category' | 'datetime' | 'date' | 'time' | 'number' | 'yesno' | 'code' | 'term';

/** A logical field a connector reads, with the Swedish header variants that usually carry it. */
export interface FieldSpec {
  name: string;
  type: FieldType;
  headers: string[];
  required?: boolean;
}

/** Fields that together place a record: any of them may be missing in a file. */
export interface LocationSpec {
  name: string;
  areaCode?: string;
  address?: string;
  place?: string;
  x?: string;
  y?: string;
}

export type FieldValue = string | number | boolean | null;
export type FieldValues = Record<string, FieldValue>;

export interface RowContext {
  params: Record<string, unknown>;
}

/** What a connector adds to the generic mapping: measures and derived attributes of one row. */
export type RowFinish =
  | { ok: true; measures?: Record<string, number>; attrs?: Record<string, FieldValue>; indicator?: string }
  | { ok: false; column: string; expected: string };

export interface ConnectorDefinition {
  id: string;
  /** Logical fields; only these columns are ever read from a delivery. */
  fields: FieldSpec[];
  /** How the event time is formed (a combined date-time column, or a date and a time column). */
  time: { datetime?: string; date?: string; time?: string; term?: string; year?: string };
  /** Locations of a record; the first is the primary one. */
  locations: LocationSpec[];
  /** Field whose value identifies a record (event number): duplicates inside a delivery count once. */
  naturalKey?: string;
  /** Fields whose values are checked against the kind's known categories. */
  categoryFields?: string[];
  finish?: (values: FieldValues, ctx: RowContext) => RowFinish;
}

/** A record after mapping and parsing: still in memory only, never written anywhere. */
export interface Observation {
  row: number;
  sheet?: string;
  key: string | null;
  /** Swedish local date of the event (YYYY-MM-DD), or null when the delivery's grain gives the period. */
  date: string | null;
  minute: string | null;
  attrs: Record<string, FieldValue>;
  measures: Record<string, number>;
  locations: Record<string, RawLocation>;
  /** Set by pre-aggregated connectors: the indicator this row delivers. */
  indicator?: string;
}

export interface RawLocation {
  areaCode?: string | null;
  address?: string | null;
  place?: string | null;
  x?: number | null;
  y?: number | null;
}

export interface ConnectorResult {
  observations: Observation[];
  diagnostics: Diagnostic[];
  /** Headers that were read (mapped) and headers dropped unread. */
  mappedColumns: { field: string; header: string }[];
  ignoredColumns: string[];
  rowsRead: number;
  rowsRejected: number;
  /** Unknown category values with counts, per field. */
  unknownCategories: Record<string, Record<string, number>>;
  /** Terms or years found in the data (for kinds without a date per row). */
  periodHints: string[];
}
