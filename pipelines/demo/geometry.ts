/** Planar geometry in SWEREF 99 TM metres, and the one projection the demo needs (SWEREF 99 TM → WGS84). */
import proj4 from 'proj4';

export type Point = readonly [number, number];
/** Exterior ring first (counter-clockwise), then holes (clockwise); rings are closed (last = first). */
export type PolygonRings = readonly (readonly Point[])[];

export const SWEREF99TM = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
export const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

const toWgs = proj4(SWEREF99TM, WGS84);

/** [lat, lon] in degrees for an easting/northing. */
export function swerefToWgs84(e: number, n: number): { lat: number; lon: number } {
  const [lon, lat] = toWgs.forward([e, n]);
  return { lat: lat ?? NaN, lon: lon ?? NaN };
}

function inRing(p: Point, ring: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

export function pointInPolygon(p: Point, rings: PolygonRings): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !inRing(p, outer)) return false;
  return !holes.some((h) => inRing(p, h));
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Distance from a point to the nearest edge of any ring. */
export function distanceToBoundary(p: Point, rings: PolygonRings): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1];
      const b = ring[i];
      if (a && b) best = Math.min(best, distanceToSegment(p, a, b));
    }
  }
  return best;
}

/** Inside, and at least `margin` metres from every edge, so rounding to whole metres never changes the area. */
export function safelyInside(p: Point, rings: PolygonRings, margin: number): boolean {
  return pointInPolygon(p, rings) && distanceToBoundary(p, rings) >= margin;
}

export function bbox(rings: PolygonRings): { minE: number; minN: number; maxE: number; maxN: number } {
  let minE = Infinity;
  let minN = Infinity;
  let maxE = -Infinity;
  let maxN = -Infinity;
  for (const ring of rings) {
    for (const [e, n] of ring) {
      minE = Math.min(minE, e);
      minN = Math.min(minN, n);
      maxE = Math.max(maxE, e);
      maxN = Math.max(maxN, n);
    }
  }
  return { minE, minN, maxE, maxN };
}
