/**
 * Year-9 grades: the spring term per pupil (home address → area) and the autumn term already aggregated per school
 * (school → area). "Incomplete grades" = fewer than 16 subjects passed.
 */
import type { Pupil, SchoolTermRow } from './events.ts';
import { formatPnr, makePnr, randomBirth } from './identity.ts';
import type { PnrForm } from './identity.ts';
import { homeAddress } from './location.ts';
import type { Municipality, NamedPlace } from './municipality.ts';
import type { Rng } from './random.ts';

export const INCOMPLETE_BELOW = 16;

/** The catchment school of an area: by level-2 district, with one school per district group. */
function catchment(m: Municipality, area: string): NamedPlace | undefined {
  const schools = m.places.filter((p) => p.kind === 'skola');
  return schools.find((s) => s.area.slice(0, 2) === area.slice(0, 2)) ?? schools.find((s) => s.area[0] === area[0]);
}

const GRADES: readonly (readonly [number, number])[] = [
  [10, 30],
  [12.5, 25],
  [15, 22],
  [17.5, 13],
  [20, 10],
];

export function generatePupils(rng: Rng, m: Municipality, year: number, scale: number): Pupil[] {
  const schools = m.places.filter((p) => p.kind === 'skola');
  const out: Pupil[] = [];
  for (const area of m.areas) {
    const n = Math.round(((m.population.get(area.code)?.['15-17 år'] ?? 0) / 3) * scale);
    for (let i = 0; i < n; i++) {
      // Free school choice: most go to the catchment school.
      const school = (rng.chance(0.88) ? catchment(m, area.code) : undefined) ?? rng.pick(schools);
      const pIncomplete = Math.min(0.6, 0.18 * (area.hot >= 1.8 ? 1.9 : area.hot < 0.7 ? 0.7 : 1));
      const passed = rng.chance(pIncomplete)
        ? rng.weighted<number>(Array.from({ length: INCOMPLETE_BELOW }, (_, k) => [k, k < 8 ? 1 : k * 0.6] as const))
        : rng.chance(0.55)
          ? 17
          : 16;
      const eligible = passed >= INCOMPLETE_BELOW || (passed >= 8 && rng.chance(0.35));
      let merit = 0;
      for (let s = 0; s < passed; s++) merit += rng.weighted(GRADES);
      const birth = randomBirth(rng, rng.chance(0.96) ? year - 16 : year - 17, year - 16);
      const form = rng.weighted<PnrForm>([
        ['short', 6],
        ['long', 2],
        ['long-dash', 1],
      ]);
      const home = homeAddress(rng, m, area.code, { outside: 0.015, blank: 0, mix: 'home' });
      out.push({
        pnr: formatPnr(makePnr(rng, birth), form),
        school: school.name,
        className: `9${rng.pick(['A', 'B', 'C', 'D'])}`,
        address: home.text,
        passed,
        eligible,
        merit: Math.min(340, merit),
        area: home.area,
      });
    }
  }
  return rng.shuffle(out);
}

/** Autumn term, already counted per school by the education office (a new cohort, similar in size). */
export function schoolTermRows(rng: Rng, m: Municipality, pupils: readonly Pupil[], year: number): SchoolTermRow[] {
  const schools = m.places.filter((p) => p.kind === 'skola');
  return schools.map((s) => {
    const spring = pupils.filter((p) => p.school === s.name);
    const n = Math.max(1, Math.round(spring.length * (0.93 + rng.next() * 0.14)));
    const share = spring.filter((p) => p.passed < INCOMPLETE_BELOW).length / Math.max(1, spring.length);
    const incomplete = Math.min(n, Math.max(0, Math.round(n * share * (0.85 + rng.next() * 0.3))));
    return { school: s.name, term: `HT ${year}`, pupils: n, incomplete, area: s.area };
  });
}
