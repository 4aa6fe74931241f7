/**
 * Compares the lager with independently counted figures (a truth file: indicator, area, month, count, value,
 * numerator, denominator): how the statistician — and the tests — prove that deliveries were counted right.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface TruthRow {
  indicator: string;
  /** NYKO3 code or 'okand'. */
  area: string;
  month: string;
  count: number;
  value: number;
  numerator: number;
  denominator: number;
}

export interface Mismatch {
  indicator: string;
  area: string;
  month: string;
  field: 'count' | 'value' | 'numerator' | 'denominator' | 'missing' | 'extra';
  expected: number;
  actual: number;
}

export interface VerifyResult {
  compared: number;
  indicators: string[];
  mismatches: Mismatch[];
}

export function readTruth(path: string): TruthRow[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  return parsed.data.map((r) => ({
    indicator: r['indicator'] ?? '',
    area: r['nyko3'] ?? r['area'] ?? '',
    month: (r['month'] ?? '').slice(0, 7),
    count: Number(r['count']),
    value: Number(r['value']),
    numerator: Number(r['numerator'] ?? 0),
    denominator: Number(r['denominator'] ?? 0),
  }));
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/** Per indicator in the truth: every (area, month) must agree, and the lager must have nothing more. */
export async function verifyAgainstTruth(connection: DuckDBConnection, truth: TruthRow[]): Promise<VerifyResult> {
  const indicators = [...new Set(truth.map((t) => t.indicator))].sort();
  const reader = await connection.runAndReadAll(
    `select indicator, area_code, strftime(month, '%Y-%m') as month, count, value, numerator, denominator from monthly`,
  );
  const actual = new Map<string, Record<string, unknown>>();
  for (const r of reader.getRowObjectsJS()) {
    if (!indicators.includes(String(r['indicator']))) continue;
    actual.set(`${String(r['indicator'])}|${String(r['area_code'])}|${String(r['month'])}`, r);
  }
  const mismatches: Mismatch[] = [];
  const seen = new Set<string>();
  for (const t of truth) {
    const key = `${t.indicator}|${t.area}|${t.month}`;
    seen.add(key);
    const a = actual.get(key);
    if (!a) {
      mismatches.push({ indicator: t.indicator, area: t.area, month: t.month, field: 'missing', expected: t.count, actual: 0 });
      continue;
    }
    const isShare = t.denominator > 0;
    const checks: [Mismatch['field'], number, number][] = isShare
      ? [
          ['numerator', t.numerator, Number(a['numerator'] ?? 0)],
          ['denominator', t.denominator, Number(a['denominator'] ?? 0)],
        ]
      : [
          ['count', t.count, Number(a['count'] ?? 0)],
          ['value', t.value, Number(a['value'] ?? 0)],
        ];
    for (const [field, expected, got] of checks) {
      if (!close(expected, got)) mismatches.push({ indicator: t.indicator, area: t.area, month: t.month, field, expected, actual: got });
    }
  }
  for (const [key, a] of actual) {
    if (seen.has(key) || Number(a['count'] ?? 0) === 0) continue;
    const [indicator = '', area = '', month = ''] = key.split('|');
    mismatches.push({ indicator, area, month, field: 'extra', expected: 0, actual: Number(a['count'] ?? 0) });
  }
  return { compared: truth.length, indicators, mismatches };
}
