import fc from 'fast-check';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { fromSweref99, toSweref99 } from '../../nyko/coordinates.ts';
import { SWEREF99TM } from './fixtures.ts';

describe('toSweref99', () => {
  it('passes SWEREF 99 TM through and un-swaps the axes (the northing is the 7-digit one)', () => {
    expect(toSweref99(655120, 6563420)).toEqual({ ok: true, e: 655120, n: 6563420, crs: 'EPSG:3006', swapped: false });
    expect(toSweref99(6563420, 655120)).toEqual({ ok: true, e: 655120, n: 6563420, crs: 'EPSG:3006', swapped: true });
  });

  it('projects WGS84 with proj4: Södertälje ≈ lat 59.195, lon 17.63', () => {
    const result = toSweref99(17.63, 59.195);
    expect(result).toMatchObject({ ok: true, crs: 'EPSG:4326', swapped: false });
    if (!result.ok) return;
    expect(result.e).toBeGreaterThan(650_000);
    expect(result.e).toBeLessThan(660_000);
    expect(result.n).toBeGreaterThan(6_560_000);
    expect(result.n).toBeLessThan(6_567_000);
    const [e, n] = proj4('WGS84', SWEREF99TM, [17.63, 59.195]);
    expect(result.e).toBeCloseTo(e ?? NaN, 6);
    expect(result.n).toBeCloseTo(n ?? NaN, 6);
  });

  it('recognises latitude/longitude given the other way round', () => {
    const straight = toSweref99(17.63, 59.195);
    const swapped = toSweref99(59.195, 17.63);
    expect(swapped).toMatchObject({ ok: true, crs: 'EPSG:4326', swapped: true });
    if (straight.ok && swapped.ok) expect([swapped.e, swapped.n]).toEqual([straight.e, straight.n]);
  });

  it('round-trips SWEREF 99 TM → WGS84 → SWEREF 99 TM within a millimetre', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 300_000, max: 900_000, noNaN: true }),
        fc.double({ min: 6_150_000, max: 7_650_000, noNaN: true }),
        fc.boolean(),
        (e, n, swap) => {
          const [lon, lat] = fromSweref99(e, n);
          // Keep to Sweden's degree box: the far corners of the grid box are not all in it.
          fc.pre(lon >= 10.5 && lon <= 24.5 && lat >= 55.2 && lat <= 69.5);
          const back = swap ? toSweref99(lat, lon) : toSweref99(lon, lat);
          expect(back.ok).toBe(true);
          if (!back.ok) return;
          expect(back.swapped).toBe(swap);
          expect(Math.abs(back.e - e)).toBeLessThan(0.001);
          expect(Math.abs(back.n - n)).toBeLessThan(0.001);
        },
      ),
    );
  });

  it.each([
    [null, null, 'missing'],
    [655120, null, 'missing'],
    [Number.NaN, 6563420, 'missing'],
    [Number.POSITIVE_INFINITY, 6563420, 'missing'],
    [0, 0, 'zero'],
    [0, 6563420, 'zero'],
    [1_570_000, 6_563_000, 'rt90'],
    [24.9, 69.9, 'outside_sweden'],
    [-17.63, 59.195, 'unrecognised'],
    [1234, 5678, 'unrecognised'],
    [655120, 655120, 'unrecognised'],
  ] as const)('(%s, %s) → %s', (x, y, reason) => {
    expect(toSweref99(x, y)).toEqual({ ok: false, reason });
  });
});
