import { describe, expect, it } from 'vitest';
import { baselineZ, ruleOfThumb, ruleWindows } from '../../signals/rule-of-thumb.ts';
import type { SeriesPoint } from '../../signals/types.ts';

describe('rule of thumb', () => {
  it('2(√current − √previous)', () => {
    expect(baselineZ(9, 4)).toBe(2);
    expect(baselineZ(4, 9)).toBe(-2);
    expect(baselineZ(0, 0)).toBe(0);
  });

  it('compares the right months and flags rises only', () => {
    const point = (month: string, count: number, area = '0101'): SeriesPoint => ({ indicator: 'brand', area, month, count, kind: 'count' });
    const series = [
      point('2023-12', 1),
      point('2024-12', 12),
      point('2024-11', 30),
      point('2023-12', 20, '0102'),
      point('2024-12', 1, '0102'),
    ];
    const yoy = ruleOfThumb(series, { asOf: '2024-12', months: 1, comparison: 'year-over-year', threshold: 3 });
    expect(yoy.find((r) => r.area === '0101')).toMatchObject({ current: 12, previous: 1, flagged: true });
    expect(yoy.find((r) => r.area === '0102')?.flagged).toBe(false);
    expect(ruleWindows({ asOf: '2024-12', months: 3, comparison: 'previous-period' })).toEqual({
      current: ['2024-10', '2024-12'],
      previous: ['2024-07', '2024-09'],
    });
  });
});
