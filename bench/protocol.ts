/**
 * What the benchmark asks of a child process (bench/stage.ts) and what the child answers. Each measured stage runs
 * in its own process so its peak RSS is its own (`maxRSS` is per process and never goes down) and no heap left by
 * an earlier stage slows the next one down. Both sides parse with zod: the child's answer is untrusted JSON.
 */
import { z } from 'zod';

export const stageRequestSchema = z.discriminatedUnion('stage', [
  /** Loads the same modules as every other stage and does nothing: the RSS floor of a child. */
  z.object({ stage: z.literal('idle') }),
  /** Baseline for the CSV ingest: DuckDB's own read_csv of the file, counting by type and day. */
  z.object({ stage: z.literal('csv-baseline'), file: z.string() }),
  /** Baseline for the workbook ingest: SheetJS parsing the bytes, nothing else. */
  z.object({ stage: z.literal('xlsx-baseline'), file: z.string() }),
  /** `lagesbild ingest` on a workspace: every new inbox file. */
  z.object({ stage: z.literal('ingest'), workspace: z.string(), clock: z.string() }),
  /** `lagesbild run --as-of today`: ingest, publication layer, due views. */
  z.object({ stage: z.literal('nightly'), workspace: z.string(), today: z.string(), clock: z.string() }),
  /** The publication layer alone (röjandekontroll), as `lagesbild publish`. */
  z.object({ stage: z.literal('publish'), workspace: z.string(), asOf: z.string(), clock: z.string() }),
  /** Every configured view produced for one due date, from the publication layer. */
  z.object({ stage: z.literal('extracts'), workspace: z.string(), dueDate: z.string(), clock: z.string() }),
  /** Set-up, not measured: a seeded demo municipality as a workspace with its registers and a year's inbox. */
  z.object({ stage: z.literal('prepare'), workspace: z.string(), seed: z.number().int(), year: z.number().int() }),
  /**
   * The floor under each stage of a night, on a workspace after its night: the inbox read by the bare parsers, the
   * same monthly figures summed to every area and period total without protection, the views' published rows
   * written as plain CSV.
   */
  z.object({ stage: z.literal('night-floor'), workspace: z.string(), asOf: z.string() }),
]);
export type StageRequest = z.infer<typeof stageRequestSchema>;

export const stageOutputSchema = z.object({
  /** Wall time of the measured work only (module loading and process start are not in it). */
  millis: z.number(),
  /** Peak resident set size of the whole child process (all threads, DuckDB included), MiB. */
  maxRssMb: z.number(),
  /**
   * Named sub-timings, e.g. the nightly run's own stages, with the peak RSS while the stage ran (MiB) where it was
   * measured: exact when the stage raised the process's peak, otherwise the highest of samples every 20 ms.
   */
  stages: z.array(z.object({ stage: z.string(), millis: z.number(), maxRssMb: z.number().optional() })),
  /** Facts about what was done, so the report can show the work was real (rows loaded, cells, views). */
  detail: z.record(z.string(), z.union([z.number(), z.string()])),
});
export type StageOutput = z.infer<typeof stageOutputSchema>;

/** The child prints exactly one line starting with this marker; anything else on stdout is ignored. */
export const RESULT_MARKER = 'BENCH_RESULT ';
/** A failing child prints the error's message on one stderr line after this marker (its stack says little). */
export const ERROR_MARKER = 'BENCH_ERROR ';
