/** Header variants shared by several connectors (Swedish exports name the same thing the same few ways). */
export const headers = {
  date: ['Datum', 'Dag', 'Händelsedatum'],
  time: ['Tid', 'Klockslag', 'Kl', 'Tidpunkt'],
  address: ['Adress', 'Gatuadress', 'Händelseadress', 'Plats'],
  x: ['X-koordinat', 'X koordinat', 'Koordinat X', 'X', 'E', 'Easting', 'E_SWEREF99TM', 'Long (WGS84)', 'Longitud', 'Long', 'Lon'],
  y: ['Y-koordinat', 'Y koordinat', 'Koordinat Y', 'Y', 'N', 'Northing', 'N_SWEREF99TM', 'Lat (WGS84)', 'Latitud', 'Lat'],
  areaCode: ['NYKO', 'Nyckelkod', 'NYKO-kod', 'Områdeskod'],
  homeAddress: ['Folkbokföringsadress', 'Folkbokföringsadress (gata)', 'Bostadsadress', 'Hemadress'],
} as const;

export const list = (...variants: readonly string[]): string[] => [...variants];
