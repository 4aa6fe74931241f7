/**
 * forklaring.txt, sent beside the CSV: what `..` means, what CKM does, how to read uncertainty, how fresh each
 * source is and what the columns hold. UTF-8 with BOM and CRLF so that Notepad on any Windows shows å, ä, ö.
 */
import { displayUnit, swedishDate, stockholmTime, SUPPRESSED } from './format.ts';
import { latestPeriod, periodsInOrder } from './lookup.ts';
import { periodCovered, readingGuide, sourceLines, STATUS_LABEL, type Section } from './texts.ts';
import type { ViewExtract } from './types.ts';

const WIDTH = 100;

/** Greedy word wrap; a word longer than the line stays whole. */
function wrap(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/u).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

const heading = (title: string): string[] => ['', title, '-'.repeat(title.length)];

const section = (s: Section): string[] => [...heading(s.heading), ...s.paragraphs.flatMap((p) => [...wrap(p), ''])].slice(0, -1);

const list = (title: string, items: string[]): string[] => [...heading(title), ...items.flatMap((item) => wrap(item, '  '))];

export function extractExplanationTxt(x: ViewExtract): Uint8Array {
  const covered = periodCovered(x);
  const first = periodsInOrder(x)[0];
  const generated = stockholmTime(x.generatedAt);
  const lines = [
    `FÖRKLARING TILL UTDRAGET ”${x.view.title}”`,
    `Lägesbild – ${x.municipality.name}`,
    '',
    `Mottagare: ${x.view.actorName}`,
    `Period: ${swedishDate(covered.from)} – ${swedishDate(covered.to)} (${first?.label ?? ''} – ${latestPeriod(x).label})`,
    `Uppgifter till och med: ${swedishDate(x.asOf)}`,
    `Genererad: ${generated.date}${generated.time === null ? '' : ` kl. ${generated.time}`}`,
    ...readingGuide(x).flatMap(section),
    ...list(
      'Källor och aktualitet',
      sourceLines(x).map(
        (s) =>
          `${s.actorName}: uppgifter till och med ${s.coveredTo}, senaste leverans ${s.lastDelivery}.${s.note === '' ? '' : ` ${s.note}.`}`,
      ),
    ),
    ...list(
      'Indikatorer',
      x.indicators.map((i) => `${i.label} (${displayUnit(i)}), kod ${i.code}`),
    ),
    ...list('Status i CSV-filen', [
      `${STATUS_LABEL.published}: värdet redovisas som det är.`,
      `${STATUS_LABEL.suppressed_primary}: värdet är ${SUPPRESSED} eftersom det bygger på för få fall.`,
      `${STATUS_LABEL.suppressed_secondary}: värdet är ${SUPPRESSED} för att ett annat skyddat värde inte ska kunna räknas fram.`,
      `${STATUS_LABEL.perturbed}: värdet är slumpjusterat några enheter och aldrig exakt för små tal.`,
    ]),
    ...list('Kolumner i CSV-filen', [
      'Indikator: namn och enhet. Andelar anges i procent.',
      'Nivå: 0 är hela kommunen, 1–3 är NYKO-nivåer (3 är de minsta områdena).',
      'Period, Periodstart, Periodslut: periodens namn och första och sista dag (ÅÅÅÅ-MM-DD).',
      `Värde: talet med decimalkomma, eller ${SUPPRESSED} när det är skyddat.`,
      'Status och Förklaring: om värdet är publicerat, skyddat eller justerat, och varför.',
      `Underlag: antalet som en andel eller ett tal per invånare bygger på (${SUPPRESSED} om underlaget självt är skyddat).`,
      'Osäkerhet nedre och övre: inom vilka gränser värdet rimligen ligger, där det har räknats fram.',
      "Text som börjar med = + - eller @ har fått en apostrof (') först, så att Excel inte tolkar den som en formel.",
    ]),
  ];
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}
