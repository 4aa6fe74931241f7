/**
 * The README's main job, end to end through the real CLI: a seeded demo municipality, a year of deliveries, the
 * whole pipeline; then the lager against the generator's independently counted truth, and a search of the whole
 * workspace (the lager file as bytes) for the identity numbers and names planted in the deliveries.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { FIRST_NAMES, LAST_NAMES } from '../../pipelines/demo/identity.ts';
import { cli, filesUnder, personalDataIn } from './helpers.ts';

const AUDIT = { LAGESBILD_AUDIT_UNCOMPRESSED: '1' };
let root = '';
let dir = '';
let demo: ReturnType<typeof cli>;

/** Every full name that appears in the delivered free text (the pipeline must have dropped all of them). */
function plantedNames(files: string[]): string[] {
  const text = files.map((f) => readFileSync(f).toString('latin1') + readFileSync(f).toString('utf8')).join('\n');
  return FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`)).filter((n) => text.includes(n));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-'));
  dir = join(root, 'demo');
  demo = cli(['demo', dir, '--seed', '11'], AUDIT);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lagesbild demo', () => {
  it('runs the whole pipeline and loads every actor', () => {
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/inläst\s+polis\/STORM_2025-01_2025-06\.xlsx/);
    expect(demo.stdout).toMatch(/dubblett\s+securitas\/rapporter_2025 \(kopia\)\.txt/);
    const status = JSON.parse(cli(['-w', dir, 'status', '--json']).stdout) as { actors: { actor: string; loaded: number }[] };
    for (const actor of [
      'polis',
      'raddningstjansten',
      'bostadsbolaget',
      'fastighetskontoret',
      'socialtjansten',
      'skolan',
      'securitas',
      'trygghetsmatning',
    ]) {
      expect(status.actors.find((a) => a.actor === actor)?.loaded, actor).toBeGreaterThan(0);
    }
  });

  it('matches the independently counted truth for every indicator, area and month', () => {
    const verify = cli(['-w', dir, 'verify', join(dir, 'truth', 'counts.csv')]);
    expect(verify.stdout).toMatch(/ 0 avvikelser/);
    expect(verify.status).toBe(0);
  });

  it('leaves no identity number or name of the deliveries anywhere outside inbox/ and quarantine/', () => {
    const inbox = filesUnder(join(dir, 'inbox'));
    const names = plantedNames(inbox);
    expect(names.length).toBeGreaterThan(5);
    // The search is meaningful: it finds what was planted in the deliveries themselves.
    expect(inbox.flatMap((f) => personalDataIn(f, names)).length).toBeGreaterThan(10);
    const outside = filesUnder(dir, (rel) => rel === 'inbox' || rel === 'quarantine');
    expect(outside.some((f) => f.endsWith('lager.duckdb'))).toBe(true);
    const leaks = outside.flatMap((f) => personalDataIn(f, names).map((hit) => `${f}: ${hit}`));
    expect(leaks).toEqual([]);
  });

  it('the byte search would see a string in a lager file written the same way (control)', async () => {
    const path = join(root, 'control.duckdb');
    const instance = await DuckDBInstance.create(path);
    const c = await instance.connect();
    await c.run("set force_compression = 'uncompressed'");
    await c.run("create table t as select 'Anmälaren (850412-1230) i trapphuset' as s");
    await c.run('checkpoint');
    c.closeSync();
    instance.closeSync();
    expect(personalDataIn(path, [])).toContain('850412-1230');
  });

  it('a second ingest finds nothing new and changes nothing', () => {
    const before = cli(['-w', dir, 'sql', 'select sum(count) as n, count(*) as rows from facts', '--format', 'json']).stdout;
    const again = cli(['-w', dir, 'ingest']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('0 inlästa');
    expect(cli(['-w', dir, 'sql', 'select sum(count) as n, count(*) as rows from facts', '--format', 'json']).stdout).toBe(before);
  });

  it('answers the analyst contract', () => {
    const columns = cli([
      '-w',
      dir,
      'sql',
      "select column_name, data_type from information_schema.columns where table_name = 'monthly' order by ordinal_position",
      '--format',
      'csv',
    ]);
    expect(columns.stdout.split('\n').slice(1, 7)).toEqual([
      'indicator;VARCHAR',
      'area_code;VARCHAR',
      'month;DATE',
      'value;DOUBLE',
      'numerator;DOUBLE',
      'denominator;DOUBLE',
    ]);
    const rate = cli([
      '-w',
      dir,
      'sql',
      "select count(*) as n from monthly where indicator = 'soc.orosanmalningar.per_1000_barn' and value > 0",
      '--format',
      'csv',
    ]);
    expect(Number(rate.stdout.split('\n')[1])).toBeGreaterThan(10);
    const refused = cli(['-w', dir, 'sql', 'delete from facts']);
    expect(refused.status).not.toBe(0);
  });
});
