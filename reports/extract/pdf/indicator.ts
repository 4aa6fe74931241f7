/** One indicator's pages: the municipality trend, the table by area and the map, all for the view's periods. */
import { displayUnit } from '../format.ts';
import { cellLookup, latestPeriod, municipalityArea, periodsInOrder } from '../lookup.ts';
import type { ExtractIndicator, ViewExtract } from '../types.ts';
import { drawAreaTable } from './areaTable.ts';
import { COLOR, heading, PAGE, paragraph, type Doc } from './layout.ts';
import { drawMap } from './map.ts';
import { drawTrend } from './trend.ts';

const TREND_HEIGHT = 200;

export function drawIndicator(doc: Doc, x: ViewExtract, indicator: ExtractIndicator): void {
  const periods = periodsInOrder(x);
  const latest = latestPeriod(x);
  const total = municipalityArea(x);
  const main = cellLookup(x.cells);
  const series = (find: ReturnType<typeof cellLookup>) => periods.map((p) => find(indicator.code, total.code, p.key));

  doc.addPage();
  heading(doc, indicator.label, 18);
  paragraph(doc, `Enhet: ${displayUnit(indicator)}. Indikatorkod: ${indicator.code}.`, { color: COLOR.muted, size: 8.5 });

  heading(doc, `Utveckling i hela ${x.municipality.name}`, 13);
  const top = doc.y;
  drawTrend(
    doc,
    { x: PAGE.left, y: top, width: PAGE.contentWidth, height: TREND_HEIGHT },
    {
      indicator,
      grain: x.view.grain,
      periods,
      areaName: total.name,
      main: series(main),
      // The municipality average of the municipality is the municipality itself: not worth a line.
      comparisons: x.comparisons
        .filter((c) => c.kind !== 'municipality_average')
        .map((c) => ({ kind: c.kind, cells: series(cellLookup(c.cells)) })),
    },
  );
  // Drawing text moves pdfkit's cursor; the next section starts below the chart's box, wherever that left it.
  doc.x = PAGE.left;
  doc.y = top + TREND_HEIGHT + 6;

  heading(doc, `Per område, ${latest.label}`, 13);
  drawAreaTable(doc, x, indicator, latest);

  drawMap(doc, x, indicator, latest, `Karta, ${latest.label}`);
}
