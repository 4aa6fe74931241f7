/**
 * Cross-source view: several indicators from different actors rising together in one area (vandalism from the
 * housing company, fires from the fire service, disturbances from the guards) is the escalation the study warns
 * of before school fires; it should outrank one noisy series.
 *
 * Per area: indicators are grouped by source and each source gets one p-value (Simes over its indicators — valid
 * when an actor's indicators overlap, e.g. two vandalism categories, and it keeps one actor's reporting change from
 * counting as several sources). Across sources the Benjamini–Heller partial conjunction for "at least two sources
 * elevated" drops the smallest source p-value and combines the rest (by default Zaykin's truncated product at
 * τ = 0.1, which is not drowned by the unremarkable sources), so one extreme series alone cannot produce a
 * cross-source signal. BH over areas controls the false discovery rate of cross-source signals; the ranking score
 * is −log10 of the partial-conjunction p-value. With the scan over recent windows (window-test.ts) the combination is
 * made for each window length on the indicators' p-values for that window — several actors rising since the same
 * month — and the best window pays Bonferroni over the window lengths.
 */
import { benjaminiHochberg, partialConjunction, simes, type Combination } from './multiple-testing.ts';
import type { AreaSignal, SeriesTest } from './types.ts';

export interface CombineOptions {
  fdr: number;
  combination: Combination;
  /** Nominal level that makes an indicator a contributor in the listing (not a test). */
  nominal?: number;
}

export function combineByArea<T extends SeriesTest>(tests: readonly T[], opts: CombineOptions): AreaSignal<T>[] {
  const nominal = opts.nominal ?? 0.05;
  const byArea = new Map<string, T[]>();
  for (const test of tests) {
    // A series without a single event carries no information (its minimum attainable p is 1); leaving it out is
    // a function of the margins only and keeps the combination from being diluted.
    if (test.minAttainableP >= 1) continue;
    const list = byArea.get(test.area) ?? [];
    list.push(test);
    byArea.set(test.area, list);
  }
  const drafts = [...byArea].map(([area, list]) => {
    // Window by window: several sources rising since the same month is the pattern; each window's evidence is
    // combined across sources, and the best window pays Bonferroni over the window lengths (as a series does).
    const lengths = [...new Set(list.flatMap((t) => t.windows.map((w) => w.months)))];
    const perWindow = (lengths.length > 0 ? lengths : [0]).map((months) => {
      const bySource = new Map<string, number[]>();
      for (const t of list) {
        const p = months === 0 ? t.pValue : (t.windows.find((w) => w.months === months)?.pValue ?? 1);
        bySource.set(t.source, [...(bySource.get(t.source) ?? []), p]);
      }
      const sourceP = [...bySource.values()].map((ps) => simes(ps));
      return {
        multi: partialConjunction(sourceP, 2, opts.combination),
        any: partialConjunction(sourceP, 1, opts.combination),
        sources: sourceP.length,
      };
    });
    const k = perWindow.length;
    const elevated = list
      .filter((t) => t.signal || (t.pValue <= nominal && (t.ratio === null || t.ratio > 1)))
      .sort((a, b) => a.pValue - b.pValue);
    return {
      area,
      pMulti: Math.min(1, k * Math.min(...perWindow.map((w) => w.multi))),
      pAny: Math.min(1, k * Math.min(...perWindow.map((w) => w.any))),
      sources: new Set(elevated.map((t) => t.source)).size,
      sourcesTested: perWindow[0]?.sources ?? 0,
      hasSignal: list.some((t) => t.signal),
      indicators: elevated,
    };
  });
  const q = benjaminiHochberg(drafts.map((d) => d.pMulti));
  const areas = drafts.map((d, i): AreaSignal<T> => {
    const qMulti = q[i] ?? 1;
    return {
      ...d,
      qMulti,
      score: -Math.log10(Math.max(d.pMulti, 1e-300)),
      crossSource: qMulti <= opts.fdr && d.sources >= 2,
    };
  });
  // Breadth first: the score is evidence that at least two sources rose, so one loud series — however loud — does
  // not outrank a quieter rise across actors (it is in the signal list on its own merit).
  const bestP = (a: AreaSignal<T>): number => a.indicators[0]?.pValue ?? 1;
  return areas.sort(
    (a, b) => Number(b.crossSource) - Number(a.crossSource) || b.score - a.score || bestP(a) - bestP(b) || (a.area < b.area ? -1 : 1),
  );
}
