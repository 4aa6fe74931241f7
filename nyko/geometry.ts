/**
 * Planar point-in-polygon for area boundaries in SWEREF 99 TM (metres, so planar geometry is exact enough).
 * Rings are stored open (no repeated closing position).
 */

export type Point = readonly [number, number];
export type Ring = readonly Point[];

export interface BBox {
  minE: number;
  minN: number;
  maxE: number;
  maxN: number;
}

export function bboxOf(rings: readonly Ring[]): BBox {
  const box: BBox = { minE: Infinity, minN: Infinity, maxE: -Infinity, maxN: -Infinity };
  for (const ring of rings) {
    for (const [e, n] of ring) {
      if (e < box.minE) box.minE = e;
      if (e > box.maxE) box.maxE = e;
      if (n < box.minN) box.minN = n;
      if (n > box.maxN) box.maxN = n;
    }
  }
  return box;
}

export function inBBox(box: BBox, e: number, n: number): boolean {
  return e >= box.minE && e <= box.maxE && n >= box.minN && n <= box.maxN;
}

/** Calls `visit` for every edge of every ring, each edge given with its lower (smaller n) end first. */
function forEachEdge(rings: readonly Ring[], visit: (a: Point, b: Point) => boolean | void): void {
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const p = ring[i];
      const q = ring[j];
      if (p === undefined || q === undefined) continue;
      const [low, high] = p[1] <= q[1] ? [p, q] : [q, p];
      if (visit(low, high) === true) return;
    }
  }
}

/**
 * Ray casting (even-odd over all rings, so holes are outside). The test is half-open (n in [low, high), points
 * exactly on an edge count for the polygon to their east/north), and each edge is evaluated from its lower end, so
 * two polygons sharing an edge compute the same crossing and a point on it belongs to exactly one of them.
 */
export function insidePolygon(rings: readonly Ring[], e: number, n: number): boolean {
  let inside = false;
  forEachEdge(rings, ([e1, n1], [e2, n2]) => {
    if (n1 <= n && n < n2) {
      const crossing = e1 + ((n - n1) * (e2 - e1)) / (n2 - n1);
      if (e < crossing) inside = !inside;
    }
  });
  return inside;
}

/** Exactly on an edge or vertex (used only to give points on a boundary with no neighbour an answer). */
export function onBoundary(rings: readonly Ring[], e: number, n: number): boolean {
  let found = false;
  forEachEdge(rings, ([e1, n1], [e2, n2]) => {
    const cross = (e2 - e1) * (n - n1) - (n2 - n1) * (e - e1);
    const between = e >= Math.min(e1, e2) && e <= Math.max(e1, e2) && n >= Math.min(n1, n2) && n <= Math.max(n1, n2);
    found = cross === 0 && between;
    return found;
  });
  return found;
}
