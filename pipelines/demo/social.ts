/**
 * Social services' reports of concern (orosanmälningar): one row per report, with the child's identity number that
 * the pipeline must drop unread. The child's age is consistent with the identity number at the date received.
 */
import type { Boost } from './escalation.ts';
import { ordinaryAndPlanted } from './escalation.ts';
import type { ConcernReport } from './events.ts';
import { ageOn, formatPnr, makePnr, randomBirth } from './identity.ts';
import type { PnrForm } from './identity.ts';
import { homeAddress } from './location.ts';
import type { Municipality } from './municipality.ts';
import { AreaPicker } from './municipality.ts';
import type { Rng } from './random.ts';
import { OFFICE_HOURS, TimeSampler, WEEKDAYS_ONLY } from './time.ts';

/** Fewer reports in July (schools closed), more after term starts. */
const CONCERN_MONTHS = [1, 1.05, 1.1, 1, 1.1, 0.9, 0.5, 0.8, 1.2, 1.15, 1.1, 0.9] as const;

function concernReport(rng: Rng, m: Municipality, area: string, sampler: TimeSampler): ConcernReport {
  const received = sampler.sample(rng);
  const d = new Date(received);
  const [y, mo, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  let birth = randomBirth(rng, y - 17, y);
  let age = ageOn(birth, y, mo, day);
  // Born after the report date, or turned 18: redraw within the valid range.
  while (age < 0 || age > 17) {
    birth = randomBirth(rng, y - 17, y);
    age = ageOn(birth, y, mo, day);
  }
  const form = rng.weighted<PnrForm>([
    ['long-dash', 8],
    ['short-dash', 1],
    ['long', 1],
  ]);
  const reason = rng.weighted<string>([
    ['Våld', 22],
    ['Missbruk', 14],
    ['Bristande omsorg', 34],
    ['Egen kriminalitet', 12],
    ['Annat', 18],
  ]);
  const home = homeAddress(rng, m, area, { outside: 0.03, blank: 0.02, mix: 'home' });
  return {
    pnr: formatPnr(makePnr(rng, birth, rng.chance(0.03)), form),
    received,
    reporter: rng.weighted<string>([
      ['Skola', 28],
      ['Förskola', 10],
      ['Polis', 25],
      ['Hälso- och sjukvård', 14],
      ['Privatperson', 13],
      ['Socialtjänst', 10],
    ]),
    reason: reason === 'Egen kriminalitet' && age < 10 ? 'Annat' : reason,
    age,
    address: home.text,
    area: home.area,
  };
}

/** `boosts`: planted escalations (escalation.ts) on top of the ordinary reports. */
export function generateConcernReports(
  rng: Rng,
  m: Municipality,
  year: number,
  scale: number,
  boosts: readonly Boost[] = [],
): ConcernReport[] {
  const sampler = new TimeSampler(year, { month: CONCERN_MONTHS, weekday: WEEKDAYS_ONLY, hour: OFFICE_HOURS });
  const picker = new AreaPicker(m, (a) => {
    const p = m.population.get(a.code);
    return ((p?.['0-14 år'] ?? 0) + (p?.['15-17 år'] ?? 0)) * a.hot;
  });
  const out = ordinaryAndPlanted(
    rng,
    Math.round(520 * scale),
    picker,
    sampler,
    boosts,
    (r, area, s) => concernReport(r, m, area, s),
    (t, r) => t.concern(r),
  );
  return out.sort((a, b) => a.received - b.received);
}
