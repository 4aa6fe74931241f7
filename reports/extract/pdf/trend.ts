/**
 * The trend chart: the municipality total over the extract's periods, drawn with pdfkit's vector API (no browser,
 * no chart library, same bytes every time). Comparison series are dashed; the uncertainty interval is a band; a
 * suppressed point is a gap with a hollow marker and `..` on the axis, never a line drawn through it.
 */
import { decimalsFor, displayNumber, displayUnit, PDF_THOUSANDS, SUPPRESSED, swedishNumber } from '../format.ts';
import { isSuppressed } from '../lookup.ts';
import { COMPARISON_LABEL } from '../texts.ts';
import type { ExtractCell, ExtractComparison, ExtractIndicator, ExtractPeriod, ViewExtract } from '../types.ts';
import { cellText, COLOR, FONT, type Box, type Doc } from './layout.ts';
import { winAnsi } from './text.ts';

export interface TrendInput {
  indicator: ExtractIndicator;
  grain: ViewExtract['view']['grain'];
  periods: ExtractPeriod[];
  areaName: string;
  /** The municipality's cells, one per period (undefined where none). */
  main: (ExtractCell | undefined)[];
  comparisons: { kind: ExtractComparison['kind']; cells: (ExtractCell | undefined)[] }[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const AXIS_TITLE: Record<TrendInput['grain'], string> = { week: 'Vecka', month: 'Månad', quarter: 'Kvartal' };

/** The axis label of a period within its year, and that year. */
function axisLabel(p: ExtractPeriod, grain: TrendInput['grain']): { label: string; year: string } {
  const start = new Date(`${p.start}T00:00:00Z`);
  const month = start.getUTCMonth();
  if (grain === 'month') return { label: MONTHS[month] ?? p.label, year: p.start.slice(0, 4) };
  if (grain === 'quarter') return { label: `kv ${Math.floor(month / 3) + 1}`, year: p.start.slice(0, 4) };
  // A week's key names it already ('2025-W01' starts on 2024-12-30): no calendar arithmetic here.
  return { label: `v ${Number(p.key.slice(6))}`, year: p.key.slice(0, 4) };
}

/** A round step giving about `count` intervals up to max (1, 2, 2.5, 5 × 10^n). */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const f = raw / magnitude;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * magnitude;
}

const shown = (indicator: ExtractIndicator, cell: ExtractCell | undefined, field: 'value' | 'lower' | 'upper'): number | null => {
  const v = cell === undefined || isSuppressed(cell.status) ? null : cell[field];
  return v === null || v === undefined ? null : displayNumber(indicator, v);
};

const SERIES_STYLE: Record<ExtractComparison['kind'], { dash: [number, number]; color: string }> = {
  previous_year: { dash: [4, 3], color: COLOR.comparison },
  rolling_12: { dash: [1, 2], color: '#b5651d' },
  municipality_average: { dash: [6, 2], color: '#6a3d9a' },
};

/** Lines through consecutive non-null points; a null breaks the line. */
function polyline(doc: Doc, points: ({ x: number; y: number } | null)[]): void {
  let open = false;
  for (const p of points) {
    if (p === null) {
      open = false;
      continue;
    }
    if (open) doc.lineTo(p.x, p.y);
    else doc.moveTo(p.x, p.y);
    open = true;
  }
}

export function drawTrend(doc: Doc, box: Box, t: TrendInput): void {
  const { indicator } = t;
  const main = t.main.map((c) => shown(indicator, c, 'value'));
  const lower = t.main.map((c) => shown(indicator, c, 'lower'));
  const upper = t.main.map((c) => shown(indicator, c, 'upper'));
  // Only the same period last year shares the municipality line's scale: a rolling 12-month total and the average
  // per area are other quantities, shown in the table instead.
  const series = t.comparisons
    .filter((c) => c.kind === 'previous_year')
    .map((c) => ({ kind: c.kind, values: c.cells.map((cell) => shown(indicator, cell, 'value')) }));
  const all = [...main, ...upper, ...series.flatMap((s) => s.values)].filter((v): v is number => v !== null);
  const step = niceStep(Math.max(...all, indicator.kind === 'share' ? 1 : 4), 4);
  const top = Math.ceil(Math.max(...all, step) / step) * step;
  // Zero is always on the axis, so a difference is never exaggerated; below it only for values that go negative.
  const bottom = Math.floor(Math.min(...all, 0) / step) * step;
  const stepDecimals = Number.isInteger(step) ? 0 : Math.max(decimalsFor(indicator, step), String(step).split('.')[1]?.length ?? 0);

  doc.font(FONT.regular).fontSize(7.5);
  const tickLabel = (v: number): string => swedishNumber(v, stepDecimals, PDF_THOUSANDS);
  const axisWidth = Math.max(...[bottom, step, top].map((v) => doc.widthOfString(tickLabel(v)))) + 6;
  const legendHeight = 14;
  const plot = {
    x: box.x + axisWidth,
    y: box.y + legendHeight + 14,
    width: box.width - axisWidth - 4,
    height: box.height - legendHeight - 14 - 34,
  };
  const slot = plot.width / Math.max(1, t.periods.length);
  const px = (i: number): number => plot.x + (i + 0.5) * slot;
  const py = (v: number): number => plot.y + plot.height - ((v - bottom) / (top - bottom)) * plot.height;
  const base = plot.y + plot.height;

  // Legend, left to right.
  let lx = box.x;
  const legend = (draw: (x: number, y: number) => void, label: string): void => {
    draw(lx, box.y + 4);
    doc.font(FONT.regular).fontSize(7.5).fillColor(COLOR.text);
    const text = winAnsi(label);
    cellText(doc, text, lx + 20, box.y, doc.widthOfString(text) + 2);
    lx += 20 + doc.widthOfString(text) + 14;
  };
  legend(
    (x, y) =>
      doc
        .moveTo(x, y)
        .lineTo(x + 16, y)
        .lineWidth(2)
        .strokeColor(COLOR.accent)
        .undash()
        .stroke(),
    t.areaName,
  );
  for (const s of series) {
    const style = SERIES_STYLE[s.kind];
    legend(
      (x, y) =>
        doc
          .moveTo(x, y)
          .lineTo(x + 16, y)
          .lineWidth(1.5)
          .strokeColor(style.color)
          .dash(style.dash[0], { space: style.dash[1] })
          .stroke()
          .undash(),
      COMPARISON_LABEL[s.kind],
    );
  }
  if (lower.some((v) => v !== null)) legend((x, y) => doc.rect(x, y - 3, 16, 6).fill(COLOR.band), 'Osäkerhetsintervall');
  legend(
    (x, y) =>
      doc
        .circle(x + 8, y, 2.5)
        .lineWidth(1)
        .strokeColor(COLOR.muted)
        .stroke(),
    `${SUPPRESSED} skyddat värde (lucka)`,
  );

  // Unit above the value axis, grid lines and tick labels.
  doc.font(FONT.bold).fontSize(7.5).fillColor(COLOR.muted);
  const unit = displayUnit(indicator);
  cellText(doc, winAnsi(unit.charAt(0).toUpperCase() + unit.slice(1)), box.x, plot.y - 15, 200);
  doc.font(FONT.regular).fontSize(7.5);
  for (let v = bottom; v <= top + step / 2; v += step) {
    doc
      .moveTo(plot.x, py(v))
      .lineTo(plot.x + plot.width, py(v))
      .lineWidth(0.5)
      .strokeColor(COLOR.grid)
      .stroke();
    doc.fillColor(COLOR.muted);
    cellText(doc, tickLabel(v), box.x, py(v) - 3, axisWidth - 6, 'right');
  }
  doc
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, base)
    .lineTo(plot.x + plot.width, base)
    .lineWidth(0.75)
    .strokeColor(COLOR.rule)
    .stroke();

  // Period labels, thinned out when they would collide; the year under the first label shown for each year.
  const labels = t.periods.map((p) => axisLabel(p, t.grain));
  const widest = Math.max(0, ...labels.map((l) => doc.widthOfString(l.label)));
  const every = Math.max(1, Math.ceil((widest + 6) / slot));
  let lastYear = '';
  labels.forEach(({ label, year }, i) => {
    if (i % every !== 0) return;
    doc.fillColor(COLOR.muted);
    cellText(doc, winAnsi(label), px(i) - 20, base + 4, 40, 'center');
    if (year !== lastYear) cellText(doc, year, px(i) - 20, base + 13, 40, 'center');
    lastYear = year;
  });
  doc.font(FONT.bold).fillColor(COLOR.muted);
  cellText(doc, AXIS_TITLE[t.grain], plot.x, base + 24, plot.width, 'center');

  // Uncertainty band between consecutive points that both have an interval.
  for (let i = 0; i + 1 < main.length; i++) {
    const [l0, l1, u0, u1] = [lower[i], lower[i + 1], upper[i], upper[i + 1]];
    if (l0 == null || l1 == null || u0 == null || u1 == null) continue;
    doc.polygon([px(i), py(l0)], [px(i + 1), py(l1)], [px(i + 1), py(u1)], [px(i), py(u0)]).fill(COLOR.band);
  }
  // A lone interval (its neighbours have none) is drawn as a bar.
  main.forEach((_, i) => {
    const [l, u] = [lower[i], upper[i]];
    if (l == null || u == null || lower[i - 1] != null || lower[i + 1] != null) return;
    doc.rect(px(i) - 3, py(u), 6, Math.max(0.5, py(l) - py(u))).fill(COLOR.band);
  });

  for (const s of series) {
    const style = SERIES_STYLE[s.kind];
    polyline(
      doc,
      s.values.map((v, i) => (v === null ? null : { x: px(i), y: py(v) })),
    );
    doc.lineWidth(1.5).strokeColor(style.color).dash(style.dash[0], { space: style.dash[1] }).stroke().undash();
  }
  polyline(
    doc,
    main.map((v, i) => (v === null ? null : { x: px(i), y: py(v) })),
  );
  doc.lineWidth(2).lineJoin('round').strokeColor(COLOR.accent).stroke();
  main.forEach((v, i) => {
    if (v !== null) doc.circle(px(i), py(v), 2.2).fill(COLOR.accent);
  });

  // Suppressed points: a gap in the line, a hollow marker on the axis and `..` above it.
  t.main.forEach((cell, i) => {
    if (cell === undefined || !isSuppressed(cell.status)) return;
    doc.circle(px(i), base, 2.8).lineWidth(1).fillColor('#ffffff').strokeColor(COLOR.muted).fillAndStroke();
    doc.font(FONT.bold).fontSize(8).fillColor(COLOR.muted);
    cellText(doc, SUPPRESSED, px(i) - 10, base - 13, 20, 'center');
  });
  doc.undash().lineJoin('miter');
}
