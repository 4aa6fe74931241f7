import type { ConnectorDefinition } from '../types.ts';
import { headers } from './common.ts';

/**
 * Values already aggregated per area and period (a safety survey, a national export): the question maps to an
 * indicator through the kind's `params.questions`; an unknown question or area is reported, never guessed.
 */
export const aggregerad: ConnectorDefinition = {
  id: 'aggregerad',
  fields: [
    { name: 'area', type: 'text', headers: ['Område', 'Områdesnamn', ...headers.areaCode], required: true },
    { name: 'year', type: 'number', headers: ['År', 'Year', 'Mätår'], required: true },
    { name: 'question', type: 'text', headers: ['Fråga', 'Indikator', 'Mått'], required: true },
    { name: 'share', type: 'number', headers: ['Andel (%)', 'Andel', 'Värde', 'Procent'], required: true },
    { name: 'respondents', type: 'number', headers: ['Antal svarande', 'Svarande', 'Antal', 'Bas'] },
  ],
  time: { year: 'year' },
  locations: [{ name: 'place', areaCode: 'area' }],
  finish: (values, ctx) => {
    const questions = (ctx.params['questions'] ?? {}) as Record<string, string>;
    const question = String(values['question'] ?? '')
      .trim()
      .toLowerCase();
    const indicator = Object.entries(questions).find(([text]) => text.trim().toLowerCase() === question)?.[1];
    if (!indicator)
      return {
        ok: false,
        column: 'question',
        expected: `en fråga som finns under params.questions (${Object.keys(questions).join('; ')})`,
      };
    const share = values['share'];
    if (typeof share !== 'number' || share < 0 || share > 100) return { ok: false, column: 'share', expected: 'en andel i procent 0–100' };
    const respondents = typeof values['respondents'] === 'number' ? values['respondents'] : null;
    const measures: Record<string, number> = { share: share / 100 };
    if (respondents !== null) measures['respondents'] = respondents;
    return { ok: true, measures, indicator };
  },
};
