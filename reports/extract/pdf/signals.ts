/** The 'Signaler' section of the joint view: areas whose level stands out, as leads to look into, not verdicts. */
import { swedishNumber } from '../format.ts';
import type { ExtractSignal, ViewExtract } from '../types.ts';
import { COLOR, ensureSpace, FONT, heading, paragraph, type Doc } from './layout.ts';

export function drawSignals(doc: Doc, x: ViewExtract, signals: readonly ExtractSignal[]): void {
  doc.addPage();
  heading(doc, 'Signaler', 18);
  paragraph(
    doc,
    'En signal betyder att ett område under flera perioder har legat klart över sin egen vanliga nivå, i en eller flera källor. Det är en anledning att titta närmare tillsammans, inte ett bevis på att något har förändrats och inte en rangordning av områden.',
  );
  if (signals.length === 0) {
    paragraph(doc, 'Inga signaler för perioden.', { color: COLOR.muted });
    return;
  }
  const label = (code: string): string => x.indicators.find((i) => i.code === code)?.label ?? code;
  const since = (key: string): string => x.periods.find((p) => p.key === key)?.label ?? key;
  for (const s of signals) {
    ensureSpace(doc, 60);
    heading(doc, s.areaName, 11);
    paragraph(doc, `Indikatorer: ${s.indicators.map(label).join('; ')}`);
    paragraph(doc, `Sedan ${since(s.since)}: ${swedishNumber(s.ratio, 1)} gånger den förväntade nivån.`);
    if (s.note !== '') paragraph(doc, s.note, { color: COLOR.muted, font: FONT.italic });
  }
}
