import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../schemas/parse.ts';
import { parseConfigText } from '../../schemas/loadConfig.ts';
import { defaultConfigText } from '../../pipelines/workspace.ts';

const errorOf = (text: string): ConfigError => {
  try {
    parseConfigText(text, 'lagesbild.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('lagesbild.yaml', () => {
  it('the shipped default is valid and has all six actors and the indicator catalogue', () => {
    const config = parseConfigText(defaultConfigText());
    expect(Object.keys(config.actors)).toEqual(
      expect.arrayContaining(['polis', 'raddningstjansten', 'bostadsbolaget', 'socialtjansten', 'skolan', 'securitas']),
    );
    for (const code of [
      'polis.storm.total',
      'polis.brott.strategiska',
      'rtj.brand.anlagd',
      'bostad.skadegorelse.kostnad',
      'soc.orosanmalningar.per_1000_barn',
      'skola.ofullstandiga_betyg.andel',
      'securitas.nastan_handelse',
      'brand.unika_handelser',
      'polis.brott.unga_misstankta.per_1000',
    ]) {
      expect(config.indicators[code], code).toBeDefined();
    }
  });

  it('names the file and the key of an unknown key', () => {
    const e = errorOf(defaultConfigText().replace('reportingLevel: 3', 'reportingLevl: 3'));
    expect(e.message).toContain('lagesbild.yaml');
    expect(e.message).toMatch(/areas: okänd nyckel "reportingLevl"/);
  });

  it('does not coerce the string "false" into a boolean', () => {
    const e = errorOf(defaultConfigText().replace('when: { threatToStaff: true }', 'when: { threatToStaff: "false" }'));
    expect(e.problems.join('\n')).toContain('indicators.rtj.hot_mot_personal');
  });

  it('checks references between sections', () => {
    const e = errorOf(defaultConfigText().replace('kinds: [rtj.insatser]\n  bostadsbolaget', 'kinds: [rtj.insatserr]\n  bostadsbolaget'));
    expect(e.problems.join('\n')).toContain('leveranstypen "rtj.insatserr" finns inte');
  });

  it('reports broken YAML', () => {
    expect(errorOf('municipality: [').message).toContain('inte giltig YAML');
  });
});
