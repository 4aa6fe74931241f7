import { describe, expect, it } from 'vitest';
import { AddressRegister } from '../../nyko/addressRegister.ts';
import { AreaRegister } from '../../nyko/areaRegister.ts';
import { normaliseAgeBand, parseAddressRows, parseNykoRows, parsePopulationRows } from '../../nyko/registerFiles.ts';

const table = (text: string, delimiter = ';'): [string[], string[][]] => {
  const [header = [], ...rows] = text
    .trim()
    .split('\n')
    .map((line) => line.split(delimiter));
  return [header, rows];
};

describe('parseNykoRows', () => {
  it('reads the municipality’s NYKO register, keeping codes as text', () => {
    const [header, rows] = table(`\ufeffNyckelkod;Nivå;Namn;Giltig från
0;1;Centrala staden;2020-01-01
01;2;Centrum;2020-01-01
011;3;Centrum norra;2020-01-01

012;3;Centrum södra;2020-01-01 00:00:00`);
    const { rows: parsed, errors } = parseNykoRows(header, rows, 'nyko.csv');
    expect(errors).toEqual([]);
    expect(parsed.map((r) => r.code)).toEqual(['0', '01', '011', '012']);
    expect(parsed[3]).toEqual({ code: '012', level: 3, name: 'Centrum södra', validFrom: '2020-01-01', validTo: null, parent: null });
    expect(new AreaRegister(parsed).codeAtLevel('011150', 2, '2025-01-01')).toBe('01');
  });

  it('accepts English and underscore headers with validity and explicit parents', () => {
    const [header, rows] = table(
      `Code,Level,Name,Giltig_fran,Giltig till,Överordnad
R1,1,RegSO norr,2020-01-01,,
D1,2,DeSO 1,2020-01-01,2025-12-31,R1`,
      ',',
    );
    const { rows: parsed, errors } = parseNykoRows(header, rows, 'deso.csv');
    expect(errors).toEqual([]);
    expect(parsed[1]).toMatchObject({ code: 'D1', parent: 'R1', validTo: '2025-12-31' });
  });

  it('names file, row and column for every problem, and loads the rest', () => {
    const [header, rows] = table(`Nyckelkod;Nivå;Namn;Giltig från;Överordnad
1;1;Centrala staden;2020-01-01;
11;2;Centrum;2020-01-01;
101,0;3;Excel;2020-01-01;
112;tre;Centrum södra;2020-01-01;
113;3;;14/3/2020;
114;3;Ny;2020-01-01;99
11;2;Centrum igen;2024-01-01;`);
    const { rows: parsed, errors } = parseNykoRows(header, rows, 'nyko.csv');
    expect(parsed.map((r) => r.code)).toEqual(['1', '11']);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [4, 'Nyckelkod'],
      [5, 'Nivå'],
      [6, 'Namn'],
      [6, 'Giltig från'],
      [7, 'Överordnad'],
      [8, 'Giltig från'],
    ]);
    expect(errors[0]?.message).toBe(
      'nyko.csv, rad 4, kolumn Nyckelkod: koden "101,0" ser ut som ett tal som Excel har ändrat; spara kodkolumnen som text',
    );
    expect(errors[4]?.message).toMatch(/överordnat område 99 finns inte på nivå 2/);
    expect(errors[5]?.message).toMatch(/flera versioner vars giltighetstider överlappar/);
  });

  it('rejects children whose parent was rejected', () => {
    const [header, rows] = table(`Kod;Nivå;Namn;Giltig från;Parent
A;1;Gammal;2020-01-01;
A;1;Dubblett;2020-01-01;
B;2;Barn;2020-01-01;A`);
    const { rows: parsed, errors } = parseNykoRows(header, rows, 'reg.csv');
    expect(() => new AreaRegister(parsed)).not.toThrow();
    expect(errors.map((e) => e.row)).toEqual([3]);
  });

  it('reports missing columns against the header row', () => {
    const { rows, errors } = parseNykoRows(['Kod', 'Namn'], [['1', 'x']], 'nyko.csv', { firstRow: 5 });
    expect(rows).toEqual([]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [4, 'niva'],
      [4, 'giltig fran'],
    ]);
    expect(errors[0]?.message).toMatch(/kolumnen saknas/);
  });
});

describe('parseAddressRows', () => {
  it('reads addresses and named places, with coordinates fixed when swapped or in WGS84', () => {
    const [header, rows] = table(`Gatuadress;Postnummer;Postort;Nyckelkod;E_SWEREF99TM;N_SWEREF99TM
Storgatan 1;151 11;Södertälje;111150;641500;6556964
Storgatan 3;151 11;Södertälje;111351;6557406;640208
Storgatan 5;151 11;Södertälje;111352;17,5;59,19
Stora torget;;;111000;;`);
    const { entries, errors } = parseAddressRows(header, rows, 'adresser.csv');
    expect(errors).toEqual([]);
    expect(entries[0]).toEqual({ address: 'Storgatan 1', postcode: '15111', town: 'Södertälje', code: '111150', e: 641500, n: 6556964 });
    expect(entries[1]).toMatchObject({ e: 640208, n: 6557406 });
    expect(entries[2]?.e).toBeGreaterThan(600_000);
    expect(entries[3]).toMatchObject({ address: 'Stora torget', postcode: null, e: null, n: null });
    expect(new AddressRegister(entries).lookup('Stora torget')).toEqual({ kind: 'match', code: '111000', via: 'place' });
  });

  it('skips rows without a usable address or code, and drops bad optional values with a note', () => {
    const [header, rows] = table(`Adress;Postnr;Ort;NYKO;X;Y
Storgatan/Kungsgatan;;;111000;;
Storgatan 1;;;;;
Storgatan 2;1511;Södertälje;111160;abc;6556964
Storgatan 4;151 11;Södertälje;111161;641500;`);
    const { entries, errors } = parseAddressRows(header, rows, 'adr.csv');
    expect(entries.map((e) => e.address)).toEqual(['Storgatan 2', 'Storgatan 4']);
    expect(entries[0]).toMatchObject({ postcode: null, e: null, n: null });
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'Adress'],
      [3, 'NYKO'],
      [4, 'Postnr'],
      [4, 'X'],
      [5, 'X'],
    ]);
    expect(errors[0]?.message).toMatch(/kan inte tolkas som gatuadress eller platsnamn; raden hoppas över/);
  });
});

describe('parsePopulationRows', () => {
  it('reads the statistics-database export: "code name" regions, one column per year', () => {
    const [header, rows] = table(`Region;ålder;2024;2025
111 Centrum norra;0-17 år;900;924
111 Centrum norra;18+ år;3 250;3276
111 Centrum norra;totalt;4150;4200
0112 Centrum södra;15–20 år;..;120`);
    const { rows: parsed, errors } = parsePopulationRows(header, rows, 'befolkning_2025.csv');
    expect(parsed).toEqual([
      { areaCode: '111', ageBand: '0-17', year: 2024, persons: 900 },
      { areaCode: '111', ageBand: '0-17', year: 2025, persons: 924 },
      { areaCode: '111', ageBand: '18+', year: 2024, persons: 3250 },
      { areaCode: '111', ageBand: '18+', year: 2025, persons: 3276 },
      { areaCode: '111', ageBand: 'totalt', year: 2024, persons: 4150 },
      { areaCode: '111', ageBand: 'totalt', year: 2025, persons: 4200 },
      { areaCode: '0112', ageBand: '15-20', year: 2025, persons: 120 },
    ]);
    expect(errors).toEqual([
      { file: 'befolkning_2025.csv', row: 5, column: '2024', message: 'befolkning_2025.csv, rad 5, kolumn 2024: värdet saknas' },
    ]);
  });

  it('reads the long form with a code column, and reports duplicates and unknown age bands', () => {
    const [header, rows] = table(`Kod;Ålder;År;Antal
111;7 år;2025;40
111;7;2025;41
111;barn;2025;5`);
    const { rows: parsed, errors } = parsePopulationRows(header, rows, 'bef.csv');
    expect(parsed).toEqual([{ areaCode: '111', ageBand: '7', year: 2025, persons: 40 }]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'Antal'],
      [4, 'Ålder'],
    ]);
    // With only a region column the label must start with a code.
    const [h2, r2] = table(`Region;Ålder;2025
Centrum norra;totalt;5`);
    expect(parsePopulationRows(h2, r2, 'bef.csv').errors[0]?.message).toMatch(/förväntade en områdeskod först/);
  });

  it.each([
    ['0-17 år', '0-17'],
    ['18+ år', '18+'],
    ['Totalt', 'totalt'],
    ['totalt ålder', null],
    ['15-20 år', '15-20'],
    ['15 – 20', '15-20'],
    ['05-09 år', '5-9'],
    ['65 år och äldre', '65+'],
    ['100+', '100+'],
    ['under 18 år', '0-17'],
    ['-17', '0-17'],
    ['7 år', '7'],
    ['20-15', null],
    ['barn', null],
  ])('normaliseAgeBand(%j) = %j', (raw, expected) => {
    expect(normaliseAgeBand(raw)).toBe(expected);
  });
});
