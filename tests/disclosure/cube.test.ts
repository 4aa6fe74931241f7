import { describe, expect, it } from 'vitest';
import { cellIndex, compileTable } from '../../disclosure/cube.ts';
import { calendarDimension, dimensionFromParents, flatDimension, monthRange } from '../../disclosure/dimensions.ts';
import { DisclosureInputError } from '../../disclosure/errors.ts';
import type { LinearTable } from '../../disclosure/table.ts';

const area = dimensionFromParents('område', { a1: 'A', a2: 'A', b1: 'B', A: 'kommun', B: 'kommun', okand: 'kommun' });

describe('compileTable', () => {
  it('computes every total and derives one constraint per definition and combination', () => {
    const time = calendarDimension('period', monthRange('2024-01', '2024-04'));
    const table: LinearTable = {
      dimensions: [area, time],
      cells: [
        { key: ['a1', '2024-01'], count: 2 },
        { key: ['a2', '2024-03'], count: 5 },
        { key: ['b1', '2024-04'], count: 7 },
        { key: ['okand', '2024-02'], count: 1 },
      ],
    };
    const cube = compileTable(table);
    const value = (a: string, p: string): number => cube.values[cellIndex(cube, [a, p]) ?? -1] ?? NaN;
    expect(value('kommun', '2024')).toBe(15);
    expect(value('A', '2024-Q1')).toBe(7);
    expect(value('kommun', '2024-Q2')).toBe(7);
    expect(value('a2', '2024-02')).toBe(0);
    // 7 area codes × 7 periods (4 months, 2 quarters, 1 year).
    expect(cube.size).toBe(49);
    // Area: 3 definitions × 7 periods; time: 2 quarters + 1 year, × 7 areas.
    expect(cube.rowCount).toBe(3 * 7 + 3 * 7);
  });

  it('orders cells by key, not by input order', () => {
    const t1 = compileTable({
      dimensions: [area],
      cells: [
        { key: ['b1'], count: 1 },
        { key: ['a1'], count: 2 },
      ],
    });
    const t2 = compileTable({
      dimensions: [area],
      cells: [
        { key: ['a1'], count: 2 },
        { key: ['b1'], count: 1 },
      ],
    });
    expect([...t1.values]).toEqual([...t2.values]);
    expect(cube0Codes(t1)).toEqual(['A', 'B', 'a1', 'a2', 'b1', 'kommun', 'okand']);
  });

  it('accepts given totals that add up and refuses ones that do not', () => {
    const dims = [flatDimension('typ', ['x', 'y', 'T'], 'T')];
    expect(() =>
      compileTable({
        dimensions: dims,
        cells: [
          { key: ['x'], count: 1 },
          { key: ['y'], count: 2 },
          { key: ['T'], count: 3 },
        ],
      }),
    ).not.toThrow();
    expect(() =>
      compileTable({
        dimensions: dims,
        cells: [
          { key: ['x'], count: 1 },
          { key: ['y'], count: 2 },
          { key: ['T'], count: 4 },
        ],
      }),
    ).toThrow(/given total 4 but its parts sum to 3/);
  });

  it('checks that alternative groupings cover the same population', () => {
    const linked = dimensionFromParents(
      'område',
      { a1: 'A', a2: 'A', A: 'kommun', b1: 'kommun' },
      { alternatives: [{ a1: 'S1', b1: 'S1', S1: 'kommun' }] },
    );
    expect(() => compileTable({ dimensions: [linked], cells: [{ key: ['a2'], count: 3 }] })).toThrow(/definitions disagree/);
  });

  it('refuses unknown codes, duplicates, cycles and hidden codes outside the dimension', () => {
    expect(() => compileTable({ dimensions: [area], cells: [{ key: ['zz'], count: 1 }] })).toThrow(DisclosureInputError);
    expect(() =>
      compileTable({
        dimensions: [area],
        cells: [
          { key: ['a1'], count: 1 },
          { key: ['a1'], count: 2 },
        ],
      }),
    ).toThrow(/given twice/);
    const cyclic = {
      name: 'c',
      totals: [
        { total: 'x', parts: ['y'] },
        { total: 'y', parts: ['x'] },
      ],
    };
    expect(() => compileTable({ dimensions: [cyclic], cells: [] })).toThrow(/cycle/);
    expect(() => compileTable({ dimensions: [{ name: 'h', totals: [{ total: 'T', parts: ['a'] }], hidden: ['q'] }], cells: [] })).toThrow(
      /hidden code/,
    );
    expect(() => compileTable({ dimensions: [area], cells: [{ key: ['a1'], count: -1 }] })).toThrow(/non-negative/);
  });

  it('marks cells with a hidden code as not publishable', () => {
    const week = { name: 'vecka', totals: [{ total: 'v1', parts: ['v1a', 'v1b'] }], hidden: ['v1a', 'v1b'] };
    const cube = compileTable({ dimensions: [week], cells: [{ key: ['v1a'], count: 2 }] });
    expect([...cube.publishable]).toEqual([1, 0, 0]);
  });
});

describe('calendarDimension', () => {
  it('builds quarters, years (year to date) and rolling 12-month windows', () => {
    const dim = calendarDimension('period', monthRange('2023-01', '2024-02'), { rolling12: 'all' });
    const totals = new Map(dim.totals.map((t) => [t.total, t.parts]));
    expect(totals.get('2024-Q1')).toEqual(['2024-01', '2024-02']);
    expect(totals.get('2024')).toEqual(['2024-Q1']);
    expect(totals.get('2023')).toEqual(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4']);
    expect([...totals.keys()].filter((k) => k.startsWith('R12:'))).toEqual(['R12:2023-12', 'R12:2024-01', 'R12:2024-02']);
    expect(totals.get('R12:2024-02')).toEqual(monthRange('2023-03', '2024-02'));
  });
});

function cube0Codes(cube: ReturnType<typeof compileTable>): readonly string[] {
  return cube.dims[0]?.codes ?? [];
}
