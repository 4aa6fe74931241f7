import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { configSchema, type Config } from './config.ts';
import { ConfigError, parseOrThrow } from './parse.ts';

export const CONFIG_FILE = 'lagesbild.yaml';

/** References between sections (actor → kind, indicator → kind, rate → indicator) checked after the shape. */
function crossCheck(config: Config, file: string): void {
  const problems: string[] = [];
  for (const [actorId, actor] of Object.entries(config.actors)) {
    actor.kinds.forEach((kind, i) => {
      if (!config.kinds[kind]) problems.push(`actors.${actorId}.kinds[${i}]: leveranstypen "${kind}" finns inte under kinds`);
    });
  }
  for (const [code, ind] of Object.entries(config.indicators)) {
    const kinds = ind.type === 'rate' ? [] : ind.type === 'combined' ? ind.sources.map((s) => s.kind) : ind.kinds;
    kinds.forEach((kind) => {
      if (!config.kinds[kind]) problems.push(`indicators.${code}: leveranstypen "${kind}" finns inte under kinds`);
    });
    if (ind.type === 'rate') {
      const base = config.indicators[ind.of];
      if (!base || base.type !== 'count') problems.push(`indicators.${code}.of: "${ind.of}" måste vara en indikator av typen count`);
    }
  }
  for (const [name, view] of Object.entries(config.views)) {
    if (view.actor !== 'huvudman' && !config.actors[view.actor])
      problems.push(`views.${name}.actor: aktören "${view.actor}" finns inte under actors`);
    view.indicators.forEach((code, i) => {
      if (!config.indicators[code]) problems.push(`views.${name}.indicators[${i}]: indikatorn "${code}" finns inte under indicators`);
    });
    if (typeof view.areas === 'object' && !Array.isArray(view.areas) && !config.areaGroups[view.areas.group]) {
      problems.push(`views.${name}.areas.group: gruppen "${view.areas.group}" finns inte under areaGroups`);
    }
    if (view.grain === 'week' && view.comparison.includes('rolling_12'))
      problems.push(`views.${name}.comparison: rolling_12 jämför månader och kan inte användas med grain: week`);
    if (view.grain === 'week') {
      view.indicators.forEach((code, i) => {
        if (config.indicators[code] && !isDailyCount(config, code))
          problems.push(
            `views.${name}.indicators[${i}]: "${code}" kan inte visas per vecka (veckor kräver ett antal som levereras per dag; välj grain: month)`,
          );
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
}

/** A count (or a rate of one) whose every source kind is stored per day: only these can be cut into ISO weeks. */
export function isDailyCount(config: Config, code: string): boolean {
  const ind = config.indicators[code];
  if (!ind) return false;
  if (ind.type === 'rate') return isDailyCount(config, ind.of);
  const kinds = ind.type === 'combined' ? ind.sources.map((s) => s.kind) : ind.type === 'count' && ind.sum === undefined ? ind.kinds : [];
  return kinds.length > 0 && kinds.every((k) => config.kinds[k]?.grain === 'day');
}

export function parseConfigText(text: string, file = CONFIG_FILE): Config {
  let data: unknown;
  try {
    data = parseYaml(text, { strict: true, uniqueKeys: true });
  } catch (cause) {
    const message = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
    throw new ConfigError(file, [`filen är inte giltig YAML: ${message}`], { cause });
  }
  const config = parseOrThrow(configSchema, data, file);
  crossCheck(config, file);
  return config;
}

export function loadConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(path, ['filen kan inte läsas (finns arbetsytan? kör `lagesbild init`)'], { cause });
  }
  return parseConfigText(text, path);
}
