import type { ConnectorDefinition } from '../types.ts';
import { headers, list } from './common.ts';

/** Socialtjänsten: reports of concern about children, by the child's home area and month. */
export const socOrosanmalningar: ConnectorDefinition = {
  id: 'soc_orosanmalningar',
  fields: [
    {
      name: 'received',
      type: 'date',
      headers: ['Inkom', 'Inkom (datum)', 'Inkommen', 'Inkomstdatum', 'Ankomstdatum', 'Datum'],
      required: true,
    },
    { name: 'reporter', type: 'category', headers: ['Anmälare', 'Anmälare (kategori)', 'Anmälarkategori'] },
    { name: 'reason', type: 'category', headers: ['Anledning', 'Orsak', 'Skäl'] },
    { name: 'childAge', type: 'number', headers: ['Barnets ålder', 'Ålder'] },
    { name: 'address', type: 'text', headers: list(...headers.homeAddress, 'Adress') },
    { name: 'areaCode', type: 'code', headers: list(...headers.areaCode) },
  ],
  time: { date: 'received' },
  locations: [{ name: 'home', address: 'address', areaCode: 'areaCode' }],
};
