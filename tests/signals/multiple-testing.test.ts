import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineByArea } from '../../signals/cross-source.ts';
import { benjaminiHochberg, discreteBenjaminiHochberg, partialConjunction, simes, taroneFamily } from '../../signals/multiple-testing.ts';
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

describe('discrete Benjamini–Hochberg', () => {
  it('is BH at level/(1 + level) when every p-value is continuous', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-8, max: 1, noNaN: true }), { minLength: 1, maxLength: 80 }), (ps) => {
        const level = 0.05;
        const { adjusted } = discreteBenjaminiHochberg(
          ps,
          ps.map(() => (t: number) => t),
          level,
        );
        const q = benjaminiHochberg(ps);
        ps.forEach((_, i) => {
          expect((adjusted[i] ?? 1) <= level).toBe((q[i] ?? 1) <= (level / (1 + level)) * (1 + 1e-9));
        });
      }),
    );
  });

  it('tests that cannot reach small p-values do not raise the bar (as Tarone, but graded)', () => {
    // Two informative tests and 200 that can only produce p = 0.3 or 1: BH over 202 tests would need
    // p ≤ 0.05·2/202 ≈ 5e-4 for both; here the hopeless ones count for nothing below 0.3.
    const hopeless = (t: number): number => (t >= 0.3 ? 0.3 : 0);
    const ps = [4e-3, 9e-3, ...Array.from({ length: 200 }, () => 1)];
    const cdfs = [(t: number) => t, (t: number) => t, ...Array.from({ length: 200 }, () => hopeless)];
    const { adjusted } = discreteBenjaminiHochberg(ps, cdfs, 0.05);
    expect(adjusted[0]).toBeLessThanOrEqual(0.05);
    expect(adjusted[1]).toBeLessThanOrEqual(0.05);
    expect(benjaminiHochberg(ps)[1]).toBeGreaterThan(0.05);
    // A test whose smallest attainable p-value is 1e-3 counts for nothing below it: 6e-4 is judged nearly as if
    // it were alone (BH over the two would double it), up to the 1/(1 − F(τ_m)) factor of the step-up bound.
    const coarse = (t: number): number => (t >= 1e-3 ? 1e-3 : 0);
    const two = discreteBenjaminiHochberg([6e-4, 1], [(t: number) => t, coarse], 0.05);
    expect(two.adjusted[0]).toBeCloseTo(6e-4 / (1 - two.lastCritical), 9);
    expect(benjaminiHochberg([6e-4, 1])[0]).toBeCloseTo(1.2e-3, 12);
  });

  it('controls the false discovery rate on discrete null tests (Monte Carlo)', () => {
    // 60 Fisher-like tests on a few events each: binomial(n, 1/2) upper tails, all null.
    let rng = 7;
    const uniform = (): number => {
      rng = (rng * 16807) % 2147483647;
      return rng / 2147483647;
    };
    const tail = (n: number, y: number): number => {
      let s = 0;
      for (let k = y; k <= n; k++) s += Math.exp(lchoose(n, k) - n * Math.LN2);
      return Math.min(1, s);
    };
    const lchoose = (n: number, k: number): number => {
      let s = 0;
      for (let j = 1; j <= k; j++) s += Math.log((n - k + j) / j);
      return s;
    };
    let runs = 0;
    let anyFalse = 0;
    for (let r = 0; r < 400; r++) {
      const ns = Array.from({ length: 60 }, (_, i) => 2 + (i % 12));
      const ys = ns.map((n) => {
        let y = 0;
        for (let k = 0; k < n; k++) if (uniform() < 0.5) y++;
        return y;
      });
      const ps = ns.map((n, i) => tail(n, ys[i] ?? 0));
      const cdfs = ns.map((n) => {
        const support = Array.from({ length: n + 1 }, (_, y) => tail(n, y)).sort((a, b) => a - b);
        return (t: number): number => support.filter((v) => v <= t * (1 + 1e-12)).reduce((m, v) => Math.max(m, v), 0);
      });
      const { adjusted } = discreteBenjaminiHochberg(ps, cdfs, 0.2);
      runs++;
      if (adjusted.some((q) => q <= 0.2)) anyFalse++;
    }
    // All hypotheses true: the FDR is the chance of any rejection, held at 0.2 (+ Monte Carlo margin).
    expect(anyFalse / runs).toBeLessThanOrEqual(0.2 + 2 * Math.sqrt((0.2 * 0.8) / runs));
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
    windowMonths: 3,
    observed: 10,
    expected: 5,
    ratio: 2,
    pValue,
    windows: [{ months: 3, windowStart: '2024-10', observed: 10, expected: 5, ratio: 2, pValue }],
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
