import fc from 'fast-check';
import type { Polygon } from 'geojson';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { AreaBoundaries } from '../../nyko/boundaries.ts';
import { gridGeoJSON, squareGrid, squareRing, SWEREF99TM } from './fixtures.ts';

const squares = squareGrid(4, 3);
const grid = AreaBoundaries.fromGeoJSON(gridGeoJSON(squares));
const toLonLat = (p: number[]): number[] => proj4(SWEREF99TM, 'WGS84', p);

/** A point inside a square, at least a metre from its edges. */
const pointInSquare = fc
  .tuple(fc.constantFrom(...squares), fc.double({ min: 1, max: 1999, noNaN: true }), fc.double({ min: 1, max: 1999, noNaN: true }))
  .map(([square, de, dn]) => ({ square, e: square.minE + de, n: square.minN + dn }));

describe('AreaBoundaries: point in polygon', () => {
  it('finds the square of any point inside a grid of squares', () => {
    expect(grid.codes()).toEqual(squares.map((s) => s.code).sort());
    fc.assert(
      fc.property(pointInSquare, ({ square, e, n }) => {
        expect(grid.locate(e, n)).toBe(square.code);
      }),
    );
  });

  it('says null outside every area', () => {
    expect(grid.locate(639_999, 6_557_000)).toBeNull();
    expect(grid.locate(641_000, 6_562_001)).toBeNull();
    expect(grid.locate(Number.NaN, 6_557_000)).toBeNull();
  });

  it('gives points on shared edges one deterministic answer (the area east/north of the edge)', () => {
    // Vertical edge between 100 (west) and 110 (east), horizontal edge between 100 (south) and 101 (north).
    expect(grid.locate(642_000, 6_557_000)).toBe('110');
    expect(grid.locate(641_000, 6_558_000)).toBe('101');
    // The corner of four squares goes to the north-east one.
    expect(grid.locate(642_000, 6_558_000)).toBe('111');
    // On the outer boundary there is no neighbour: the area itself.
    expect(grid.locate(640_000, 6_557_000)).toBe('100');
    expect(grid.locate(648_000, 6_562_000)).toBe('132');
  });

  it('the answer does not depend on feature order', () => {
    const reversed = AreaBoundaries.fromGeoJSON(gridGeoJSON([...squares].reverse()));
    fc.assert(
      fc.property(
        fc.integer({ min: 640_000, max: 648_000 }).map((e) => e - (e % 500)),
        fc.integer({ min: 6_556_000, max: 6_562_000 }).map((n) => n - (n % 500)),
        (e, n) => {
          expect(reversed.locate(e, n)).toBe(grid.locate(e, n));
        },
      ),
    );
  });

  it('a point in a hole is outside, unless an enclave fills the hole', () => {
    const outer = squareRing({ code: 'x', minE: 640_000, minN: 6_556_000, size: 3000 });
    const hole = squareRing({ code: 'x', minE: 641_000, minN: 6_557_000, size: 1000 }).reverse();
    const withHole = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { kod: '311' }, geometry: { type: 'Polygon', coordinates: [outer, hole] } }],
    };
    const boundaries = AreaBoundaries.fromGeoJSON(withHole);
    expect(boundaries.locate(641_500, 6_557_500)).toBeNull();
    expect(boundaries.locate(640_500, 6_556_500)).toBe('311');

    const enclave = {
      type: 'Feature',
      properties: { kod: '312' },
      geometry: { type: 'Polygon', coordinates: [squareRing({ code: 'x', minE: 641_000, minN: 6_557_000, size: 1000 })] },
    };
    const both = AreaBoundaries.fromGeoJSON({ ...withHole, features: [...withHole.features, enclave] });
    expect(both.locate(641_500, 6_557_500)).toBe('312');
    expect(both.locate(640_500, 6_556_500)).toBe('311');
  });

  it('reads MultiPolygons (an area with an island)', () => {
    const island = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { NYKO: '511' },
          geometry: {
            type: 'MultiPolygon',
            coordinates: [
              [squareRing({ code: 'x', minE: 640_000, minN: 6_556_000, size: 1000 })],
              [squareRing({ code: 'x', minE: 650_000, minN: 6_556_000, size: 1000 })],
            ],
          },
        },
      ],
    };
    const boundaries = AreaBoundaries.fromGeoJSON(island);
    expect(boundaries.locate(640_500, 6_556_500)).toBe('511');
    expect(boundaries.locate(650_500, 6_556_500)).toBe('511');
    expect(boundaries.locate(645_000, 6_556_500)).toBeNull();
  });
});

describe('AreaBoundaries: coordinate systems', () => {
  it('projects WGS84 boundaries (no crs member, lon/lat values) to SWEREF 99 TM', () => {
    const wgs = AreaBoundaries.fromGeoJSON(gridGeoJSON(squares, toLonLat));
    fc.assert(
      fc.property(pointInSquare, ({ square, e, n }) => {
        expect(wgs.locate(e, n)).toBe(square.code);
      }),
    );
  });

  it('accepts SWEREF 99 TM without a crs member, recognised by its values', () => {
    const json = gridGeoJSON(squares) as { crs?: unknown };
    delete json.crs;
    expect(AreaBoundaries.fromGeoJSON(json).locate(641_000, 6_557_000)).toBe('100');
  });

  it('writes GeoJSON in EPSG:3006 and EPSG:4326 that reads back to the same areas', () => {
    const sweref = grid.toGeoJSON('EPSG:3006');
    expect(sweref).toMatchObject({ crs: { properties: { name: 'urn:ogc:def:crs:EPSG::3006' } } });
    expect(sweref.features[0]?.properties).toEqual({ code: '100' });
    const wgs = grid.toGeoJSON('EPSG:4326');
    expect('crs' in wgs).toBe(false);
    const polygon = wgs.features[0]?.geometry as Polygon | undefined;
    const corner = polygon?.coordinates[0]?.[0] ?? [];
    const [lon, lat] = corner;
    expect(lon).toBeGreaterThan(17);
    expect(lat).toBeGreaterThan(59);
    for (const again of [AreaBoundaries.fromGeoJSON(sweref), AreaBoundaries.fromGeoJSON(wgs)]) {
      fc.assert(
        fc.property(pointInSquare, ({ square, e, n }) => {
          expect(again.locate(e, n)).toBe(square.code);
        }),
        { numRuns: 50 },
      );
    }
  });
});

describe('AreaBoundaries: validation', () => {
  const feature = (properties: unknown, geometry: unknown): unknown => ({ type: 'Feature', properties, geometry });
  const ring = squareRing(squares[0] ?? { code: 'x', minE: 640_000, minN: 6_556_000, size: 1 });

  it('names the feature that is wrong', () => {
    const json = {
      type: 'FeatureCollection',
      features: [
        feature({ NYKO3: '100' }, { type: 'Polygon', coordinates: [ring] }),
        feature({ NYKO3: '101' }, { type: 'Point', coordinates: [1, 2] }),
        feature(
          { NYKO3: '102' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [640_000, 'x'],
                [1, 2],
                [3, 4],
              ],
            ],
          },
        ),
        feature({ NAMN: 'utan kod' }, { type: 'Polygon', coordinates: [ring] }),
      ],
    };
    expect(() => AreaBoundaries.fromGeoJSON(json)).toThrow(
      /område nr 2 \(features\[1\]\): geometry\.type: geometrin ska vara Polygon eller MultiPolygon/,
    );
    expect(() => AreaBoundaries.fromGeoJSON(json)).toThrow(/features\[2\]\): geometry\.coordinates\.0\.0\.1: koordinaten ska vara ett tal/);
    expect(() => AreaBoundaries.fromGeoJSON(json)).toThrow(/features\[3\]\): egenskapen NYKO3 med områdets kod saknas/);
  });

  it('refuses other files and coordinate systems with a clear message', () => {
    expect(() => AreaBoundaries.fromGeoJSON({ type: 'Feature' })).toThrow(/FeatureCollection/);
    expect(() => AreaBoundaries.fromGeoJSON(null)).toThrow(/Områdesgränserna/);
    const rt90 = { ...gridGeoJSON(squares), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3021' } } };
    expect(() => AreaBoundaries.fromGeoJSON(rt90)).toThrow(/EPSG::3021.*som inte stöds/);
    const mismatch = { ...gridGeoJSON(squares, toLonLat), crs: { type: 'name', properties: { name: 'EPSG:3006' } } };
    expect(() => AreaBoundaries.fromGeoJSON(mismatch)).toThrow(/EPSG:3006 men koordinaterna ser ut som grader/);
  });

  it('uses the code property asked for, and warns about codes stored as numbers', () => {
    const json = {
      type: 'FeatureCollection',
      features: [feature({ NYKO3: '100', omr: 7 }, { type: 'Polygon', coordinates: [ring] })],
    };
    const byOmr = AreaBoundaries.fromGeoJSON(json, 'omr');
    expect(byOmr.codes()).toEqual(['7']);
    expect(byOmr.warnings[0]).toMatch(/lagrad som tal/);
    expect(AreaBoundaries.fromGeoJSON(json).codes()).toEqual(['100']);
  });
});
