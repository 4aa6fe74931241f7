/**
 * GeoJSON for GIS: one feature per NYKO3 area with each indicator's latest-period value and status as properties
 * (`<indicator>` and `<indicator>__status`). A count with a population denominator also carries its published rate
 * beside it (`<indicator>__rate`, `<indicator>__rate_status`), and the `lagesbild` member names, per indicator, the
 * property a choropleth should colour by (the rate where there is one, as in the PDF). EPSG:3006 keeps the legacy
 * named `crs` member that QGIS and ArcGIS read; EPSG:4326 follows RFC 7946 (longitude, latitude, no `crs`).
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import proj4 from 'proj4';
import { displayNumber, displayUnit } from './format.ts';
import { cellLookup, latestPeriod, mapMeasure, nyko3Areas, visibleCell } from './lookup.ts';
import type { ViewExtract } from './types.ts';

export type ExtractCrs = 'EPSG:3006' | 'EPSG:4326';

/** SWEREF 99 TM. Defined here as well as in nyko/ because reports/ may only import schemas/. */
const SWEREF99TM = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const toWgs84 = proj4(SWEREF99TM, 'WGS84');

/** 1 m in SWEREF 99 TM; 1e-6 degrees (about 0.1 m) in WGS84: finer than the boundaries themselves. */
const PROJECT: Record<ExtractCrs, (p: Position) => Position> = {
  'EPSG:3006': ([e = 0, n = 0]) => [Math.round(e), Math.round(n)],
  'EPSG:4326': ([e = 0, n = 0]) => toWgs84.forward([e, n]).map((v) => Math.round(v * 1e6) / 1e6),
};

/** Polygons are what boundaries hold; anything else is left out rather than guessed at. */
function reproject(geometry: Geometry | null, project: (p: Position) => Position): Polygon | MultiPolygon | null {
  const ring = (r: Position[]): Position[] => r.map(project);
  if (geometry?.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(ring) };
  if (geometry?.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(ring)) };
  return null;
}

type Properties = Record<string, string | number | boolean | null>;

export function extractGeoJSON(x: ViewExtract, crs: ExtractCrs): string {
  const period = latestPeriod(x);
  const cell = cellLookup(x.cells);
  const shapes = new Map<string, Geometry | null>();
  for (const f of x.boundaries?.features ?? []) {
    const code = f.properties?.['code'];
    if (typeof code === 'string') shapes.set(code, f.geometry);
  }
  const measures = new Map(x.indicators.map((i) => [i.code, mapMeasure(x, i)]));
  const features = nyko3Areas(x).map((area): Feature<Polygon | MultiPolygon | null, Properties> => {
    const properties: Properties = { code: area.code, name: area.name, parent: area.parent, period: period.key };
    for (const indicator of x.indicators) {
      const found = cell(indicator.code, area.code, period.key);
      const shown = found === undefined ? undefined : visibleCell(found);
      properties[indicator.code] = shown?.value == null ? null : displayNumber(indicator, shown.value);
      properties[`${indicator.code}__status`] = shown?.status ?? null;
      properties[`${indicator.code}__uncertain`] = shown?.uncertain ?? false;
      const measure = measures.get(indicator.code);
      if (measure?.byRate) {
        const rate = measure.cell(area.code, period.key);
        properties[`${indicator.code}__rate`] = rate?.value == null ? null : displayNumber(measure.indicator, rate.value);
        properties[`${indicator.code}__rate_status`] = rate?.status ?? null;
      }
    }
    return { type: 'Feature', properties, geometry: reproject(shapes.get(area.code) ?? null, PROJECT[crs]) };
  });
  const collection: FeatureCollection<Polygon | MultiPolygon | null, Properties> & {
    crs?: { type: 'name'; properties: { name: string } };
    lagesbild: Record<string, unknown>;
  } = {
    type: 'FeatureCollection',
    ...(crs === 'EPSG:3006' ? { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } } } : {}),
    // A foreign member (RFC 7946 §6.1) so a GIS user can tell what the numbers are without the PDF.
    lagesbild: {
      view: x.view.name,
      title: x.view.title,
      municipality: x.municipality.name,
      period: { key: period.key, label: period.label, start: period.start, end: period.end },
      asOf: x.asOf,
      generatedAt: x.generatedAt,
      indicators: x.indicators.map((i) => {
        const measure = measures.get(i.code);
        const rate = measure?.byRate
          ? { rate: { code: measure.indicator.code, label: measure.indicator.label, unit: displayUnit(measure.indicator) } }
          : {};
        // The property to colour a map by: the rate for a count with a population denominator, as the PDF does.
        return { code: i.code, label: i.label, unit: displayUnit(i), ...rate, mapProperty: measure?.byRate ? `${i.code}__rate` : i.code };
      }),
      suppressed: 'Värdet är null när det är skyddat (status suppressed_primary eller suppressed_secondary).',
    },
    features,
  };
  return `${JSON.stringify(collection)}\n`;
}
