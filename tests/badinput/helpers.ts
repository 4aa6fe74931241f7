/**
 * Bad deliveries through the real ingest. Every test drops one good delivery beside the bad one, so each also shows
 * that the rest of the run still loads; a refused file must leave nothing behind but its ledger row, its receipt
 * and its place in quarantine.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import type { DeliveryOutcome, IngestSummary } from '../../pipelines/ingest.ts';
import { tinyWorkspace, type TinyOptions, type TinyWorkspace } from '../helpers/tinyMunicipality.ts';
import { buildZip, readZip, workbook, writeBook, type SheetSpec } from '../readers/fixtures.ts';

const MB = 1024 * 1024;

export const STORM_HEADER = ['Händelsenummer', 'Registrerad', 'Händelsetyp', 'Händelseplats', 'X-koordinat', 'Y-koordinat'];

/** A STORM export as the police's CSV looks (BOM, semicolons, CRLF). */
export function stormCsv(rows: string[][], header: string[] = STORM_HEADER): string {
  return `\uFEFF${[header, ...rows].map((r) => r.join(';')).join('\r\n')}\r\n`;
}

export function stormXlsx(rows: SheetSpec, sheet = 'Händelser'): Uint8Array {
  return writeBook(workbook([[sheet, rows]]));
}

const GOOD = {
  actor: 'securitas',
  name: 'rapporter_2025-03.txt',
  content: 'Datum\tTid\tOmråde/Objekt\tHändelsekategori\tBeskrivning\r\n2025-03-01\t22:00\tStora torget\tHot\tVäktare ingrep.\r\n',
};

const created: string[] = [];

/** A tiny workspace with one good delivery already in the inbox. */
export async function withGoodDelivery(options: TinyOptions = {}): Promise<TinyWorkspace> {
  const t = await tinyWorkspace(options);
  created.push(t.ws.root, `${t.ws.root}-register`);
  t.deliver(GOOD.actor, GOOD.name, GOOD.content);
  return t;
}

/** For afterAll: the workspaces (and their register sources) made by withGoodDelivery. */
export function removeWorkspaces(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function outcomeOf(summary: IngestSummary, file: string): DeliveryOutcome {
  const found = summary.outcomes.find((o) => o.file === file);
  if (!found) throw new Error(`no outcome for ${file}: ${summary.outcomes.map((o) => o.file).join(', ')}`);
  return found;
}

export const receiptOf = (o: DeliveryOutcome): string => readFileSync(o.receipt, 'utf8');

/** The good delivery loaded in the same run as the bad one. */
export async function expectGoodLoaded(t: TinyWorkspace, summary: IngestSummary): Promise<void> {
  const good = outcomeOf(summary, GOOD.name);
  expect(good.status).toBe('loaded');
  expect(await t.query(`select indicator, area_code, count::int as n from facts where delivery_id = '${good.deliveryId ?? ''}'`)).toEqual([
    { indicator: 'securitas.hot', area_code: '111', n: 1 },
  ]);
}

/**
 * A refused delivery: in quarantine with its receipt beside it, gone from the inbox, one ledger row saying
 * refused, and not a single fact or match key. Returns the receipt.
 */
export async function expectRefused(t: TinyWorkspace, summary: IngestSummary, actor: string, name: string): Promise<string> {
  const o = outcomeOf(summary, name);
  expect(o.status, o.reason ?? '').toBe('refused');
  const receipt = receiptOf(o);
  expect(receipt).toContain('Status:            AVVISAD – inget lästes in');
  expect(receipt).toContain(`Fil:               ${name}`);
  const quarantined = join(t.ws.paths.quarantine, actor, name);
  expect(existsSync(quarantined)).toBe(true);
  expect(readFileSync(`${quarantined}.kvitto.txt`, 'utf8')).toBe(receipt);
  expect(existsSync(join(t.ws.paths.inbox, actor, name))).toBe(false);
  const id = o.deliveryId ?? '';
  expect(await t.query(`select status from deliveries where delivery_id = '${id}'`)).toEqual([{ status: 'refused' }]);
  expect(await t.query(`select count(*)::int as n from facts where delivery_id = '${id}'`)).toEqual([{ n: 0 }]);
  expect(await t.query(`select count(*)::int as n from match_keys where delivery_id = '${id}'`)).toEqual([{ n: 0 }]);
  return receipt;
}

/** The parts of a small real workbook, to build hand-made ones around. */
export const workbookParts = (): Array<{ name: string; data: Uint8Array }> =>
  readZip(stormXlsx([STORM_HEADER, ['1', '2025-03-01 10:00', 'Bråk', 'Storgatan 1', '', '']]));

/** A workbook whose first sheet is the given XML. */
export function workbookWithSheetXml(sheetXml: Uint8Array): Uint8Array {
  return buildZip(workbookParts().map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { name: p.name, data: sheetXml } : p)));
}

/**
 * A raw deflate stream of `copies` × 32 MB of zeros, built from one compressed block repeated (each copy ends on a
 * sync flush, so they concatenate): a gigabyte costs 1 MB of memory and a few milliseconds here.
 */
export function deflatedZeros(copies: number): { deflated: Uint8Array; size: number } {
  const block = deflateRawSync(new Uint8Array(32 * MB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const end = deflateRawSync(new Uint8Array(0));
  const out = new Uint8Array(block.length * copies + end.length);
  for (let i = 0; i < copies; i++) out.set(block, i * block.length);
  out.set(end, block.length * copies);
  return { deflated: out, size: copies * 32 * MB };
}

/** Peak resident memory of this process while `work` runs (the worker thread that reads a workbook included). */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; ms: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t0 = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: (peak - base) / MB, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}
