/**
 * The Swedish words every extract shares: status labels, why a value is hidden, and the reading guide that opens
 * the PDF and makes up forklaring.txt. One source, so the CSV, the PDF and the explanation never disagree.
 */
import { percent, stockholmTime, SUPPRESSED } from './format.ts';
import { latestPeriod, periodsInOrder, UNKNOWN_AREA } from './lookup.ts';
import type { CellStatus, ExtractCell, ExtractComparison, ExtractSource, ViewExtract } from './types.ts';

export const STATUS_LABEL: Record<CellStatus, string> = {
  published: 'publicerad',
  suppressed_primary: 'skyddad – för få',
  suppressed_secondary: 'skyddad – följdskydd',
  perturbed: 'justerad (CKM)',
};

export const COMPARISON_LABEL: Record<ExtractComparison['kind'], string> = {
  previous_year: 'Samma period föregående år',
  rolling_12: 'Rullande 12 månader',
  municipality_average: 'Kommunens genomsnitt',
};

const CKM_TEXT = 'Slumpjusterat med några enheter (CKM) för att skydda små tal.';
const SECONDARY_TEXT = 'Följdskydd: döljs så att ett skyddat värde inte kan räknas fram ur summor och delsummor.';
const DENOMINATOR_TEXT = 'Andelen döljs eftersom underlaget (nämnaren) är för litet eller skyddat.';

/** Reason codes of the publication layer (disclosure/table.ts, disclosure/shares.ts) in plain Swedish. */
function reasonTexts(k: number): Record<string, string> {
  return {
    'primary:k': `Färre än ${k} fall: döljs så att ingen enskild person kan pekas ut.`,
    'primary:zero': 'Noll i en liten grupp: döljs eftersom även en nolla kan säga något om enskilda.',
    'primary:share': 'Antalet döljs eftersom andelen annars skulle avslöja något om alla eller nästan alla i gruppen.',
    'primary:released-before': 'Räknas nu som känsligt och visas därför inte, trots att värdet lämnats ut tidigare.',
    'secondary:protection': SECONDARY_TEXT,
    'secondary:hierarchy': SECONDARY_TEXT,
    'secondary:history':
      'Följdskydd: skyddat i tidigare utdrag och förblir skyddat, så att värdet inte kan räknas fram genom att jämföra utdrag.',
    'perturbed:ckm': CKM_TEXT,
    ckm: CKM_TEXT,
    'suppressed:numerator': 'Andelen döljs eftersom antalet (täljaren) är skyddat.',
    'suppressed:denominator': DENOMINATOR_TEXT,
    'share:denominator': DENOMINATOR_TEXT,
    'suppressed:small-denominator': 'Andelen döljs eftersom underlaget (nämnaren) är för litet.',
    'suppressed:extreme': 'Andelen döljs eftersom 0 % eller 100 % säger något om alla i gruppen.',
    'suppressed:complement': 'Andelen döljs eftersom nästan alla i gruppen ingår: de få som inte gör det kunde pekas ut.',
    unprotectable: 'Kunde inte skyddas med följdskydd och visas därför inte alls.',
    'primary:no-population': 'Befolkningsuppgift saknas för området: talet kan inte räknas per invånare.',
    'primary:base': 'För få svarande för att värdet ska kunna redovisas.',
  };
}

const BY_STATUS: Record<CellStatus, (k: number) => string> = {
  published: () => '',
  suppressed_primary: (k) => `Skyddat värde: bygger på för få (färre än ${k}) fall.`,
  suppressed_secondary: () => SECONDARY_TEXT,
  perturbed: () => CKM_TEXT,
};

const UNCERTAIN_TEXT = 'Litet underlag: osäker siffra.';

/** Why a cell looks the way it does, for the Förklaring column; empty for an ordinary published value. */
export function reasonText(cell: ExtractCell, k: number): string {
  const why = reasonTexts(k)[cell.reason] ?? BY_STATUS[cell.status](k);
  return [why, cell.uncertain ? UNCERTAIN_TEXT : ''].filter((s) => s !== '').join(' ');
}

export interface Section {
  heading: string;
  paragraphs: string[];
}

export const RANKING_WARNING = 'Små tal varierar mycket – rangordna inte områden på enstaka värden.';

export function periodCovered(x: ViewExtract): { from: string; to: string } {
  const periods = periodsInOrder(x);
  return { from: periods[0]?.start ?? '', to: latestPeriod(x).end };
}

/** The reading guide: what `..` means, what CKM does, how to read uncertainty, what 'Okänt område' is. */
export function readingGuide(x: ViewExtract): Section[] {
  const s = x.suppression;
  const hidden = s.suppressedPrimary + s.suppressedSecondary;
  const sections: Section[] = [
    {
      heading: `Sekretessskydd: vad betyder ${SUPPRESSED}?`,
      paragraphs: [
        `Två punkter (${SUPPRESSED}) betyder att värdet inte redovisas. Det är inte noll och inte saknade uppgifter: värdet döljs för att ingen enskild person ska kunna pekas ut, direkt eller genom att kombinera tabeller.`,
        `Primärt skydd: värden som bygger på färre än ${s.k} händelser eller personer döljs, liksom andelar som skulle säga något om alla eller nästan alla i en grupp.`,
        'Följdskydd (sekundärt skydd): fler värden döljs så att ett skyddat värde inte kan räknas fram som skillnaden mellan en summa och dess delar, till exempel kommunen minus övriga områden.',
        hidden === 0
          ? 'I detta utdrag är inga värden dolda.'
          : `I detta utdrag: ${s.suppressedPrimary} värden med primärt skydd och ${s.suppressedSecondary} med följdskydd. De dolda värdena motsvarar ${percent(s.hiddenShareOfTotal)} av totalen.`,
      ],
    },
    {
      heading: 'Slumpjusterade värden (CKM)',
      paragraphs:
        s.perturbed === 0 && s.method === 'suppression'
          ? ['Inga värden i detta utdrag är slumpjusterade.']
          : [
              'Vissa antal har justerats slumpmässigt några enheter upp eller ned (cell key-metoden, CKM). Samma uppgift justeras alltid på samma sätt, så värdet ändras inte mellan utdrag.',
              'Små tal är därför aldrig exakta, och delarna behöver inte summera exakt till totalen.',
              `I detta utdrag är ${s.perturbed} värden justerade. De har status ”${STATUS_LABEL.perturbed}”.`,
            ],
    },
    {
      heading: 'Osäkerhet och små tal',
      paragraphs: [
        RANKING_WARNING,
        'En stjärna (*) eller texten ”Litet underlag” markerar värden som bygger på få fall: slumpen kan förklara en stor del av skillnaden mot andra områden eller perioder.',
        'Där ett osäkerhetsintervall anges (nedre–övre) visar det hur mycket värdet kan variera av slumpen. Om två intervall överlappar är skillnaden inte säkerställd.',
        'Indikatorerna är indirekta mått: de speglar vad som anmälts och rapporterats, inte allt som händer. Skillnader mellan områden kan bero på hur och var händelser rapporteras.',
      ],
    },
  ];
  if (x.areas.some((a) => a.code === UNKNOWN_AREA)) {
    sections.push({
      heading: 'Okänt område',
      paragraphs: [
        '”Okänt område” samlar händelser som inte kunde placeras i ett område, till exempel när adressen saknas. De ingår i kommunens total men inte i något delområde.',
      ],
    });
  }
  return sections;
}

export interface SourceLine {
  actorName: string;
  coveredTo: string;
  lastDelivery: string;
  note: string;
}

/** Freshness per source, with a note when a source does not reach the end of the latest period. */
export function sourceLines(x: ViewExtract): SourceLine[] {
  const latest = latestPeriod(x);
  const line = (s: ExtractSource): SourceLine => {
    const delivered = s.lastDelivery === null ? null : stockholmTime(s.lastDelivery).date;
    const note =
      s.coveredTo === null
        ? 'Inga uppgifter levererade'
        : s.coveredTo < latest.start
          ? 'Saknas för senaste perioden'
          : s.coveredTo < latest.end
            ? 'Senaste perioden ofullständig'
            : '';
    return { actorName: s.actorName, coveredTo: s.coveredTo ?? '–', lastDelivery: delivered ?? '–', note };
  };
  return [...x.sources].sort((a, b) => a.actorName.localeCompare(b.actorName, 'sv')).map(line);
}
