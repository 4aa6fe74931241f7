/**
 * Disclosure rules as configuration: one entry per indicator (or a preset), validated by zod so that the
 * documentation of `lagesbild.yaml` can be generated from `.meta`. The lead wires this into the config schema.
 */
import { z } from 'zod';
import { DEFAULT_CKM } from './ckm.ts';
import type { CkmParameters } from './ckm.ts';
import type { ShareRules } from './shares.ts';
import { DEFAULT_SHARE_RULES } from './shares.ts';
import type { SuppressionRules } from './table.ts';

const protection = z.strictObject({
  upper: z.number().min(0).meta({ description: 'The intruder’s upper bound must reach value + upper.' }),
  lower: z.number().min(0).default(0).meta({ description: 'The lower bound must reach value − lower (not below 0).' }),
  minWidth: z.number().min(0).meta({ description: 'The intruder’s interval must be at least this wide.' }),
});

export const suppressionRulesSchema = z.strictObject({
  method: z.literal('suppression'),
  k: z.number().int().min(1).meta({ description: 'Counts 1..k−1 are suppressed (primary).' }),
  zeros: z.enum(['publish', 'primary']).default('publish').meta({ description: 'Are zeros published or sensitive?' }),
  zerosAsSecondary: z.boolean().default(true).meta({ description: 'May a zero be suppressed to protect another cell?' }),
  protection,
  cost: z
    .enum(['value', 'unity', 'log'])
    .default('value')
    .meta({ description: 'What a secondary suppression costs: value + 1 (default), 1, or 1 + ln(1 + value).' }),
  minDenominator: z.number().int().min(0).default(0).meta({ description: 'Shares need at least this denominator.' }),
  complement: z.boolean().default(true).meta({ description: 'Suppress shares where all but 1..k−1 have the attribute.' }),
  extremes: z.enum(['suppress', 'publish']).default('suppress').meta({ description: 'How to treat 0 % and 100 %.' }),
});

export const ckmRulesSchema = z.strictObject({
  method: z.literal('ckm'),
  maxNoise: z.number().int().min(1).default(DEFAULT_CKM.maxNoise).meta({ description: 'D: largest absolute noise.' }),
  variance: z.number().positive().default(DEFAULT_CKM.variance).meta({ description: 'V: noise variance.' }),
  smallThreshold: z
    .number()
    .int()
    .min(0)
    .default(DEFAULT_CKM.smallThreshold)
    .meta({ description: 'js: published counts 1..js never occur.' }),
  minDenominator: z.number().int().min(0).default(0),
});

export const disclosureRulesSchema = z.discriminatedUnion('method', [suppressionRulesSchema, ckmRulesSchema]);
export type DisclosureRules = z.infer<typeof disclosureRulesSchema>;

/**
 * Presets. Incident data (police, fire, guards, housing): k = 5. Social services and schools concern identifiable
 * children and pupils: k = 10 (Skolverket does not report figures on fewer than 10 pupils), wider protection, and
 * shares need a denominator of at least 10 (schools) or 20 (social services).
 */
export const PRESETS = {
  incident: {
    method: 'suppression',
    k: 5,
    zeros: 'publish',
    zerosAsSecondary: true,
    protection: { upper: 1, lower: 0, minWidth: 2 },
    cost: 'value',
    minDenominator: 0,
    complement: true,
    extremes: 'suppress',
  },
  school: {
    method: 'suppression',
    k: 10,
    zeros: 'publish',
    zerosAsSecondary: true,
    protection: { upper: 3, lower: 0, minWidth: 5 },
    cost: 'value',
    minDenominator: 10,
    complement: true,
    extremes: 'suppress',
  },
  social: {
    method: 'suppression',
    k: 10,
    zeros: 'publish',
    zerosAsSecondary: true,
    protection: { upper: 3, lower: 0, minWidth: 5 },
    cost: 'value',
    minDenominator: 20,
    complement: true,
    extremes: 'suppress',
  },
} as const satisfies Record<string, DisclosureRules>;

export function suppressionRulesOf(rules: z.infer<typeof suppressionRulesSchema>): SuppressionRules {
  return {
    k: rules.k,
    zeros: rules.zeros,
    zerosAsSecondary: rules.zerosAsSecondary,
    protection: rules.protection,
    cost: rules.cost,
  };
}

export function shareRulesOf(rules: DisclosureRules): ShareRules {
  return {
    ...DEFAULT_SHARE_RULES,
    k: rules.method === 'suppression' ? rules.k : DEFAULT_SHARE_RULES.k,
    minDenominator: rules.minDenominator,
    ...(rules.method === 'suppression' ? { complement: rules.complement, extremes: rules.extremes } : {}),
  };
}

export function ckmParametersOf(rules: z.infer<typeof ckmRulesSchema>): CkmParameters {
  return { maxNoise: rules.maxNoise, variance: rules.variance, smallThreshold: rules.smallThreshold };
}
