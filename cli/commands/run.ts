import type { Command } from 'commander';
import { consoleEffects } from '../../pipelines/effects.ts';
import { nightly } from '../../pipelines/nightly.ts';
import { withRun } from '../../pipelines/run.ts';
import { stockholmDay } from '../../pipelines/schedule.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { UsageError } from '../errors.ts';
import { formatOutcome } from './ingest.ts';

export function parseDay(value: string | undefined, option: string): string {
  if (value === undefined) return stockholmDay(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`${option} måste vara ett datum som 2026-01-05 (fick "${value}")`);
  return value;
}

export function registerRun(program: Command, workspaceDir: () => string): void {
  program
    .command('run')
    .description('nattkörningen: läs in nya leveranser, bygg om publiceringslagret och skicka ut de vyer som är på tur')
    .option('--as-of <date>', 'kör som om det vore detta datum (för att ta igen eller prova)')
    .action(async (opts: { asOf?: string }) => {
      const today = parseDay(opts.asOf, '--as-of');
      const ws = openWorkspace(workspaceDir());
      const effects = consoleEffects();
      const summary = await withRun(ws, 'run', effects, async ({ lager, runId }) => {
        const result = await nightly(ws, lager, { runId, today }, effects);
        for (const o of result.ingest.outcomes) process.stdout.write(`${formatOutcome(o)}\n`);
        for (const e of result.extracts)
          process.stdout.write(`vy         ${e.view} → outbox/${e.actor}/${e.dueDate}/ (${e.files.map((f) => f.name).join(', ')})\n`);
        for (const h of result.held) process.stdout.write(`inne       ${h.view}: hålls inne (${h.indicators.join(', ')}), se loggen\n`);
        const count = (s: string) => result.ingest.outcomes.filter((o) => o.status === s).length;
        return {
          loaded: count('loaded'),
          refused: count('refused'),
          duplicates: count('duplicate'),
          changed: true,
          message: result.stages.map((s) => `${s.stage} ${s.millis} ms`).join(', '),
          extracts: result.extracts.length,
          publication: result.publication,
        };
      });
      const p = summary.publication;
      process.stderr.write(
        `Klart: ${summary.loaded} inlästa, ${summary.refused} avvisade, ${summary.extracts} utdrag. ` +
          `Publiceringslagret: ${p.cells} celler, ${p.primary} primärt och ${p.secondary} sekundärt skyddade, ${p.perturbed} slumpjusterade.\n`,
      );
    });
}
