/**
 * Expected failures (bad config, locked lager, bad arguments) print a short message and a chosen exit code;
 * anything else is a bug, said so, with the stack under --debug.
 */
import { ConfigError } from '../schemas/parse.ts';
import { LagerLockedError } from '../sql/db.ts';
import { RegisterError } from '../pipelines/registers.ts';
import { NoSnapshotError } from '../pipelines/query.ts';
import { WorkspaceWriteError } from '../pipelines/workspace.ts';

export const ExitCode = {
  ok: 0,
  bug: 1,
  usage: 2,
  config: 3,
  locked: 4,
  data: 5,
  write: 6,
} as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A file system that refuses writes (full disk, quota, read-only), as Node or DuckDB reports it. */
function refusedWrite(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : '';
  return ['ENOSPC', 'EDQUOT', 'EROFS'].includes(code) || /No space left on device|Disk quota exceeded|Read-only file system/i.test(message);
}

export function exitCodeFor(error: unknown): { code: number; message: string; expected: boolean } {
  if (error instanceof UsageError) return { code: ExitCode.usage, message: error.message, expected: true };
  if (error instanceof ConfigError) return { code: ExitCode.config, message: `Fel i konfigurationen:\n${error.message}`, expected: true };
  if (error instanceof LagerLockedError) return { code: ExitCode.locked, message: error.message, expected: true };
  if (error instanceof RegisterError || error instanceof NoSnapshotError)
    return { code: ExitCode.data, message: error.message, expected: true };
  if (error instanceof WorkspaceWriteError) return { code: ExitCode.write, message: error.message, expected: true };
  if (refusedWrite(error)) {
    const message = `Arbetsytan kunde inte skrivas (disken är full eller skrivskyddad): ${error instanceof Error ? error.message : String(error)}. Körningen avbröts; det som inte hann sparas görs om vid nästa körning. Frigör utrymme och kör igen.`;
    return { code: ExitCode.write, message, expected: true };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: ExitCode.bug, message: `Internt fel (en bugg i Lägesbild, rapportera gärna): ${message}`, expected: false };
}
