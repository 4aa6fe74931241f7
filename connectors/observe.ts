/**
 * The generic half of every connector: find the mapped columns in the header, read only those, parse each value
 * by its field type and collect what could not be understood as diagnostics with file, sheet, row and column.
 */
import type { DeliveryKindConfig } from '../schemas/config.ts';
import { appendDiagnostics, diagnostic, type Diagnostic, type Location } from '../schemas/diagnostics.ts';
import { containsIdentityNumber, isPersonalHeader, redactIdentityNumbers } from './personalData.ts';
import { parseTerm } from './period.ts';
import { normaliseHeader } from './readers/index.ts';
import { cleanText } from './readers/normalise.ts';
import type { CellValue, RawRow, RawSheet } from './readers/types.ts';
import { cellText, parseLocalDate, parseLocalDateTime, parseNumber, parseYesNo } from './readers/values.ts';
import type { ConnectorDefinition, ConnectorResult, FieldSpec, FieldValue, FieldValues, Observation, RawLocation } from './types.ts';

export interface MappedField {
  spec: FieldSpec;
  index: number;
  header: string;
}

/** The header variants a kind accepts per field: configured ones first, then the connector's defaults. */
export function headerVariants(def: ConnectorDefinition, kind: DeliveryKindConfig): Map<string, string[]> {
  const variants = new Map<string, string[]>();
  for (const field of def.fields) {
    variants.set(field.name, [...(kind.columns[field.name] ?? []), ...field.headers].map(normaliseHeader));
  }
  return variants;
}

/** Every normalised header a kind knows; as a set so it can be handed to a reader in a worker thread. */
export function knownHeaders(def: ConnectorDefinition, kind: DeliveryKindConfig): Set<string> {
  return new Set([...headerVariants(def, kind).values()].flat());
}

interface ColumnMapping {
  fields: MappedField[];
  ignored: string[];
  diagnostics: Diagnostic[];
}

/** Each field takes the first header variant present; a header is used by one field only. */
export function mapColumns(sheet: RawSheet, def: ConnectorDefinition, kind: DeliveryKindConfig): ColumnMapping {
  const variants = headerVariants(def, kind);
  const normalised = sheet.header.map(normaliseHeader);
  const used = new Set<number>();
  const fields: MappedField[] = [];
  const diagnostics: Diagnostic[] = [];
  const where: Location = { file: sheet.file, ...(sheet.sheet ? { sheet: sheet.sheet } : {}), row: sheet.headerRow };
  for (const spec of def.fields) {
    const wanted = variants.get(spec.name) ?? [];
    let index = -1;
    for (const variant of wanted) {
      index = normalised.findIndex((h, i) => h === variant && !used.has(i));
      if (index >= 0) break;
    }
    if (index >= 0) {
      used.add(index);
      fields.push({ spec, index, header: sheet.header[index] ?? '' });
    } else if (spec.required) {
      diagnostics.push(
        diagnostic('column.missing', 'error', where, {
          field: spec.name,
          expected: (kind.columns[spec.name] ?? spec.headers).slice(0, 4).join(' / '),
        }),
      );
    }
  }
  const time = def.time;
  const hasField = (name: string | undefined): boolean => !!name && fields.some((f) => f.spec.name === name);
  if ((time.datetime || time.date) && !hasField(time.datetime) && !hasField(time.date)) {
    const spec = def.fields.find((f) => f.name === (time.datetime ?? time.date));
    diagnostics.push(
      diagnostic('column.missing', 'error', where, { field: spec?.name ?? 'datum', expected: spec?.headers.slice(0, 4).join(' / ') ?? '' }),
    );
  }
  const ignored: string[] = [];
  sheet.header.forEach((header, i) => {
    if (used.has(i) || header.trim() === '') return;
    ignored.push(header);
    const personal = isPersonalHeader(normaliseHeader(header));
    diagnostics.push(diagnostic(personal ? 'column.personal_data' : 'column.ignored', 'info', { ...where, column: header }, {}));
  });
  return { fields, ignored, diagnostics };
}

type ParseOutcome = { kind?: undefined; ok: true; value: FieldValue } | { kind?: undefined; ok: false; expected: string; show: boolean };

function parseField(spec: FieldSpec, cell: CellValue): ParseOutcome {
  switch (spec.type) {
    case 'number': {
      const r = parseNumber(cell);
      return r.ok ? r : { ok: false, expected: r.expected, show: true };
    }
    case 'yesno': {
      const r = parseYesNo(cell);
      return r.ok ? r : { ok: false, expected: r.expected, show: true };
    }
    case 'date': {
      const r = parseLocalDate(cell);
      return r.ok ? r : { ok: false, expected: r.expected, show: true };
    }
    case 'code':
      // Codes are text: a number cell 101 is kept as '101', never padded into another area's '0101'.
      return { ok: true, value: cellText(cell) };
    default:
      return { ok: true, value: cellText(cell) };
  }
}

/** A short, personal-data-free rendering of a rejected value for the receipt. */
function showValue(cell: CellValue): string {
  const text = redactIdentityNumbers(cellText(cell));
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const isBlank = (cell: CellValue | undefined): boolean => cell === null || cell === undefined || cellText(cell) === '';

export interface ObserveOptions {
  params: Record<string, unknown>;
  earliestDate: string;
  latestDate: string;
}

type CellOutcome = { kind: 'personal' } | ParseOutcome;

interface SheetState {
  fields: MappedField[];
  byName: Map<string, MappedField>;
  where: { file: string; sheet?: string };
  sheet?: string;
  sheetTerm: string | null;
}

/**
 * Maps and parses rows into observations, one row at a time, so a delivery of millions of rows never has to be in
 * memory at once: `sheet()` maps a sheet's columns, `row()` hands each accepted record to `emit`. Nothing here is
 * written anywhere; `result` collects counts and diagnostics (its `observations` stay empty: they went to `emit`).
 */
export class Observer {
  readonly result: ConnectorResult = {
    observations: [],
    diagnostics: [],
    mappedColumns: [],
    ignoredColumns: [],
    rowsRead: 0,
    rowsRejected: 0,
    unknownCategories: {},
    periodHints: [],
  };
  /** Earliest and latest record date seen (for a delivery whose period only its data can tell). */
  firstDate: string | null = null;
  lastDate: string | null = null;
  /** Records accepted and handed to `emit`. */
  accepted = 0;
  private readonly known: Map<string, Set<string>>;
  private readonly seenKeys = new Set<string>();
  private current: SheetState | null = null;

  constructor(
    private readonly def: ConnectorDefinition,
    private readonly kind: DeliveryKindConfig,
    private readonly opts: ObserveOptions,
    private readonly emit: (observation: Observation) => void,
  ) {
    this.known = new Map(
      Object.entries(kind.categories).map(([field, values]) => [field, new Set(values.map((v) => v.trim().toLowerCase()))]),
    );
  }

  /** Maps a sheet's columns; false when a required column is missing (its rows are then not read). */
  sheet(sheet: RawSheet): boolean {
    const result = this.result;
    const mapping = mapColumns(sheet, this.def, this.kind);
    result.diagnostics.push(...mapping.diagnostics);
    for (const f of mapping.fields) {
      if (!result.mappedColumns.some((m) => m.field === f.spec.name && m.header === f.header)) {
        result.mappedColumns.push({ field: f.spec.name, header: f.header });
      }
    }
    for (const h of mapping.ignored) if (!result.ignoredColumns.includes(h)) result.ignoredColumns.push(h);
    this.current = null;
    if (mapping.diagnostics.some((d) => d.severity === 'error')) return false;
    const sheetTerm = sheet.sheet ? parseTerm(sheet.sheet) : null;
    if (sheetTerm) result.periodHints.push(sheetTerm.start);
    this.current = {
      fields: mapping.fields,
      byName: new Map(mapping.fields.map((f) => [f.spec.name, f])),
      where: { file: sheet.file, ...(sheet.sheet ? { sheet: sheet.sheet } : {}) },
      ...(sheet.sheet ? { sheet: sheet.sheet } : {}),
      sheetTerm: sheetTerm?.start ?? null,
    };
    return true;
  }

  /** Indexes of the current sheet's mapped columns: the only ones a streaming reader needs to hand over. */
  columns(): number[] {
    return this.current?.fields.map((f) => f.index) ?? [];
  }

  // The columnar path (observe-table.ts) judges each distinct value once with the methods below and hands the
  // rows it cannot accept to row(); together they must decide every record exactly as row() alone would.

  /** Whether a kind's rows can be judged by distinct values: no connector code per row, a date on every row. */
  get columnar(): boolean {
    return this.def.finish === undefined && this.def.time.term === undefined && this.def.time.year === undefined;
  }

  /** The current sheet's mapped fields. */
  mappedFields(): readonly MappedField[] {
    return this.current?.fields ?? [];
  }

  /** What row() makes of one value of a field, given as a reader hands it over before cleaning (null: empty). */
  judge(field: MappedField, raw: string | null): { good: boolean; value: FieldValue } {
    const cell = raw === null ? null : cleanText(raw);
    if (isBlank(cell)) return { good: !field.spec.required, value: null };
    const outcome = parseCell(field.spec, cell);
    return outcome.kind !== 'personal' && outcome.ok ? { good: true, value: outcome.value } : { good: false, value: null };
  }

  /** The date and minute of a row from its time cells (indexed by column, cleaned), or ok false where row() rejects it. */
  timeOf(cells: CellValue[]): { ok: boolean; date: string | null; minute: string | null } {
    const state = this.current;
    if (state === null) return { ok: false, date: null, minute: null };
    const when = this.resolveTime(state, cells, state.where);
    return { ok: when.problems.length === 0, date: when.date, minute: when.minute };
  }

  /** How the receipt shows a value of a category field the kind does not know; null for a known one. */
  unknownCategory(field: string, value: FieldValue): string | null {
    const vocabulary = this.known.get(field);
    if (typeof value !== 'string' || !vocabulary || vocabulary.has(value.trim().toLowerCase())) return null;
    return showValue(value);
  }

  /**
   * Records the columnar path accepted without row(): their tallies, and a warning for each repeated natural key
   * (by line). Row diagnostics from `rowDiagnosticsFrom` on are then put in row order, as row() alone leaves them.
   */
  acceptColumnar(tally: {
    clean: number;
    accepted: number;
    firstDate: string | null;
    lastDate: string | null;
    unknown: { field: string; shown: string; count: number }[];
    duplicateLines: number[];
    rowDiagnosticsFrom: number;
  }): void {
    const { result } = this;
    const state = this.current;
    if (state === null) return;
    result.rowsRead += tally.clean;
    this.accepted += tally.accepted;
    for (const date of [tally.firstDate, tally.lastDate]) {
      if (date === null) continue;
      if (this.firstDate === null || date < this.firstDate) this.firstDate = date;
      if (this.lastDate === null || date > this.lastDate) this.lastDate = date;
    }
    for (const { field, shown, count } of tally.unknown) {
      const counts = (result.unknownCategories[field] ??= {});
      counts[shown] = (counts[shown] ?? 0) + count;
    }
    const column = state.byName.get(this.def.naturalKey ?? '')?.header ?? '';
    const rows = result.diagnostics.splice(tally.rowDiagnosticsFrom);
    for (const row of tally.duplicateLines) rows.push(diagnostic('row.duplicate_key', 'warning', { ...state.where, row, column }));
    // A stable sort: one row's own diagnostics keep their order.
    appendDiagnostics(
      result.diagnostics,
      rows.sort((a, b) => (a.location.row ?? 0) - (b.location.row ?? 0)),
    );
  }

  row(raw: RawRow): void {
    const state = this.current;
    if (state === null) return;
    const { def, result } = this;
    result.rowsRead++;
    const problems: Diagnostic[] = [];
    const at = (column: string): Location => ({ ...state.where, row: raw.row, column });
    const values: FieldValues = {};
    for (let i = 0; i < state.fields.length; i++) {
      const f = state.fields[i];
      if (f === undefined) continue;
      const cell = raw.cells[f.index] ?? null;
      if (isBlank(cell)) {
        values[f.spec.name] = null;
        if (f.spec.required) problems.push(diagnostic('row.empty_required', 'error', at(f.header)));
        continue;
      }
      const outcome = parseCell(f.spec, cell);
      if (outcome.kind === 'personal') {
        // A mapped column must never carry identity numbers: the whole delivery is refused by the caller.
        problems.push(diagnostic('row.personal_data', 'error', at(f.header)));
        values[f.spec.name] = null;
      } else if (outcome.ok) values[f.spec.name] = outcome.value;
      else {
        const code = f.spec.type === 'number' ? 'row.bad_number' : f.spec.type === 'yesno' ? 'row.bad_number' : 'row.bad_date';
        problems.push(diagnostic(code, 'error', at(f.header), { expected: outcome.expected, value: showValue(cell) }));
        values[f.spec.name] = null;
      }
    }

    const when = this.resolveTime(state, raw.cells, { ...state.where, row: raw.row });
    problems.push(...when.problems);

    const finish = def.finish ? def.finish(values, { params: this.opts.params }) : { ok: true as const };
    if (!finish.ok) {
      const column = state.byName.get(finish.column)?.header ?? finish.column;
      problems.push(diagnostic('row.bad_number', 'error', at(column), { expected: finish.expected }));
    }

    if (problems.some((p) => p.severity === 'error')) {
      result.rowsRejected++;
      result.diagnostics.push(...problems);
      return;
    }
    result.diagnostics.push(...problems);

    const keyField = def.naturalKey ? values[def.naturalKey] : null;
    const key = typeof keyField === 'string' && keyField !== '' ? keyField : null;
    if (key !== null) {
      if (this.seenKeys.has(key)) {
        result.diagnostics.push(diagnostic('row.duplicate_key', 'warning', at(state.byName.get(def.naturalKey ?? '')?.header ?? '')));
        return;
      }
      this.seenKeys.add(key);
    }

    for (const field of def.categoryFields ?? []) {
      const value = values[field];
      const vocabulary = this.known.get(field);
      if (typeof value !== 'string' || !vocabulary || vocabulary.has(value.trim().toLowerCase())) continue;
      const shown = showValue(value);
      const counts = (result.unknownCategories[field] ??= {});
      counts[shown] = (counts[shown] ?? 0) + 1;
    }

    const locations: Record<string, RawLocation> = {};
    for (const spec of def.locations) {
      locations[spec.name] = {
        areaCode: textValue(values, spec.areaCode),
        address: textValue(values, spec.address),
        place: textValue(values, spec.place),
        x: numberValue(values, spec.x),
        y: numberValue(values, spec.y),
      };
    }

    if (when.term) result.periodHints.push(when.term);
    const date = when.date ?? when.term ?? state.sheetTerm;
    if (date !== null) {
      if (this.firstDate === null || date < this.firstDate) this.firstDate = date;
      if (this.lastDate === null || date > this.lastDate) this.lastDate = date;
    }
    this.accepted++;
    this.emit({
      row: raw.row,
      ...(state.sheet ? { sheet: state.sheet } : {}),
      key,
      date,
      minute: when.minute,
      attrs: finish.ok && finish.attrs ? { ...values, ...finish.attrs } : values,
      measures: finish.ok ? (finish.measures ?? {}) : {},
      locations,
      ...(finish.ok && finish.indicator ? { indicator: finish.indicator } : {}),
    });
  }

  private resolveTime(state: SheetState, cells: CellValue[], loc: Location): ResolvedTime {
    const { def, opts } = this;
    const out: ResolvedTime = { date: null, minute: null, term: null, problems: [] };
    const cellOf = (name: string | undefined): { cell: CellValue; header: string } | null => {
      const f = name ? state.byName.get(name) : undefined;
      return f ? { cell: cells[f.index] ?? null, header: f.header } : null;
    };
    const t = def.time;
    if (t.term) {
      const term = cellOf(t.term);
      if (term && !isBlank(term.cell)) {
        const period = parseTerm(cellText(term.cell));
        if (period) out.term = period.start;
        else
          out.problems.push(
            diagnostic(
              'row.bad_date',
              'error',
              { ...loc, column: term.header },
              { expected: 'en termin som VT 2025 eller HT2025', value: showValue(term.cell) },
            ),
          );
      }
      return out;
    }
    if (t.year) {
      const year = cellOf(t.year);
      const y = year ? parseNumber(year.cell) : null;
      if (y && y.ok && Number.isInteger(y.value) && y.value >= 1990 && y.value <= 2100) out.date = `${y.value}-01-01`;
      else if (year)
        out.problems.push(
          diagnostic(
            'row.bad_date',
            'error',
            { ...loc, column: year.header },
            { expected: 'ett årtal som 2025', value: showValue(year.cell) },
          ),
        );
      return out;
    }
    const combined = cellOf(t.datetime);
    const dateOnly = combined && !isBlank(combined.cell) ? combined : cellOf(t.date);
    if (!dateOnly || isBlank(dateOnly.cell)) {
      out.problems.push(diagnostic('row.empty_required', 'error', { ...loc, column: dateOnly?.header ?? combined?.header ?? 'Datum' }));
      return out;
    }
    const time = cellOf(t.time);
    const parsed = parseLocalDateTime(dateOnly.cell, time && !isBlank(time.cell) ? time.cell : undefined);
    if (!parsed.ok) {
      out.problems.push(
        diagnostic(
          'row.bad_date',
          'error',
          { ...loc, column: dateOnly.header },
          { expected: parsed.expected, value: showValue(dateOnly.cell) },
        ),
      );
      return out;
    }
    if (parsed.value.date < opts.earliestDate || parsed.value.date > opts.latestDate) {
      out.problems.push(
        diagnostic(
          'row.date_out_of_range',
          'error',
          { ...loc, column: dateOnly.header },
          { value: parsed.value.date, from: opts.earliestDate, to: opts.latestDate },
        ),
      );
      return out;
    }
    out.date = parsed.value.date;
    out.minute = parsed.value.minute;
    return out;
  }
}

function textValue(values: FieldValues, name: string | undefined): string | null {
  const v = name ? values[name] : null;
  return typeof v === 'string' && v !== '' ? v : null;
}

function numberValue(values: FieldValues, name: string | undefined): number | null {
  const v = name ? values[name] : null;
  return typeof v === 'number' ? v : null;
}

/** Identity numbers first (in any text-like column), then the field type's parser. */
function parseCell(spec: FieldSpec, cell: CellValue): CellOutcome {
  if (
    spec.type !== 'number' &&
    spec.type !== 'date' &&
    spec.type !== 'datetime' &&
    typeof cell === 'string' &&
    containsIdentityNumber(cell)
  ) {
    return { kind: 'personal' };
  }
  return parseField(spec, cell);
}

/** Every row of the sheets into observations, in memory (the small-file path and tests). */
export function observe(sheets: RawSheet[], def: ConnectorDefinition, kind: DeliveryKindConfig, opts: ObserveOptions): ConnectorResult {
  const observations: Observation[] = [];
  const observer = new Observer(def, kind, opts, (o) => observations.push(o));
  for (const sheet of sheets) {
    if (!observer.sheet(sheet)) continue;
    for (const raw of sheet.rows) observer.row(raw);
  }
  return { ...observer.result, observations };
}

interface ResolvedTime {
  date: string | null;
  minute: string | null;
  term: string | null;
  problems: Diagnostic[];
}
