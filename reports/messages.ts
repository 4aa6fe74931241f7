/** One Swedish formatter per diagnostic code: what receipts and the CLI say about a problem. */
import type { Diagnostic, DiagnosticCode, Location } from '../schemas/diagnostics.ts';

type Params = Diagnostic['params'];

const p = (params: Params, key: string): string => String(params[key] ?? '');

/** Readers give a fixed reason code (never file content) for a refused file; the actor reads it in Swedish. */
const FILE_REASONS: Record<string, string> = {
  timeout: 'inläsningen tog längre tid än tillåtet',
  memory: 'inläsningen krävde mer minne än tillåtet',
  worker_failed: 'inläsningen avbröts',
  compression_ratio: 'en del av arkivet packar upp sig till mer än 200 gånger sin storlek',
  uncompressed_size: 'innehållet packar upp sig till mer än tillåtet',
  entries: 'arkivet har för många delar',
  zip64: 'arkivet är större än 4 GB eller har för många delar',
  size_mismatch: 'arkivets storleksuppgifter stämmer inte med innehållet',
  encrypted: 'filen är krypterad eller lösenordsskyddad',
  parse: 'filen är skadad eller ingen arbetsbok',
  binary: 'filen innehåller binära data, inte text',
  no_central_directory: 'zip-arkivet är ofullständigt',
  bad_central_directory: 'zip-arkivet är skadat',
  bad_local_header: 'zip-arkivet är skadat',
  bad_deflate: 'zip-arkivet är skadat',
  multi_disk: 'arkivet är delat på flera filer',
  compression_method: 'okänd komprimeringsmetod',
  truncated_part: 'ett blad i arbetsboken är avkortat',
};

function fileReason(x: Params): string {
  if (x['reason'] !== undefined) return ` (${FILE_REASONS[p(x, 'reason')] ?? p(x, 'reason')})`;
  if (x['maxRows'] !== undefined) return ` (fler än ${p(x, 'maxRows')} rader)`;
  if (x['maxBytes'] !== undefined) return ` (större än ${p(x, 'maxBytes')} byte)`;
  return '';
}

const formatters: Record<DiagnosticCode, (params: Params) => string> = {
  'file.empty': () => 'filen är tom',
  'file.unreadable': (x) => `filen kunde inte läsas som CSV eller Excel${fileReason(x)}`,
  'file.too_large': (x) => `filen är för stor eller packar upp sig till för mycket data${fileReason(x)}; dela upp leveransen`,
  'file.not_spreadsheet': () => 'filen är varken CSV eller Excel (.xlsx)',
  'file.encoding_fallback': (x) => `teckenkodningen tolkades som ${p(x, 'encoding') || 'Windows-1252'} (inte UTF-8)`,
  'file.header_not_found': (x) =>
    `hittade ingen rubrikrad med kända kolumnnamn${x['expected'] ? ` (förväntade t.ex. ${p(x, 'expected')})` : ''}`,
  'file.sheet_missing': () =>
    'bladet finns i arbetsboken men kunde inte läsas (trasig eller ofullständig fil); öppna filen i Excel, spara och leverera igen',
  'file.formula_without_value': () => 'cellen innehåller en formel utan sparat värde; öppna filen i Excel, spara och leverera igen',
  'file.unknown_kind': (x) => `filen liknar ingen av aktörens leveranstyper (${p(x, 'kinds')})`,
  'file.ambiguous_kind': (x) => `filen passar flera leveranstyper (${p(x, 'kinds')}); lägg den i en undermapp med typens namn`,
  'file.unterminated_quote': () => 'ett citattecken (") avslutas aldrig; resten av filen skulle ha lästs som en enda cell',
  'file.duplicate_header': (x) => `kolumnnamnet "${p(x, 'header')}" förekommer flera gånger eller är inte tillåtet`,
  'column.missing': (x) => `obligatorisk kolumn saknas: ${p(x, 'field')} (förväntade rubriken ${p(x, 'expected')})`,
  'column.ignored': () => 'kolumnen lästes inte (används inte av Lägesbild)',
  'column.personal_data': () => 'kolumnen ser ut att innehålla personuppgifter eller fritext och lästes inte',
  'row.empty_required': () => 'obligatoriskt värde saknas',
  'row.bad_date': (x) => `förväntade ${p(x, 'expected')}${x['value'] !== undefined ? `, fick "${p(x, 'value')}"` : ''}`,
  'row.bad_time': (x) => `förväntade ett klockslag som 22:41 eller 22.41${x['value'] !== undefined ? `, fick "${p(x, 'value')}"` : ''}`,
  'row.bad_number': (x) => `förväntade ${p(x, 'expected') || 'ett tal'}${x['value'] !== undefined ? `, fick "${p(x, 'value')}"` : ''}`,
  'row.date_out_of_range': (x) => `datumet ${p(x, 'value')} ligger utanför det rimliga intervallet ${p(x, 'from')} – ${p(x, 'to')}`,
  'row.date_outside_period': (x) => `datumet ${p(x, 'value')} ligger utanför leveransens period ${p(x, 'from')} – ${p(x, 'to')}`,
  'row.bad_coordinate': () => 'koordinaterna ligger inte i Sverige (varken SWEREF 99 TM eller WGS84)',
  'row.duplicate_key': () => 'raden förekommer redan i leveransen (samma ärende-/händelsenummer) och räknas en gång',
  'row.unknown_category': (x) => `okänd kategori "${p(x, 'value')}"`,
  'row.error_cell': (x) => `cellen innehåller ett Excel-fel${x['error'] ? ` (${p(x, 'error')})` : ''} och lästes som tom`,
  'row.summary_skipped': () => 'summeringsrad hoppades över',
  'row.personal_data': () => 'kolumnen innehåller personnummer eller samordningsnummer',
  'row.unknown_area': (x) =>
    `området "${p(x, 'value')}" finns inte i områdesregistret och räknas under okänt område${x['suggestion'] ? `; menade ni "${p(x, 'suggestion')}"? Excel tar bort inledande nollor i tal – formatera kolumnen som text` : ''}`,
  'area.unmatched': (x) => `platsen kunde inte kopplas till något område${x['value'] ? `: "${p(x, 'value')}"` : ''}`,
  'area.ambiguous': (x) => `adressen finns i flera områden${x['value'] ? `: "${p(x, 'value')}"` : ''}; ange postnummer eller koordinater`,
  'delivery.duplicate': (x) =>
    `samma fil (identiskt innehåll) levererades redan som "${p(x, 'file')}" ${p(x, 'received')}; inget lästes in`,
  'delivery.period_inferred': (x) =>
    `perioden framgick inte av filnamnet; den sattes från datumen i filen till ${p(x, 'from')} – ${p(x, 'to')}`,
  'delivery.replaced': (x) => `ersätter tidigare leverans ${p(x, 'delivery')} för ${p(x, 'from')} – ${p(x, 'to')}`,
  'delivery.refused': (x) => `${p(x, 'reason')}`,
};

export function formatLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.sheet) parts.push(`blad "${loc.sheet}"`);
  if (loc.row !== undefined) parts.push(`rad ${loc.row}`);
  if (loc.column) parts.push(`kolumn "${loc.column}"`);
  return parts.join(', ');
}

export function formatDiagnostic(d: Diagnostic, withFile = false): string {
  const where = formatLocation(d.location);
  const prefix = [withFile ? d.location.file : '', where].filter((s) => s !== '').join(': ');
  const text = formatters[d.code](d.params);
  return prefix === '' ? text : `${prefix}: ${text}`;
}
