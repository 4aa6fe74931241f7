// Bytes → text for delimited files. Strict on purpose: a lenient UTF-8 decode would put U+FFFD into data, and a
// Windows-1252 file read as UTF-8 is the classic Swedish export ("CSV (semikolonavgränsad)").
import type { TextEncodingName } from './types.ts';

export type Decoded = { ok: true; text: string; encoding: TextEncodingName; fellBack: boolean } | { ok: false; reason: 'binary' };

const SAMPLE_BYTES = 64 * 1024;

/** Bytes that never occur in exported text (NUL and C0 controls other than TAB, LF, FF, CR). */
function isControlByte(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d;
}

/** True when the start of the file looks like binary data rather than text in a single-byte or UTF-8 encoding. */
export function looksBinary(bytes: Uint8Array): boolean {
  // Some systems pad exports with trailing NULs; ignore those, any other NUL means binary.
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const n = Math.min(end, SAMPLE_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0) return true;
    if (isControlByte(b)) controls++;
  }
  return n > 0 && controls / n > 0.01;
}

function decodeStrict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Strip NUL padding and a DOS end-of-file mark (0x1A) that some exports leave at the end. */
function trimTrailingNul(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0 || bytes[end - 1] === 0x1a)) end--;
  return end === bytes.length ? bytes : bytes.subarray(0, end);
}

export function decodeText(bytes: Uint8Array, requested: 'auto' | 'utf-8' | 'windows-1252'): Decoded {
  // A byte-order mark is unambiguous and wins over the requested encoding.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be');

  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = trimTrailingNul(hasBom ? bytes.subarray(3) : bytes);
  if (looksBinary(body)) return { ok: false, reason: 'binary' };

  if (requested !== 'windows-1252' || hasBom) {
    const text = decodeStrict('utf-8', body);
    if (text !== null) return { ok: true, text, encoding: hasBom ? 'utf-8-bom' : 'utf-8', fellBack: false };
  }
  // windows-1252 maps every byte, so this cannot fail and never yields U+FFFD.
  const text = new TextDecoder('windows-1252').decode(body);
  return { ok: true, text, encoding: 'windows-1252', fellBack: requested !== 'windows-1252' || hasBom };
}

function utf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  const text = decodeStrict(encoding, body);
  // A stray NUL character in UTF-16 text means the BOM lied: treat as binary.
  if (text === null || text.includes('\u0000')) return { ok: false, reason: 'binary' };
  return { ok: true, text, encoding, fellBack: false };
}
