/**
 * `lagesbild demo DIR`: a seeded demo municipality (register/), one or more years of messy deliveries from every
 * actor (inbox/) with escalations planted in the final autumn, and the independently counted truth (truth/).
 * Same seed → same bytes.
 */
import { mkdir } from 'node:fs/promises';
import { generateCrimes } from './crimes.ts';
import type { Boost, EscalationTruth } from './escalation.ts';
import { ESCALATIONS, boostsFor, boostsOf, escalationTruth } from './escalation.ts';
import { OKAND } from './events.ts';
import { planFires } from './fires.ts';
import { generateGuardReports } from './guards.ts';
import { generateDisturbances, generateHousingVandalism, generateSchoolVandalism } from './housing.ts';
import type { Municipality } from './municipality.ts';
import { buildMunicipality, populationHistory } from './municipality.ts';
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
export type { EscalationTruth } from './escalation.ts';
/** Crime codes and the strategic group, for keeping connector configuration in step with the demo. */
export { CRIME_TYPES, STRATEGIC_NAMES } from './crimes.ts';

export interface DemoOptions {
  seed: number;
  /** The last year generated. Default 2025. */
  year?: number;
  /**
   * Number of years of deliveries, ending with `year`. Default 1 (cheap for tests that need no history); the
   * `lagesbild demo` command uses 3, which gives the early warning 33 months of history before the planted autumn.
   */
  years?: number;
  /** 1 = one municipality, ~150–2000 records per actor a year; volumes scale linearly (the municipality does not). */
  scale?: number;
  /** Number of data rows in the final year's second STORM delivery (CSV, Jun–Dec), e.g. 1_000_000 for the benchmark. */
  stormRows?: number;
}

export interface DemoResult {
  /** Paths written, relative to the demo directory, sorted. */
  files: string[];
  truth: TruthRow[];
  /** Totals over all years (`year` is the last year, `first_year` the first). */
  summary: Record<string, number>;
  /** The escalations planted in the last months of the final year (also in truth/escalations.json). */
  escalations: EscalationTruth[];
}

interface Valid {
  seed: number;
  year: number;
  years: number;
  scale: number;
  stormRows: number | undefined;
}

function validate(opts: DemoOptions): Valid {
  const year = opts.year ?? 2025;
  const years = opts.years ?? 1;
  const scale = opts.scale ?? 1;
  if (!Number.isSafeInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (!Number.isInteger(year) || year < 1901 || year > 2099) throw new Error(`year must be 1901–2099, got ${year}`);
  if (!Number.isInteger(years) || years < 1 || years > 10 || year - years + 1 < 1901) {
    throw new Error(`years must be 1–10 (and start in 1901 or later), got ${years}`);
  }
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  if (opts.stormRows !== undefined && (!Number.isInteger(opts.stormRows) || opts.stormRows < 0)) {
    throw new Error(`stormRows must be a non-negative integer, got ${opts.stormRows}`);
  }
  return { seed: opts.seed, year, years, scale, stormRows: opts.stormRows };
}

/**
 * One year of deliveries from every actor, into inbox/ (file names carry the year, so every period is
 * unambiguous) and into the truth. Every stream of the year forks from the year's own generator, so years differ
 * and a year's deliveries depend only on the seed and the year (and, in the final year, the planted escalations).
 */
async function generateYear(
  dir: string,
  m: Municipality,
  yr: Rng,
  year: number,
  opts: { scale: number; stormRows: number | undefined; boosts: readonly Boost[] },
  truth: TruthCounter,
): Promise<{ files: string[]; summary: Record<string, number> }> {
  const { scale, stormRows, boosts } = opts;
  const files: string[] = [];
  // Police: STORM stream (fires planned first, shared with the rescue service), then reported crimes.
  const fires = planFires(yr.fork('fires'), m, year, scale, boostsOf(boosts, 'rtj.brand'));
  const stormBoosts = [...boostsOf(boosts, 'polis.storm.ordningsstorning'), ...boostsOf(boosts, 'polis.storm.skadegorelse')];
  const layout = planStorm(yr.fork('storm-plan'), year, scale, fires.policeFires, stormRows, { m, boosts: stormBoosts });
  const storm = new StormWriter(dir, year, yr.fork('storm-format'));
  await storm.open();
  let stormDistinct = 0;
  let stormUnmapped = 0;
  let stormCorrected = 0;
  let stormOnlySecond = 0;
  for (const e of stormEvents(yr.fork('storm'), m, layout)) {
    truth.storm(e);
    stormDistinct++;
    if (e.area === OKAND) stormUnmapped++;
    if (e.firstFileType) stormCorrected++;
    if (e.inSecond && !e.inFirst && e.time < Date.UTC(year, 6, 1)) stormOnlySecond++;
    await storm.event(e);
  }
  files.push(...(await storm.close()));

  const crimes = generateCrimes(yr.fork('crimes'), m, year, scale);
  crimes.forEach((c) => truth.crime(c));
  files.push(...(await writeCrimes(dir, year, crimes)));

  fires.rtj.forEach((c) => truth.rtj(c));
  files.push(...(await writeRtj(dir, year, fires.rtj)));
  const pairs = truth.uniqueFires(fires.rtj);
  // The plan guarantees every planned pair, and only those, satisfies the matching rule.
  if (pairs !== fires.pairs) throw new Error(`fire plan has ${fires.pairs} shared fires but the rule finds ${pairs}`);

  const housing = generateHousingVandalism(yr.fork('bostad'), m, year, scale, boostsOf(boosts, 'bostad.skadegorelse'));
  const disturbances = generateDisturbances(yr.fork('storningsjour'), m, year, scale, boostsOf(boosts, 'bostad.storningsjour'));
  housing.forEach((v) => truth.vandalism(v));
  disturbances.forEach((d) => truth.disturbance(d));
  files.push(...(await writeBostadsbolaget(dir, year, housing, disturbances)));

  const schoolVandalism = generateSchoolVandalism(yr.fork('fastighet'), m, year, scale);
  schoolVandalism.forEach((v) => truth.vandalism(v));
  files.push(...(await writeFastighetskontoret(dir, year, schoolVandalism)));

  const concerns = generateConcernReports(yr.fork('soc'), m, year, scale, boostsOf(boosts, 'soc.orosanmalningar'));
  concerns.forEach((r) => truth.concern(r));
  files.push(...(await writeSocialtjansten(dir, year, concerns)));

  const pupils = generatePupils(yr.fork('skola'), m, year, scale);
  const terms = schoolTermRows(yr.fork('skola-ht'), m, pupils, year);
  pupils.forEach((p) => truth.pupil(p, year));
  terms.forEach((t) => truth.schoolTerm(t, year));
  files.push(...(await writeSkolan(dir, year, pupils, terms)));

  const guards = generateGuardReports(yr.fork('securitas'), m, year, scale);
  guards.forEach((g) => truth.guard(g));
  files.push(...(await writeSecuritas(dir, year, guards)));

  const survey = generateSurvey(yr.fork('trygghet'), m, year);
  files.push(...(await writeTrygghetsmatning(dir, year, survey)));

  const rtjFires = fires.rtj.filter(isRtjFire).length;
  const summary: Record<string, number> = {
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
  return { files, summary };
}

export async function generateDemo(dir: string, opts: DemoOptions): Promise<DemoResult> {
  const { seed, year, years, scale, stormRows } = validate(opts);
  const firstYear = year - years + 1;
  const root = new Rng(seed);
  // One municipality for every year: areas, addresses and boundaries do not move; population is per year.
  const m = buildMunicipality(root.fork('municipality'), year);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const truth = new TruthCounter();
  const population = years === 1 ? undefined : populationHistory(root.fork('population-history'), m, firstYear);
  files.push(...(await writeRegister(dir, m, population)));

  const totals: Record<string, number> = {};
  const planted: Boost[] = [];
  for (let y = firstYear; y <= year; y++) {
    const yr = root.fork(`år ${y}`);
    const boosts = boostsFor(yr, y === year);
    planted.push(...boosts);
    const one = await generateYear(dir, m, yr, y, { scale, stormRows: y === year ? stormRows : undefined, boosts }, truth);
    files.push(...one.files);
    for (const [k, v] of Object.entries(one.summary)) totals[k] = (totals[k] ?? 0) + v;
  }
  const escalations = escalationTruth(year, ESCALATIONS, planted, (code) => m.areaByCode.get(code)?.name ?? code);

  const summary: Record<string, number> = {
    seed,
    year,
    first_year: firstYear,
    years,
    scale,
    areas: m.areas.length,
    addresses: m.addresses.length,
    named_places: m.places.length,
    ...totals,
    planted_escalations: escalations.length,
  };
  const rows = truth.rows();
  files.push(...(await writeTruth(dir, rows, summary, escalations)));
  return { files: files.sort(), truth: rows, summary, escalations };
}
