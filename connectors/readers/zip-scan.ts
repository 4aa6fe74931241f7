// Zip-bomb guard for xlsx. SheetJS inflates every entry of the archive with no size limit, trusting the *local*
// header sizes (and growing its buffer without bound when they are zero). So before anything is inflated we:
//  1. read the central directory ourselves and refuse on declared sizes alone (no inflation: fast), then
//  2. inflate entries with node:zlib capped at their declared size, from the offset SheetJS will use, so a lying
//     directory cannot make SheetJS produce more than we checked. Our own reader (ooxml.ts) inflates the parts it
//     reads through the same capped `entryBytes`. A worksheet part that stops short of its closing tag is refused
//     too: a reader would return the rows before the cut and say nothing.
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  maxUncompressedBytes: number;
  /** Default 10 000: an xlsx has a few dozen parts. */
  maxEntries?: number;
  /** Default 200: refuse an entry compressed better than this once it is larger than `largeEntryBytes`. */
  maxRatio?: number;
  /** Default 10 MB. */
  largeEntryBytes?: number;
}

export type ZipProblem = { ok: false; problem: 'too_large' | 'unreadable'; reason: string };
export type ZipScan = { ok: true; entries: ZipEntry[] } | ZipProblem;

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;

function u16(b: Uint8Array, p: number): number {
  return (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, p: number): number {
  return ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) | ((b[p + 2] ?? 0) << 16)) + (b[p + 3] ?? 0) * 0x1000000;
}

const fail = (problem: ZipProblem['problem'], reason: string): ZipProblem => ({ ok: false, problem, reason });

const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/i;
const WORKSHEET_END = /<\/(?:[A-Za-z_][\w.-]*:)?worksheet>\s*$/;

/** SheetJS would read the rows of a worksheet cut short and say nothing. */
function isCutShort(name: string, content: Uint8Array): boolean {
  return WORKSHEET_PART.test(name) && !endsWorksheet(content);
}

/** A worksheet part ends with its closing tag; the tail is enough to tell, whatever the size of the part. */
export function endsWorksheet(content: Uint8Array): boolean {
  return WORKSHEET_END.test(new TextDecoder('latin1').decode(content.subarray(Math.max(0, content.length - 256))));
}

/** The last end-of-central-directory signature, as SheetJS picks it. */
function findEocd(b: Uint8Array): number {
  const lowest = Math.max(0, b.length - EOCD_SIZE - MAX_COMMENT);
  for (let p = b.length - EOCD_SIZE; p >= lowest; p--) {
    if (u32(b, p) === EOCD_SIG) return p;
  }
  return -1;
}

/** Step 1: the central directory alone. Cost is proportional to the directory, never to the content. */
export function scanZipDirectory(b: Uint8Array, limits: ZipLimits): ZipScan {
  const maxEntries = limits.maxEntries ?? 10_000;
  const maxRatio = limits.maxRatio ?? 200;
  const largeEntry = limits.largeEntryBytes ?? 10 * 1024 * 1024;

  const eocd = findEocd(b);
  if (eocd < 0) return fail('unreadable', 'no_central_directory');
  const disk = u16(b, eocd + 4);
  const cdDisk = u16(b, eocd + 6);
  const entriesHere = u16(b, eocd + 8);
  const entriesTotal = u16(b, eocd + 10);
  const cdSize = u32(b, eocd + 12);
  const cdOffset = u32(b, eocd + 16);
  // ZIP64 markers: only needed beyond 65 535 parts or 4 GB, far past any limit of ours (SheetJS cannot read it).
  if (entriesHere === 0xffff || cdSize === U32_MAX || cdOffset === U32_MAX) return fail('too_large', 'zip64');
  if (disk !== 0 || cdDisk !== 0 || entriesHere !== entriesTotal) return fail('unreadable', 'multi_disk');
  if (entriesHere > maxEntries) return fail('too_large', 'entries');
  if (cdOffset + cdSize > eocd) return fail('unreadable', 'bad_central_directory');

  const entries: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let k = 0; k < entriesHere; k++) {
    if (p + 46 > eocd || u32(b, p) !== CDH_SIG) return fail('unreadable', 'bad_central_directory');
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    const compressedSize = u32(b, p + 20);
    const uncompressedSize = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    const localHeaderOffset = u32(b, p + 42);
    const name = new TextDecoder('utf-8').decode(b.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (p > eocd) return fail('unreadable', 'bad_central_directory');

    if (compressedSize === U32_MAX || uncompressedSize === U32_MAX || localHeaderOffset === U32_MAX) {
      return fail('too_large', 'zip64');
    }
    // Bit 0: encrypted; bit 6: strong encryption; bit 13: encrypted central directory.
    if (flags & 0x2041) return fail('unreadable', 'encrypted');
    if (method !== 0 && method !== 8) return fail('unreadable', 'compression_method');
    if (method === 0 && compressedSize !== uncompressedSize) return fail('unreadable', 'bad_central_directory');
    if (localHeaderOffset + 30 > b.length) return fail('unreadable', 'bad_central_directory');

    total += uncompressedSize;
    if (total > limits.maxUncompressedBytes) return fail('too_large', 'uncompressed_size');
    if (uncompressedSize > largeEntry && uncompressedSize / Math.max(compressedSize, 1) > maxRatio) {
      return fail('too_large', 'compression_ratio');
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
  }
  return { ok: true, entries };
}

/**
 * One entry's bytes, read from where SheetJS starts reading (the local header), deflated data inflated with output
 * capped at the size the directory declared. A stored entry is what exists of it (SheetJS copies no more).
 */
export function entryBytes(b: Uint8Array, e: ZipEntry): Uint8Array | ZipProblem {
  const p = e.localHeaderOffset;
  if (u32(b, p) !== LFH_SIG) return fail('unreadable', 'bad_local_header');
  const flags = u16(b, p + 6);
  const method = u16(b, p + 8);
  const localUncompressed = u32(b, p + 22);
  const dataStart = p + 30 + u16(b, p + 26) + u16(b, p + 28);
  if (flags & 0x2041) return fail('unreadable', 'encrypted');
  if (method !== e.method) return fail('unreadable', 'bad_local_header');
  if (method !== 8) return b.subarray(dataStart, Math.min(b.length, dataStart + e.compressedSize));
  // SheetJS sizes its output buffer from the local header: a mismatch would truncate or over-run silently.
  if (localUncompressed !== 0 && localUncompressed !== e.uncompressedSize) return fail('unreadable', 'size_mismatch');
  if (dataStart > b.length) return fail('unreadable', 'bad_local_header');
  const data = b.subarray(dataStart, Math.min(b.length, dataStart + e.compressedSize));
  let inflated: Uint8Array;
  try {
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) });
  } catch (err) {
    const tooBig = typeof err === 'object' && err !== null && 'code' in err && err.code === 'ERR_BUFFER_TOO_LARGE';
    return tooBig ? fail('too_large', 'size_mismatch') : fail('unreadable', 'bad_deflate');
  }
  return inflated.length === e.uncompressedSize ? inflated : fail('unreadable', 'size_mismatch');
}

export const isZipProblem = (x: Uint8Array | ZipProblem): x is ZipProblem => !(x instanceof Uint8Array);

/**
 * Step 2: every entry inflated as SheetJS will inflate it, capped. Peak memory is one entry; total work is bounded
 * by the directory totals already checked.
 */
export function verifyZipEntries(b: Uint8Array, entries: readonly ZipEntry[]): ZipScan {
  for (const e of entries) {
    const content = entryBytes(b, e);
    if (isZipProblem(content)) return content;
    if (isCutShort(e.name, content)) return fail('unreadable', 'truncated_part');
  }
  return { ok: true, entries: [...entries] };
}

export function scanZip(b: Uint8Array, limits: ZipLimits): ZipScan {
  const dir = scanZipDirectory(b, limits);
  return dir.ok ? verifyZipEntries(b, dir.entries) : dir;
}
