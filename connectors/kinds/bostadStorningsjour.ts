import type { ConnectorDefinition } from '../types.ts';
import { headers, list } from './common.ts';

/** Housing companies: disturbance-duty reports. The apartment number column is never read. */
export const bostadStorningsjour: ConnectorDefinition = {
  id: 'bostad_storningsjour',
  fields: [
    { name: 'date', type: 'datetime', headers: list(...headers.date, 'Datum för störning'), required: true },
    { name: 'time', type: 'time', headers: list(...headers.time) },
    { name: 'address', type: 'text', headers: list(...headers.address), required: true },
    { name: 'disturbanceType', type: 'category', headers: ['Störningstyp', 'Typ av störning', 'Typ'] },
  ],
  time: { datetime: 'date', time: 'time' },
  locations: [{ name: 'place', address: 'address' }],
};
