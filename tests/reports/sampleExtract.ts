/**
 * A realistic view extract for the writer tests: a fictional municipality with 17 areas (municipality, two NYKO1,
 * four NYKO2, nine NYKO3 and 'Okänt område'), twelve months, a count (with its rate per 1 000 inhabitants), a cost
 * sum and a share, with primary and secondary suppression, CKM-perturbed counts, a previous-year comparison,
 * rectangular boundaries and a signal.
 * Values come from a seeded generator so the golden CSV stays the same from run to run.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { CellStatus, ExtractArea, ExtractCell, ExtractIndicator, ExtractPeriod, ViewExtract } from '../../reports/extract/types.ts';

export const HOSTILE_NAME = '=HYPERLINK("x")';

const MUNICIPALITY = { code: '0999', name: 'Demostad' };

export const AREAS: ExtractArea[] = [
  { code: MUNICIPALITY.code, name: MUNICIPALITY.name, level: 0, parent: null },
  { code: '1', name: 'Centrala Demostad', level: 1, parent: MUNICIPALITY.code },
  { code: '2', name: 'Norra Demostad', level: 1, parent: MUNICIPALITY.code },
  { code: '11', name: 'Centrum', level: 2, parent: '1' },
  { code: '12', name: 'Östra hamnen', level: 2, parent: '1' },
  { code: '21', name: 'Ängby', level: 2, parent: '2' },
  { code: '22', name: 'Björkhagen', level: 2, parent: '2' },
  { code: '111', name: 'Stortorget', level: 3, parent: '11' },
  { code: '112', name: 'Åsen', level: 3, parent: '11' },
  { code: '121', name: 'Sjöstaden', level: 3, parent: '12' },
  { code: '122', name: 'Lövholmen', level: 3, parent: '12' },
  { code: '211', name: 'Ängby centrum', level: 3, parent: '21' },
  { code: '212', name: 'Ängby gård', level: 3, parent: '21' },
  { code: '221', name: 'Björkhagen västra', level: 3, parent: '22' },
  { code: '222', name: HOSTILE_NAME, level: 3, parent: '22' },
  { code: '223', name: 'Kvarnbäcken', level: 3, parent: '22' },
  { code: 'okand', name: 'Okänt område', level: 3, parent: MUNICIPALITY.code },
];

export const STORM_RATE: ExtractIndicator = {
  code: 'polis.storm.total.per_1000_inv',
  label: 'STORM-händelser per 1 000 invånare',
  unit: 'per 1 000 invånare',
  kind: 'rate',
};

export const INDICATORS: ExtractIndicator[] = [
  { code: 'polis.storm.total', label: 'STORM-händelser', unit: 'antal', kind: 'count', rate: STORM_RATE },
  { code: 'bostad.skadegorelse.kostnad', label: 'Skadegörelse, reparationskostnad', unit: 'kronor', kind: 'sum' },
  { code: 'social.oro.andel', label: 'Barn 0–17 år med orosanmälan', unit: 'andel', kind: 'share' },
];

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

export const PERIODS: ExtractPeriod[] = MONTHS.map((name, i) => {
  const mm = String(i + 1).padStart(2, '0');
  const last = new Date(Date.UTC(2025, i + 1, 0)).getUTCDate();
  return { key: `2025-${mm}`, label: `${name} 2025`, start: `2025-${mm}-01`, end: `2025-${mm}-${last}` };
});

/** mulberry32: small, seeded, good enough for test data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEAVES = AREAS.filter((a) => a.level === 3);
const K = 5;

interface Truth {
  count: Map<string, number>;
  children: Map<string, number>;
}

const key = (area: string, period: string): string => `${area}|${period}`;

/** True counts per leaf and month, summed up the hierarchy (the writers never see these directly). */
function truth(rnd: () => number, scale: number): Truth {
  const count = new Map<string, number>();
  const children = new Map<string, number>();
  for (const period of PERIODS) {
    for (const [i, leaf] of LEAVES.entries()) {
      const base = leaf.code === 'okand' ? 2 : 3 + ((i * 7) % 20);
      const n = Math.max(0, Math.round(base * scale * (0.6 + rnd() * 0.8)));
      count.set(key(leaf.code, period.key), n);
      children.set(key(leaf.code, period.key), Math.round(300 + ((i * 131) % 900)));
    }
    for (const level of [2, 1, 0]) {
      for (const area of AREAS.filter((a) => a.level === level)) {
        const kids = AREAS.filter((a) => a.parent === area.code);
        const sum = (m: Map<string, number>): number => kids.reduce((s, kid) => s + (m.get(key(kid.code, period.key)) ?? 0), 0);
        count.set(key(area.code, period.key), sum(count));
        children.set(key(area.code, period.key), sum(children));
      }
    }
  }
  return { count, children };
}

/** Small leaf counts are primary; a sibling of each is secondary; a few others perturbed. */
function statuses(t: Truth, rnd: () => number): Map<string, { status: CellStatus; reason: string }> {
  const out = new Map<string, { status: CellStatus; reason: string }>();
  for (const period of PERIODS) {
    for (const leaf of LEAVES) {
      const n = t.count.get(key(leaf.code, period.key)) ?? 0;
      if (n > 0 && n < K) out.set(key(leaf.code, period.key), { status: 'suppressed_primary', reason: 'primary:k' });
    }
    for (const leaf of LEAVES) {
      if (out.get(key(leaf.code, period.key))?.status !== 'suppressed_primary' || leaf.code === 'okand') continue;
      const sibling = LEAVES.find((s) => s.parent === leaf.parent && s.code !== leaf.code && !out.has(key(s.code, period.key)));
      if (sibling) out.set(key(sibling.code, period.key), { status: 'suppressed_secondary', reason: 'secondary:protection' });
    }
    for (const area of AREAS) {
      if (!out.has(key(area.code, period.key)) && rnd() < 0.1)
        out.set(key(area.code, period.key), { status: 'perturbed', reason: 'perturbed:ckm' });
    }
  }
  return out;
}

function wilson(x: number, n: number): [number, number] {
  const z = 1.96;
  const p = x / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const round = (v: number, decimals: number): number => Math.round(v * 10 ** decimals) / 10 ** decimals;

function cellsFor(seed: number, scale: number): ExtractCell[] {
  const rnd = random(seed);
  const t = truth(rnd, scale);
  const status = statuses(t, rnd);
  const cells: ExtractCell[] = [];
  for (const area of AREAS) {
    for (const period of PERIODS) {
      const k = key(area.code, period.key);
      const n = t.count.get(k) ?? 0;
      const s = status.get(k) ?? { status: 'published' as const, reason: 'published' };
      const hidden = s.status === 'suppressed_primary' || s.status === 'suppressed_secondary';
      const noise = s.status === 'perturbed' ? (rnd() < 0.5 ? -1 : 2) : 0;
      const shown = Math.max(0, n + noise);
      cells.push({
        indicator: 'polis.storm.total',
        area: area.code,
        period: period.key,
        value: hidden ? null : shown,
        status: s.status,
        reason: s.reason,
        ...(s.status === 'perturbed' ? { lower: Math.max(0, shown - 2), upper: shown + 2 } : {}),
        ...(!hidden && shown < 10 ? { uncertain: true } : {}),
      });
      cells.push({
        indicator: 'bostad.skadegorelse.kostnad',
        area: area.code,
        period: period.key,
        value: hidden ? null : Math.round((n * (800 + rnd() * 2200)) / 100) * 100,
        status: hidden ? s.status : 'published',
        reason: hidden ? s.reason : 'published',
      });
      const children = t.children.get(k) ?? 0;
      const numerator = Math.round(n * 2.5);
      const shareHidden = hidden || numerator < K || (area.level === 0 && period.key === '2025-06');
      const [lower, upper] = wilson(numerator, children);
      cells.push({
        indicator: 'social.oro.andel',
        area: area.code,
        period: period.key,
        value: shareHidden ? null : round(numerator / children, 4),
        status: shareHidden ? (hidden ? s.status : area.level === 0 ? 'suppressed_secondary' : 'suppressed_primary') : 'published',
        reason: shareHidden ? (hidden ? s.reason : area.level === 0 ? 'suppressed:denominator' : 'suppressed:numerator') : 'published',
        basis: children,
        lower: shareHidden ? null : round(lower, 4),
        upper: shareHidden ? null : round(upper, 4),
        ...(!shareHidden && numerator < 20 ? { uncertain: true } : {}),
      });
    }
  }
  return cells;
}

/**
 * Inhabitants per area: the NYKO3 areas differ a lot in size, so a map by count and a map by rate disagree.
 * Kvarnbäcken is almost empty (a rate on 40 inhabitants is suppressed although its count is not); 'okand' has none.
 */
export const POPULATION: ReadonlyMap<string, number> = (() => {
  const leaves = new Map<string, number>(LEAVES.filter((a) => a.code !== 'okand').map((a, i) => [a.code, 1500 + ((i * 2377) % 9000)]));
  leaves.set('223', 40);
  const all = new Map(leaves);
  for (const level of [2, 1, 0]) {
    for (const area of AREAS.filter((a) => a.level === level)) {
      all.set(
        area.code,
        AREAS.filter((a) => a.parent === area.code).reduce((s, kid) => s + (all.get(kid.code) ?? 0), 0),
      );
    }
  }
  return all;
})();

/**
 * STORM events per 1 000 inhabitants, as the publication layer derives them from the count's decisions: hidden
 * where the count is, perturbed where it is, suppressed on a population under 50 and where there is none.
 */
function rateCellsFor(cells: readonly ExtractCell[]): ExtractCell[] {
  return cells
    .filter((c) => c.indicator === 'polis.storm.total')
    .map((c): ExtractCell => {
      const population = POPULATION.get(c.area) ?? 0;
      const base = { indicator: STORM_RATE.code, area: c.area, period: c.period };
      if (population < 50) return { ...base, value: null, status: 'suppressed_primary', reason: 'suppressed:small-denominator' };
      if (c.value === null) return { ...base, value: null, status: 'suppressed_secondary', reason: 'suppressed:numerator' };
      return { ...base, value: (c.value / population) * 1000, status: c.status, reason: c.reason, basis: population };
    });
}

/** Nine rectangles in SWEREF 99 TM around a town in Södermanland; Sjöstaden is an island plus a shore strip. */
function boundaries(): FeatureCollection {
  const rect = (x0: number, y0: number, w: number, h: number): number[][][] => [
    [
      [x0, y0],
      [x0 + w, y0],
      [x0 + w, y0 + h],
      [x0, y0 + h],
      [x0, y0],
    ],
  ];
  const E = 640000;
  const N = 6555000;
  const cells: [string, number, number, number, number][] = [
    ['111', E, N, 1500, 1200],
    ['112', E + 1500, N, 1500, 1200],
    ['122', E + 3000, N, 2000, 1200],
    ['211', E, N + 1200, 1800, 1500],
    ['212', E + 1800, N + 1200, 1200, 1500],
    ['221', E + 3000, N + 1200, 2000, 1500],
    ['222', E, N + 2700, 2500, 1300],
    ['223', E + 2500, N + 2700, 2500, 1300],
  ];
  const features: Feature<Polygon | MultiPolygon>[] = cells.map(([code, x, y, w, h]) => ({
    type: 'Feature',
    properties: { code },
    geometry: { type: 'Polygon', coordinates: rect(x, y, w, h) },
  }));
  features.push({
    type: 'Feature',
    properties: { code: '121' },
    geometry: { type: 'MultiPolygon', coordinates: [rect(E + 500, N - 900, 2500, 700), rect(E + 3300, N - 700, 600, 400)] },
  });
  return { type: 'FeatureCollection', features };
}

export function sampleExtract(): ViewExtract {
  const cells = cellsFor(20250101, 1);
  const previous = cellsFor(20240101, 0.9);
  const count = (status: CellStatus): number => cells.filter((c) => c.status === status).length;
  return {
    view: { name: 'gemensam', title: 'Gemensam lägesbild', actor: 'huvudman', actorName: 'Demostads kommun', grain: 'month' },
    asOf: '2026-01-10',
    generatedAt: '2026-01-15T01:00:00.000Z',
    municipality: MUNICIPALITY,
    indicators: INDICATORS,
    areas: AREAS,
    periods: PERIODS,
    cells,
    rateCells: rateCellsFor(cells),
    comparisons: [{ kind: 'previous_year', cells: previous }],
    sources: [
      { actor: 'polisen', actorName: 'Polisen', coveredTo: '2025-12-31', lastDelivery: '2026-01-08T09:12:00+01:00' },
      { actor: 'bostadsbolaget', actorName: 'Bostadsbolaget', coveredTo: '2025-11-30', lastDelivery: '2025-12-04T15:40:00+01:00' },
      { actor: 'socialtjansten', actorName: 'Socialtjänsten', coveredTo: '2025-12-31', lastDelivery: '2026-01-05' },
    ],
    suppression: {
      method: 'mixed',
      k: K,
      suppressedPrimary: count('suppressed_primary'),
      suppressedSecondary: count('suppressed_secondary'),
      perturbed: count('perturbed'),
      hiddenShareOfTotal: 0.021,
    },
    boundaries: boundaries(),
    signals: [
      {
        area: '211',
        areaName: 'Ängby centrum',
        indicators: ['polis.storm.total', 'bostad.skadegorelse.kostnad'],
        since: '2025-10',
        ratio: 1.8,
        note: 'Ökning i två källor samtidigt, tre månader i följd.',
      },
    ],
  };
}
