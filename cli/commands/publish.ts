import type { Command } from 'commander';
import { consoleEffects } from '../../pipelines/effects.ts';
import { publish } from '../../pipelines/publish.ts';
import { withRun } from '../../pipelines/run.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { parseDay } from './run.ts';

export function registerPublish(program: Command, workspaceDir: () => string): void {
  program
    .command('publish')
    .description('bygg om publiceringslagret (röjandekontroll av allt som kan lämna lagret) och logga besluten')
    .option('--as-of <date>', 'publicera till och med senaste hela månad före detta datum')
    .action(async (opts: { asOf?: string }) => {
      const asOf = parseDay(opts.asOf, '--as-of');
      const ws = openWorkspace(workspaceDir());
      const effects = consoleEffects();
      const { publication } = await withRun(ws, 'publish', effects, async ({ lager, runId }) => ({
        changed: true,
        publication: await publish(ws, lager.connection, { asOf, runId }, effects),
      }));
      process.stdout.write(
        `${publication.indicators} indikatorer, ${publication.months.length} månader (${publication.months[0] ?? ''}–${publication.months.at(-1) ?? ''}), ${publication.cells} celler\n` +
          `skyddade: ${publication.primary} primärt, ${publication.secondary} sekundärt; slumpjusterade: ${publication.perturbed}\n` +
          `dolt: ${(publication.hiddenShare * 100).toFixed(1)} % av antalet på lägsta nivån (område × månad); ${(publication.millis / 1000).toFixed(1)} s\n`,
      );
    });
}
