// Fixture builders for the reader tests: workbooks through SheetJS, and a hand-written zip container so tests can
// patch workbook XML and build zip bombs without extra dependencies.
import * as XLSX from '@e965/xlsx';
import { inflateRawSync, deflateRawSync } from 'node:zlib';
import { normaliseHeader } from '../../connectors/readers/index.ts';
import type { ReadOptions } from '../../connectors/readers/types.ts';

export function options(known: readonly string[], extra: Partial<ReadOptions> = {}): ReadOptions {
  const set = new Set(known.map(normaliseHeader));
  return { fileName: 'leverans.csv', isKnownHeader: (h) => set.has(h), ...extra };
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// ------------------------------------------------------------------------------------------------ workbooks

export type SheetSpec = XLSX.WorkSheet | unknown[][];

export function workbook(sheets: ReadonlyArray<readonly [string, SheetSpec]>): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  for (const [name, spec] of sheets) {
    const ws = Array.isArray(spec) ? XLSX.utils.aoa_to_sheet(spec) : spec;
    XLSX.utils.book_append_sheet(wb, ws, name);
  }
  return wb;
}

export function writeBook(wb: XLSX.WorkBook, bookType: 'xlsx' | 'xls' = 'xlsx'): Uint8Array {
  const out: unknown = XLSX.write(wb, { type: 'buffer', bookType });
  if (!(out instanceof Uint8Array)) throw new Error('SheetJS did not return bytes');
  return new Uint8Array(out);
}

// ------------------------------------------------------------------------------------------------ zip

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipInput {
  name: string;
  /** Uncompressed content; or give `deflated` + `size` directly (for bombs built once). */
  data?: Uint8Array;
  deflated?: Uint8Array;
  size?: number;
  crc?: number;
  store?: boolean;
  /** Lie in the headers about the uncompressed size. */
  declaredSize?: number;
  flags?: number;
}

class Writer {
  private chunks: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u16(n: number): void {
    this.bytes(new Uint8Array([n & 0xff, (n >>> 8) & 0xff]));
  }
  u32(n: number): void {
    this.bytes(new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]));
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.length);
    let p = 0;
    for (const c of this.chunks) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }
}

export function buildZip(entries: readonly ZipInput[]): Uint8Array {
  const w = new Writer();
  const central: Array<{ e: ZipInput; offset: number; method: number; csz: number; usz: number; crc: number; name: Uint8Array }> = [];
  for (const e of entries) {
    const name = utf8(e.name);
    const method = e.store ? 0 : 8;
    const payload = e.deflated ?? (e.store ? (e.data ?? new Uint8Array()) : deflateRawSync(e.data ?? new Uint8Array()));
    const usz = e.declaredSize ?? e.size ?? e.data?.length ?? 0;
    const crc = e.crc ?? (e.data ? crc32(e.data) : 0);
    const offset = w.length;
    w.u32(0x04034b50);
    w.u16(20);
    w.u16(e.flags ?? 0);
    w.u16(method);
    w.u32(0); // time + date
    w.u32(crc);
    w.u32(payload.length);
    w.u32(usz);
    w.u16(name.length);
    w.u16(0);
    w.bytes(name);
    w.bytes(payload);
    central.push({ e, offset, method, csz: payload.length, usz, crc, name });
  }
  const cdStart = w.length;
  for (const c of central) {
    w.u32(0x02014b50);
    w.u16(20);
    w.u16(20);
    w.u16(c.e.flags ?? 0);
    w.u16(c.method);
    w.u32(0);
    w.u32(c.crc);
    w.u32(c.csz);
    w.u32(c.usz);
    w.u16(c.name.length);
    w.u16(0);
    w.u16(0);
    w.u16(0);
    w.u16(0);
    w.u32(0);
    w.u32(c.offset);
    w.bytes(c.name);
  }
  const cdSize = w.length - cdStart;
  w.u32(0x06054b50);
  w.u16(0);
  w.u16(0);
  w.u16(central.length);
  w.u16(central.length);
  w.u32(cdSize);
  w.u32(cdStart);
  w.u16(0);
  return w.result();
}

/** Entries of a zip we (or SheetJS) wrote: enough of a reader to patch workbook XML in tests. */
export function readZip(bytes: Uint8Array): Array<{ name: string; data: Uint8Array }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const out: Array<{ name: string; data: Uint8Array }> = [];
  for (let i = 0; i < count; i++) {
    const method = view.getUint16(p + 10, true);
    const csz = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extra = view.getUint16(p + 30, true);
    const comment = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + csz);
    out.push({ name, data: method === 8 ? new Uint8Array(inflateRawSync(raw)) : raw.slice() });
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

/** Rewrite one XML part of an xlsx. */
export function patchZip(bytes: Uint8Array, name: string, edit: (xml: string) => string): Uint8Array {
  let found = false;
  const entries = readZip(bytes).map((e) => {
    if (e.name !== name) return { name: e.name, data: e.data };
    found = true;
    return { name: e.name, data: utf8(edit(new TextDecoder().decode(e.data))) };
  });
  if (!found) throw new Error(`no ${name} in zip`);
  return buildZip(entries);
}
