import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineByArea } from '../../signals/cross-source.ts';
import { benjaminiHochberg, partialConjunction, simes, taroneFamily } from '../../signals/multiple-testing.ts';
import type { SeriesTest } from '../../signals/types.ts';

describe('Benjamini–Hochberg', () => {
  it('matches R p.adjust(method = "BH")', () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((expected, i) => expect(q[i]).toBeCloseTo(expected, 12));
  });

  it('q ≥ p, q ≤ 1, and order is preserved', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 }), (ps) => {
        const q = benjaminiHochberg(ps);
        ps.forEach((p, i) => {
          expect(q[i] ?? 0).toBeGreaterThanOrEqual(p - 1e-15);
          expect(q[i] ?? 2).toBeLessThanOrEqual(1);
          ps.forEach((p2, j) => {
            if (p < p2) expect(q[i] ?? 0).toBeLessThanOrEqual((q[j] ?? 0) + 1e-15);
          });
        });
      }),
    );
  });
});

describe('Tarone filter', () => {
  it('drops tests that could never reach significance', () => {
    // Ten hopeless tests (best possible p = 0.2) and two informative ones: K = 2, threshold 0.025.
    const family = taroneFamily([1e-9, 1e-6, ...Array.from({ length: 10 }, () => 0.2)], 0.05);
    expect(family.filter(Boolean)).toHaveLength(2);
    expect(family[0]).toBe(true);
  });

  it('keeps everything when every test could be significant', () => {
    expect(taroneFamily([1e-12, 1e-12, 1e-12], 0.05)).toEqual([true, true, true]);
  });
});

describe('partial conjunction', () => {
  it('one extreme p-value alone is no evidence that two hypotheses are false', () => {
    const lone = [1e-12, 0.6, 0.8, 0.4, 0.9];
    expect(partialConjunction(lone, 2, 'truncated')).toBe(1);
    expect(partialConjunction(lone, 2, 'simes')).toBeGreaterThan(0.5);
    const several = [0.002, 0.004, 0.01, 0.6, 0.9];
    expect(partialConjunction(several, 2, 'truncated')).toBeLessThan(0.01);
    expect(partialConjunction(several, 2, 'fisher')).toBeLessThan(0.01);
  });

  it('Simes equals min m·p(k)/k', () => {
    expect(simes([0.04, 0.01, 0.5])).toBeCloseTo(0.03, 12);
  });
});

describe('combineByArea', () => {
  const test = (area: string, source: string, indicator: string, pValue: number): SeriesTest => ({
    indicator,
    area,
    kind: 'count',
    source,
    windowStart: '2024-10',
    windowEnd: '2024-12',
    observed: 10,
    expected: 5,
    ratio: 2,
    pValue,
    qValue: 1,
    minAttainableP: 1e-9,
    inFamily: true,
    dispersion: 1,
    signal: pValue < 1e-6,
  });
  const quiet = (area: string): SeriesTest[] =>
    ['polis', 'raddning', 'securitas', 'bostad', 'skola'].map((s, i) => test(area, s, `q${i}`, 0.3 + 0.1 * i));

  it('ranks three sources rising together above one loud series', () => {
    const tests = [
      ...quiet('A'),
      test('A', 'polis', 'brand', 0.002),
      test('A', 'securitas', 'ordning', 0.004),
      test('A', 'bostad', 'skadegorelse', 0.003),
      ...quiet('B'),
      test('B', 'polis', 'rån', 1e-10),
      ...['C', 'D', 'E', 'F', 'G'].flatMap(quiet),
    ];
    const areas = combineByArea(tests, { fdr: 0.05, combination: 'truncated' });
    expect(areas[0]?.area).toBe('A');
    expect(areas[0]?.crossSource).toBe(true);
    expect(areas[0]?.sources).toBe(3);
    expect(areas.find((a) => a.area === 'B')?.crossSource).toBe(false);
    expect(areas.find((a) => a.area === 'B')?.hasSignal).toBe(true);
  });

  it('several indicators of one source are one source (a reporting change is not an escalation)', () => {
    const tests = [
      ...quiet('A'),
      test('A', 'bostad', 'skadegorelse', 0.001),
      test('A', 'bostad', 'storning', 0.001),
      test('A', 'bostad', 'klotter', 0.001),
    ];
    const [area] = combineByArea(tests, { fdr: 0.05, combination: 'truncated' });
    expect(area?.sources).toBe(1);
    expect(area?.crossSource).toBe(false);
  });
});
