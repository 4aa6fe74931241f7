/** Automated views (*automatiserade vyer*): which indicators an actor receives, for which areas, how often. */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ett datum som 2025-01-06');

export const scheduleSchema = z.union([
  z.strictObject({
    everyDays: z.number().int().min(1).max(366).meta({ description: 'Every N days counted from `from` (14 = every other week).' }),
    from: isoDate.meta({ description: 'The first due date; later ones follow every N days.' }),
  }),
  z.strictObject({ monthlyOnDay: z.number().int().min(1).max(31).meta({ description: 'Day of month (31 = the last day).' }) }),
  z.strictObject({ quarterlyOnDay: z.number().int().min(1).max(31).meta({ description: 'Day of the first month of each quarter.' }) }),
  z.strictObject({ cron: z.string().min(9).meta({ description: 'A cron expression, evaluated in Europe/Stockholm.' }) }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

export const viewSchema = z.strictObject({
  actor: z.string().min(1).meta({ description: 'Who receives the view (an actor in `actors`, or `huvudman`).' }),
  title: z.string().min(1).meta({ description: 'Swedish title on the extract.' }),
  indicators: z.array(z.string().min(1)).min(1).meta({ description: 'Indicator codes shown in the view.' }),
  areas: z
    .union([z.literal('all'), z.array(z.string().min(1)).min(1), z.strictObject({ group: z.string().min(1) })])
    .default('all')
    .meta({ description: 'All reporting areas, a list of area codes, or a named group from `areaGroups`.' }),
  grain: z.enum(['week', 'month', 'quarter']).default('month').meta({
    description:
      'ISO weeks, months or quarters. Weeks are published with the cell key method (perturbed), and only for counts delivered per day.',
  }),
  periods: z.number().int().min(1).max(120).default(13).meta({ description: 'How many periods back the extract shows.' }),
  comparison: z
    .array(z.enum(['previous_year', 'rolling_12', 'municipality_average']))
    .default(['previous_year'])
    .meta({ description: 'Comparisons shown beside each figure.' }),
  formats: z
    .array(z.enum(['csv', 'pdf', 'geojson', 'parquet']))
    .min(1)
    .default(['csv', 'pdf']),
  schedule: scheduleSchema,
  signals: z.boolean().default(false).meta({ description: 'Include the early-warning section (for the joint picture).' }),
});
export type ViewConfig = z.infer<typeof viewSchema>;
