/**
 * Golden files under tests/output/ (name includes the subfolder). A mismatch writes `<name>-changed.<ext>` beside the golden file (ignored
 * by git) for the reviewer to diff and fails; a missing golden file is created, except in CI where it fails.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'output');

export function expectGolden(name: string, actual: Uint8Array | string): void {
  const path = join(GOLDEN_DIR, name);
  const changed = path.replace(/(\.[^./]+)$/u, '-changed$1');
  const bytes = Buffer.from(actual);
  if (!existsSync(path)) {
    if (process.env['CI']) throw new Error(`Golden file ${path} is missing; CI never creates one: run the tests locally and commit it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    return;
  }
  const expected = readFileSync(path);
  if (expected.equals(bytes)) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, bytes);
  // Compare as text for a readable diff; fall back to a plain failure if the text happens to match.
  expect(bytes.toString('utf8'), `${name} differs from the golden file; the new output is in ${changed}`).toBe(expected.toString('utf8'));
  expect.fail(`${name} differs from the golden file byte for byte; the new output is in ${changed}`);
}
