/**
 * Coordinates as actors deliver them → SWEREF 99 TM (EPSG:3006), the CRS of the area boundaries. Police and fire
 * systems use SWEREF 99 TM or WGS84 and disagree about which axis is X, so both are recognised by their value
 * ranges, which do not overlap in Sweden.
 */
import proj4 from 'proj4';

/** EPSG:3006 for proj4 (GRS80 and WGS84 coincide at metre level, hence the zero towgs84). */
export const SWEREF99TM_PROJ4 = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const WGS84 = 'WGS84';
const wgs84ToSweref = proj4(WGS84, SWEREF99TM_PROJ4);

/** Why a coordinate pair was not usable; a receipt formatter turns these into Swedish. */
export type CoordinateProblem = 'missing' | 'zero' | 'rt90' | 'unrecognised' | 'outside_sweden';

export type CoordinateResult =
  { ok: true; e: number; n: number; crs: 'EPSG:3006' | 'EPSG:4326'; swapped: boolean } | { ok: false; reason: CoordinateProblem };

interface Range {
  min: number;
  max: number;
}
const within = (v: number, r: Range): boolean => v >= r.min && v <= r.max;

// Sweden in SWEREF 99 TM (with margin): the northing is the 7-digit one.
const NORTHING: Range = { min: 6_100_000, max: 7_700_000 };
const EASTING: Range = { min: 200_000, max: 1_000_000 };
// Sweden in WGS84 degrees: latitude 55–70 is always larger than longitude 10–25.
const LATITUDE: Range = { min: 55, max: 70 };
const LONGITUDE: Range = { min: 10, max: 25 };
// RT 90 2.5 gon V, the old national grid: recognisable by its 7-digit easting starting with 1.
const RT90_EASTING: Range = { min: 1_200_000, max: 1_900_000 };

/**
 * `x` is expected to be easting/longitude and `y` northing/latitude; `swapped` says the values came the other way
 * round. Not ok for missing values, zeros (a system's "no position"), positions outside Sweden and unknown grids.
 */
export function toSweref99(x: number | null, y: number | null): CoordinateResult {
  if (x === null || y === null || x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) {
    return { ok: false, reason: 'missing' };
  }
  if (x === 0 || y === 0) return { ok: false, reason: 'zero' };

  if (within(x, EASTING) && within(y, NORTHING)) return { ok: true, e: x, n: y, crs: 'EPSG:3006', swapped: false };
  if (within(y, EASTING) && within(x, NORTHING)) return { ok: true, e: y, n: x, crs: 'EPSG:3006', swapped: true };

  const degrees: { lon: number; lat: number; swapped: boolean } | null =
    within(x, LONGITUDE) && within(y, LATITUDE)
      ? { lon: x, lat: y, swapped: false }
      : within(y, LONGITUDE) && within(x, LATITUDE)
        ? { lon: y, lat: x, swapped: true }
        : null;
  if (degrees !== null) {
    const [e, n] = wgs84ToSweref.forward([degrees.lon, degrees.lat]);
    // The degree box also covers Denmark and Norway's coast; what projects outside Sweden's grid is not ours.
    if (e === undefined || n === undefined || !within(e, EASTING) || !within(n, NORTHING)) {
      return { ok: false, reason: 'outside_sweden' };
    }
    return { ok: true, e, n, crs: 'EPSG:4326', swapped: degrees.swapped };
  }

  if ((within(x, NORTHING) && within(y, RT90_EASTING)) || (within(y, NORTHING) && within(x, RT90_EASTING))) {
    return { ok: false, reason: 'rt90' };
  }
  const looksSwedishGrid = within(x, NORTHING) || within(y, NORTHING);
  return { ok: false, reason: looksSwedishGrid ? 'outside_sweden' : 'unrecognised' };
}

/** SWEREF 99 TM → WGS84 [longitude, latitude], for GeoJSON output in EPSG:4326. */
export function fromSweref99(e: number, n: number): [number, number] {
  const [lon, lat] = wgs84ToSweref.inverse([e, n]);
  return [lon ?? Number.NaN, lat ?? Number.NaN];
}

/** WGS84 [longitude, latitude] → SWEREF 99 TM [e, n], for boundaries delivered in WGS84. */
export function lonLatToSweref99(lon: number, lat: number): [number, number] {
  const [e, n] = wgs84ToSweref.forward([lon, lat]);
  return [e ?? Number.NaN, n ?? Number.NaN];
}
