/**
 * Reported crimes (anmälda brott) with the strategic group (Brå 2011:21). Brottskod values are plausible four-digit
 * codes invented for the demo; the strategic group is identified by Brottsbenämning and by these codes alike.
 */
import type { CrimeReport, CrimeType } from './events.ts';
import { OKAND } from './events.ts';
import { homeAddress } from './location.ts';
import type { Municipality } from './municipality.ts';
import { AreaPicker } from './municipality.ts';
import type { Rng } from './random.ts';
import { EVENING_HOURS, SUMMER_HEAVY, TimeSampler, WEEKEND_HEAVY, addMinutes, wall } from './time.ts';

export const CRIME_TYPES: readonly (readonly [CrimeType, number])[] = [
  [{ code: '9811', name: 'Rån', strategic: true }, 3],
  [{ code: '0823', name: 'Fordonstillgrepp', strategic: true }, 5],
  [{ code: '1704', name: 'Våld mot tjänsteman', strategic: true }, 2],
  [{ code: '1708', name: 'Hot mot tjänsteman', strategic: true }, 2],
  [{ code: '1721', name: 'Övergrepp i rättssak', strategic: true }, 1],
  [{ code: '0857', name: 'Stöld', strategic: false }, 22],
  [{ code: '1203', name: 'Skadegörelse', strategic: false }, 14],
  [{ code: '0375', name: 'Misshandel', strategic: false }, 10],
  [{ code: '0901', name: 'Bedrägeri', strategic: false }, 14],
  [{ code: '0401', name: 'Olaga hot', strategic: false }, 7],
  [{ code: '5010', name: 'Narkotikabrott', strategic: false }, 10],
  [{ code: '0407', name: 'Ofredande', strategic: false }, 5],
];

export const STRATEGIC_NAMES: readonly string[] = CRIME_TYPES.filter(([t]) => t.strategic).map(([t]) => t.name);

function suspectAge(rng: Rng): number {
  const [lo, hi] = rng.weighted<readonly [number, number]>([
    [[13, 14], 6],
    [[15, 17], 17],
    [[18, 20], 15],
    [[21, 29], 24],
    [[30, 49], 26],
    [[50, 72], 12],
  ]);
  return rng.int(lo, hi);
}

export function generateCrimes(rng: Rng, m: Municipality, year: number, scale: number): CrimeReport[] {
  const sampler = new TimeSampler(year, { month: SUMMER_HEAVY, weekday: WEEKEND_HEAVY, hour: EVENING_HOURS });
  const picker = new AreaPicker(m, (a) => a.population * a.hot);
  const yearEnd = wall(year, 12, 31, 23, 59);
  const n = Math.round(950 * scale);
  const drafts: Omit<CrimeReport, 'nr'>[] = [];
  for (let i = 0; i < n; i++) {
    const crime = rng.weighted(CRIME_TYPES);
    const crimeDate = sampler.sample(rng);
    // Most crimes are reported the same day; some weeks later, but never after the year's last day.
    const delayDays = rng.chance(0.6) ? 0 : rng.int(1, 30);
    const reported = Math.min(yearEnd, addMinutes(crimeDate, delayDays * 1440));
    const area = picker.pick(rng);
    const place =
      crime.name === 'Bedrägeri' && rng.chance(0.7)
        ? { text: '', area: OKAND }
        : homeAddress(rng, m, area, { outside: 0.02, blank: 0.04, mix: 'messy' });
    const hasSuspect = rng.chance(crime.name === 'Bedrägeri' ? 0.35 : 0.65);
    let suspect: CrimeReport['suspect'] = null;
    if (hasSuspect) {
      // Suspects mostly live near where they offend.
      const homeArea = rng.chance(0.55) && place.area !== OKAND ? place.area : picker.pick(rng);
      const home = homeAddress(rng, m, homeArea, { outside: 0.08, blank: 0, mix: 'home' });
      suspect = { age: suspectAge(rng), home: home.text, area: home.area };
    }
    drafts.push({ reported, crimeDate, crime, place: place.text, area: place.area, suspect });
  }
  drafts.sort((a, b) => a.reported - b.reported || a.crimeDate - b.crimeDate);
  const yy = String(year % 100).padStart(2, '0');
  return drafts.map((d, i) => ({ ...d, nr: `5000-K${String(10000 + i * 7 + (i % 5)).padStart(6, '0')}-${yy}` }));
}
