import type { ConnectorDefinition } from '../types.ts';
import { headers, list } from './common.ts';

/** Securitas / area guards: public-order reports by place. The free-text description is never read. */
export const securitasRapporter: ConnectorDefinition = {
  id: 'securitas_rapporter',
  fields: [
    { name: 'date', type: 'datetime', headers: list(...headers.date), required: true },
    { name: 'time', type: 'time', headers: list(...headers.time) },
    { name: 'place', type: 'text', headers: ['Område/Objekt', 'Område', 'Objekt', 'Plats', 'Adress'], required: true },
    { name: 'category', type: 'category', headers: ['Händelsekategori', 'Kategori', 'Händelsetyp'], required: true },
  ],
  time: { datetime: 'date', time: 'time' },
  locations: [{ name: 'place', address: 'place', place: 'place' }],
  categoryFields: ['category'],
};
