/**
 * `lagesbild demo DIR`: a seeded demo municipality (register/), a year of messy deliveries from every actor (inbox/)
 * and the independently counted truth (truth/). Same seed → same bytes.
 */
import { mkdir } from 'node:fs/promises';
import { generateCrimes } from './crimes.ts';
import { OKAND } from './events.ts';
import { planFires } from './fires.ts';
import { generateGuardReports } from './guards.ts';
import { generateDisturbances, generateHousingVandalism, generateSchoolVandalism } from './housing.ts';
import { buildMunicipality } from './municipality.ts';
import { Rng } from './random.ts';
import { generatePupils, schoolTermRows } from './school.ts';
import { generateConcernReports } from './social.ts';
import { planStorm, stormEvents } from './storm.ts';
import { generateSurvey } from './survey.ts';
import type { TruthRow } from './truth.ts';
import { TruthCounter, isRtjFire, writeTruth } from './truth.ts';
import { writeBostadsbolaget } from './write-bostadsbolaget.ts';
import { writeFastighetskontoret } from './write-fastighetskontoret.ts';
import { StormWriter, writeCrimes } from './write-polis.ts';
import { writeRtj } from './write-raddningstjansten.ts';
import { writeRegister } from './write-register.ts';
import { writeSecuritas } from './write-securitas.ts';
import { writeSkolan } from './write-skolan.ts';
import { writeSocialtjansten } from './write-socialtjansten.ts';
import { writeTrygghetsmatning } from './write-trygghetsmatning.ts';

export type { TruthRow } from './truth.ts';
/** Crime codes and the strategic group, for keeping connector configuration in step with the demo. */
export { CRIME_TYPES, STRATEGIC_NAMES } from './crimes.ts';

export interface DemoOptions {
  seed: number;
  /** Default 2025. */
  year?: number;
  /** 1 = one municipality, ~150–2000 records per actor; volumes scale linearly (the municipality itself does not). */
  scale?: number;
  /** Number of data rows in the second STORM delivery (CSV, Jun–Dec), e.g. 1_000_000 for the benchmark. */
  stormRows?: number;
}

export interface DemoResult {
  /** Paths written, relative to the demo directory, sorted. */
  files: string[];
  truth: TruthRow[];
  summary: Record<string, number>;
}

function validate(opts: DemoOptions): { seed: number; year: number; scale: number; stormRows: number | undefined } {
  const year = opts.year ?? 2025;
  const scale = opts.scale ?? 1;
  if (!Number.isSafeInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (!Number.isInteger(year) || year < 1901 || year > 2099) throw new Error(`year must be 1901–2099, got ${year}`);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  if (opts.stormRows !== undefined && (!Number.isInteger(opts.stormRows) || opts.stormRows < 0)) {
    throw new Error(`stormRows must be a non-negative integer, got ${opts.stormRows}`);
  }
  return { seed: opts.seed, year, scale, stormRows: opts.stormRows };
}

export async function generateDemo(dir: string, opts: DemoOptions): Promise<DemoResult> {
  const { seed, year, scale, stormRows } = validate(opts);
  const root = new Rng(seed);
  const m = buildMunicipality(root.fork('municipality'), year);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const truth = new TruthCounter();

  files.push(...(await writeRegister(dir, m)));

  // Police: STORM stream (fires planned first, shared with the rescue service), then reported crimes.
  const fires = planFires(root.fork('fires'), m, year, scale);
  const layout = planStorm(root.fork('storm-plan'), year, scale, fires.policeFires, stormRows);
  const storm = new StormWriter(dir, year, root.fork('storm-format'));
  await storm.open();
  let stormDistinct = 0;
  let stormUnmapped = 0;
  let stormCorrected = 0;
  let stormOnlySecond = 0;
  for (const e of stormEvents(root.fork('storm'), m, layout)) {
    truth.storm(e);
    stormDistinct++;
    if (e.area === OKAND) stormUnmapped++;
    if (e.firstFileType) stormCorrected++;
    if (e.inSecond && !e.inFirst && e.time < Date.UTC(year, 6, 1)) stormOnlySecond++;
    await storm.event(e);
  }
  files.push(...(await storm.close()));

  const crimes = generateCrimes(root.fork('crimes'), m, year, scale);
  crimes.forEach((c) => truth.crime(c));
  files.push(...(await writeCrimes(dir, year, crimes)));

  fires.rtj.forEach((c) => truth.rtj(c));
  files.push(...(await writeRtj(dir, year, fires.rtj)));
  const pairs = truth.uniqueFires(fires.rtj);
  // The plan guarantees every planned pair, and only those, satisfies the matching rule.
  if (pairs !== fires.pairs) throw new Error(`fire plan has ${fires.pairs} shared fires but the rule finds ${pairs}`);

  const housing = generateHousingVandalism(root.fork('bostad'), m, year, scale);
  const disturbances = generateDisturbances(root.fork('storningsjour'), m, year, scale);
  housing.forEach((v) => truth.vandalism(v));
  disturbances.forEach((d) => truth.disturbance(d));
  files.push(...(await writeBostadsbolaget(dir, year, housing, disturbances)));

  const schoolVandalism = generateSchoolVandalism(root.fork('fastighet'), m, year, scale);
  schoolVandalism.forEach((v) => truth.vandalism(v));
  files.push(...(await writeFastighetskontoret(dir, year, schoolVandalism)));

  const concerns = generateConcernReports(root.fork('soc'), m, year, scale);
  concerns.forEach((r) => truth.concern(r));
  files.push(...(await writeSocialtjansten(dir, year, concerns)));

  const pupils = generatePupils(root.fork('skola'), m, year, scale);
  const terms = schoolTermRows(root.fork('skola-ht'), m, pupils, year);
  pupils.forEach((p) => truth.pupil(p, year));
  terms.forEach((t) => truth.schoolTerm(t, year));
  files.push(...(await writeSkolan(dir, year, pupils, terms)));

  const guards = generateGuardReports(root.fork('securitas'), m, year, scale);
  guards.forEach((g) => truth.guard(g));
  files.push(...(await writeSecuritas(dir, year, guards)));

  const survey = generateSurvey(root.fork('trygghet'), m, year);
  files.push(...(await writeTrygghetsmatning(dir, year, survey)));

  const rtjFires = fires.rtj.filter(isRtjFire).length;
  const summary: Record<string, number> = {
    seed,
    year,
    scale,
    areas: m.areas.length,
    addresses: m.addresses.length,
    named_places: m.places.length,
    storm: stormDistinct,
    storm_first_file_rows: storm.firstCount,
    storm_second_file_rows: storm.secondCount,
    storm_unmapped: stormUnmapped,
    storm_corrected_in_second_file: stormCorrected,
    storm_june_only_in_second_file: stormOnlySecond,
    storm_brand: fires.policeFires.length,
    brott: crimes.length,
    brott_strategiska: crimes.filter((c) => c.crime.strategic).length,
    brott_med_misstankt: crimes.filter((c) => c.suspect !== null).length,
    rtj: fires.rtj.length,
    rtj_fires: rtjFires,
    fires_reported_by_both_police_and_rtj: fires.pairs,
    brand_unika_handelser: rtjFires + fires.policeFires.length - fires.pairs,
    skadegorelse: housing.length + schoolVandalism.length,
    skadegorelse_bostadsbolaget: housing.length,
    skadegorelse_fastighetskontoret: schoolVandalism.length,
    skadegorelse_kostnad: [...housing, ...schoolVandalism].reduce((a, v) => a + v.cost, 0),
    storningsjour: disturbances.length,
    oros: concerns.length,
    pupils9: pupils.length,
    pupils9_ht: terms.reduce((a, t) => a + t.pupils, 0),
    securitas: guards.length,
    trygghet_rows: survey.length,
    duplicate_files: 1,
  };
  const rows = truth.rows();
  files.push(...(await writeTruth(dir, rows, summary)));
  return { files: files.sort(), truth: rows, summary };
}
