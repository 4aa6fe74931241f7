/** Security guards' reports (Securitas): at named public places, evenings and weekends, free text with names. */
import type { GuardCategory, GuardReport } from './events.ts';
import { OKAND } from './events.ts';
import { fullName, randomAdultPnr } from './identity.ts';
import type { Municipality } from './municipality.ts';
import type { Rng } from './random.ts';
import { EVENING_HOURS, SUMMER_HEAVY, TimeSampler, WEEKEND_HEAVY } from './time.ts';

function describe(rng: Rng, category: GuardCategory, year: number): string {
  const r = rng.next();
  if (r < 0.1) return `${fullName(rng)} (${randomAdultPnr(rng, year)}) avvisades från platsen.`;
  if (r < 0.16) return `Väktare ingrep mot ${fullName(rng)}, polis tillkallad.`;
  switch (category) {
    case 'Ordningsstörning':
      return rng.pick(['Väktare ingrep.', 'Grupp ungdomar, avvisades.', 'Berusad person, lugnade sig.']);
    case 'Skadegörelse':
      return rng.pick(['Klotter på vägg, dokumenterat.', 'Krossad glasruta.', 'Skadad papperskorg.']);
    case 'Nästan-händelse':
      return rng.pick(['Cyklist nära att köra på fotgängare.', 'Halkrisk vid entré, anmält.', 'Barn nära spårområdet.']);
    case 'Hot':
      return rng.pick(['Väktare hotad verbalt.', 'Hot mot butikspersonal.', 'Person hotade andra besökare.']);
  }
}

export function generateGuardReports(rng: Rng, m: Municipality, year: number, scale: number): GuardReport[] {
  const sampler = new TimeSampler(year, { month: SUMMER_HEAVY, weekday: WEEKEND_HEAVY, hour: EVENING_HOURS });
  const objects = m.places.filter((p) => p.kind === 'torg' || p.kind === 'centrum' || p.kind === 'station' || p.kind === 'skola');
  const weights = objects.map((p) => (m.areaByCode.get(p.area)?.hot ?? 1) * (p.kind === 'skola' ? 0.3 : 1));
  const out: GuardReport[] = [];
  for (let i = 0, n = Math.round(320 * scale); i < n; i++) {
    const category = rng.weighted<GuardCategory>([
      ['Ordningsstörning', 40],
      ['Skadegörelse', 22],
      ['Nästan-händelse', 25],
      ['Hot', 13],
    ]);
    const time = sampler.sample(rng);
    const description = describe(rng, category, year);
    if (rng.chance(0.03)) {
      // An object the guards know but the address register does not: reported, never guessed.
      out.push({ time, object: rng.pick(m.unknownObjects), category, description, area: OKAND });
      continue;
    }
    const p = objects[rng.weightedIndex(weights)] ?? objects[0];
    if (!p) continue;
    const written = rng.weighted<string>([
      [p.name, 85],
      [p.name.toUpperCase(), 10],
      [p.name.toLowerCase(), 5],
    ]);
    out.push({ time, object: written, category, description, area: p.area });
  }
  return out.sort((a, b) => a.time - b.time);
}
