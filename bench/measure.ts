/**
 * Timing and child-process helpers. Figures are ratios against a baseline measured in the same run on the same
 * machine, so no number here is compared with a constant: a slow or busy machine shifts both sides.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_MARKER, RESULT_MARKER, stageOutputSchema, type StageOutput, type StageRequest } from './protocol.ts';

const STAGE_SCRIPT = fileURLToPath(new URL('./stage.ts', import.meta.url));

export const since = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Milliseconds of one call. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ millis: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { millis: since(start), result };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Progress for whoever watches the run; stderr, so `--json` output on stdout stays clean. */
export function progress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** Longer than any stage takes at full scale (the million-row ingest needs about a minute); a hung child is killed. */
const STAGE_TIMEOUT_MS = 20 * 60 * 1000;

/**
 * Runs one stage in a fresh `node --import tsx bench/stage.ts` process and returns what it measured. The child's
 * stderr is kept only to explain a failure (the pipeline's warnings would drown the progress lines).
 */
export function runStage(request: StageRequest, timeoutMs = STAGE_TIMEOUT_MS): Promise<StageOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', STAGE_SCRIPT, JSON.stringify(request)], {
      env: { ...process.env, TZ: process.env['TZ'] ?? 'Europe/Stockholm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      // Only the tail matters for a diagnosis; a million-row run must not keep megabytes of warnings.
      stderr = (stderr + chunk).slice(-8000);
    });
    // Only this child, by its own handle: a stage that hangs must not stop the sections after it.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) {
        const lines = stderr.trim().split('\n');
        const message = lines.find((l) => l.startsWith(ERROR_MARKER))?.slice(ERROR_MARKER.length) ?? lines.slice(-12).join('\n');
        const how = signal === 'SIGKILL' ? `killed after ${timeoutMs / 1000} s or out of memory` : (signal ?? `exit ${code}`);
        reject(new Error(`stage ${request.stage} failed (${how}): ${message}`));
        return;
      }
      try {
        resolve(stageOutputSchema.parse(JSON.parse(line.slice(RESULT_MARKER.length))));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** Temporary folders of the run, all removed at the end (and on Ctrl-C) whatever failed. */
export class TempDirs {
  private readonly dirs: string[] = [];

  make(label: string): string {
    const dir = mkdtempSync(join(tmpdir(), `lagesbild-bench-${label}-`));
    this.dirs.push(dir);
    return dir;
  }

  remove(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
    const i = this.dirs.indexOf(dir);
    if (i >= 0) this.dirs.splice(i, 1);
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `work` on every item with at most `size` at a time, in item order; a failing item is recorded and the
 * others go on (one bad municipality must not stop a national night).
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: string };

export async function pool<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<Outcome<R>[]> {
  const results: Outcome<R>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await work(items[index] as T, index) };
      } catch (error) {
        results[index] = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
  return results;
}
