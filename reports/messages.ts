/** One Swedish formatter per diagnostic code: what receipts and the CLI say about a problem. */
import type { Diagnostic, DiagnosticCode, Location } from '../schemas/diagnostics.ts';

type Params = Diagnostic['params'];

const p = (params: Params, key: string): string => String(params[key] ?? '');

const formatters: Record<DiagnosticCode, (params: Params) => string> = {
  'file.empty': () => 'filen är tom',
  'file.unreadable': (x) => `filen kunde inte läsas som CSV eller Excel${x['reason'] ? ` (${p(x, 'reason')})` : ''}`,
  'file.too_large': (x) => `filen är för stor eller packar upp sig till för mycket data${x['reason'] ? ` (${p(x, 'reason')})` : ''}; dela upp leveransen`,
  'file.not_spreadsheet': () => 'filen är varken CSV eller Excel (.xlsx)',
  'file.encoding_fallback': (x) => `teckenkodningen tolkades som ${p(x, 'encoding') || 'Windows-1252'} (inte UTF-8)`,
  'file.header_not_found': (x) => `hittade ingen rubrikrad med kända kolumnnamn${x['expected'] ? ` (förväntade t.ex. ${p(x, 'expected')})` : ''}`,
  'file.sheet_missing': (x) => `bladet "${p(x, 'sheet')}" saknas eller kunde inte läsas`,
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
  'row.error_cell': (x) => `cellen innehåller ett Excel-fel${x['value'] ? ` (${p(x, 'value')})` : ''}`,
  'row.summary_skipped': () => 'summeringsrad hoppades över',
  'row.personal_data': () => 'kolumnen innehåller personnummer eller samordningsnummer',
  'row.unknown_area': (x) => `området "${p(x, 'value')}" finns inte i områdesregistret`,
  'area.unmatched': (x) => `platsen kunde inte kopplas till något område${x['value'] ? `: "${p(x, 'value')}"` : ''}`,
  'area.ambiguous': (x) => `adressen finns i flera områden${x['value'] ? `: "${p(x, 'value')}"` : ''}; ange postnummer eller koordinater`,
  'delivery.duplicate': (x) => `samma fil (identiskt innehåll) levererades redan som "${p(x, 'file')}" ${p(x, 'received')}; inget lästes in`,
  'delivery.period_inferred': (x) => `perioden framgick inte av filnamnet; den sattes från datumen i filen till ${p(x, 'from')} – ${p(x, 'to')}`,
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
