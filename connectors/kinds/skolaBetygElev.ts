import type { ConnectorDefinition } from '../types.ts';
import { headers, list } from './common.ts';

/**
 * Utbildningskontoret: year-9 grades per pupil. Only the number of passed subjects and the home address are read;
 * the identity number, class and merit value are dropped unread. A pupil counts in the area where they live.
 */
export const skolaBetygElev: ConnectorDefinition = {
  id: 'skola_betyg_elev',
  fields: [
    { name: 'address', type: 'text', headers: list(...headers.homeAddress, 'Adress') },
    { name: 'areaCode', type: 'code', headers: list(...headers.areaCode) },
    {
      name: 'passed',
      type: 'number',
      headers: ['Antal ämnen godkända', 'Antal ämnen med godkänt betyg', 'Godkända ämnen', 'Antal godkända ämnen'],
      required: true,
    },
    { name: 'term', type: 'term', headers: ['Termin', 'Läsår/Termin'] },
  ],
  time: { term: 'term' },
  locations: [{ name: 'home', address: 'address', areaCode: 'areaCode' }],
  finish: (values, ctx) => {
    const passed = values['passed'];
    const complete = Number(ctx.params['completeSubjects'] ?? 16);
    if (typeof passed !== 'number' || passed < 0 || passed > 17 || !Number.isInteger(passed)) {
      return { ok: false, column: 'passed', expected: 'ett heltal 0–17 (antal ämnen med godkänt betyg)' };
    }
    return { ok: true, measures: { pupils: 1, incomplete: passed < complete ? 1 : 0 } };
  },
};
