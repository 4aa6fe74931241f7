/**
 * The generic half of every connector: find the mapped columns in the header, read only those, parse each value
 * by its field type and collect what could not be understood as diagnostics with file, sheet, row and column.
 */
import type { DeliveryKindConfig } from '../schemas/config.ts';
import { diagnostic, type Diagnostic, type Location } from '../schemas/diagnostics.ts';
import { containsIdentityNumber, isPersonalHeader, redactIdentityNumbers } from './personalData.ts';
import { parseTerm } from './period.ts';
import { normaliseHeader } from './readers/index.ts';
import type { CellValue, RawSheet } from './readers/types.ts';
import { cellText, parseLocalDate, parseLocalDateTime, parseNumber, parseYesNo } from './readers/values.ts';
import type { ConnectorDefinition, ConnectorResult, FieldSpec, FieldValue, FieldValues, Observation, RawLocation } from './types.ts';

interface MappedField {
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

type ParseOutcome = { ok: true; value: FieldValue } | { ok: false; expected: string; show: boolean };

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

/** Maps and parses every row of the sheets into observations; nothing here is written anywhere. */
export function observe(sheets: RawSheet[], def: ConnectorDefinition, kind: DeliveryKindConfig, opts: ObserveOptions): ConnectorResult {
  const result: ConnectorResult = {
    observations: [],
    diagnostics: [],
    mappedColumns: [],
    ignoredColumns: [],
    rowsRead: 0,
    rowsRejected: 0,
    unknownCategories: {},
    periodHints: [],
  };
  const known = new Map<string, Set<string>>(
    Object.entries(kind.categories).map(([field, values]) => [field, new Set(values.map((v) => v.trim().toLowerCase()))]),
  );
  const seenKeys = new Set<string>();
  for (const sheet of sheets) {
    const mapping = mapColumns(sheet, def, kind);
    result.diagnostics.push(...mapping.diagnostics);
    for (const f of mapping.fields) {
      if (!result.mappedColumns.some((m) => m.field === f.spec.name && m.header === f.header)) {
        result.mappedColumns.push({ field: f.spec.name, header: f.header });
      }
    }
    for (const h of mapping.ignored) if (!result.ignoredColumns.includes(h)) result.ignoredColumns.push(h);
    if (mapping.diagnostics.some((d) => d.severity === 'error')) continue;

    const byName = new Map(mapping.fields.map((f) => [f.spec.name, f]));
    const sheetLoc = { file: sheet.file, ...(sheet.sheet ? { sheet: sheet.sheet } : {}) };
    const sheetTerm = sheet.sheet ? parseTerm(sheet.sheet) : null;
    if (sheetTerm) result.periodHints.push(sheetTerm.start);

    for (const raw of sheet.rows) {
      result.rowsRead++;
      const problems: Diagnostic[] = [];
      const values: FieldValues = {};
      for (const f of mapping.fields) {
        const cell = raw.cells[f.index] ?? null;
        const loc = { ...sheetLoc, row: raw.row, column: f.header };
        if (isBlank(cell)) {
          values[f.spec.name] = null;
          if (f.spec.required) problems.push(diagnostic('row.empty_required', 'error', loc));
          continue;
        }
        if (
          f.spec.type !== 'number' &&
          f.spec.type !== 'date' &&
          f.spec.type !== 'datetime' &&
          typeof cell === 'string' &&
          containsIdentityNumber(cell)
        ) {
          // A mapped column must never carry identity numbers: the whole delivery is refused by the caller.
          problems.push(diagnostic('row.personal_data', 'error', loc));
          values[f.spec.name] = null;
          continue;
        }
        const parsed = parseField(f.spec, cell);
        if (parsed.ok) values[f.spec.name] = parsed.value;
        else {
          const code = f.spec.type === 'number' ? 'row.bad_number' : f.spec.type === 'yesno' ? 'row.bad_number' : 'row.bad_date';
          problems.push(diagnostic(code, 'error', loc, { expected: parsed.expected, value: showValue(cell) }));
          values[f.spec.name] = null;
        }
      }

      const when = resolveTime(def, byName, raw.cells, { ...sheetLoc, row: raw.row }, opts);
      problems.push(...when.problems);

      const finish = def.finish ? def.finish(values, { params: opts.params }) : { ok: true as const };
      if (!finish.ok) {
        const column = byName.get(finish.column)?.header ?? finish.column;
        problems.push(diagnostic('row.bad_number', 'error', { ...sheetLoc, row: raw.row, column }, { expected: finish.expected }));
      }

      if (problems.some((p) => p.severity === 'error')) {
        result.rowsRejected++;
        result.diagnostics.push(...problems);
        continue;
      }
      result.diagnostics.push(...problems);

      const keyField = def.naturalKey ? values[def.naturalKey] : null;
      const key = typeof keyField === 'string' && keyField !== '' ? keyField : null;
      if (key !== null) {
        if (seenKeys.has(key)) {
          const column = byName.get(def.naturalKey ?? '')?.header ?? '';
          result.diagnostics.push(diagnostic('row.duplicate_key', 'warning', { ...sheetLoc, row: raw.row, column }));
          continue;
        }
        seenKeys.add(key);
      }

      for (const field of def.categoryFields ?? []) {
        const value = values[field];
        const vocabulary = known.get(field);
        if (typeof value !== 'string' || !vocabulary || vocabulary.has(value.trim().toLowerCase())) continue;
        const shown = showValue(value);
        const counts = (result.unknownCategories[field] ??= {});
        counts[shown] = (counts[shown] ?? 0) + 1;
      }

      const locations: Record<string, RawLocation> = {};
      for (const spec of def.locations) {
        const text = (name: string | undefined): string | null => {
          const v = name ? values[name] : null;
          return typeof v === 'string' && v !== '' ? v : null;
        };
        const num = (name: string | undefined): number | null => {
          const v = name ? values[name] : null;
          return typeof v === 'number' ? v : null;
        };
        locations[spec.name] = {
          areaCode: text(spec.areaCode),
          address: text(spec.address),
          place: text(spec.place),
          x: num(spec.x),
          y: num(spec.y),
        };
      }

      if (when.term) result.periodHints.push(when.term);
      const observation: Observation = {
        row: raw.row,
        ...(sheet.sheet ? { sheet: sheet.sheet } : {}),
        key,
        date: when.date ?? when.term ?? sheetTerm?.start ?? null,
        minute: when.minute,
        attrs: { ...values, ...(finish.ok ? (finish.attrs ?? {}) : {}) },
        measures: finish.ok ? (finish.measures ?? {}) : {},
        locations,
        ...(finish.ok && finish.indicator ? { indicator: finish.indicator } : {}),
      };
      result.observations.push(observation);
    }
  }
  return result;
}

interface ResolvedTime {
  date: string | null;
  minute: string | null;
  term: string | null;
  problems: Diagnostic[];
}

function resolveTime(
  def: ConnectorDefinition,
  byName: Map<string, MappedField>,
  cells: CellValue[],
  loc: Location,
  opts: ObserveOptions,
): ResolvedTime {
  const out: ResolvedTime = { date: null, minute: null, term: null, problems: [] };
  const cellOf = (name: string | undefined): { cell: CellValue; header: string } | null => {
    const f = name ? byName.get(name) : undefined;
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
