import type { FeatureCollection, Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { extractGeoJSON } from '../../reports/extract/geojson.ts';
import { sampleExtract } from './sampleExtract.ts';

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
