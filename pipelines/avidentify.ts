/**
 * Avidentification: every observation is placed in an area at the reporting level (or `okand`), counted into the
 * indicators of its kind at the kind's grain, and dropped. What leaves this module is aggregates, match keys
 * (source, kind, area, minute) and counts of unmatched location values for the receipt — nothing about a person.
 */
import type { Condition, Config, Grain, IndicatorConfig } from '../schemas/config.ts';
import { diagnostic, type Diagnostic } from '../schemas/diagnostics.ts';
import type { FieldValue, Observation, RawLocation } from '../connectors/types.ts';
import { contains, grainPeriod, type Period } from '../connectors/period.ts';
import type { Locator, Located } from '../nyko/locator.ts';
import type { AreaRegister } from '../nyko/areaRegister.ts';

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

export function conditionHolds(cond: Condition, value: FieldValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(cond)) return cond.some((c) => normalise(c) === normalise(String(value)));
  if (typeof cond === 'boolean') return value === cond;
  if ('startsWith' in cond) return normalise(String(value)).startsWith(normalise(cond.startsWith));
  const n = typeof value === 'number' ? value : Number.NaN;
  if ('lt' in cond) return n < cond.lt;
  return n >= cond.between[0] && n <= cond.between[1];
}

export function allHold(when: Record<string, Condition>, attrs: Record<string, FieldValue>): boolean {
  return Object.entries(when).every(([field, cond]) => conditionHolds(cond, attrs[field]));
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
  period: Period;
  observations: Observation[];
  locator: Locator;
  areas: AreaRegister;
  file: string;
}

export function avidentify(input: AvidentifyInput): AvidentifiedDelivery {
  const { config, kind, grain, period, observations, locator, areas } = input;
  const primaryLocation = Object.keys(observations[0]?.locations ?? {})[0] ?? 'place';
  const direct = indicatorsForKind(config, kind);
  const combined = Object.entries(config.indicators).flatMap(([code, ind]) =>
    ind.type === 'combined' ? ind.sources.filter((s) => s.kind === kind).map((s) => ({ code, when: s.when })) : [],
  );
  const out: AvidentifiedDelivery = {
    facts: [],
    matchKeys: [],
    diagnostics: [],
    unmatched: {},
    located: { code: 0, address: 0, place: 0, coordinates: 0, none: 0 },
    recordsCounted: 0,
    recordsUnmapped: 0,
    recordsOutsidePeriod: 0,
  };
  const buckets = new Map<string, Fact>();
  const cache = new Map<string, Located>();
  const reportingLevel = config.areas.reportingLevel;

  const locate = (raw: RawLocation | undefined, date: string): Located => {
    const loc = raw ?? {};
    const areaCode = loc.areaCode ? resolveAreaText(loc.areaCode, areas, reportingLevel, date) : null;
    const cacheKey = JSON.stringify([areaCode, loc.address, loc.place, loc.x, loc.y, date.slice(0, 7)]);
    let located = cache.get(cacheKey);
    if (!located) {
      located = locator.locate({
        areaCode,
        address: loc.address ?? null,
        place: loc.place ?? null,
        x: loc.x ?? null,
        y: loc.y ?? null,
        date,
      });
      cache.set(cacheKey, located);
    }
    return located;
  };

  const bucket = (indicator: string, area: string, date: string): Fact => {
    const p = grainPeriod(date, grain);
    const key = `${indicator}\u0000${area}\u0000${p.start}`;
    let fact = buckets.get(key);
    if (!fact) {
      fact = {
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
      buckets.set(key, fact);
    }
    return fact;
  };

  for (const obs of observations) {
    const date = obs.date ?? period.start;
    if (!contains(period, date)) {
      out.recordsOutsidePeriod++;
      out.diagnostics.push(
        diagnostic(
          'row.date_outside_period',
          'error',
          { file: input.file, ...(obs.sheet ? { sheet: obs.sheet } : {}), row: obs.row },
          { value: date, from: period.start, to: period.end },
        ),
      );
      continue;
    }
    out.recordsCounted++;
    const primary = locate(obs.locations[primaryLocation], date);
    out.located[primary.method]++;
    if (primary.area === UNKNOWN_AREA) {
      out.recordsUnmapped++;
      const shown = primary.unmatchedValue && primary.unmatchedValue !== '' ? primary.unmatchedValue : '(tom plats)';
      out.unmatched[shown] = (out.unmatched[shown] ?? 0) + 1;
      if (obs.locations[primaryLocation]?.areaCode && primary.unmatchedValue) {
        const suggestion = withLeadingZeros(primary.unmatchedValue, areas, reportingLevel, date);
        out.diagnostics.push(
          diagnostic(
            'row.unknown_area',
            'warning',
            { file: input.file, ...(obs.sheet ? { sheet: obs.sheet } : {}), row: obs.row },
            {
              value: primary.unmatchedValue,
              ...(suggestion ? { suggestion } : {}),
            },
          ),
        );
      }
    }

    for (const [code, ind] of direct) {
      const wanted = ind.type === 'count' || ind.type === 'share' ? ind.location : undefined;
      const area = wanted && wanted !== primaryLocation && obs.locations[wanted] ? locate(obs.locations[wanted], date).area : primary.area;
      if (ind.type === 'count') {
        if (!allHold(ind.when, obs.attrs)) continue;
        const fact = bucket(code, area, date);
        fact.count += 1;
        fact.value += ind.sum ? (obs.measures[ind.sum] ?? 0) : 1;
      } else if (ind.type === 'share') {
        const num =
          'measure' in ind.numerator ? (obs.measures[ind.numerator.measure] ?? 0) : allHold(ind.numerator.when, obs.attrs) ? 1 : 0;
        const den = ind.denominator === 'records' ? 1 : (obs.measures[ind.denominator.measure] ?? 0);
        const fact = bucket(code, area, date);
        fact.count += den;
        fact.numerator = (fact.numerator ?? 0) + num;
        fact.denominator = (fact.denominator ?? 0) + den;
        fact.value = fact.denominator > 0 ? fact.numerator / fact.denominator : 0;
      } else if (ind.type === 'value' && obs.indicator === code) {
        const fact = bucket(code, area, date);
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

    for (const source of combined) {
      if (!allHold(source.when, obs.attrs)) continue;
      out.matchKeys.push({ indicator: source.code, areaCode: primary.area, finestCode: primary.finest, date, minute: obs.minute });
    }
  }
  out.facts = [...buckets.values()].sort((a, b) =>
    a.indicator === b.indicator
      ? a.areaCode === b.areaCode
        ? a.periodStart.localeCompare(b.periodStart)
        : a.areaCode.localeCompare(b.areaCode)
      : a.indicator.localeCompare(b.indicator),
  );
  return out;
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
