/**
 * The table by area for the latest period: value, comparison(s), uncertainty interval and a status note. Areas are
 * in hierarchy order (municipality, then each area followed by its sub-areas), indented by level, never ranked.
 * Long tables continue on the next page with the header repeated.
 */
import { pdfCount, pdfInterval, pdfValue, SUPPRESSED } from '../format.ts';
import { areasInReadingOrder, cellLookup, UNKNOWN_AREA, visibleCell, type CellLookup } from '../lookup.ts';
import type { CellStatus, ExtractCell, ExtractComparison, ExtractIndicator, ExtractPeriod, ViewExtract } from '../types.ts';
import { cellText, COLOR, ensureSpace, FONT, PAGE, paragraph, type Doc } from './layout.ts';
import { fit } from './text.ts';

const SHORT_COMPARISON: Record<ExtractComparison['kind'], string> = {
  previous_year: 'Föregående år',
  rolling_12: 'Rullande 12 mån',
  municipality_average: 'Kommunsnitt',
};

const NOTE: Record<CellStatus, string> = {
  published: '',
  suppressed_primary: 'skyddad',
  suppressed_secondary: 'följdskydd',
  perturbed: 'justerad',
};

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  text: (area: string) => string;
}

const ROW = 13;

function valueText(indicator: ExtractIndicator, cell: ExtractCell | undefined): string {
  if (cell === undefined) return '–';
  const shown = visibleCell(cell);
  return `${pdfValue(indicator, shown.value)}${shown.value !== null && shown.uncertain ? '*' : ''}`;
}

const basisText = (cell: ExtractCell | undefined): string =>
  cell?.basis === undefined ? '' : cell.basis === null ? SUPPRESSED : pdfCount(cell.basis);

const MIN_NAME_WIDTH = 110;

export function drawAreaTable(doc: Doc, x: ViewExtract, indicator: ExtractIndicator, period: ExtractPeriod): void {
  const main = cellLookup(x.cells);
  const at = (find: CellLookup) => (area: string) => find(indicator.code, area, period.key);
  const cell = at(main);
  const hasBasis = indicator.kind === 'share' || indicator.kind === 'rate';
  const wanted: Column[] = [
    { title: 'Värde', width: 68, align: 'right', text: (a) => valueText(indicator, cell(a)) },
    ...x.comparisons.map((c): Column => {
      const compared = at(cellLookup(c.cells));
      return { title: SHORT_COMPARISON[c.kind], width: 74, align: 'right', text: (a) => valueText(indicator, compared(a)) };
    }),
    ...(hasBasis ? [{ title: 'Underlag', width: 56, align: 'right', text: (a) => basisText(cell(a)) } satisfies Column] : []),
    {
      title: 'Osäkerhetsintervall',
      width: 92,
      align: 'right',
      text: (a) => {
        const c = cell(a);
        return c === undefined ? '' : pdfInterval(indicator, visibleCell(c).lower, visibleCell(c).upper);
      },
    },
    { title: 'Anm.', width: 58, align: 'left', text: (a) => NOTE[cell(a)?.status ?? 'published'] },
  ];
  // Many comparisons do not fit beside the area name: the figure columns shrink so the name keeps its room.
  const figures = wanted.reduce((s, c) => s + c.width, 0);
  const scale = Math.min(1, (PAGE.contentWidth - MIN_NAME_WIDTH) / figures);
  const columns = wanted.map((c) => ({ ...c, width: c.width * scale }));
  const nameWidth = PAGE.contentWidth - columns.reduce((s, c) => s + c.width, 0);

  const header = (): void => {
    const y = doc.y;
    doc.font(FONT.bold).fontSize(8).fillColor(COLOR.text);
    cellText(doc, 'Område', PAGE.left + 2, y, nameWidth - 4);
    let left = PAGE.left + nameWidth;
    for (const c of columns) {
      cellText(doc, fit(doc, c.title, c.width - 6), left, y, c.width - 6, c.align);
      left += c.width;
    }
    doc
      .moveTo(PAGE.left, y + 11)
      .lineTo(PAGE.right, y + 11)
      .lineWidth(0.5)
      .strokeColor(COLOR.rule)
      .stroke();
    doc.x = PAGE.left;
    doc.y = y + 14;
  };

  ensureSpace(doc, ROW * 4);
  header();
  areasInReadingOrder(x.areas).forEach((area, i) => {
    if (doc.y + ROW > PAGE.bottom) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    if (i % 2 === 1) doc.rect(PAGE.left, y - 2.5, PAGE.contentWidth, ROW).fill(COLOR.zebra);
    const indent = Math.max(0, area.level - 1) * 9;
    doc
      .font(area.level <= 1 ? FONT.bold : area.code === UNKNOWN_AREA ? FONT.italic : FONT.regular)
      .fontSize(8.5)
      .fillColor(COLOR.text);
    cellText(doc, fit(doc, area.name, nameWidth - indent - 6), PAGE.left + 2 + indent, y, nameWidth - indent - 4);
    doc.font(FONT.regular);
    let left = PAGE.left + nameWidth;
    for (const column of columns) {
      cellText(doc, fit(doc, column.text(area.code), column.width - 6), left, y, column.width - 6, column.align);
      left += column.width;
    }
    doc.x = PAGE.left;
    doc.y = y + ROW;
  });
  doc.moveDown(0.4);
  paragraph(
    doc,
    `${SUPPRESSED} skyddat värde (för få fall eller följdskydd).   * litet underlag: osäker siffra.   justerad: slumpjusterad några enheter (CKM).   – inga uppgifter.`,
    { size: 7.5, color: COLOR.muted },
  );
}
