/**
 * The choropleth of NYKO3 areas for the latest period. Boundaries are in SWEREF 99 TM, a metric projection, so a
 * linear scale (same in x and y, north up) is a faithful map. A count with a population denominator is coloured by
 * its published rate (per 1 000 invånare), so a big area does not look worse just for being big; the legend names
 * what is coloured. Suppressed areas are grey and hatched, with '..' in the legend; areas without a value are white.
 * Without boundaries the map is left out with a sentence saying so.
 */
import type { Geometry, Position } from 'geojson';
import { displayUnit, pdfValue, SUPPRESSED } from '../format.ts';
import { cellLookup, isSuppressed, mapMeasure, nyko3Areas } from '../lookup.ts';
import { RANKING_WARNING } from '../texts.ts';
import type { ExtractIndicator, ExtractPeriod, ViewExtract } from '../types.ts';
import { classOf, equalCountClasses, palette } from './classes.ts';
import { cellText, COLOR, ensureSpace, FONT, heading, PAGE, paragraph, type Box, type Doc } from './layout.ts';
import { fit, winAnsi } from './text.ts';

type Rings = Position[][];

/** The polygons of a boundary feature as lists of rings (outer ring first, then holes). */
function polygons(geometry: Geometry | null): Rings[] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

interface Shape {
  name: string;
  parts: Rings[];
  fill: string | null;
  hidden: boolean;
  uncertain: boolean;
}

const MAP_HEIGHT = 300;
const LEGEND_WIDTH = 150;

/** Diagonal lines clipped to the traced path. */
function hatch(doc: Doc, bounds: { x0: number; y0: number; x1: number; y1: number }, trace: () => void): void {
  doc.save();
  trace();
  doc.clip('even-odd');
  const span = bounds.x1 - bounds.x0 + bounds.y1 - bounds.y0;
  for (let d = 0; d <= span; d += 4) doc.moveTo(bounds.x0 + d, bounds.y0).lineTo(bounds.x0 + d - (bounds.y1 - bounds.y0), bounds.y1);
  doc.lineWidth(0.6).strokeColor(COLOR.hatch).stroke();
  doc.restore();
}

/** The map under its heading; the heading moves to the next page with the map rather than stay behind alone. */
export function drawMap(doc: Doc, x: ViewExtract, indicator: ExtractIndicator, period: ExtractPeriod, title: string): void {
  const byCode = new Map<string, Geometry | null>();
  for (const f of x.boundaries?.features ?? []) {
    const code = f.properties?.['code'];
    if (typeof code === 'string') byCode.set(code, f.geometry);
  }
  const measure = mapMeasure(x, indicator);
  const counts = cellLookup(x.cells);
  const shapes = nyko3Areas(x)
    .map((area) => {
      const cell = measure.cell(area.code, period.key);
      // A rate on a small count is as uncertain as the count: either flag marks the area.
      const uncertain = cell?.uncertain === true || (measure.byRate && counts(indicator.code, area.code, period.key)?.uncertain === true);
      return { area, parts: polygons(byCode.get(area.code) ?? null), cell, uncertain };
    })
    .filter((s) => s.parts.length > 0);
  if (shapes.length === 0) {
    heading(doc, title, 13);
    paragraph(doc, 'Ingen karta: det finns inga inlästa områdesgränser (NYKO 3) för områdena i detta utdrag.', { color: COLOR.muted });
    return;
  }

  const values = shapes.map((s) => s.cell?.value).filter((v): v is number => v !== null && v !== undefined);
  const classes = equalCountClasses(values, 4);
  const colours = palette(classes.length);
  const drawn: Shape[] = shapes.map((s) => {
    const value = s.cell?.value;
    const hidden = s.cell !== undefined && isSuppressed(s.cell.status);
    const fill = value == null ? null : (colours[classOf(classes, value)] ?? null);
    return { name: s.area.name, parts: s.parts, hidden, fill, uncertain: !hidden && s.uncertain };
  });

  ensureSpace(doc, MAP_HEIGHT + 80);
  heading(doc, title, 13);
  const box: Box = { x: PAGE.left, y: doc.y + 4, width: PAGE.contentWidth - LEGEND_WIDTH - 10, height: MAP_HEIGHT };
  const all = drawn.flatMap((s) => s.parts.flat(2));
  const es = all.map((p) => p[0] ?? 0);
  const ns = all.map((p) => p[1] ?? 0);
  const [minE, maxE, minN, maxN] = [Math.min(...es), Math.max(...es), Math.min(...ns), Math.max(...ns)];
  const scale = Math.min(box.width / Math.max(1, maxE - minE), box.height / Math.max(1, maxN - minN));
  const mapHeight = (maxN - minN) * scale;
  const offsetX = box.x + (box.width - (maxE - minE) * scale) / 2;
  const project = ([e = 0, n = 0]: Position): [number, number] => [offsetX + (e - minE) * scale, box.y + (maxN - n) * scale];
  type Bounds = { x0: number; y0: number; x1: number; y1: number };
  const boundsOf = (ps: [number, number][]): Bounds => {
    const xs = ps.map((p) => p[0]);
    const ys = ps.map((p) => p[1]);
    return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  };
  const area = (b: Bounds): number => (b.x1 - b.x0) * (b.y1 - b.y0);

  for (const shape of drawn) {
    const points = shape.parts.map((rings) => rings.map((ring) => ring.map(project)));
    const trace = (): void => {
      for (const ring of points.flat()) {
        ring.forEach(([px, py], i) => (i === 0 ? doc.moveTo(px, py) : doc.lineTo(px, py)));
        doc.closePath();
      }
    };
    trace();
    doc.fillColor(shape.hidden ? COLOR.hidden : (shape.fill ?? COLOR.missing)).fill('even-odd');
    const bounds = boundsOf(points.flat(2));
    if (shape.hidden) hatch(doc, bounds, trace);
    trace();
    doc.lineWidth(0.6).strokeColor('#4d4d4d').stroke();
    // The name inside the largest part when it fits; dark text on light fills, white on the darkest.
    const largest = points.map((rings) => boundsOf(rings[0] ?? [])).reduce((a, b) => (area(b) > area(a) ? b : a));
    doc.font(FONT.regular).fontSize(7);
    const label = winAnsi(`${shape.name}${shape.uncertain ? '*' : ''}`);
    const width = doc.widthOfString(label);
    if (width < (largest.x1 - largest.x0) * 0.9 && largest.y1 - largest.y0 > 14) {
      const dark = shape.fill !== null && colours.indexOf(shape.fill) >= colours.length - 1 && colours.length > 1;
      const [lx0, ly0] = [(largest.x0 + largest.x1) / 2 - width / 2 - 1, (largest.y0 + largest.y1) / 2 - 3];
      // On hatching the name needs its own background to be readable.
      if (shape.hidden) doc.rect(lx0 - 2, ly0 - 2, width + 6, 11).fill('#ffffff');
      doc.fillColor(dark ? '#ffffff' : COLOR.text);
      cellText(doc, label, lx0, ly0, width + 2);
    }
  }

  // Legend to the right of the map.
  let ly = box.y;
  const lx = box.x + box.width + 10;
  doc.font(FONT.bold).fontSize(8).fillColor(COLOR.text);
  // What the colours are: 'Antal', 'Kronor', 'Per 1 000 invånare' …
  const unit = displayUnit(measure.indicator);
  cellText(doc, fit(doc, unit.charAt(0).toUpperCase() + unit.slice(1), LEGEND_WIDTH), lx, ly, LEGEND_WIDTH);
  ly += 14;
  const swatch = (draw: (x: number, y: number) => void, text: string): void => {
    draw(lx, ly);
    doc.rect(lx, ly, 14, 10).lineWidth(0.5).strokeColor('#4d4d4d').stroke();
    doc.font(FONT.regular).fontSize(8).fillColor(COLOR.text);
    cellText(doc, fit(doc, text, LEGEND_WIDTH - 20), lx + 20, ly + 1.5, LEGEND_WIDTH - 20);
    ly += 15;
  };
  classes.forEach((c, i) => {
    const shown = measure.indicator;
    const range = c.min === c.max ? pdfValue(shown, c.min) : `${pdfValue(shown, c.min)} – ${pdfValue(shown, c.max)}`;
    swatch((sx, sy) => doc.rect(sx, sy, 14, 10).fill(colours[i] ?? COLOR.missing), range);
  });
  if (drawn.some((s) => s.hidden)) {
    swatch((sx, sy) => {
      doc.rect(sx, sy, 14, 10).fill(COLOR.hidden);
      hatch(doc, { x0: sx, y0: sy, x1: sx + 14, y1: sy + 10 }, () => doc.rect(sx, sy, 14, 10));
    }, `${SUPPRESSED} skyddat värde`);
  }
  if (drawn.some((s) => !s.hidden && s.fill === null)) swatch((sx, sy) => doc.rect(sx, sy, 14, 10).fill(COLOR.missing), 'inga uppgifter');
  ly += 6;
  doc.font(FONT.regular).fontSize(7).fillColor(COLOR.muted);
  const notes = [
    'Klasserna har ungefär lika många områden var.',
    ...(measure.byRate
      ? [`Färgen visar talet ${unit}, inte antalet: stora områden ser inte värre ut bara för att de är stora. Antalen står i tabellen.`]
      : indicator.kind === 'count' || indicator.kind === 'sum'
        ? ['Värdena är inte per invånare: stora områden har ofta högre värden.']
        : []),
    ...(drawn.some((s) => s.uncertain) ? ['* litet underlag: osäker siffra.'] : []),
  ];
  doc.text(notes.map(winAnsi).join('\n'), lx, ly, { width: LEGEND_WIDTH, lineGap: 1, paragraphGap: 3 });
  const legendBottom = doc.y;

  doc.x = PAGE.left;
  doc.y = Math.max(box.y + mapHeight, legendBottom) + 8;
  paragraph(doc, RANKING_WARNING, { size: 8, color: COLOR.muted, font: FONT.italic });
}
