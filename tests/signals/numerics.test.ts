// Special functions and distributions against reference values from SciPy 1.17 (scipy.special / scipy.stats).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaBinomialLower, betaBinomialUpper, countQuantile } from '../../signals/distributions.ts';
import { fisherCombination, truncatedProduct } from '../../signals/multiple-testing.ts';
import { windowNullCdf, windowRatioInterval, windowTest } from '../../signals/window-law.ts';
import {
  betaQuantile,
  chiSquareEvenUpper,
  incompleteBeta,
  logGamma,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from '../../signals/special.ts';

const close = (actual: number, expected: number, relative = 1e-9): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1e-300, Math.abs(expected)));
};

describe('special functions', () => {
  it('log-gamma', () => {
    close(logGamma(0.5), 0.5723649429247, 1e-12);
    close(logGamma(10), 12.801827480081469, 1e-12);
    close(logGamma(100.5), 361.43554046777757, 1e-12);
    close(logGamma(1e-3), 6.907178885383853, 1e-12);
    close(logGamma(3.7), 1.428072326665388, 1e-12);
  });

  it('regularised incomplete beta', () => {
    close(incompleteBeta(2, 3, 0.4), 0.5248, 1e-10);
    close(incompleteBeta(0.5, 0.5, 0.1), 0.20483276469913345, 1e-10);
    close(incompleteBeta(50, 70, 0.45), 0.7717610017525626, 1e-9);
    close(incompleteBeta(3.5, 1200, 0.001), 0.06582774291372467, 1e-9);
  });

  it('normal and t quantiles, chi-square tail', () => {
    close(normalQuantile(0.975), 1.959963984540054, 1e-8);
    close(normalQuantile(1e-6), -4.753424308822899, 1e-8);
    close(normalQuantile(0.3), -0.5244005127080409, 1e-8);
    close(studentTQuantile(0.975, 10), 2.228138851986274, 1e-8);
    close(studentTQuantile(0.025, 3), -3.1824463052837086, 1e-8);
    close(studentTCdf(1.5, 7), 0.911350756505015, 1e-10);
    close(chiSquareEvenUpper(10, 3), 0.12465201948308108, 1e-10);
    close(chiSquareEvenUpper(50, 20), 0.1335748340856504, 1e-10);
    close(betaQuantile(0.025, 5, 46), 0.03327509358902247, 1e-8);
  });
});

describe('distributions', () => {
  it('beta-binomial tails', () => {
    close(betaBinomialUpper(10, 30, 2.5, 7.5), 0.30271361658955864, 1e-9);
    close(betaBinomialLower(3, 30, 2.5, 7.5), 0.20514042744744682, 1e-9);
    // Far tail: summed pmf (scipy's sf, computed as 1 − cdf, is off by rounding here).
    close(betaBinomialUpper(100, 400, 40.2, 3000.1), 3.330474405197732e-66, 1e-9);
    close(betaBinomialUpper(60, 400, 40.2, 3000.1), 1.4869666617224325e-32, 1e-9);
    close(betaBinomialUpper(20, 20, 1, 3), 0.0005646527385650968, 1e-9);
  });

  it("Fisher's exact one-sided p-value is the beta-binomial tail with (S+1, R)", () => {
    // scipy.stats.fisher_exact([[25, 100], [300, 3600]], alternative='greater')
    close(betaBinomialUpper(25, 125, 301, 3600), 1.4006681613057665e-5, 1e-8);
  });

  it('band quantiles: negative binomial and Poisson', () => {
    expect([countQuantile(10, 15, 0.025), countQuantile(10, 15, 0.975)]).toEqual([3, 18]);
    expect([countQuantile(7.3, 7.3, 0.025), countQuantile(7.3, 7.3, 0.975)]).toEqual([3, 13]);
  });

  it('upper and lower tails are complementary', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.05, max: 500, noNaN: true }),
        fc.double({ min: 0.05, max: 500, noNaN: true }),
        fc.nat(),
        (n, a, b, raw) => {
          const y = raw % (n + 1);
          const total = betaBinomialUpper(y, n, a, b) + betaBinomialLower(y - 1, n, a, b);
          expect(Math.abs(total - 1)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('combinations', () => {
  it('truncated product matches the Zaykin formula (checked by Monte Carlo, 200 000 draws)', () => {
    close(truncatedProduct([0.01, 0.02, 0.5, 0.7, 0.9], 0.1), 0.014603254179181478, 1e-9);
    expect(truncatedProduct([0.3, 0.5], 0.1)).toBe(1);
  });

  it('Fisher combination', () => {
    // −2 ln(0.01·0.2) = 12.429…, χ²_4 tail
    close(fisherCombination([0.01, 0.2]), 0.014429216196844381, 1e-9);
  });
});

describe('window law', () => {
  const params = fc.record({
    psi0: fc.double({ min: 0.5, max: 2, noNaN: true }),
    areaDispersion: fc.double({ min: 1, max: 4, noNaN: true }),
    restDispersion: fc.double({ min: 1, max: 4, noNaN: true }),
    driftVariance: fc.double({ min: 0, max: 0.1, noNaN: true }),
  });
  const table = fc.record({ y: fc.nat(60), x: fc.nat(300), s: fc.nat(400), r: fc.integer({ min: 1, max: 5000 }) });

  it('p-values are probabilities, fall as the window count rises, and never beat their Tarone minimum', () => {
    fc.assert(
      fc.property(table, params, (t, p) => {
        const here = windowTest(t, p);
        const more = windowTest({ ...t, y: t.y + 1, x: Math.max(0, t.x - 1) }, p);
        expect(here.pValue).toBeGreaterThanOrEqual(0);
        expect(here.pValue).toBeLessThanOrEqual(1);
        expect(more.pValue).toBeLessThanOrEqual(here.pValue + 1e-12);
        expect(here.pValue).toBeGreaterThanOrEqual(here.minAttainableP * (1 - 1e-9));
      }),
      { numRuns: 300 },
    );
  });

  it('the null law of the p-value: P(p ≤ t) is the largest attainable p-value not above t', () => {
    fc.assert(
      fc.property(table, params, fc.double({ min: 1e-9, max: 0.15, noNaN: true }), (t, p, level) => {
        const n = t.y + t.x;
        fc.pre(n > 0 && n <= 150);
        // Brute force: the p-value of every possible window count.
        let exact = 0;
        for (let y = 0; y <= n; y++) {
          const pv = windowTest({ ...t, y, x: n - y }, p).pValue;
          if (pv <= level && pv > exact) exact = pv;
        }
        const cdf = windowNullCdf(t, p);
        const got = cdf(level);
        expect(got).toBeLessThanOrEqual(level);
        // Exact where it matters; below ~1e-12 a bound (never less than the truth).
        expect(got).toBeGreaterThanOrEqual(exact * (1 - 1e-6));
        if (exact > 1e-11) expect(got).toBeLessThanOrEqual(exact * (1 + 1e-6));
        // The observed p-value is itself attainable.
        const observed = windowTest(t, p).pValue;
        if (observed < 0.15) expect(cdf(observed)).toBeCloseTo(observed, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('the ratio interval brackets observed / expected', () => {
    fc.assert(
      fc.property(table, params, (t, p) => {
        fc.pre(t.y > 0 && t.x > 0 && t.s > 0);
        const ratio = (t.y * t.r) / (t.x * t.s * p.psi0);
        const { lower, upper } = windowRatioInterval(t, p, 0.95);
        expect(lower).toBeLessThanOrEqual(ratio * 1.000001);
        expect(upper).toBeGreaterThanOrEqual(ratio * 0.999999);
      }),
      { numRuns: 200 },
    );
  });
});
