/**
 * Options of the early-warning run. A zod schema so the CLI and a config file get the same validation and the
 * documentation of each knob lives next to its default.
 */
import { z } from 'zod';
import { isMonth } from './months.ts';

const month = z.string().refine(isMonth, { message: 'expected a month, YYYY-MM' });

export const signalOptionsSchema = z.strictObject({
  asOf: month.meta({ description: 'Last complete month; the tested window ends here.' }),
  windows: z.array(z.int().min(1).max(12)).min(1).max(6).default([1, 3, 6]).meta({
    description:
      'Lengths of the recent windows tested, each ending at asOf (a scan: the rise may have started 1, 3 or 6 months ago). One window, e.g. [3], is the fixed-window test.',
    unit: 'months',
  }),
  historyMonths: z.int().min(12).max(120).default(36).meta({
    description: 'Months before the longest window that define the area’s own level (and the dispersion and drift).',
    unit: 'months',
  }),
  minHistoryMonths: z
    .int()
    .min(6)
    .max(120)
    .default(12)
    .meta({ description: 'An indicator with fewer delivered history months is not tested.', unit: 'months' }),
  fdr: z
    .number()
    .gt(0)
    .max(0.5)
    .default(0.05)
    .meta({ description: 'False discovery rate over all area × indicator tests of the run (Benjamini–Hochberg).' }),
  minObserved: z
    .int()
    .min(0)
    .default(3)
    .meta({ description: 'A signal needs at least this many events in the window (guards 0 → 2).', unit: 'events' }),
  minRatio: z
    .number()
    .min(1)
    .default(1)
    .meta({ description: 'A signal needs observed/expected at least this large (practical relevance).' }),
  confidence: z.number().gt(0.5).lt(1).default(0.95).meta({ description: 'Level of the intervals.' }),
  untestedAreas: z
    .array(z.string())
    .default(['okand'])
    .meta({ description: 'Areas that count in the municipal comparison but are never tested (unknown area).' }),
  sources: z
    .record(z.string(), z.string())
    .default({})
    .meta({ description: 'indicator → delivering actor, for cross-source ranking when points carry no source.' }),
  crossSourceCombination: z.enum(['truncated', 'fisher', 'simes']).default('truncated').meta({
    description:
      'How source p-values are combined per area: truncated product (τ = 0.1, default), Fisher, or Simes (valid under any positive dependence).',
  }),
});

export type SignalOptionsInput = z.input<typeof signalOptionsSchema>;
export type SignalOptions = z.output<typeof signalOptionsSchema>;

/** Validates and fills defaults; the error names each offending key. */
export function parseSignalOptions(input: unknown): SignalOptions {
  const result = signalOptionsSchema.safeParse(input);
  // Windows in ascending order, each once: the longest one fixes where the history ends.
  if (result.success) return { ...result.data, windows: [...new Set(result.data.windows)].sort((a, b) => a - b) };
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
  throw new Error(`signal options: ${problems.join('; ')}`);
}
