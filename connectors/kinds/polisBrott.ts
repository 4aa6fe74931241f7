import type { ConnectorDefinition } from '../types.ts';
import { headers, list } from './common.ts';

/** Polisen: reported crimes, optionally with the suspect's age and home address (young suspects indicator). */
export const polisBrott: ConnectorDefinition = {
  id: 'polis_brott',
  fields: [
    { name: 'caseId', type: 'code', headers: ['Diarienummer', 'Diarienr', 'Anmälningsnummer', 'Ärendenummer'] },
    { name: 'crimeDate', type: 'datetime', headers: ['Brottsdatum', 'Brottsdag', 'Brottstid', 'Brottsdatum (från)'], required: true },
    { name: 'crimeCode', type: 'code', headers: ['Brottskod', 'Brottskod (BRÅ)', 'Kod'] },
    { name: 'crimeName', type: 'category', headers: ['Brottsbenämning', 'Brott', 'Brottstyp', 'Brottsrubricering'], required: true },
    {
      name: 'address',
      type: 'text',
      headers: ['Brottsplats', 'Brottsplats (adress)', 'Brottsplats (adress/koordinater)', 'Brottsplatsadress', ...headers.address],
    },
    { name: 'x', type: 'number', headers: list(...headers.x) },
    { name: 'y', type: 'number', headers: list(...headers.y) },
    { name: 'suspectAge', type: 'number', headers: ['Misstänkts ålder', 'Ålder misstänkt', 'Misstänkt ålder', 'Ålder'] },
    {
      name: 'suspectAddress',
      type: 'text',
      headers: ['Misstänkts folkbokföringsadress', 'Folkbokföringsadress misstänkt', ...headers.homeAddress],
    },
  ],
  time: { datetime: 'crimeDate' },
  locations: [
    { name: 'place', address: 'address', place: 'address', x: 'x', y: 'y' },
    { name: 'home', address: 'suspectAddress' },
  ],
  naturalKey: 'caseId',
};
