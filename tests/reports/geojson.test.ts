import type { FeatureCollection, Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { displayNumber } from '../../reports/extract/format.ts';
import { extractGeoJSON } from '../../reports/extract/geojson.ts';
import { sampleExtract, STORM_RATE } from './sampleExtract.ts';

type Collection = FeatureCollection<Geometry | null, Record<string, unknown>> & { crs?: { properties: { name: string } } };

const positions = (g: Geometry | null): Position[] =>
  g?.type === 'Polygon' ? g.coordinates.flat() : g?.type === 'MultiPolygon' ? g.coordinates.flat(2) : [];

const rings = (g: Geometry | null): Position[][] =>
  g?.type === 'Polygon' ? g.coordinates : g?.type === 'MultiPolygon' ? g.coordinates.flat() : [];

describe('extractGeoJSON', () => {
  const x = sampleExtract();
  const nyko3 = x.areas.filter((a) => a.level === 3 && a.code !== 'okand');

  it('has one feature per NYKO3 area with value and status per indicator for the latest period', () => {
    const fc = JSON.parse(extractGeoJSON(x, 'EPSG:3006')) as Collection;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.properties['code'])).toEqual(nyko3.map((a) => a.code));
    for (const f of fc.features) {
      expect(f.type).toBe('Feature');
      for (const indicator of x.indicators) {
        const cell = x.cells.find((c) => c.indicator === indicator.code && c.area === f.properties['code'] && c.period === '2025-12');
        expect(f.properties[`${indicator.code}__status`]).toBe(cell?.status);
        if (cell?.status.startsWith('suppressed')) expect(f.properties[indicator.code]).toBeNull();
        else expect(typeof f.properties[indicator.code]).toBe('number');
      }
      for (const ring of rings(f.geometry)) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring.at(0)).toEqual(ring.at(-1));
      }
    }
    const hostile = fc.features.find((f) => f.properties['code'] === '222');
    expect(hostile?.properties['name']).toBe('=HYPERLINK("x")');
  });

  it('carries the rate and its status beside a count with a population denominator, and names it as what to colour by', () => {
    const fc = JSON.parse(extractGeoJSON(x, 'EPSG:3006')) as Collection & { lagesbild: { indicators: Record<string, unknown>[] } };
    for (const f of fc.features) {
      const rate = x.rateCells?.find((c) => c.area === f.properties['code'] && c.period === '2025-12');
      expect(rate).toBeDefined();
      expect(f.properties['polis.storm.total__rate_status']).toBe(rate?.status);
      expect(f.properties['polis.storm.total__rate']).toBe(rate?.value == null ? null : displayNumber(STORM_RATE, rate.value));
      // Only the count has a population denominator here.
      expect(Object.keys(f.properties).filter((k) => k.endsWith('__rate'))).toEqual(['polis.storm.total__rate']);
    }
    // Kvarnbäcken has 40 inhabitants: its count is shown, its rate is not.
    const small = fc.features.find((f) => f.properties['code'] === '223');
    expect(typeof small?.properties['polis.storm.total']).toBe('number');
    expect(small?.properties['polis.storm.total__rate']).toBeNull();
    expect(small?.properties['polis.storm.total__rate_status']).toBe('suppressed_primary');
    expect(fc.lagesbild.indicators.map((i) => i['mapProperty'])).toEqual([
      'polis.storm.total__rate',
      'bostad.skadegorelse.kostnad',
      'social.oro.andel',
    ]);
    expect(fc.lagesbild.indicators[0]?.['rate']).toEqual({ code: STORM_RATE.code, label: STORM_RATE.label, unit: 'per 1 000 invånare' });
  });

  it('without the rate in the extract, a count stays a count', () => {
    const { rateCells: _, ...rest } = x;
    const fc = JSON.parse(extractGeoJSON(rest, 'EPSG:3006')) as Collection;
    expect(fc.features.every((f) => !('polis.storm.total__rate' in f.properties))).toBe(true);
  });

  it('names EPSG:3006 and rounds to whole metres', () => {
    const fc = JSON.parse(extractGeoJSON(x, 'EPSG:3006')) as Collection;
    expect(fc.crs?.properties.name).toBe('urn:ogc:def:crs:EPSG::3006');
    expect(
      fc.features.flatMap((f) => positions(f.geometry)).every(([e = 0.5, n = 0.5]) => Number.isInteger(e) && Number.isInteger(n)),
    ).toBe(true);
  });

  it('gives WGS84 longitude/latitude inside Sweden, 6 decimals, without a crs member', () => {
    const fc = JSON.parse(extractGeoJSON(x, 'EPSG:4326')) as Collection;
    expect(fc.crs).toBeUndefined();
    const all = fc.features.flatMap((f) => positions(f.geometry));
    expect(all.length).toBeGreaterThan(0);
    for (const [lon = 0, lat = 0] of all) {
      expect(lon).toBeGreaterThan(10.9);
      expect(lon).toBeLessThan(24.2);
      expect(lat).toBeGreaterThan(55.3);
      expect(lat).toBeLessThan(69.1);
      expect(Math.round(lon * 1e6) / 1e6).toBe(lon);
    }
  });

  it('keeps areas without boundaries as features without geometry', () => {
    const { boundaries: _, ...rest } = x;
    const fc = JSON.parse(extractGeoJSON(rest, 'EPSG:4326')) as Collection;
    expect(fc.features).toHaveLength(nyko3.length);
    expect(fc.features.every((f) => f.geometry === null)).toBe(true);
  });
});
