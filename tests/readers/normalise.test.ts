import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseHeader } from '../../connectors/readers/index.ts';

describe('normaliseHeader', () => {
  it.each([
    ['  Händelsenummer ', 'händelsenummer'],
    ['ÅLDER', 'ålder'],
    ['Kostnad\u00A0(kr)', 'kostnad (kr)'],
    ['Hot eller\nvåld  mot\tpersonal', 'hot eller våld mot personal'],
    ['Datum:', 'datum'],
    ['"Adress"', 'adress'],
    ['"Datum:"', 'datum'],
    ['"Datum":', 'datum'],
    ['\u201CTid\u201D', 'tid'],
    ['\uFEFFÄrendenummer', 'ärendenummer'],
    // macOS exports may decompose å into a + combining ring.
    ['Omra\u030Ade', 'område'],
    ['__proto__', '__proto__'],
    ['', ''],
    ['"', '"'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseHeader(input)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const once = normaliseHeader(s);
        expect(normaliseHeader(once)).toBe(once);
      }),
    );
  });
});
