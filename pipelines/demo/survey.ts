/** A pre-aggregated safety survey (trygghetsmätning): shares per area and question, more insecurity in hot areas. */
import type { SurveyRow } from './events.ts';
import { OKAND } from './events.ts';
import type { Municipality } from './municipality.ts';
import type { Rng } from './random.ts';

export const SURVEY_QUESTIONS: readonly (readonly [string, number])[] = [
  ['Känner sig otrygg utomhus kvällstid', 22],
  ['Oroar sig för brott i bostadsområdet', 18],
  ['Har avstått från aktivitet på grund av otrygghet', 11],
];

export function generateSurvey(rng: Rng, m: Municipality, year: number): SurveyRow[] {
  const out: SurveyRow[] = [];
  for (const a of m.areas) {
    // Sometimes only the name is written, as survey companies do.
    const label = rng.chance(0.8) ? `${a.code} ${a.name}` : a.name;
    const respondents = Math.max(25, Math.round(a.population * (0.015 + rng.next() * 0.01)));
    for (const [question, base] of SURVEY_QUESTIONS) {
      const share = Math.min(95, Math.max(1, base * (0.55 + 0.35 * a.hot) * (0.85 + rng.next() * 0.3)));
      out.push({ areaLabel: label, area: a.code, year, question, share: Math.round(share * 10) / 10, respondents });
    }
  }
  // The survey company still uses an old district name that is in no register: to be reported, never guessed.
  out.push({
    areaLabel: 'Västra industriområdet',
    area: OKAND,
    year,
    question: SURVEY_QUESTIONS[0]?.[0] ?? '',
    share: 31.5,
    respondents: 27,
  });
  return out;
}
