/**
 * Avidentification: every observation is placed in an area at the reporting level (or `okand`), counted into the
 * indicators of its kind at the kind's grain, and dropped. What leaves this module is aggregates, match keys
 * (source, kind, area, minute) and counts of unmatched location values for the receipt — nothing about a person.
 */
import type { Condition, Config, Grain, IndicatorConfig } from '../schemas/config.ts';
import { appendDiagnostics, diagnostic, type Diagnostic, type Location } from '../schemas/diagnostics.ts';
import type { AcceptedRecords } from '../connectors/observe-table.ts';
import type { FieldValue, LocationSpec, Observation, RawLocation } from '../connectors/types.ts';
import { contains, grainPeriod, type Period } from '../connectors/period.ts';
import type { Locator, Located } from '../nyko/locator.ts';
import type { AreaRegister } from '../nyko/areaRegister.ts';
import { countBySlot, matchRows, periodsOfDates, placeAndTag, placementSummary, splitByPeriod } from './avidentify-table.ts';

export const UNKNOWN_AREA = 'okand';

export interface Fact {
  indicator: string;
  areaCode: string;
  grain: Grain;
  periodStart: string;
  periodEnd: string;
  count: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

/** What matching across actors needs, and nothing more. Records in `okand` or without a time never match. */
export interface MatchKey {
  indicator: string;
  areaCode: string;
  finestCode: string | null;
  date: string;
  minute: string | null;
}

export interface AvidentifiedDelivery {
  facts: Fact[];
  matchKeys: MatchKey[];
  diagnostics: Diagnostic[];
  /** Records placed in `okand`, by redacted location value (apartment numbers and identity numbers removed). */
  unmatched: Record<string, number>;
  located: Record<Located['method'], number>;
  recordsCounted: number;
  recordsUnmapped: number;
  recordsOutsidePeriod: number;
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function conditionHolds(cond: Condition, value: FieldValue | undefined, norm: (text: string) => string = normalise): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(cond)) {
    const v = norm(String(value));
    return cond.some((c) => norm(c) === v);
  }
  if (typeof cond === 'boolean') return value === cond;
  if ('startsWith' in cond) return norm(String(value)).startsWith(norm(cond.startsWith));
  const n = typeof value === 'number' ? value : Number.NaN;
  if ('lt' in cond) return n < cond.lt;
  return n >= cond.between[0] && n <= cond.between[1];
}

/** Indicators that a kind's records feed directly (count, share, value). */
export function indicatorsForKind(config: Config, kind: string): [string, IndicatorConfig][] {
  return Object.entries(config.indicators).filter(
    ([, ind]) => (ind.type === 'count' || ind.type === 'share' || ind.type === 'value') && ind.kinds.includes(kind),
  );
}

export interface AvidentifyInput {
  config: Config;
  kind: string;
  grain: Grain;
  /** The delivery's period; null when only the data can tell it (every record is then inside by definition). */
  period: Period | null;
  /** Name of the location a kind places its records by (a connector's first location). */
  primaryLocation: string;
  locator: Locator;
  areas: AreaRegister;
  file: string;
}

/**
 * Counts observations into facts one at a time (`add`), so a delivery is aggregated while it is read and the
 * records themselves are never kept; `finish` returns the aggregates.
 */
export class Avidentifier {
  private readonly out: AvidentifiedDelivery = {
    facts: [],
    matchKeys: [],
    diagnostics: [],
    unmatched: {},
    located: { code: 0, address: 0, place: 0, coordinates: 0, none: 0 },
    recordsCounted: 0,
    recordsUnmapped: 0,
    recordsOutsidePeriod: 0,
  };
  private readonly buckets = new KeyTree<Fact>();
  private readonly periods = new KeyTree<Fact>();
  private readonly byText = new KeyTree<Located>();
  private readonly byCoordinates = new KeyTree<Located>();
  private readonly direct: [string, IndicatorConfig][];
  private readonly combined: { code: string; when: Record<string, Condition> }[];
  private readonly holds: ConditionCache = new ConditionCache();
  private readonly undated: Observation[] = [];

  constructor(private readonly input: AvidentifyInput) {
    this.direct = indicatorsForKind(input.config, input.kind);
    this.combined = Object.entries(input.config.indicators).flatMap(([code, ind]) =>
      ind.type === 'combined' ? ind.sources.filter((s) => s.kind === input.kind).map((s) => ({ code, when: s.when })) : [],
    );
  }

  /**
   * Remembered per location value: first without coordinates (code, address and place decide most records, and
   * there are far fewer distinct addresses than distinct coordinates), then, only when those leave the record in
   * `okand`, with them. Same answer as one full lookup: coordinates are the locator's last resort.
   */
  locate(raw: RawLocation | undefined, date: string): Located {
    const loc = raw ?? {};
    const areaCode = loc.areaCode ? resolveAreaText(loc.areaCode, this.input.areas, this.input.config.areas.reportingLevel, date) : null;
    const month = date.slice(0, 7);
    if (this.byText.size >= LOCATION_CACHE_MAX) this.byText.clear();
    const text = this.byText.at([areaCode, loc.address ?? null, loc.place ?? null, month]);
    const byText = (text.value ??= this.lookup(areaCode, loc, null, null, date));
    if (byText.area !== UNKNOWN_AREA || (loc.x == null && loc.y == null)) return byText;
    if (this.byCoordinates.size >= LOCATION_CACHE_MAX) this.byCoordinates.clear();
    const point = this.byCoordinates.at([areaCode, loc.address ?? null, loc.place ?? null, month, loc.x ?? null, loc.y ?? null]);
    return (point.value ??= this.lookup(areaCode, loc, loc.x ?? null, loc.y ?? null, date));
  }

  private lookup(areaCode: string | null, loc: RawLocation, x: number | null, y: number | null, date: string): Located {
    return this.input.locator.locate({ areaCode, address: loc.address ?? null, place: loc.place ?? null, x, y, date });
  }

  private bucket(indicator: string, area: string, date: string): Fact {
    const grain = this.input.grain;
    const slot = this.buckets.at([indicator, area, date]);
    if (slot.value) return slot.value;
    // Records of one day share a slot; days of one period share the fact.
    const p = grainPeriod(date, grain);
    const period = this.periods.at([indicator, area, p.start]);
    period.value ??= {
      indicator,
      areaCode: area,
      grain,
      periodStart: p.start,
      periodEnd: p.end,
      count: 0,
      value: 0,
      numerator: null,
      denominator: null,
    };
    slot.value = period.value;
    return period.value;
  }

  add(obs: Observation): void {
    const { input, out } = this;
    const { period, areas, primaryLocation } = input;
    const reportingLevel = input.config.areas.reportingLevel;
    const where = { file: input.file, ...(obs.sheet ? { sheet: obs.sheet } : {}), row: obs.row };
    const date = obs.date ?? period?.start ?? null;
    if (date === null) {
      // Undated record in a delivery whose period the data will tell: counted under the period's start at the end.
      this.undated.push(obs);
      return;
    }
    if (period && !contains(period, date)) {
      out.recordsOutsidePeriod++;
      out.diagnostics.push(diagnostic('row.date_outside_period', 'error', where, { value: date, from: period.start, to: period.end }));
      return;
    }
    out.recordsCounted++;
    const primary = this.locate(obs.locations[primaryLocation], date);
    out.located[primary.method]++;
    if (primary.area === UNKNOWN_AREA) {
      out.recordsUnmapped++;
      const shown = primary.unmatchedValue && primary.unmatchedValue !== '' ? primary.unmatchedValue : '(tom plats)';
      out.unmatched[shown] = (out.unmatched[shown] ?? 0) + 1;
      if (obs.locations[primaryLocation]?.areaCode && primary.unmatchedValue) {
        const suggestion = withLeadingZeros(primary.unmatchedValue, areas, reportingLevel, date);
        out.diagnostics.push(
          diagnostic('row.unknown_area', 'warning', where, { value: primary.unmatchedValue, ...(suggestion ? { suggestion } : {}) }),
        );
      }
    }

    for (const [code, ind] of this.direct) {
      const wanted = ind.type === 'count' || ind.type === 'share' ? ind.location : undefined;
      const area =
        wanted && wanted !== primaryLocation && obs.locations[wanted] ? this.locate(obs.locations[wanted], date).area : primary.area;
      if (ind.type === 'count') {
        if (!this.holds.all(ind.when, obs.attrs)) continue;
        const fact = this.bucket(code, area, date);
        fact.count += 1;
        fact.value += ind.sum ? (obs.measures[ind.sum] ?? 0) : 1;
      } else if (ind.type === 'share') {
        const num =
          'measure' in ind.numerator ? (obs.measures[ind.numerator.measure] ?? 0) : this.holds.all(ind.numerator.when, obs.attrs) ? 1 : 0;
        const den = ind.denominator === 'records' ? 1 : (obs.measures[ind.denominator.measure] ?? 0);
        const fact = this.bucket(code, area, date);
        fact.count += den;
        fact.numerator = (fact.numerator ?? 0) + num;
        fact.denominator = (fact.denominator ?? 0) + den;
        fact.value = fact.denominator > 0 ? fact.numerator / fact.denominator : 0;
      } else if (ind.type === 'value' && obs.indicator === code) {
        const fact = this.bucket(code, area, date);
        if (fact.count > 0) {
          out.diagnostics.push(diagnostic('row.duplicate_key', 'warning', { file: input.file, row: obs.row }));
          continue;
        }
        const share = obs.measures['share'] ?? 0;
        const respondents = obs.measures['respondents'];
        fact.count = 1;
        fact.value = share;
        fact.numerator = respondents === undefined ? null : Math.round(share * respondents);
        fact.denominator = respondents ?? null;
      }
    }

    for (const source of this.combined) {
      if (!this.holds.all(source.when, obs.attrs)) continue;
      out.matchKeys.push({ indicator: source.code, areaCode: primary.area, finestCode: primary.finest, date, minute: obs.minute });
    }
  }

  /**
   * Whether records of this kind can be counted as a table (addTable): every indicator placed by the primary
   * location, and none that needs a connector's per-row values (measures, a delivered indicator).
   */
  get countsTables(): boolean {
    const primary = this.input.primaryLocation;
    return this.direct.every(([, ind]) => {
      if (ind.type === 'count') return (ind.location === undefined || ind.location === primary) && !ind.sum;
      if (ind.type === 'share')
        return (ind.location === undefined || ind.location === primary) && !('measure' in ind.numerator) && ind.denominator === 'records';
      return true;
    });
  }

  /** The fields addTable reads: those that place a record and those its indicators' conditions test. */
  fieldsRead(location: LocationSpec | undefined): Set<string> {
    const placing = [location?.areaCode, location?.address, location?.place, location?.x, location?.y];
    return new Set([...placing.filter((f): f is string => f !== undefined), ...this.conditionFields()]);
  }

  private conditionFields(): string[] {
    const fields = [
      ...this.direct.flatMap(([, ind]) => Object.keys(conditionOf(ind))),
      ...this.combined.flatMap((s) => Object.keys(s.when)),
    ];
    return [...new Set(fields)];
  }

  /**
   * Counts the records of an accepted table (connectors/observe-table.ts) exactly as `add` would count each of
   * them in row order: same placement (this locator and its caches), same conditions, same facts and match keys.
   */
  async addTable(records: AcceptedRecords, location: LocationSpec | undefined): Promise<void> {
    const { input, out } = this;
    const where = (row: number): Location => ({ file: input.file, row });
    const problems: Diagnostic[] = [];
    if (input.period) {
      const { start, end } = input.period;
      for (const { line, date } of await splitByPeriod(records, input.period)) {
        out.recordsOutsidePeriod++;
        problems.push(diagnostic('row.date_outside_period', 'error', where(line), { value: date, from: start, to: end }));
      }
    } else await splitByPeriod(records, null);
    // Slots: the direct indicators (a count's condition, a share's numerator), then the combined sources.
    const fields = this.conditionFields();
    await placeAndTag(
      records,
      location,
      (raw, date) => this.locate(raw, date),
      fields,
      (attrs) => {
        const slots: number[] = [];
        this.direct.forEach(([, ind], i) => {
          if ((ind.type === 'count' || ind.type === 'share') && this.holds.all(conditionOf(ind), attrs)) slots.push(i);
        });
        this.combined.forEach((source, j) => {
          if (this.holds.all(source.when, attrs)) slots.push(this.direct.length + j);
        });
        return slots;
      },
    );
    await periodsOfDates(records.connection, (date) => grainPeriod(date, input.grain));

    const placement = await placementSummary(records);
    out.recordsCounted += placement.counted;
    for (const [method, n] of placement.methods) out.located[method as Located['method']] += n;
    for (const [value, n] of placement.unmatched) {
      out.recordsUnmapped += n;
      out.unmatched[value] = (out.unmatched[value] ?? 0) + n;
    }
    const level = input.config.areas.reportingLevel;
    for (const { line, date, value } of placement.unknownCodes) {
      const suggestion = withLeadingZeros(value, input.areas, level, date);
      problems.push(diagnostic('row.unknown_area', 'warning', where(line), { value, ...(suggestion ? { suggestion } : {}) }));
    }
    appendDiagnostics(
      out.diagnostics,
      problems.sort((a, b) => (a.location.row ?? 0) - (b.location.row ?? 0)),
    );

    const counts = await countBySlot(records.connection);
    for (const c of counts) {
      const [code, ind] = this.direct[c.slot] ?? [];
      if (code === undefined || ind?.type !== 'count') continue;
      const fact = this.bucket(code, c.area, c.periodStart);
      fact.count += c.records;
      fact.value += c.records;
    }
    this.direct.forEach(([code, ind], i) => {
      if (ind.type !== 'share') return;
      const numerators = new Map(counts.filter((c) => c.slot === i).map((c) => [`${c.area}\u0000${c.periodStart}`, c.records]));
      for (const c of counts) {
        if (c.slot !== -1) continue;
        const fact = this.bucket(code, c.area, c.periodStart);
        const num = numerators.get(`${c.area}\u0000${c.periodStart}`) ?? 0;
        fact.count += c.records;
        fact.numerator = (fact.numerator ?? 0) + num;
        fact.denominator = (fact.denominator ?? 0) + c.records;
        fact.value = fact.denominator > 0 ? fact.numerator / fact.denominator : 0;
      }
    });
    for (const key of await matchRows(records.connection, this.direct.length)) {
      const source = this.combined[key.slot - this.direct.length];
      if (source)
        out.matchKeys.push({ indicator: source.code, areaCode: key.area, finestCode: key.finest, date: key.date, minute: key.minute });
    }
  }

  /** `inferred` is the period the data told, for a delivery that had none when counting began. */
  finish(inferred?: Period): AvidentifiedDelivery {
    if (inferred) for (const obs of this.undated.splice(0)) this.add({ ...obs, date: inferred.start });
    this.out.facts = this.periods
      .values()
      .sort((a, b) =>
        a.indicator === b.indicator
          ? a.areaCode === b.areaCode
            ? a.periodStart.localeCompare(b.periodStart)
            : a.areaCode.localeCompare(b.areaCode)
          : a.indicator.localeCompare(b.indicator),
      );
    return this.out;
  }
}

/** The condition a record must meet to count: a count's `when`, a share's numerator. */
function conditionOf(ind: IndicatorConfig): Record<string, Condition> {
  if (ind.type === 'count') return ind.when ?? {};
  if (ind.type === 'share' && !('measure' in ind.numerator)) return ind.numerator.when;
  return {};
}

const LOCATION_CACHE_MAX = 200_000;

type KeyPart = string | number | null;
interface Slot<T> {
  value?: T;
  children?: Map<KeyPart, Slot<T>>;
}

/**
 * A map keyed by several values, as nested maps: a million rows would otherwise build a million joined key strings.
 * `size` counts leaves, for bounding a cache.
 */
class KeyTree<T> {
  private root: Slot<T> = {};
  size = 0;

  at(key: readonly KeyPart[]): Slot<T> {
    let node = this.root;
    for (let i = 0; i < key.length; i++) {
      const part = key[i] ?? null;
      const children = (node.children ??= new Map());
      let child = children.get(part);
      if (!child) {
        child = {};
        children.set(part, child);
        if (i === key.length - 1) this.size++;
      }
      node = child;
    }
    return node;
  }

  clear(): void {
    this.root = {};
    this.size = 0;
  }

  values(): T[] {
    const out: T[] = [];
    const walk = (node: Slot<T>): void => {
      if (node.value !== undefined) out.push(node.value);
      for (const child of node.children?.values() ?? []) walk(child);
    };
    walk(this.root);
    return out;
  }
}

/** Conditions hold or not by the normalised attribute text; attribute values repeat, so normalise each once. */
class ConditionCache {
  private readonly normalised = new Map<string, string>();

  private norm(text: string): string {
    let n = this.normalised.get(text);
    if (n === undefined) {
      if (this.normalised.size >= LOCATION_CACHE_MAX) this.normalised.clear();
      n = normalise(text);
      this.normalised.set(text, n);
    }
    return n;
  }

  all(when: Record<string, Condition>, attrs: Record<string, FieldValue>): boolean {
    for (const field in when) {
      const cond = when[field];
      if (cond === undefined || !conditionHolds(cond, attrs[field], (t) => this.norm(t))) return false;
    }
    return true;
  }
}

/**
 * A numeric code that is a known code once its leading zeros are back ('101' for '0101'): Excel drops them from
 * numbers. Only a hint for the receipt; the record stays in `okand`, never placed by a guess.
 */
function withLeadingZeros(code: string, areas: AreaRegister, level: number, date: string): string | null {
  if (!/^\d+$/.test(code)) return null;
  for (let zeros = 1; zeros <= 3; zeros++) {
    const padded = `${'0'.repeat(zeros)}${code}`;
    if (areas.codeAtLevel(padded, level, date) !== null) return padded;
  }
  return null;
}

/**
 * An area given as text in a pre-aggregated delivery: '111', '111 Centrum norra' or 'Centrum norra'. A name is
 * looked up in the register at the reporting level; an unknown name is passed on unchanged so the locator
 * reports it, never guessed.
 */
function resolveAreaText(text: string, areas: AreaRegister, level: number, date: string): string {
  const trimmed = text.trim();
  const code = /^(\S*\d\S*)(\s|$)/.exec(trimmed)?.[1];
  if (code) return code;
  const byName = areas.areasAt(date, level).find((a) => normalise(a.name) === normalise(trimmed));
  return byName ? byName.code : trimmed;
}
