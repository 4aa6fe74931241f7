/**
 * A run that meets an obstacle — a second writer, a broken configuration, an outbox it cannot write, a register
 * changed behind its back — stops with a clear Swedish message and its own exit code, and leaves nothing half
 * written: what it did not finish is done by the next run, and the end result is that of a run never obstructed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, filesUnder } from '../e2e/helpers.ts';
import { copyWorkspace, demoWorkspace, lagerState, must, snapshotFacts, strayInSnapshots, type LagerState } from './helpers.ts';

let root = '';
let template = '';
let reference: LagerState;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lagesbild-faults-'));
  template = await demoWorkspace(root, 6);
  const dir = copyWorkspace(template, join(root, 'reference'));
  must(cli(['-w', dir, 'ingest']), 'reference ingest');
  reference = await lagerState(dir);
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A small tmpfs is a full disk on demand; mounting one needs root with CAP_SYS_ADMIN, which not every runner has. */
function mountable(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'lagesbild-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

let n = 0;
const fresh = (): string => copyWorkspace(template, join(root, `case-${n++}`));

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Everything in the workspace but the logs of runs: a run that refuses to start must not change a byte of it. */
function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((f) => [f.slice(dir.length), digest(f)]));
}

describe('a second writer', () => {
  it('makes ingest exit 4 at once with a Swedish message, and the lager untouched', async () => {
    const dir = fresh();
    const before = fingerprint(dir);
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'children', 'holdLager.ts'), join(dir, 'lager.duckdb')],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.once('data', () => resolve());
        holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      const t0 = performance.now();
      const run = cli(['-w', dir, 'ingest']);
      expect(performance.now() - t0).toBeLessThan(20_000);
      expect(run.status).toBe(4);
      expect(run.stderr).toContain(
        `Lagret ${join(dir, 'lager.duckdb')} används av en annan körning (en nattkörning eller en annan inläsning). Försök igen när den är klar.`,
      );
      expect(run.stdout).toBe('');
    } finally {
      holder.stdin.end();
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    expect(fingerprint(dir)).toEqual(before);
    must(cli(['-w', dir, 'ingest']), 'ingest once the other writer is gone');
    expect(await lagerState(dir)).toEqual(reference);
  });
});

describe('a corrupted lagesbild.yaml', () => {
  it.each([
    ['invalid YAML', (text: string) => text.replace('actors:\n', 'actors:\n  polis: [\n'), /filen är inte giltig YAML/],
    ['a value of the wrong type', (text: string) => `${text}\nlimits:\n  maxRows: många\n`, /limits\.maxRows: förväntade number/],
    [
      'a misspelt key',
      (text: string) => text.replace('    kinds: [polis.storm, polis.brott]', '    kindz: [polis.storm, polis.brott]'),
      /actors\.polis: okänd nyckel "kindz" \(stavfel\?\)/,
    ],
  ])('%s: exit 3, the message names the file and the key, nothing is written', (_label, corrupt, problem) => {
    const dir = fresh();
    const config = join(dir, 'lagesbild.yaml');
    writeFileSync(config, corrupt(readFileSync(config, 'utf8')));
    const before = fingerprint(dir);
    const run = cli(['-w', dir, 'ingest']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`Fel i konfigurationen:\n${config}: `);
    expect(run.stderr).toMatch(problem);
    expect(run.stdout).toBe('');
    expect(fingerprint(dir)).toEqual(before);
  });
});

describe('an outbox that cannot be written', () => {
  it('stops the run with exit 6 before the delivery is recorded; the next run loads it and ends where an unobstructed run ends', async () => {
    const dir = fresh();
    const kvitton = join(dir, 'outbox', 'polis', 'kvitton');
    rmSync(kvitton, { recursive: true, force: true });
    // A file where the folder should be: writing a receipt fails even for root (chmod would not stop root).
    writeFileSync(kvitton, '');
    const run = cli(['-w', dir, 'ingest']);
    expect(run.status).toBe(6);
    expect(run.stderr).toMatch(
      new RegExp(
        `\\nKunde inte skriva ${kvitton}/\\d{8}-\\d{6}_STORM_2025-01_2025-06\\.xlsx\\.txt: en fil ligger där mappen ska vara \\(EEXIST\\)\\. Körningen avbröts; leveransen som behandlades registrerades inte som inläst och läses in vid nästa körning\\. Åtgärda felet och kör igen\\.\\n$`,
      ),
    );
    const stopped = await lagerState(dir);
    // Actors before polis (alphabetically) loaded with their receipts; polis and everything after it did not.
    expect([...new Set(stopped.deliveries.map((d) => d['actor']))]).toEqual(['bostadsbolaget', 'fastighetskontoret']);
    expect(stopped.missingReceipts).toEqual([]);
    expect(stopped.facts.filter((f) => f['actor'] === 'polis')).toEqual([]);
    expect(stopped.inbox).toEqual(reference.inbox.concat(['polis/STORM_2025-07_tom.csv']).sort());
    rmSync(kvitton);
    must(cli(['-w', dir, 'ingest']), 'ingest once the outbox is writable');
    expect(await lagerState(dir)).toEqual(reference);
  });
});

describe('a register changed between runs', () => {
  it('stops the next run with exit 5 naming the file, before any delivery is read; re-importing it lets the run through', async () => {
    const dir = fresh();
    const addresses = join(dir, 'register', 'adresser.csv');
    const imported = readFileSync(addresses);
    appendFileSync(addresses, 'Nygatan 1;151 99;Demostad;999999;;\n');
    const before = fingerprint(dir);
    const run = cli(['-w', dir, 'ingest']);
    expect(run.status).toBe(5);
    expect(run.stderr).toContain(
      `${addresses}: registret lästes inte in:\n  filen har ändrats sedan den lästes in; importera registret på nytt med \`lagesbild register import --kind addresses FIL\` (inget lästes in)`,
    );
    const after = fingerprint(dir);
    // The run is recorded as failed in the ledger; no delivery, receipt or quarantined file.
    expect(Object.keys(after).filter((f) => after[f] !== before[f])).toEqual(['/lager.duckdb']);
    expect((await lagerState(dir)).deliveries).toEqual([]);
    rmSync(addresses);
    expect(existsSync(addresses)).toBe(false);
    expect(cli(['-w', dir, 'ingest']).stderr).toContain('filen saknas; importera registret på nytt');
    const source = join(root, 'adresser-import.csv');
    writeFileSync(source, imported);
    must(cli(['-w', dir, 'register', 'import', '--kind', 'addresses', source]), 're-import');
    must(cli(['-w', dir, 'ingest']), 'ingest after re-import');
    expect(await lagerState(dir)).toEqual(reference);
  });
});

describe.skipIf(!mountable())('a full disk', () => {
  // Wherever the space runs out — a receipt, a commit, the checkpoint, the snapshot copy — the run says so and stops,
  // and once there is room again the next run ends where a run on a roomy disk ends.
  it.each([100, 500])('with %i KB free: exit 6 saying the disk is full; with room again, the next run catches up', async (freeKb) => {
    const disk = join(root, `disk-${freeKb}`);
    mkdirSync(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', disk]);
    try {
      const dir = copyWorkspace(template, join(disk, 'ws'));
      const filler = join(disk, 'filler');
      const { bavail, bsize } = statfsSync(disk);
      writeFileSync(filler, Buffer.alloc(bavail * bsize - freeKb * 1024));
      const run = cli(['-w', dir, 'ingest']);
      expect(run.status, run.stderr).toBe(6);
      expect(run.stderr).toMatch(/disken är full/);
      expect(run.stderr).not.toContain('Internt fel');
      rmSync(filler);
      must(cli(['-w', dir, 'ingest']), 'ingest with room again');
      expect(await lagerState(dir)).toEqual(reference);
      expect(await snapshotFacts(dir)).toEqual(reference.facts);
      expect(strayInSnapshots(dir)).toEqual([]);
    } finally {
      execFileSync('umount', [disk]);
    }
  });
});
