import type { ConnectorDefinition } from '../types.ts';
import { headers, list } from './common.ts';

/** Housing and property companies: vandalism with repair cost. Several companies share this kind. */
export const bostadSkadegorelse: ConnectorDefinition = {
  id: 'bostad_skadegorelse',
  fields: [
    { name: 'property', type: 'text', headers: ['Fastighet', 'Fastighetsbeteckning', 'Beteckning'] },
    { name: 'address', type: 'text', headers: list(...headers.address) },
    { name: 'date', type: 'datetime', headers: ['Datum', 'Skadedatum', 'Datum för skada', 'Upptäckt', 'Anmäld datum'], required: true },
    { name: 'time', type: 'time', headers: list(...headers.time) },
    { name: 'damageType', type: 'category', headers: ['Skadetyp', 'Typ av skada', 'Typ'] },
    { name: 'cost', type: 'number', headers: ['Kostnad (kr)', 'Kostnad', 'Kostnad kr', 'Belopp', 'Belopp (kr)', 'Reparationskostnad'] },
    { name: 'reported', type: 'yesno', headers: ['Polisanmäld', 'Polisanmälan', 'Polisanmäld (Ja/Nej)'] },
  ],
  time: { datetime: 'date', time: 'time' },
  locations: [{ name: 'place', address: 'address', place: 'property' }],
  finish: (values) => {
    const cost = values['cost'];
    const measures: Record<string, number> = typeof cost === 'number' ? { cost } : {};
    return { ok: true, measures };
  },
};
