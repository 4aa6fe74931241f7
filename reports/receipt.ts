/**
 * The receipt an actor gets for each delivery, in Swedish: what was accepted, what was rejected and why (file,
 * sheet, row, column), what could not be placed in an area, which columns were dropped unread, what it replaced.
 * It never contains a value from a personal-data or free-text column.
 */
import type { Diagnostic } from '../schemas/diagnostics.ts';
import { formatDiagnostic } from './messages.ts';

export type DeliveryStatus = 'loaded' | 'refused' | 'duplicate' | 'dry_run';

export interface ReceiptInput {
  status: DeliveryStatus;
  deliveryId: string | null;
  actorId: string;
  actorName: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  receivedAt: string;
  kind: { code: string; label: string } | null;
  period: { start: string; end: string; source: string } | null;
  format: string | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsUnmapped: number;
  mappedColumns: { field: string; header: string }[];
  ignoredColumns: string[];
  personalColumns: string[];
  replaced: { deliveryId: string; from: string; to: string; facts: number }[];
  unknownCategories: Record<string, Record<string, number>>;
  unmatched: Record<string, number>;
  diagnostics: Diagnostic[];
  refusal: string | null;
  indicatorTotals: { indicator: string; count: number }[];
}

const STATUS_TEXT: Record<DeliveryStatus, string> = {
  loaded: 'INLÄST',
  refused: 'AVVISAD – inget lästes in',
  duplicate: 'DUBBLETT – inget lästes in',
  dry_run: 'PROVKÖRNING – inget lästes in',
};

const MAX_LISTED = 200;

function section(title: string, lines: string[]): string[] {
  if (lines.length === 0) return [];
  const shown = lines.slice(0, MAX_LISTED);
  if (lines.length > MAX_LISTED) shown.push(`… och ${lines.length - MAX_LISTED} till`);
  return ['', title, ...shown.map((l) => `  ${l}`)];
}

/** Rows with the same problem in the same column are listed once: 'rad 3, 4, 6–9 (6 rader)'. */
function groupedProblems(diagnostics: Diagnostic[]): string[] {
  const groups = new Map<string, { first: Diagnostic; rows: number[] }>();
  for (const d of diagnostics) {
    const { row, ...rest } = d.location;
    const key = JSON.stringify([d.code, rest, d.params]);
    const group = groups.get(key);
    if (group) {
      if (row !== undefined) group.rows.push(row);
    } else groups.set(key, { first: d, rows: row === undefined ? [] : [row] });
  }
  return [...groups.values()].map(({ first, rows }) => {
    if (rows.length <= 1) return formatDiagnostic(first);
    const { row: _row, ...rest } = first.location;
    return `rad ${compactRows(rows)} (${rows.length} rader): ${formatDiagnostic({ ...first, location: rest })}`;
  });
}

function compactRows(rows: number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i] ?? 0;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i] ?? end;
    parts.push(end > start + 1 ? `${start}–${end}` : end === start + 1 ? `${start}, ${end}` : `${start}`);
  }
  return parts.length > 12 ? `${parts.slice(0, 12).join(', ')} …` : parts.join(', ');
}

const sortedCounts = (counts: Record<string, number>): [string, number][] =>
  Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'sv'));

export function renderReceipt(r: ReceiptInput): string {
  const lines: string[] = [
    'KVITTO PÅ LEVERANS TILL LÄGESBILD',
    '',
    `Status:            ${STATUS_TEXT[r.status]}`,
    `Aktör:             ${r.actorName} (${r.actorId})`,
    `Fil:               ${r.fileName}`,
    `Mottagen:          ${r.receivedAt}`,
    `Storlek:           ${r.sizeBytes} byte`,
    `SHA-256:           ${r.sha256}`,
  ];
  if (r.deliveryId) lines.push(`Leverans-id:       ${r.deliveryId}`);
  if (r.kind) lines.push(`Leveranstyp:       ${r.kind.label} (${r.kind.code})`);
  if (r.format) lines.push(`Format:            ${r.format}`);
  if (r.period) lines.push(`Period:            ${r.period.start} – ${r.period.end} (${r.period.source})`);
  if (r.refusal) lines.push('', `Skäl: ${r.refusal}`);
  if (r.status !== 'duplicate') {
    lines.push(
      '',
      `Rader lästa:       ${r.rowsRead}`,
      `Rader godtagna:    ${r.rowsAccepted}`,
      `Rader avvisade:    ${r.rowsRejected}`,
      `Utan känt område:  ${r.rowsUnmapped} (räknas under "okänt område" så att kommunens totaler blir hela)`,
    );
  }
  lines.push(
    ...section(
      'Kolumner som lästes:',
      r.mappedColumns.map((c) => `${c.header} (${c.field})`),
    ),
  );
  lines.push(
    ...section(
      'Kolumner som inte lästes (släpptes olästa, lagras inte):',
      r.ignoredColumns.map((h) => (r.personalColumns.includes(h) ? `${h} – personuppgifter eller fritext` : h)),
    ),
  );
  lines.push(
    ...section(
      'Ersatta tidigare leveranser (samma aktör och leveranstyp, samma period):',
      r.replaced.map((x) => `${x.deliveryId}: ${x.from} – ${x.to} (${x.facts} aggregat)`),
    ),
  );
  lines.push(
    ...section(
      'Inlästa värden per indikator (antal poster):',
      r.indicatorTotals.map((t) => `${t.indicator}: ${t.count}`),
    ),
  );
  const rejected = r.diagnostics.filter((d) => d.severity === 'error');
  lines.push(...section('Fel (raden eller filen lästes inte in):', groupedProblems(rejected)));
  const unknown = Object.entries(r.unknownCategories).flatMap(([field, counts]) =>
    sortedCounts(counts).map(([value, n]) => `${field} "${value}": ${n} rader (räknas bara i totalen)`),
  );
  lines.push(...section('Okända kategorier – lägg till dem i lagesbild.yaml om de ska räknas:', unknown));
  lines.push(
    ...section(
      'Platser som inte kunde kopplas till ett område (lägenhetsnummer borttagna) – komplettera adressregistret:',
      sortedCounts(r.unmatched).map(([value, n]) => `"${value}": ${n}`),
    ),
  );
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
  lines.push(...section('Varningar:', groupedProblems(warnings)));
  const notes = r.diagnostics.filter((d) => d.severity === 'info' && d.code !== 'column.ignored' && d.code !== 'column.personal_data');
  lines.push(...section('Noteringar:', groupedProblems(notes)));
  lines.push('', 'Frågor om kvittot: kontakta huvudmannens statistiker.', '');
  return lines.join('\n');
}
