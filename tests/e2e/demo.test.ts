/**
 * The README's main job, end to end through the real CLI: a seeded demo municipality, three years of deliveries
 * (the command's default), the whole pipeline; then the lager against the generator's independently counted truth
 * over every year, the early warning against the escalations planted in the final autumn, and a search of the whole
 * workspace (the lager file as bytes) for the identity numbers and names planted in the deliveries.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { EscalationTruth } from '../../pipelines/demo/index.ts';
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
    for (const year of [2023, 2024, 2025]) {
      expect(demo.stdout).toMatch(new RegExp(`inläst\\s+polis/STORM_${year}-01_${year}-06\\.xlsx`));
      expect(demo.stdout).toMatch(new RegExp(`dubblett\\s+securitas/rapporter_${year} \\(kopia\\)\\.txt`));
    }
    // Fifteen deliveries and one duplicate a year; nothing refused.
    expect(demo.stdout.split('\n').filter((l) => l.startsWith('inläst'))).toHaveLength(45);
    expect(demo.stdout).not.toMatch(/^AVVISAD/m);
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

  it('matches the independently counted truth for every indicator, area and month of every year', () => {
    const truth = readFileSync(join(dir, 'truth', 'counts.csv'), 'utf8');
    expect([...new Set(truth.split('\n').flatMap((l) => /,(\d{4})-\d{2},/.exec(l)?.[1] ?? []))].sort()).toEqual(['2023', '2024', '2025']);
    const verify = cli(['-w', dir, 'verify', join(dir, 'truth', 'counts.csv')]);
    expect(verify.stdout).toMatch(/ 0 avvikelser/);
    expect(verify.status).toBe(0);
  });

  it('the early warning finds the escalations planted in the final autumn', () => {
    const planted = JSON.parse(readFileSync(join(dir, 'truth', 'escalations.json'), 'utf8')) as EscalationTruth[];
    expect(planted.map((e) => e.pattern).sort()).toEqual(['enskild', 'korsvis']);
    const signals = cli(['-w', dir, 'signals', '--as-of', '2026-01-20', '--format', 'json']);
    expect(signals.status, signals.stderr).toBe(0);
    const rows = JSON.parse(signals.stdout) as { area: string; indicator: string; crossSourceArea: boolean }[];
    for (const e of planted) {
      const found = rows.filter((r) => r.area === e.area);
      expect(found.length, `${e.id} (${e.area}) not among the signals: ${signals.stdout}`).toBeGreaterThan(0);
      // Each signal of a planted area is on an indicator the escalation raised.
      for (const r of found) expect(e.indicators).toContain(r.indicator);
    }
    // Vandalism, fires and disturbances from several actors: ranked first, as a cross-source area.
    const korsvis = planted.find((e) => e.pattern === 'korsvis');
    expect(rows[0]?.area).toBe(korsvis?.area);
    expect(rows.filter((r) => r.area === korsvis?.area).every((r) => r.crossSourceArea)).toBe(true);
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
