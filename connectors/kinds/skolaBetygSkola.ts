import type { ConnectorDefinition } from '../types.ts';

/** Utbildningskontoret: year-9 grades already counted per school; placed in the school's area. */
export const skolaBetygSkola: ConnectorDefinition = {
  id: 'skola_betyg_skola',
  fields: [
    { name: 'school', type: 'text', headers: ['Skola', 'Skolenhet', 'Skolans namn'], required: true },
    { name: 'term', type: 'term', headers: ['Termin', 'Läsår/Termin', 'Läsår'] },
    { name: 'pupils', type: 'number', headers: ['Antal elever', 'Elever', 'Antal elever åk 9'], required: true },
    {
      name: 'incomplete',
      type: 'number',
      headers: ['Antal med ofullständiga betyg', 'Ofullständiga betyg', 'Antal ofullständiga'],
      required: true,
    },
  ],
  time: { term: 'term' },
  locations: [{ name: 'place', place: 'school', address: 'school' }],
  finish: (values) => {
    const pupils = values['pupils'];
    const incomplete = values['incomplete'];
    if (typeof pupils !== 'number' || !Number.isInteger(pupils) || pupils < 0) {
      return { ok: false, column: 'pupils', expected: 'ett heltal ≥ 0' };
    }
    if (typeof incomplete !== 'number' || !Number.isInteger(incomplete) || incomplete < 0 || incomplete > pupils) {
      return { ok: false, column: 'incomplete', expected: 'ett heltal mellan 0 och antal elever' };
    }
    return { ok: true, measures: { pupils, incomplete } };
  },
};
