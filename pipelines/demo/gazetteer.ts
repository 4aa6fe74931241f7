/**
 * The invented municipality "Norrvik": names only (NYKO hierarchy, streets, named places). Geometry, house numbers
 * and key codes are drawn from the seed in municipality.ts. Areas are listed in the order they fill the map grid
 * (a snake through 6 × 4 cells), so every level-2 and level-1 group is contiguous.
 */

export const KOMMUN = 'Norrvik';
export const KOMMUN_NAMN = 'Norrviks kommun';
export const VALID_FROM = '2020-01-01';

export interface NykoUnit {
  code: string;
  name: string;
}

export const LEVEL1: readonly NykoUnit[] = [
  { code: '1', name: 'Centrala Norrvik' },
  { code: '2', name: 'Norrviks ytterområden' },
  { code: '3', name: 'Ekeby' },
  { code: '4', name: 'Lövsta med omnejd' },
];

export const LEVEL2: readonly NykoUnit[] = [
  { code: '11', name: 'Centrum' },
  { code: '12', name: 'Hamnen-Strandängen' },
  { code: '21', name: 'Bergaliden-Solberga' },
  { code: '22', name: 'Tallhöjden-Björkdalen' },
  { code: '31', name: 'Ekeby tätort' },
  { code: '32', name: 'Ekeby ytterområde' },
  { code: '41', name: 'Lövstabygden' },
];

export type AreaKind = 'centre' | 'urban' | 'suburb' | 'rural';

export interface AreaSpec {
  code: string;
  name: string;
  town: string;
  postcode: string;
  kind: AreaKind;
  /** Relative incident rate per inhabitant: a few "hot" areas carry much of the load, as in real lägesbilder. */
  hot: number;
  population: number;
  streets: readonly string[];
}

export const AREAS: readonly AreaSpec[] = [
  {
    code: '111',
    name: 'Gamla stan',
    town: 'Norrvik',
    postcode: '171 30',
    kind: 'centre',
    hot: 1.4,
    population: 2800,
    streets: ['Storgatan', 'Kyrkogatan', 'Klostergränd', 'Rådhusgatan'],
  },
  {
    code: '112',
    name: 'Centrum öst',
    town: 'Norrvik',
    postcode: '171 31',
    kind: 'centre',
    hot: 1.9,
    population: 4600,
    streets: ['Storgatan', 'Drottninggatan', 'Järnvägsgatan', 'Köpmansgatan'],
  },
  {
    code: '113',
    name: 'Stationsområdet',
    town: 'Norrvik',
    postcode: '171 32',
    kind: 'urban',
    hot: 1.5,
    population: 1900,
    streets: ['Stationsvägen', 'Spårgatan', 'Banvaktsvägen'],
  },
  {
    code: '114',
    name: 'Kvarnbacken',
    town: 'Norrvik',
    postcode: '171 33',
    kind: 'urban',
    hot: 0.8,
    population: 3200,
    streets: ['Kvarnbacksvägen', 'Möllegatan', 'Mjölnargränd'],
  },
  {
    code: '121',
    name: 'Hamnen',
    town: 'Norrvik',
    postcode: '171 40',
    kind: 'urban',
    hot: 1.0,
    population: 2100,
    streets: ['Hamngatan', 'Kajvägen', 'Fyrgatan'],
  },
  {
    code: '122',
    name: 'Strandängen',
    town: 'Norrvik',
    postcode: '171 41',
    kind: 'suburb',
    hot: 0.6,
    population: 3600,
    streets: ['Strandängsvägen', 'Badvägen', 'Vassgatan', 'Sjöbrisgatan'],
  },
  {
    code: '123',
    name: 'Varvet',
    town: 'Norrvik',
    postcode: '171 42',
    kind: 'urban',
    hot: 0.9,
    population: 1500,
    streets: ['Varvsgatan', 'Slipvägen', 'Ankargränd'],
  },
  {
    code: '211',
    name: 'Bergaliden',
    town: 'Norrvik',
    postcode: '171 50',
    kind: 'urban',
    hot: 2.2,
    population: 6200,
    streets: ['Bergalidsvägen', 'Klippvägen', 'Granitgatan', 'Fjällvägen'],
  },
  {
    code: '212',
    name: 'Solberga',
    town: 'Norrvik',
    postcode: '171 51',
    kind: 'suburb',
    hot: 0.7,
    population: 3900,
    streets: ['Solbergavägen', 'Solrosvägen', 'Vårvägen'],
  },
  {
    code: '213',
    name: 'Granhagen',
    town: 'Norrvik',
    postcode: '171 52',
    kind: 'suburb',
    hot: 0.6,
    population: 3100,
    streets: ['Granhagsvägen', 'Kottegränd', 'Barrstigen'],
  },
  {
    code: '214',
    name: 'Norrskogen',
    town: 'Norrvik',
    postcode: '171 53',
    kind: 'suburb',
    hot: 0.5,
    population: 1700,
    streets: ['Norrskogsvägen', 'Myrvägen', 'Ljungstigen'],
  },
  {
    code: '221',
    name: 'Tallhöjden',
    town: 'Norrvik',
    postcode: '171 60',
    kind: 'urban',
    hot: 3.0,
    population: 7400,
    streets: ['Tallhöjdsvägen', 'Kronvägen', 'Furuvägen', 'Skolvägen'],
  },
  {
    code: '222',
    name: 'Björkdalen',
    town: 'Norrvik',
    postcode: '171 61',
    kind: 'suburb',
    hot: 0.9,
    population: 4100,
    streets: ['Björkdalsvägen', 'Lövängsvägen', 'Näverstigen'],
  },
  {
    code: '223',
    name: 'Lindåsen',
    town: 'Norrvik',
    postcode: '171 62',
    kind: 'suburb',
    hot: 0.6,
    population: 3300,
    streets: ['Lindåsvägen', 'Lönnvägen', 'Almgatan'],
  },
  {
    code: '224',
    name: 'Ängsvik',
    town: 'Norrvik',
    postcode: '171 63',
    kind: 'suburb',
    hot: 0.5,
    population: 2200,
    streets: ['Ängsviksvägen', 'Klövervägen', 'Smultronstigen'],
  },
  {
    code: '311',
    name: 'Ekeby mitt',
    town: 'Ekeby',
    postcode: '172 30',
    kind: 'centre',
    hot: 2.5,
    population: 5200,
    streets: ['Ekebyvägen', 'Torggatan', 'Bruksgatan'],
  },
  {
    code: '312',
    name: 'Ekebyhöjd',
    town: 'Ekeby',
    postcode: '172 31',
    kind: 'suburb',
    hot: 0.8,
    population: 3400,
    streets: ['Höjdvägen', 'Ekallén', 'Skolvägen', 'Ekollonvägen'],
  },
  {
    code: '313',
    name: 'Ängsby',
    town: 'Ekeby',
    postcode: '172 32',
    kind: 'suburb',
    hot: 0.7,
    population: 2400,
    streets: ['Ängsbyvägen', 'Vallmovägen', 'Blåklintsvägen'],
  },
  {
    code: '321',
    name: 'Kvarnsjön',
    town: 'Ekeby',
    postcode: '172 40',
    kind: 'rural',
    hot: 0.5,
    population: 1300,
    streets: ['Kvarnsjövägen', 'Näckrosvägen'],
  },
  {
    code: '322',
    name: 'Mossen',
    town: 'Ekeby',
    postcode: '172 41',
    kind: 'rural',
    hot: 0.5,
    population: 900,
    streets: ['Torvvägen', 'Mossgatan'],
  },
  {
    code: '323',
    name: 'Ekeby gård',
    town: 'Ekeby',
    postcode: '172 42',
    kind: 'rural',
    hot: 0.6,
    population: 1100,
    streets: ['Gårdsvägen', 'Ladugårdsvägen', 'Stallbacken'],
  },
  {
    code: '411',
    name: 'Lövsta',
    town: 'Lövsta',
    postcode: '173 50',
    kind: 'urban',
    hot: 1.0,
    population: 2300,
    streets: ['Lövstavägen', 'Prästgårdsvägen', 'Kyrkvägen'],
  },
  {
    code: '412',
    name: 'Kyrkby',
    town: 'Lövsta',
    postcode: '173 51',
    kind: 'rural',
    hot: 0.4,
    population: 900,
    streets: ['Kyrkbyvägen', 'Klockarvägen'],
  },
  {
    code: '413',
    name: 'Bergsund',
    town: 'Lövsta',
    postcode: '173 52',
    kind: 'rural',
    hot: 0.4,
    population: 700,
    streets: ['Bergsundsvägen', 'Båthusvägen'],
  },
];

/** Streets deliberately present in two towns (different postcodes): an address there without a postcode is ambiguous. */
export const DUPLICATE_STREET = 'Skolvägen';
/** A long street split between two areas by house number (unambiguous per number, same name). */
export const SPLIT_STREET = 'Storgatan';
/** The area whose polygon has a hole (the lake). */
export const AREA_WITH_HOLE = '321';

export type PlaceKind = 'torg' | 'centrum' | 'station' | 'skola' | 'forskola' | 'idrott';

export interface PlaceSpec {
  name: string;
  area: string;
  kind: PlaceKind;
}

export const PLACES: readonly PlaceSpec[] = [
  { name: 'Rådhustorget', area: '111', kind: 'torg' },
  { name: 'Norrvik centrum', area: '112', kind: 'centrum' },
  { name: 'Norrvik station', area: '113', kind: 'station' },
  { name: 'Hamntorget', area: '121', kind: 'torg' },
  { name: 'Bergalidens centrum', area: '211', kind: 'centrum' },
  { name: 'Tallhöjden centrum', area: '221', kind: 'centrum' },
  { name: 'Ekeby torg', area: '311', kind: 'torg' },
  { name: 'Ekeby station', area: '312', kind: 'station' },
  { name: 'Lövsta station', area: '411', kind: 'station' },
  { name: 'Centralskolan', area: '112', kind: 'skola' },
  { name: 'Bergalidsskolan', area: '211', kind: 'skola' },
  { name: 'Tallhöjdsskolan', area: '221', kind: 'skola' },
  { name: 'Ekebyskolan', area: '311', kind: 'skola' },
  { name: 'Lövstaskolan', area: '411', kind: 'skola' },
  { name: 'Solrosens förskola', area: '212', kind: 'forskola' },
  { name: 'Kottens förskola', area: '213', kind: 'forskola' },
  { name: 'Ängsby förskola', area: '313', kind: 'forskola' },
  { name: 'Strandhallen', area: '122', kind: 'idrott' },
  { name: 'Ekeby idrottsplats', area: '323', kind: 'idrott' },
];

/**
 * Places that look like addresses but are in no register: outside the municipality, roads without numbers, vague
 * descriptions. With no usable coordinates a record there is area `okand`.
 */
export const UNKNOWN_PLACES: readonly string[] = [
  'Sjöbovägen 14, 175 62 Sjöbo',
  'Majvägen 3, 174 41 Sundsby',
  'Rastplats Norrleden',
  'E4 norrgående vid avfart 142',
  'Okänd adress',
  'Vid återvinningsstationen',
  'Parkeringen vid badplatsen',
  'Västra vägen 21, 175 30 Sjöbo',
];

/** Home addresses of people registered in another municipality (for suspects, children and pupils). */
export const OUTSIDE_HOMES: readonly string[] = [
  'Sjöbovägen 14, 175 62 Sjöbo',
  'Majvägen 3, 174 41 Sundsby',
  'Lärkstigen 8, 174 44 Sundsby',
  'Västra vägen 21, 175 30 Sjöbo',
  'Fiskargatan 2 B, 175 31 Sjöbo',
];

/** Securitas objects that are not named places in the register. */
export const UNKNOWN_OBJECTS: readonly string[] = ['Parkeringshuset Kajen', 'Busshållplats Ringleden'];
