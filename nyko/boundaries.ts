/**
 * Area boundaries (polygons per area code) for coordinates → area. Read from GeoJSON in SWEREF 99 TM or WGS84 and
 * kept in SWEREF 99 TM, the grid the coordinates are converted to.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { z } from 'zod';
import { fromSweref99, lonLatToSweref99 } from './coordinates.ts';
import { bboxOf, inBBox, insidePolygon, onBoundary, type BBox, type Point, type Ring } from './geometry.ts';

/** Property names tried, in order, when the caller does not name the one holding the area code. */
export const DEFAULT_CODE_PROPERTIES = ['NYKO3', 'NYKO', 'nyko', 'kod', 'code', 'Kod'] as const;
const MAX_LISTED_PROBLEMS = 10;
/** Swedish wording for zod's generic messages; the schemas below override the ones users are likely to see. */
const swedish = { error: z.locales.sv().localeError };

const position = z.array(z.number({ error: 'koordinaten ska vara ett tal' })).min(2, {
  error: 'en punkt ska ha minst två koordinater',
});
const ring = z.array(position).min(3, { error: 'en ring ska ha minst tre punkter' });
const polygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
});
const featureSchema = z.object({
  type: z.literal('Feature', { error: 'type ska vara "Feature"' }),
  properties: z.record(z.string(), z.unknown(), { error: 'properties ska vara ett objekt med områdets kod' }),
  geometry: z.discriminatedUnion('type', [polygonSchema, multiPolygonSchema], {
    error: 'geometrin ska vara Polygon eller MultiPolygon',
  }),
});
const collectionSchema = z.object({
  type: z.literal('FeatureCollection', { error: 'type ska vara "FeatureCollection"' }),
  crs: z.object({ properties: z.object({ name: z.string() }) }).optional(),
  features: z.array(z.unknown(), { error: 'features ska vara en lista' }),
});

type Crs = 'EPSG:3006' | 'EPSG:4326';

/** One polygon (outer ring + holes) of an area; an area may have several (islands, MultiPolygon). */
interface AreaPolygon {
  code: string;
  rings: Ring[];
  bbox: BBox;
}

/** Declared CRS from the (pre-RFC 7946) `crs` member: SWEREF 99 TM or WGS84; anything else is refused. */
function declaredCrs(name: string): Crs | null {
  if (/EPSG:{1,2}(?:[\d.]*:)?3006$/iu.test(name)) return 'EPSG:3006';
  if (/(?:EPSG:{1,2}(?:[\d.]*:)?4326|CRS84)$/iu.test(name)) return 'EPSG:4326';
  return null;
}

type Axis = 'sweref' | 'lonlat' | 'latlon' | null;

/** What the coordinate values look like: GIS tools often omit `crs` even for SWEREF 99 TM. */
function axisOf(positions: readonly Position[]): Axis {
  const all = (test: (x: number, y: number) => boolean): boolean =>
    positions.length > 0 && positions.every(([x = NaN, y = NaN]) => test(x, y));
  if (all((x, y) => x >= 200_000 && x <= 1_000_000 && y >= 6_100_000 && y <= 7_700_000)) return 'sweref';
  if (all((x, y) => x >= 10 && x <= 25 && y >= 55 && y <= 70)) return 'lonlat';
  if (all((x, y) => x >= 55 && x <= 70 && y >= 10 && y <= 25)) return 'latlon';
  return null;
}

function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Open ring (closing position dropped), in SWEREF 99 TM. */
function toRing(positions: readonly Position[], axis: Axis): Ring {
  const points: Point[] = positions.map(([x = NaN, y = NaN]) => {
    if (axis === 'lonlat') return lonLatToSweref99(x, y);
    if (axis === 'latlon') return lonLatToSweref99(y, x);
    return [x, y];
  });
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]) {
    points.pop();
  }
  return points;
}

function closed(ring: Ring, project: (p: Point) => Position): Position[] {
  const positions = ring.map(project);
  const first = positions[0];
  return first === undefined ? positions : [...positions, first];
}

export class AreaBoundaries {
  readonly #polygons: AreaPolygon[];
  /** Things that loaded but deserve a look (codes stored as numbers may have lost leading zeros). */
  readonly warnings: readonly string[];

  private constructor(polygons: AreaPolygon[], warnings: string[]) {
    this.#polygons = polygons;
    this.warnings = warnings;
  }

  /**
   * A FeatureCollection of Polygon/MultiPolygon (holes allowed) in EPSG:3006 (`crs` 'urn:ogc:def:crs:EPSG::3006')
   * or WGS84 (no `crs` and lon/lat-like values, projected here). Throws one Swedish error listing every problem,
   * each naming the feature.
   */
  static fromGeoJSON(json: unknown, codeProperty?: string): AreaBoundaries {
    const top = collectionSchema.safeParse(json, swedish);
    if (!top.success) throw new Error(`Områdesgränserna (GeoJSON) är felaktiga: ${formatIssues(top.error.issues)}`);
    const crsName = top.data.crs?.properties.name;
    const crs = crsName === undefined ? null : declaredCrs(crsName);
    if (crsName !== undefined && crs === null) {
      throw new Error(
        `Områdesgränserna (GeoJSON) har koordinatsystemet "${crsName}", som inte stöds: använd SWEREF 99 TM (EPSG:3006) eller WGS84`,
      );
    }

    const problems: string[] = [];
    const warnings: string[] = [];
    const parsed: { index: number; code: string; geometry: Polygon | MultiPolygon }[] = [];
    let property = codeProperty;
    top.data.features.forEach((raw, index) => {
      const where = `område nr ${index + 1} (features[${index}])`;
      const feature = featureSchema.safeParse(raw, swedish);
      if (!feature.success) {
        problems.push(`${where}: ${formatIssues(feature.error.issues)}`);
        return;
      }
      const properties = feature.data.properties;
      property ??= DEFAULT_CODE_PROPERTIES.find((p) => p in properties);
      const value = property === undefined ? undefined : properties[property];
      if (typeof value === 'string' && value.trim() !== '') {
        parsed.push({ index, code: value.trim(), geometry: feature.data.geometry });
      } else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
        warnings.push(`${where}: koden ${value} är lagrad som tal; inledande nollor kan ha försvunnit`);
        parsed.push({ index, code: String(value), geometry: feature.data.geometry });
      } else {
        const wanted = property ?? DEFAULT_CODE_PROPERTIES.join('/');
        problems.push(`${where}: egenskapen ${wanted} med områdets kod saknas eller är tom`);
      }
    });

    const allPositions = parsed.flatMap((p) => polygonsOf(p.geometry).flat(2));
    const axis = axisOf(allPositions);
    if (parsed.length > 0) {
      if (axis === null) {
        problems.push('koordinaterna ser varken ut som SWEREF 99 TM (meter, nordlig 6 100 000–7 700 000) eller WGS84 (grader) i Sverige');
      } else if (crs === 'EPSG:3006' && axis !== 'sweref') {
        problems.push('filen säger EPSG:3006 men koordinaterna ser ut som grader (WGS84)');
      } else if (crs === 'EPSG:4326' && axis === 'sweref') {
        problems.push('filen säger WGS84 men koordinaterna ser ut som meter (SWEREF 99 TM)');
      }
    }
    if (problems.length > 0) {
      const shown = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
      const more = problems.length > MAX_LISTED_PROBLEMS ? ` … och ${problems.length - MAX_LISTED_PROBLEMS} till` : '';
      throw new Error(`Områdesgränserna (GeoJSON) är felaktiga: ${shown}${more}`);
    }

    const polygons = parsed.flatMap(({ code, geometry }) =>
      polygonsOf(geometry).map((rings) => {
        const converted = rings.map((r) => toRing(r, axis));
        return { code, rings: converted, bbox: bboxOf(converted) };
      }),
    );
    return new AreaBoundaries(polygons, warnings);
  }

  /**
   * The area containing the point (SWEREF 99 TM), or null. A point on an edge shared by two areas belongs to the
   * one east/north of it; a point on an outer edge belongs to that area; overlapping areas (a data error) resolve to
   * the smallest code, so the answer never depends on feature order.
   */
  locate(e: number, n: number): string | null {
    if (!Number.isFinite(e) || !Number.isFinite(n)) return null;
    const candidates = this.#polygons.filter((p) => inBBox(p.bbox, e, n));
    const inside = candidates.filter((p) => insidePolygon(p.rings, e, n)).map((p) => p.code);
    const hits = inside.length > 0 ? inside : candidates.filter((p) => onBoundary(p.rings, e, n)).map((p) => p.code);
    return hits.sort()[0] ?? null;
  }

  codes(): string[] {
    return [...new Set(this.#polygons.map((p) => p.code))].sort();
  }

  /** One feature per area code (properties.code), for GIS output; EPSG:3006 carries the legacy `crs` member. */
  toGeoJSON(crs: 'EPSG:3006' | 'EPSG:4326'): FeatureCollection {
    const project =
      crs === 'EPSG:3006'
        ? ([e, n]: Point): Position => [e, n]
        : ([e, n]: Point): Position => fromSweref99(e, n).map((v) => Math.round(v * 1e7) / 1e7);
    const features = this.codes().map((code): Feature<Polygon | MultiPolygon, { code: string }> => {
      const parts = this.#polygons.filter((p) => p.code === code).map((p) => p.rings.map((r) => closed(r, project)));
      const geometry: Polygon | MultiPolygon =
        parts.length === 1 && parts[0] !== undefined
          ? { type: 'Polygon', coordinates: parts[0] }
          : { type: 'MultiPolygon', coordinates: parts };
      return { type: 'Feature', properties: { code }, geometry };
    });
    const collection: FeatureCollection & { crs?: { type: 'name'; properties: { name: string } } } = {
      type: 'FeatureCollection',
      features,
    };
    if (crs === 'EPSG:3006') collection.crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } };
    return collection;
  }
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join(', ');
}
