/**
 * The first page: what this is, for whom, which period, how fresh each source is, and how to read it (what `..`
 * hides and why, what CKM does, why small numbers must not be ranked).
 */
import { displayUnit, stockholmTime, swedishDate } from '../format.ts';
import { latestPeriod, nyko3Areas, periodsInOrder } from '../lookup.ts';
import { periodCovered, readingGuide, sourceLines } from '../texts.ts';
import type { ViewExtract } from '../types.ts';
import { cellText, COLOR, FONT, heading, PAGE, paragraph, type Doc } from './layout.ts';
import { fit, winAnsi } from './text.ts';

function facts(doc: Doc, rows: [string, string][]): void {
  const labelWidth = 130;
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font(FONT.bold).fontSize(9.5).fillColor(COLOR.text);
    cellText(doc, winAnsi(label), PAGE.left, y, labelWidth);
    doc.font(FONT.regular).text(winAnsi(value), PAGE.left + labelWidth, y, { width: PAGE.contentWidth - labelWidth, lineGap: 1.5 });
    doc.moveDown(0.2);
  }
}

function sourcesTable(doc: Doc, x: ViewExtract): void {
  const columns: [string, number][] = [
    ['Källa', 140],
    ['Uppgifter t.o.m.', 90],
    ['Senaste leverans', 90],
    ['Anmärkning', PAGE.contentWidth - 320],
  ];
  const row = (cells: string[], font: string, shade: boolean): void => {
    const y = doc.y;
    if (shade) doc.rect(PAGE.left, y - 2, PAGE.contentWidth, 14).fill(COLOR.zebra);
    doc.font(font).fontSize(9).fillColor(COLOR.text);
    let left = PAGE.left;
    columns.forEach(([, width], i) => {
      cellText(doc, fit(doc, cells[i] ?? '', width - 6), left + 2, y, width - 6);
      left += width;
    });
    doc.x = PAGE.left;
    doc.y = y + 14;
  };
  row(
    columns.map(([title]) => title),
    FONT.bold,
    false,
  );
  doc
    .moveTo(PAGE.left, doc.y - 3)
    .lineTo(PAGE.right, doc.y - 3)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  sourceLines(x).forEach((s, i) => row([s.actorName, s.coveredTo, s.lastDelivery, s.note], FONT.regular, i % 2 === 0));
  doc.moveDown(0.3);
}

export function drawFrontPage(doc: Doc, x: ViewExtract): void {
  const covered = periodCovered(x);
  const first = periodsInOrder(x)[0];
  const generated = stockholmTime(x.generatedAt);
  heading(doc, x.view.title, 18);
  paragraph(doc, `Lägesbild – ${x.municipality.name}`, { size: 13, color: COLOR.muted });
  doc.moveDown(0.4);
  facts(doc, [
    ['Kommun', x.municipality.name],
    ['Mottagare', x.view.actorName],
    ['Period', `${first?.label ?? ''} – ${latestPeriod(x).label} (${swedishDate(covered.from)} – ${swedishDate(covered.to)})`],
    ['Uppgifter till och med', swedishDate(x.asOf)],
    ['Genererad', `${swedishDate(generated.date)}${generated.time === null ? '' : ` kl. ${generated.time}`}`],
    ['Indikatorer', x.indicators.map((i) => `${i.label} (${displayUnit(i)})`).join('; ')],
    ['Områden', `${nyko3Areas(x).length} områden på NYKO-nivå 3, deras överordnade områden och hela kommunen`],
  ]);
  heading(doc, 'Källor och aktualitet', 13);
  sourcesTable(doc, x);
  for (const section of readingGuide(x)) {
    heading(doc, section.heading, 11);
    for (const p of section.paragraphs) paragraph(doc, p);
  }
}
