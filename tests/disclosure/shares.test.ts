import { describe, expect, it } from 'vitest';
import { flatDimension } from '../../disclosure/dimensions.ts';
import {
  decideRate,
  decideShare,
  DEFAULT_SHARE_RULES,
  shareSensitivity,
  shareSuppressionInputs,
  wilsonInterval,
} from '../../disclosure/shares.ts';
import { suppress } from '../../disclosure/suppress.ts';
import type { CellDecision, LinearTable } from '../../disclosure/table.ts';
import { DEFAULT_RULES, keyId } from '../../disclosure/table.ts';

const rules = DEFAULT_SHARE_RULES; // k 5, min denominator 10, extremes suppressed, complement on

function decision(count: number, published: number | null, status: CellDecision['status'] = 'published'): CellDecision {
  return { key: ['a'], count, published, status, reason: published === null ? 'primary:k' : 'published' };
}
const pop = (count: number): { count: number; published: number; status: 'published' } => ({
  count,
  published: count,
  status: 'published',
});

describe('shares follow their counts', () => {
  it('suppresses a share whose numerator or denominator is suppressed', () => {
    expect(decideShare(decision(3, null, 'suppressed_primary'), pop(40), rules)).toMatchObject({
      share: null,
      status: 'suppressed_secondary',
      reason: 'suppressed:numerator',
    });
    expect(decideShare(decision(12, 12), { count: 40, published: null, status: 'suppressed_secondary' }, rules).reason).toBe(
      'suppressed:denominator',
    );
  });

  it('treats 0 %, 100 %, all-but-a-few and small bases as disclosive', () => {
    expect(decideShare(decision(0, 0), pop(40), rules).reason).toBe('suppressed:extreme');
    expect(decideShare(decision(40, 40), pop(40), rules).reason).toBe('suppressed:extreme');
    expect(decideShare(decision(37, 37), pop(40), rules).reason).toBe('suppressed:complement');
    expect(decideShare(decision(6, 6), pop(8), rules).reason).toBe('suppressed:small-denominator');
    expect(shareSensitivity({ key: ['a'], numerator: 20, denominator: 40 }, rules)).toBeUndefined();
  });

  it('publishes an ordinary share with its Wilson interval and flags small bases', () => {
    const wide = decideShare(decision(6, 6), pop(12), rules);
    expect(wide.share).toBeCloseTo(0.5, 12);
    expect(wide.uncertain).toBe(true);
    const narrow = decideShare(decision(300, 300), pop(1000), rules);
    expect(narrow.uncertain).toBe(false);
    expect(narrow.interval?.low).toBeLessThan(0.3);
    expect(narrow.interval?.high).toBeGreaterThan(0.3);
  });

  it('computes the Wilson interval', () => {
    // Known values: 5 of 10 → [0.2366, 0.7634]; 0 of 20 → [0, 0.1611].
    const a = wilsonInterval(5, 10);
    expect(a.low).toBeCloseTo(0.2366, 4);
    expect(a.high).toBeCloseTo(0.7634, 4);
    const b = wilsonInterval(0, 20);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.1611, 4);
  });
});

describe('rates never give a count back', () => {
  it('suppresses a rate on a suppressed count', () => {
    expect(decideRate(decision(3, null, 'suppressed_primary'), 1200, 1000, rules)).toMatchObject({
      rate: null,
      reason: 'suppressed:numerator',
    });
  });

  it('computes a rate from the published (perturbed) count, never the true one', () => {
    const perturbed: CellDecision = { key: ['a'], count: 7, published: 9, status: 'perturbed', reason: 'perturbed:ckm' };
    const rate = decideRate(perturbed, 1500, 1000, rules);
    expect(rate.rate).toBeCloseTo(6, 12);
    expect(((rate.rate ?? 0) * 1500) / 1000).not.toBeCloseTo(7, 6);
    expect(rate.status).toBe('perturbed');
  });

  it('suppresses rates on tiny populations', () => {
    expect(decideRate(decision(12, 12), 6, 1000, rules).reason).toBe('suppressed:small-denominator');
  });
});

describe('share-disclosive numerators in the count table', () => {
  it('makes 0 % and 100 % numerators primary and protects them within [0, denominator]', async () => {
    // Pupils with incomplete grades by school area; denominators are the (public) numbers of pupils.
    const areas = ['s1', 's2', 's3', 's4'];
    const numerators = [0, 30, 14, 22];
    const denominators = [25, 30, 40, 60];
    const table: LinearTable = {
      dimensions: [flatDimension('skolområde', [...areas, 'alla'], 'alla')],
      cells: areas.map((a, i) => ({ key: [a], count: numerators[i] ?? 0 })),
    };
    const shareCells = [
      ...areas.map((a, i) => ({ key: [a], numerator: numerators[i] ?? 0, denominator: denominators[i] ?? 0 })),
      { key: ['alla'], numerator: 66, denominator: 155 },
    ];
    const { extraPrimary, upperBounds } = shareSuppressionInputs(shareCells, rules);
    expect([...extraPrimary.keys()].sort()).toEqual([keyId(['s1']), keyId(['s2'])]);
    const result = await suppress(table, DEFAULT_RULES, { extraPrimary, upperBounds, intervals: 'exact' });
    const byId = new Map(result.cells.map((c) => [keyId(c.key), c]));
    const zero = byId.get(keyId(['s1']));
    const all = byId.get(keyId(['s2']));
    expect(zero?.reason).toBe('primary:share');
    expect(all?.reason).toBe('primary:share');
    // 0 %: the intruder must not rule out that someone has the attribute.
    expect(zero?.interval?.max).toBeGreaterThanOrEqual(1);
    // 100 %: knowing that 30 is the most possible, the intruder must not be able to confirm it was everyone.
    expect(all?.interval?.max).toBeLessThanOrEqual(30 + 1e-9);
    expect(all?.interval?.min).toBeLessThanOrEqual(28 + 1e-9);
    expect(result.unprotected).toEqual([]);
    const denominatorOf = new Map(shareCells.map((s) => [keyId(s.key), s.denominator]));
    const shares = new Map(
      result.cells.map((c) => {
        const d = denominatorOf.get(keyId(c.key)) ?? 0;
        return [c.key[0], decideShare(c, { count: d, published: d, status: 'published' }, rules)] as const;
      }),
    );
    expect(shares.get('s1')?.share).toBeNull();
    expect(shares.get('s2')?.share).toBeNull();
    // Every share whose numerator is `..` is `..` too.
    for (const c of result.cells) if (c.published === null) expect(shares.get(c.key[0])?.share).toBeNull();
  });
});
