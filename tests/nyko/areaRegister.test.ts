import { describe, expect, it } from 'vitest';
import { AreaRegister, checkAreaRows, type AreaRow } from '../../nyko/areaRegister.ts';
import { nykoRows } from './fixtures.ts';

const register = new AreaRegister(nykoRows);

describe('AreaRegister: NYKO prefix convention', () => {
  it('lists levels and the areas valid on a date', () => {
    expect(register.levels()).toEqual([1, 2, 3]);
    expect(register.areasAt('2025-06-01', 3).map((a) => a.code)).toEqual(['111', '112', '311', '411']);
    expect(register.areasAt('2025-06-01').map((a) => a.level)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 3]);
  });

  it('maps a six-digit key code and codes at any level up to the level asked for', () => {
    expect(register.codeAtLevel('111150', 3, '2025-06-01')).toBe('111');
    expect(register.codeAtLevel('111150', 2, '2025-06-01')).toBe('11');
    expect(register.codeAtLevel('111150', 1, '2025-06-01')).toBe('1');
    expect(register.codeAtLevel('311', 3, '2025-06-01')).toBe('311');
    expect(register.codeAtLevel('311', 1, '2025-06-01')).toBe('3');
  });

  it('cannot map a coarser code down, nor an unknown one', () => {
    expect(register.codeAtLevel('11', 3, '2025-06-01')).toBeNull();
    expect(register.codeAtLevel('999999', 3, '2025-06-01')).toBeNull();
    expect(register.codeAtLevel('', 3, '2025-06-01')).toBeNull();
    expect(register.codeAtLevel('111150', 3, 'not a date')).toBeNull();
  });

  it('gives ancestors nearest first, up to level 1', () => {
    expect(register.ancestors('111', '2025-06-01').map((a) => a.code)).toEqual(['11', '1']);
    // A key code is not an area: the area it falls in is its first ancestor.
    expect(register.ancestors('311451', '2025-06-01').map((a) => a.code)).toEqual(['311', '31', '3']);
    expect(register.ancestors('1', '2025-06-01')).toEqual([]);
  });

  it('accepts date-times and finds areas by name', () => {
    expect(register.codeAtLevel('111150', 3, '2025-06-01 22:41')).toBe('111');
    expect(register.findByName(' hovsjö ', '2025-06-01').map((a) => a.code)).toEqual(['31', '311']);
  });
});

describe('AreaRegister: versions', () => {
  it('an area split from 2026-01-01: 2025 dates map to the old code, 2026 dates to the new ones', () => {
    expect(register.codeAtLevel('112476', 3, '2025-12-31')).toBe('112');
    expect(register.codeAtLevel('113001', 3, '2026-01-01')).toBe('113');
    expect(register.codeAtLevel('114001', 3, '2026-03-01')).toBe('114');
    // The old key code no longer exists: unknown, not silently moved.
    expect(register.codeAtLevel('112476', 3, '2026-01-01')).toBeNull();
    expect(register.areasAt('2026-01-01', 3).map((a) => a.code)).toEqual(['111', '113', '114', '311', '411']);
    expect(register.codeAtLevel('113001', 3, '2025-12-31')).toBeNull();
  });

  it('the same finer area can move to a new parent: the hierarchy is data', () => {
    const rows: AreaRow[] = [
      ...nykoRows,
      { code: '1123', level: 4, name: 'Kvarteret', validFrom: '2020-01-01', validTo: '2025-12-31', parent: '112' },
      { code: '1123', level: 4, name: 'Kvarteret', validFrom: '2026-01-01', parent: '113' },
    ];
    const versioned = new AreaRegister(rows);
    expect(versioned.codeAtLevel('112345', 3, '2025-06-01')).toBe('112');
    expect(versioned.codeAtLevel('112345', 3, '2026-06-01')).toBe('113');
    expect(versioned.codeAtLevel('112345', 1, '2026-06-01')).toBe('1');
    expect(versioned.ancestors('1123', '2026-06-01').map((a) => a.code)).toEqual(['113', '11', '1']);
  });

  it('a renamed area keeps its code and shows the name of the date', () => {
    const renamed = new AreaRegister([
      { code: '1', level: 1, name: 'Gamla namnet', validFrom: '2020-01-01', validTo: '2024-12-31' },
      { code: '1', level: 1, name: 'Nya namnet', validFrom: '2025-01-01' },
    ]);
    expect(renamed.area('1', '2024-12-31')?.name).toBe('Gamla namnet');
    expect(renamed.area('1', '2025-01-01')?.name).toBe('Nya namnet');
  });
});

describe('AreaRegister: codes are text', () => {
  const padded = new AreaRegister([
    { code: '0', level: 1, name: 'Noll', validFrom: '2020-01-01' },
    { code: '01', level: 2, name: 'Noll-ett', validFrom: '2020-01-01' },
    { code: '0101', level: 3, name: 'Med nolla', validFrom: '2020-01-01', parent: '01' },
    { code: '0102', level: 3, name: 'Annan', validFrom: '2020-01-01', parent: '01' },
  ]);

  it("'101' is not '0101' and does not fall into another area by prefix", () => {
    expect(padded.codeAtLevel('0101', 3, '2025-01-01')).toBe('0101');
    expect(padded.codeAtLevel('101', 3, '2025-01-01')).toBeNull();
    expect(padded.codeAtLevel('101', 1, '2025-01-01')).toBeNull();
    const mixed = new AreaRegister([
      { code: '01', level: 1, name: 'Norr', validFrom: '2020-01-01' },
      { code: '10', level: 1, name: 'Söder', validFrom: '2020-01-01' },
      { code: '0101', level: 2, name: 'Med nolla', validFrom: '2020-01-01' },
      { code: '1001', level: 2, name: 'Annat', validFrom: '2020-01-01' },
    ]);
    // '101' starts like '10', but is shorter than the level-2 codes under it: not a finer code, just a wrong one.
    expect(mixed.codeAtLevel('101', 1, '2025-01-01')).toBeNull();
    expect(mixed.codeAtLevel('10017', 1, '2025-01-01')).toBe('10');
    // A genuinely finer key code still maps.
    expect(padded.codeAtLevel('010177', 3, '2025-01-01')).toBe('0101');
  });

  it('explicit parents need not be prefixes (DeSO/RegSO, a housing company’s own areas)', () => {
    const company = new AreaRegister([
      { code: 'NORR', level: 1, name: 'Distrikt norr', validFrom: '2020-01-01' },
      { code: 'H-17', level: 2, name: 'Hus 17', validFrom: '2020-01-01', parent: 'NORR' },
    ]);
    expect(company.codeAtLevel('H-17', 1, '2025-01-01')).toBe('NORR');
    expect(company.ancestors('H-17', '2025-01-01').map((a) => a.name)).toEqual(['Distrikt norr']);
  });
});

describe('checkAreaRows', () => {
  it('finds overlapping versions, a code on two levels, unknown parents and bad dates', () => {
    const problems = checkAreaRows([
      { code: '1', level: 1, name: 'A', validFrom: '2020-01-01' },
      { code: '1', level: 1, name: 'B', validFrom: '2024-01-01' },
      { code: '2', level: 1, name: 'C', validFrom: '2020-01-01' },
      { code: '2', level: 2, name: 'D', validFrom: '2020-01-01' },
      { code: '22', level: 2, name: 'E', validFrom: '2020-02-30', parent: 'X' },
      { code: '23', level: 2, name: 'F', validFrom: '2021-01-01', validTo: '2020-01-01' },
    ]);
    expect(problems.map((p) => [p.index, p.field])).toEqual([
      [4, 'validFrom'],
      [5, 'validTo'],
      [1, 'validFrom'],
      [2, 'level'],
      [3, 'level'],
      [4, 'parent'],
    ]);
    expect(() => new AreaRegister([{ code: '1', level: 0, name: 'x', validFrom: '2020-01-01' }])).toThrow(/nivån/);
  });
});
