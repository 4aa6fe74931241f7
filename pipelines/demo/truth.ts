/**
 * Independent truth: counts per indicator × NYKO3 area × month, computed from the generator's own records (never by
 * reading the files back), after corrections (a STORM event counts once, with its final type from the second
 * delivery). Indicator codes and definitions are part of the product interface.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ConcernReport,
  CrimeReport,
  DisturbanceCall,
  GuardCategory,
  GuardReport,
  Pupil,
  RtjCallout,
  RtjObject,
  SchoolTermRow,
  StormEvent,
  StormType,
  Vandalism,
} from './events.ts';
import type { EscalationTruth } from './escalation.ts';
import { OKAND } from './events.ts';
import { INCOMPLETE_BELOW } from './school.ts';
import type { Wall } from './time.ts';
import { instant, monthKey } from './time.ts';
import type { TruthRow } from '../verify.ts';

/** The shape `lagesbild verify` reads: the demo's truth is checked by the same command a statistician uses. */
export type { TruthRow };

const STORM_INDICATOR: Partial<Record<StormType, string>> = {
  Ordningsstörning: 'polis.storm.ordningsstorning',
  Bråk: 'polis.storm.vald',
  Misshandel: 'polis.storm.vald',
  Skadegörelse: 'polis.storm.skadegorelse',
  Brand: 'polis.storm.brand',
  Narkotika: 'polis.storm.narkotika',
  'Stöld/tillgrepp': 'polis.storm.stold',
  'Olaga hot': 'polis.storm.hot',
  Trafik: 'polis.storm.trafik',
};

const GUARD_INDICATOR: Record<GuardCategory, string> = {
  Ordningsstörning: 'securitas.ordningsstorning',
  Skadegörelse: 'securitas.skadegorelse',
  'Nästan-händelse': 'securitas.nastan_handelse',
  Hot: 'securitas.hot',
};

const PUBLIC_OUTDOOR: ReadonlySet<RtjObject | ''> = new Set([
  'Container/soptunna',
  'Park/grönområde',
  'Skola',
  'Förskola',
  'Idrottsanläggning',
]);
const PUBLIC_INDOOR: ReadonlySet<RtjObject | ''> = new Set(['Skola', 'Förskola', 'Idrottsanläggning', 'Butik']);
/** Police and rescue reports of one fire: same known area, at most this far apart. */
export const SAME_FIRE_WINDOW_MS = 60 * 60_000;

export const isRtjFire = (c: RtjCallout): boolean => c.type.startsWith('Brand');

interface Cell {
  count: number;
  value: number;
  numerator: number;
  denominator: number;
}

export class TruthCounter {
  private readonly cells = new Map<string, Cell>();
  /** Police 'Brand' events, kept for brand.unika_handelser (a few hundred at most). */
  private readonly policeFires: { area: string; time: Wall }[] = [];

  add(indicator: string, area: string, month: string, c: Partial<Cell> = {}): void {
    const key = `${indicator}\u0000${area}\u0000${month}`;
    const cell = this.cells.get(key) ?? { count: 0, value: 0, numerator: 0, denominator: 0 };
    const count = c.count ?? 1;
    cell.count += count;
    cell.value += c.value ?? count;
    cell.numerator += c.numerator ?? 0;
    cell.denominator += c.denominator ?? 0;
    this.cells.set(key, cell);
  }

  /** A STORM event with its final type (a planned police fire counts the same way). */
  storm(e: Pick<StormEvent, 'time' | 'area' | 'type' | 'reportFiled'>): void {
    const month = monthKey(e.time);
    this.add('polis.storm.total', e.area, month);
    const specific = STORM_INDICATOR[e.type];
    if (specific) this.add(specific, e.area, month);
    if (!e.reportFiled) this.add('polis.storm.utan_anmalan', e.area, month);
    if (e.type === 'Brand') this.policeFires.push({ area: e.area, time: e.time });
  }

  crime(c: CrimeReport): void {
    const month = monthKey(c.crimeDate);
    if (c.crime.strategic) this.add('polis.brott.strategiska', c.area, month);
    if (c.suspect && c.suspect.age >= 15 && c.suspect.age <= 20) this.add('polis.brott.unga_misstankta', c.suspect.area, month);
  }

  rtj(c: RtjCallout): void {
    const month = monthKey(c.time);
    if (c.threat) this.add('rtj.hot_mot_personal', c.area, month);
    if (!isRtjFire(c)) return;
    this.add('rtj.brand.alla', c.area, month);
    if (c.cause === 'Anlagd med uppsåt') this.add('rtj.brand.anlagd', c.area, month);
    if (c.object === 'Skola') this.add('rtj.brand.skola', c.area, month);
    if (!c.indoor && PUBLIC_OUTDOOR.has(c.object)) this.add('rtj.brand.offentlig_miljo.ute', c.area, month);
    if (c.indoor && PUBLIC_INDOOR.has(c.object)) this.add('rtj.brand.offentlig_miljo.inne', c.area, month);
  }

  /**
   * brand.unika_handelser: police 'Brand' events plus rescue fire call-outs, a police/rescue pair in the same known
   * area within 60 minutes counted once (in the rescue report's month). Call after all storm() of a year and with
   * every call-out of that year; the police fires seen so far are used up, so the next year starts afresh.
   * Returns the number of pairs found.
   */
  uniqueFires(callouts: readonly RtjCallout[]): number {
    const unmatched = this.policeFires.map((p) => ({ ...p, used: false }));
    let pairs = 0;
    for (const c of callouts.filter(isRtjFire)) {
      const t = instant(c.time);
      const match =
        c.area === OKAND
          ? undefined
          : unmatched.find((p) => !p.used && p.area === c.area && Math.abs(instant(p.time) - t) <= SAME_FIRE_WINDOW_MS);
      if (match) {
        match.used = true;
        pairs++;
      }
      this.add('brand.unika_handelser', c.area, monthKey(c.time));
    }
    for (const p of unmatched) if (!p.used) this.add('brand.unika_handelser', p.area, monthKey(p.time));
    this.policeFires.length = 0;
    return pairs;
  }

  vandalism(v: Vandalism): void {
    const month = monthKey(v.date);
    this.add('bostad.skadegorelse.antal', v.area, month);
    this.add('bostad.skadegorelse.kostnad', v.area, month, { value: v.cost });
  }

  disturbance(d: DisturbanceCall): void {
    this.add('bostad.storningsjour', d.area, monthKey(d.time));
  }

  concern(r: ConcernReport): void {
    this.add('soc.orosanmalningar', r.area, monthKey(r.received));
  }

  /** Spring-term pupil, counted under June of the year by home area. */
  pupil(p: Pupil, year: number): void {
    const incomplete = p.passed < INCOMPLETE_BELOW ? 1 : 0;
    this.add('skola.ofullstandiga_betyg.andel', p.area, `${year}-06`, { numerator: incomplete, denominator: 1 });
  }

  /** Autumn-term school aggregate, counted under December by the school's area. */
  schoolTerm(r: SchoolTermRow, year: number): void {
    this.add('skola.ofullstandiga_betyg.andel', r.area, `${year}-12`, {
      count: r.pupils,
      numerator: r.incomplete,
      denominator: r.pupils,
    });
  }

  guard(g: GuardReport): void {
    this.add(GUARD_INDICATOR[g.category], g.area, monthKey(g.time));
  }

  rows(): TruthRow[] {
    const out: TruthRow[] = [];
    for (const [key, c] of this.cells) {
      const [indicator = '', area = '', month = ''] = key.split('\u0000');
      out.push({ indicator, area, month, ...c });
    }
    return out.sort((a, b) => cmp(a.indicator, b.indicator) || cmp(a.area, b.area) || cmp(a.month, b.month));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function truthCsv(rows: readonly TruthRow[]): string {
  const lines = ['indicator,nyko3,month,count,value,numerator,denominator'];
  for (const r of rows) lines.push([r.indicator, r.area, r.month, r.count, r.value, r.numerator, r.denominator].join(','));
  return `${lines.join('\n')}\n`;
}

export async function writeTruth(
  dir: string,
  rows: readonly TruthRow[],
  summary: Record<string, number>,
  escalations: readonly EscalationTruth[],
): Promise<string[]> {
  await mkdir(join(dir, 'truth'), { recursive: true });
  await writeFile(join(dir, 'truth', 'counts.csv'), truthCsv(rows), 'utf8');
  await writeFile(join(dir, 'truth', 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, 'utf8');
  await writeFile(join(dir, 'truth', 'escalations.json'), `${JSON.stringify(escalations, null, 2)}\n`, 'utf8');
  return ['truth/counts.csv', 'truth/escalations.json', 'truth/summary.json'];
}
