import type { ConnectorDefinition } from '../types.ts';
import { headers, list } from './common.ts';

/** Polisen: STORM event reports (calls and events, whether or not a crime report was made). */
export const polisStorm: ConnectorDefinition = {
  id: 'polis_storm',
  fields: [
    { name: 'eventId', type: 'code', headers: ['Händelsenummer', 'Händelsenr', 'Händelse-ID', 'HändelseID', 'Händelse nr'] },
    {
      name: 'registered',
      type: 'datetime',
      headers: ['Registrerad', 'Registrerad (datum+tid)', 'Registreringstid', 'Datum och tid', 'Händelsetid'],
    },
    { name: 'date', type: 'date', headers: list(...headers.date, 'Registreringsdatum') },
    { name: 'time', type: 'time', headers: list(...headers.time) },
    { name: 'eventType', type: 'category', headers: ['Händelsetyp', 'Typ', 'Händelsekategori', 'Händelse'], required: true },
    { name: 'address', type: 'text', headers: ['Händelseplats', 'Händelseplats/Adress', 'Händelseplats/adress', ...headers.address] },
    { name: 'x', type: 'number', headers: list(...headers.x) },
    { name: 'y', type: 'number', headers: list(...headers.y) },
    { name: 'reportFiled', type: 'yesno', headers: ['Anmälan upprättad', 'Anmälan upprättad (Ja/Nej)', 'Anmälan', 'Anmäld'] },
  ],
  time: { datetime: 'registered', date: 'date', time: 'time' },
  locations: [{ name: 'place', address: 'address', place: 'address', x: 'x', y: 'y' }],
  naturalKey: 'eventId',
  categoryFields: ['eventType'],
};
