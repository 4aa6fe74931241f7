/**
 * Text-file output in the encodings, delimiters and line endings actors' exports really use. Windows-1252 output is
 * verified to round-trip, so a character the code page cannot hold fails loudly instead of becoming '?'.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { WriteStream } from 'node:fs';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf8' | 'utf8-bom' | 'cp1252';

export interface CsvFormat {
  delimiter: ';' | ',' | '\t';
  newline: '\r\n' | '\n';
  encoding: TextEncoding;
}

const BOM = '\uFEFF';

export function csvField(value: string, delimiter: string): string {
  if (value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

export function csvLine(fields: readonly string[], fmt: CsvFormat): string {
  return fields.map((f) => csvField(f, fmt.delimiter)).join(fmt.delimiter) + fmt.newline;
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.from(BOM + text, 'utf8');
    case 'cp1252': {
      const bytes = iconv.encode(text, 'win1252');
      if (iconv.decode(bytes, 'win1252') !== text) throw new Error('text not representable in Windows-1252');
      return bytes;
    }
  }
}

/** A whole small file from pre-rendered lines (each already ending in the newline). */
export async function writeText(path: string, lines: readonly string[], encoding: TextEncoding): Promise<void> {
  await writeFile(path, encodeText(lines.join(''), encoding));
}

export async function writeCsv(path: string, rows: readonly (readonly string[])[], fmt: CsvFormat): Promise<void> {
  await writeText(
    path,
    rows.map((r) => csvLine(r, fmt)),
    fmt.encoding,
  );
}

/** Streaming writer for the million-row benchmark file: bounded memory, honours back-pressure. */
export class CsvStream {
  private readonly out: WriteStream;
  private readonly fmt: CsvFormat;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private started = false;
  private failure: Error | undefined;

  constructor(path: string, fmt: CsvFormat) {
    this.out = createWriteStream(path);
    // Keep the error for the next await instead of crashing the process on an unhandled 'error' event.
    this.out.on('error', (e) => {
      this.failure = e;
    });
    this.fmt = fmt;
  }

  async row(fields: readonly string[]): Promise<void> {
    const line = csvLine(fields, this.fmt);
    this.buffer.push(line);
    this.bufferedChars += line.length;
    if (this.bufferedChars > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    let text = this.buffer.join('');
    this.buffer = [];
    this.bufferedChars = 0;
    if (!this.started) {
      this.started = true;
      if (this.fmt.encoding === 'utf8-bom') text = BOM + text;
    }
    const bytes = this.fmt.encoding === 'cp1252' ? encodeText(text, 'cp1252') : Buffer.from(text, 'utf8');
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    if (!this.out.writableFinished) await once(this.out, 'finish');
    if (this.failure) throw this.failure;
  }
}
