/**
 * A workspace is a folder: lagesbild.yaml, inbox/<actor>/, quarantine/, outbox/, register/, the lager and its
 * analyst snapshots. Everything a command needs is found from the folder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../schemas/config.ts';
import { CONFIG_FILE, loadConfig, parseConfigText } from '../schemas/loadConfig.ts';
import { migrate, openLager } from '../sql/db.ts';

export interface Workspace {
  root: string;
  config: Config;
  paths: {
    config: string;
    inbox: string;
    quarantine: string;
    outbox: string;
    register: string;
    lager: string;
    snapshots: string;
  };
}

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'disken är full',
  EDQUOT: 'diskkvoten är slut',
  ENOTDIR: 'en del av sökvägen är en fil, inte en mapp',
  EEXIST: 'en fil ligger där mappen ska vara',
  EISDIR: 'sökvägen är en mapp',
  EACCES: 'behörighet saknas',
  EPERM: 'behörighet saknas',
  EROFS: 'filsystemet är skrivskyddat',
};

/**
 * A file of the workspace could not be written (full disk, no permission, a file where a folder should be). The
 * run stops there: what was not written is not recorded as done, so the next run does it again.
 */
export class WorkspaceWriteError extends Error {
  constructor(path: string, cause: unknown) {
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
    super(
      `Kunde inte skriva ${path}: ${WRITE_FAILURES[code] ?? 'skrivfel'}${code ? ` (${code})` : ''}. Körningen avbröts; leveransen som behandlades registrerades inte som inläst och läses in vid nästa körning. Åtgärda felet och kör igen.`,
      { cause },
    );
    this.name = 'WorkspaceWriteError';
  }
}

export function workspacePaths(root: string): Workspace['paths'] {
  const r = resolve(root);
  return {
    config: join(r, CONFIG_FILE),
    inbox: join(r, 'inbox'),
    quarantine: join(r, 'quarantine'),
    outbox: join(r, 'outbox'),
    register: join(r, 'register'),
    lager: join(r, 'lager.duckdb'),
    snapshots: join(r, 'snapshots'),
  };
}

export function defaultConfigText(): string {
  return readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'default-config.yaml'), 'utf8');
}

export function openWorkspace(root: string): Workspace {
  const paths = workspacePaths(root);
  return { root: resolve(root), config: loadConfig(paths.config), paths };
}

/** Creates the folders, a default configuration (kept if one exists) and an empty lager. */
export async function initWorkspace(root: string, configText = defaultConfigText()): Promise<Workspace> {
  const paths = workspacePaths(root);
  mkdirSync(paths.inbox, { recursive: true });
  if (!existsSync(paths.config)) {
    parseConfigText(configText, paths.config);
    writeFileSync(paths.config, configText);
  }
  const config = loadConfig(paths.config);
  for (const actor of Object.keys(config.actors)) {
    mkdirSync(join(paths.inbox, actor), { recursive: true });
    mkdirSync(join(paths.outbox, actor, 'kvitton'), { recursive: true });
  }
  for (const dir of [paths.quarantine, paths.register, paths.snapshots]) mkdirSync(dir, { recursive: true });
  const lager = await openLager(paths.lager);
  try {
    await migrate(lager.connection);
  } finally {
    lager.close();
  }
  return { root: resolve(root), config, paths };
}
