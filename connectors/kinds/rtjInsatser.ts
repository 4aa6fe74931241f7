import type { ConnectorDefinition, FieldValue } from '../types.ts';
import { headers, list } from './common.ts';

function indoorFlag(value: FieldValue): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = String(value ?? '').toLowerCase();
  if (/^(inomhus|inne|i byggnad)/.test(text)) return true;
  if (/^(utomhus|ute|utanför)/.test(text)) return false;
  return null;
}

/** Räddningstjänsten: call-outs (insatsrapporter) with cause, object type and threats against staff. */
export const rtjInsatser: ConnectorDefinition = {
  id: 'rtj_insatser',
  fields: [
    { name: 'caseId', type: 'code', headers: ['Ärendenummer', 'Ärendenr', 'Insatsnummer', 'Händelsenummer', 'Insats-ID'] },
    { name: 'alarmTime', type: 'datetime', headers: ['Larmtid', 'Larmtidpunkt', 'Tid för larm', 'Datum och tid', 'Larmad'] },
    { name: 'date', type: 'date', headers: list(...headers.date, 'Larmdatum') },
    { name: 'time', type: 'time', headers: list(...headers.time, 'Larmklockslag') },
    { name: 'eventType', type: 'category', headers: ['Händelsetyp', 'Typ av händelse', 'Händelse'], required: true },
    { name: 'cause', type: 'category', headers: ['Trolig orsak', 'Orsak', 'Brandorsak', 'Trolig brandorsak'] },
    { name: 'objectType', type: 'category', headers: ['Objekttyp', 'Objekt', 'Typ av objekt', 'Brandobjekt'] },
    { name: 'address', type: 'text', headers: list(...headers.address) },
    { name: 'indoorText', type: 'category', headers: ['Inomhus/Utomhus', 'Inne/Ute', 'Inomhus/utomhus', 'Plats (inne/ute)'] },
    {
      name: 'threatToStaff',
      type: 'yesno',
      headers: ['Hot eller våld mot personal', 'Hot/våld mot personal', 'Hot mot personal', 'Våld eller hot mot personal'],
    },
    { name: 'x', type: 'number', headers: list(...headers.x) },
    { name: 'y', type: 'number', headers: list(...headers.y) },
  ],
  time: { datetime: 'alarmTime', date: 'date', time: 'time' },
  locations: [{ name: 'place', address: 'address', place: 'address', x: 'x', y: 'y' }],
  naturalKey: 'caseId',
  categoryFields: ['eventType'],
  finish: (values) => ({ ok: true, attrs: { indoor: indoorFlag(values['indoorText'] ?? null) } }),
};
