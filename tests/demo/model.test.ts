/** Unit properties of the generator's building blocks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFires } from '../../pipelines/demo/fires.ts';
import { formatPnr, luhnDigit, makePnr } from '../../pipelines/demo/identity.ts';
import { renderAddress } from '../../pipelines/demo/location.ts';
import { buildMunicipality } from '../../pipelines/demo/municipality.ts';
import { Rng, apportion } from '../../pipelines/demo/random.ts';
import {
  EVENING_HOURS,
  FLAT_MONTHS,
  TimeSampler,
  WEEKEND_HEAVY,
  dayIndexOf,
  excelSerial,
  instant,
  isDstChangeDay,
  stockholmOffset,
  wall,
} from '../../pipelines/demo/time.ts';
import { luhnValid } from './helpers.ts';

describe('random', () => {
  it('is deterministic per seed and forks independently of use', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
    const fresh = new Rng(9).fork('x').next();
    const used = new Rng(9);
    used.next();
    expect(used.fork('x').next()).toBe(fresh);
    expect(new Rng(9).fork('y').next()).not.toBe(fresh);
  });

  it('draws integers within bounds and apportions exactly', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, lo, span) => {
        const r = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const v = r.int(lo, lo + span);
          if (v < lo || v > lo + span) return false;
        }
        return true;
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (total, w) => {
          return apportion(total, w).reduce((a, b) => a + b, 0) === total;
        },
      ),
    );
  });
});

describe('identity numbers', () => {
  it('are Luhn-valid in every written form, coordination numbers included', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1930, max: 2024 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.boolean(),
        (seed, year, month, day, coordination) => {
          const p = makePnr(new Rng(seed), { year, month, day }, coordination);
          const forms = (['long-dash', 'short-dash', 'long', 'short'] as const).map((f) => formatPnr(p, f));
          const dd = Number(p.century.slice(6, 8));
          return forms.every(luhnValid) && (coordination ? dd === day + 60 : dd === day);
        },
      ),
    );
    expect(luhnDigit('811218987')).toBe(6); // 811218-9876, the Skatteverket example
    const p = makePnr(new Rng(1), { year: 1985, month: 4, day: 12 });
    expect(formatPnr(p, 'long-dash')).toMatch(/^19850412-\d{4}$/);
    expect(formatPnr(p, 'short-dash')).toMatch(/^850412-\d{4}$/);
    expect(formatPnr(p, 'long')).toMatch(/^19850412\d{4}$/);
    expect(formatPnr(p, 'short')).toMatch(/^850412\d{4}$/);
  });
});

describe('time', () => {
  it('encodes Swedish wall time independently of the process time zone', () => {
    expect(excelSerial(wall(2025, 3, 14))).toBe(45730);
    expect(excelSerial(wall(2025, 3, 14, 12))).toBe(45730.5);
    expect(stockholmOffset(wall(2025, 1, 15, 12))).toBe(1);
    expect(stockholmOffset(wall(2025, 7, 1, 12))).toBe(2);
    expect(isDstChangeDay(wall(2025, 3, 30))).toBe(true);
    expect(isDstChangeDay(wall(2025, 10, 26))).toBe(true);
    expect(isDstChangeDay(wall(2025, 10, 19))).toBe(false);
    expect(instant(wall(2025, 7, 1, 12))).toBe(Date.UTC(2025, 6, 1, 10));
  });

  it('never samples the skipped or repeated night hour of a clock change', () => {
    const s = new TimeSampler(2025, { month: FLAT_MONTHS, weekday: WEEKEND_HEAVY, hour: EVENING_HOURS });
    const rng = new Rng(1);
    for (const day of [dayIndexOf(wall(2025, 3, 30)), dayIndexOf(wall(2025, 10, 26))]) {
      for (let i = 0; i < 500; i++) expect(new Date(s.sampleTimeOnDay(rng, day)).getUTCHours()).not.toBe(2);
    }
  });
});

describe('addresses as written', () => {
  const m = buildMunicipality(new Rng(3).fork('municipality'), 2025);
  const rng = new Rng(4);

  it('renders the usual messy forms', () => {
    const a = m.addresses.find((x) => x.letter !== '' && x.street.endsWith('vägen') && !x.ambiguous);
    if (!a) throw new Error('no lettered vägen address');
    expect(renderAddress(a, 'compact', rng).text).toBe(`${a.street} ${a.number}${a.letter}`);
    expect(renderAddress(a, 'abbrev', rng).text).toBe(`${a.street.slice(0, -5)}v. ${a.number}${a.letter}`);
    expect(renderAddress(a, 'upper', rng).text).toBe(a.text.toUpperCase());
    expect(renderAddress(a, 'suffix', rng).text).toBe(`${a.text}, ${a.postcode} ${a.town}`);
    expect(renderAddress(a, 'lgh', rng).text).toMatch(new RegExp(`^${a.text} lgh 1\\d{3}$`));
  });

  it('treats an ambiguous street number as unresolvable unless the postcode is written', () => {
    const amb = m.ambiguousAddresses[0];
    if (!amb) throw new Error('no ambiguous address');
    expect(renderAddress(amb, 'plain', rng).resolvable).toBe(false);
    expect(renderAddress(amb, 'suffix', rng).resolvable).toBe(true);
  });
});

describe('fire plan', () => {
  it('keeps shared fires in one area and day within 45 min, different fires ≥ 3 h apart, even at double volume', () => {
    const m = buildMunicipality(new Rng(8).fork('municipality'), 2025);
    const plan = planFires(new Rng(8).fork('fires'), m, 2025, 2);
    const fires = plan.rtj.filter((c) => c.type.startsWith('Brand'));
    expect(fires.length).toBeGreaterThan(300);
    const reports = [
      ...fires.map((f) => ({ area: f.area, t: instant(f.time), src: 'rtj' })),
      ...plan.policeFires.map((p) => ({ area: p.area, t: instant(p.time), src: 'polis' })),
    ].filter((r) => r.area !== 'okand');
    let pairs = 0;
    for (let i = 0; i < reports.length; i++) {
      for (let j = i + 1; j < reports.length; j++) {
        const a = reports[i];
        const b = reports[j];
        if (!a || !b || a.area !== b.area) continue;
        const gap = Math.abs(a.t - b.t) / 60_000;
        if (gap <= 60) {
          expect(a.src).not.toBe(b.src);
          expect(gap).toBeLessThanOrEqual(45);
          pairs++;
        } else expect(gap).toBeGreaterThanOrEqual(180);
      }
    }
    expect(pairs).toBe(plan.pairs);
  });
});
