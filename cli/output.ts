/** Data to stdout, notes to stderr. A table on a terminal, machine-readable otherwise. */
export type Format = 'table' | 'csv' | 'json';

export function defaultFormat(): Format {
  return process.stdout.isTTY ? 'table' : 'csv';
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvCell(value: unknown): string {
  const t = text(value);
  return /[;"\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function renderRows(columns: string[], rows: unknown[][], format: Format): string {
  if (format === 'json') {
    return `${JSON.stringify(
      rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, typeof r[i] === 'bigint' ? Number(r[i]) : r[i]]))),
      null,
      2,
    )}\n`;
  }
  if (format === 'csv') return `${[columns, ...rows].map((r) => r.map(csvCell).join(';')).join('\n')}\n`;
  const cells = [columns, ...rows.map((r) => r.map(text))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: unknown[]): string =>
    r
      .map((c, i) => String(c ?? '').padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')}\n`;
}
