import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findIdentityNumbers } from '../../connectors/personalData.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lagesbild.mjs');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, as a user would. */
export function cli(args: string[], env: Record<string, string> = {}): CliResult {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'Europe/Stockholm', ...env },
    timeout: 600_000,
  });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

export function filesUnder(root: string, skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      const rel = relative(root, full);
      if (skip(rel)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(root);
  return out;
}

/** Identity numbers and listed names found in a file's bytes, read both as UTF-8 and as Windows-1252/Latin-1. */
export function personalDataIn(path: string, names: string[]): string[] {
  const bytes = readFileSync(path);
  const found: string[] = [];
  for (const text of [bytes.toString('utf8'), bytes.toString('latin1')]) {
    for (const [start, end] of findIdentityNumbers(text)) found.push(text.slice(start, end));
    for (const name of names) if (text.includes(name)) found.push(name);
  }
  return [...new Set(found)];
}
