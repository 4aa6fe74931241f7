/**
 * `lagesbild.yaml`: the workspace configuration, validated by zod. The schema is the documentation: every key has
 * a description (`.meta`) and unknown keys are errors, so a typo in the file is reported instead of ignored.
 */
import { z } from 'zod';
import { viewSchema } from './views.ts';

const code = z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, 'en kod med små bokstäver, siffror, _ och punkter (t.ex. polis.storm.total)');

const headerList = z.array(z.string().min(1)).min(1).meta({
  description: 'Column headers that mean this field, in order of preference (case and spacing are ignored).',
});

/** A condition on one attribute of an observation: a list of accepted values, a prefix, a yes/no or a range. */
const condition = z.union([
  z.array(z.string()).min(1).meta({ description: 'Accepted values (case-insensitive).' }),
  z.boolean().meta({ description: 'A yes/no field must have this value.' }),
  z.strictObject({ startsWith: z.string().min(1) }),
  z.strictObject({ lt: z.number() }),
  z.strictObject({ between: z.tuple([z.number(), z.number()]) }),
]);
export type Condition = z.infer<typeof condition>;

const when = z.record(z.string(), condition).default({}).meta({
  description: 'All conditions must hold for a record to count (an empty map counts every record).',
});

const baseIndicator = {
  label: z.string().min(1).meta({ description: 'Swedish label shown in extracts and reports.' }),
  unit: z.string().default('antal').meta({ description: 'Unit: antal, kronor, andel, per 1 000 invånare …' }),
  description: z.string().optional(),
};

const countIndicator = z.strictObject({
  ...baseIndicator,
  type: z.literal('count'),
  kinds: z.array(code).min(1).meta({ description: 'Delivery kinds whose records count towards this indicator.' }),
  when,
  location: z.string().optional().meta({
    description: "Which of the record's locations places it in an area (default: the kind's primary location).",
  }),
  sum: z.string().optional().meta({ description: 'Sum this measure (e.g. cost) as the value instead of counting.' }),
});

const shareIndicator = z.strictObject({
  ...baseIndicator,
  type: z.literal('share'),
  kinds: z.array(code).min(1),
  location: z.string().optional(),
  numerator: z
    .union([z.strictObject({ when }), z.strictObject({ measure: z.string() })])
    .meta({ description: 'Records (when) or a delivered count (measure) in the numerator.' }),
  denominator: z
    .union([z.literal('records'), z.strictObject({ measure: z.string() })])
    .meta({ description: '`records`: every record counts once; or a delivered count (measure).' }),
});

const rateIndicator = z.strictObject({
  ...baseIndicator,
  type: z.literal('rate'),
  of: code.meta({ description: 'The count indicator divided by the population.' }),
  population: z.strictObject({
    ageFrom: z.number().int().min(0).nullable().default(null),
    ageTo: z.number().int().min(0).nullable().default(null),
  }),
  per: z.number().positive().default(1000),
});

const combinedIndicator = z.strictObject({
  ...baseIndicator,
  type: z.literal('combined'),
  sources: z
    .array(z.strictObject({ kind: code, when }))
    .min(2)
    .meta({ description: 'Records from several actors that may describe the same incident.' }),
  windowMinutes: z.number().int().positive().default(60).meta({
    description: 'Two records from different sources in the same area within this many minutes count once.',
  }),
});

const valueIndicator = z.strictObject({
  ...baseIndicator,
  type: z.literal('value'),
  kinds: z.array(code).min(1).meta({ description: 'Pre-aggregated kinds that deliver this indicator directly.' }),
});

export const indicatorSchema = z.discriminatedUnion('type', [
  countIndicator,
  shareIndicator,
  rateIndicator,
  combinedIndicator,
  valueIndicator,
]);
export type IndicatorConfig = z.infer<typeof indicatorSchema>;

export const grainSchema = z.enum(['day', 'month', 'term', 'year']);
export type Grain = z.infer<typeof grainSchema>;

const deliveryKind = z.strictObject({
  label: z.string().min(1),
  connector: z
    .enum([
      'polis_storm',
      'polis_brott',
      'rtj_insatser',
      'bostad_skadegorelse',
      'bostad_storningsjour',
      'soc_orosanmalningar',
      'skola_betyg_elev',
      'skola_betyg_skola',
      'securitas_rapporter',
      'aggregerad',
    ])
    .meta({ description: 'Which connector reads this kind of delivery.' }),
  grain: grainSchema.meta({ description: 'Stored time grain: day, month, term or year.' }),
  delimiter: z.enum([';', ',', '\t', 'auto']).default('auto'),
  columns: z
    .record(z.string(), headerList)
    .default({})
    .meta({ description: 'Overrides of the default header variants per field of the connector.' }),
  categories: z
    .record(z.string(), z.array(z.string()).min(1))
    .default({})
    .meta({ description: 'Known values per category field; other values are counted and reported.' }),
  params: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.string())]))
    .default({})
    .meta({ description: 'Connector parameters (e.g. the number of subjects that counts as complete grades).' }),
});
export type DeliveryKindConfig = z.infer<typeof deliveryKind>;

const actor = z.strictObject({
  name: z.string().min(1).meta({ description: 'The organisation, as written in receipts.' }),
  kinds: z.array(code).min(1).meta({ description: 'Delivery kinds this actor sends.' }),
});

export const configSchema = z.strictObject({
  municipality: z.strictObject({
    code: z.string().regex(/^\d{4}$/, 'en kommunkod med fyra siffror (t.ex. "0181")'),
    name: z.string().min(1),
  }),
  areas: z
    .strictObject({
      reportingLevel: z.number().int().min(1).max(9).default(3),
      system: z.string().default('nyko'),
    })
    .prefault({}),
  actors: z.record(z.string().regex(/^[a-z0-9_]+$/, 'ett mappnamn med små bokstäver, siffror och _'), actor),
  kinds: z.record(code, deliveryKind),
  indicators: z.record(code, indicatorSchema),
  areaGroups: z
    .record(z.string().regex(/^[a-z0-9_]+$/), z.array(z.string().min(1)).min(1))
    .default({})
    .meta({ description: "Named groups of reporting areas, e.g. a housing company's areas, used by views." }),
  disclosure: z
    .strictObject({
      default: z.string().default('incident').meta({ description: 'Preset (incident, school, social) or a name under `rules`.' }),
      rules: z
        .record(z.string(), z.unknown())
        .default({})
        .meta({ description: 'Named rule sets (method suppression or ckm), validated by the disclosure engine.' }),
      indicators: z
        .record(code, z.string())
        .default({})
        .meta({ description: 'Indicator code → preset or rule-set name; others use `default`.' }),
      secretFile: z.string().default('hemlig-nyckel.txt').meta({
        description: 'File (in the workspace) with the secret for the cell key method; created when missing.',
      }),
    })
    .prefault({}),
  views: z.record(z.string().regex(/^[a-z0-9_]+$/, 'ett namn med små bokstäver, siffror och _'), viewSchema).default({}),
  limits: z
    .strictObject({
      maxFileBytes: z
        .number()
        .int()
        .positive()
        .default(200 * 1024 * 1024),
      maxRows: z.number().int().positive().default(5_000_000),
      earliestDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .default('2000-01-01'),
      readTimeoutSeconds: z.number().positive().default(300).meta({
        description: 'Wall clock for reading one workbook (or large text file) in its worker; then it is refused.',
      }),
      readMemoryMb: z.number().int().min(64).default(1024).meta({
        description: 'Heap of the worker that reads one workbook; a file that needs more is refused.',
      }),
      publishThreads: z.number().int().min(0).default(0).meta({
        description: 'Worker threads for disclosure control (one indicator per thread at a time); 0 = one per core, 1 = none.',
      }),
      streamTextBytes: z
        .number()
        .int()
        .min(0)
        .default(8 * 1024 * 1024)
        .meta({
          description: 'Text deliveries larger than this are streamed (DuckDB reads the mapped columns in chunks) instead of read whole.',
        }),
      streamMemoryMb: z.number().int().min(1).default(1024).meta({
        description:
          'Memory of the in-memory DuckDB instance that counts a streamed delivery as a table; one that needs more is counted row by row instead.',
      }),
    })
    .prefault({}),
  retention: z
    .strictObject({
      matchKeyDays: z.number().int().positive().default(400).meta({
        description: 'Match keys for double-reporting are deleted this many days after the event.',
      }),
      snapshots: z.number().int().min(1).default(3).meta({ description: 'Read-only analyst snapshots kept.' }),
    })
    .prefault({}),
});
export type Config = z.infer<typeof configSchema>;
