import type { Command } from 'commander';
import { consoleEffects } from '../../pipelines/effects.ts';
import { produceExtract } from '../../pipelines/extract.ts';
import { publish } from '../../pipelines/publish.ts';
import { withRun } from '../../pipelines/run.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { UsageError } from '../errors.ts';
import { parseDay } from './run.ts';

export function registerExtract(program: Command, workspaceDir: () => string): void {
  program
    .command('extract')
    .description('ta fram en vys utdrag nu (till outbox/<aktör>/<datum>/), utanför schemat')
    .requiredOption('--view <name>', 'vyn (se `lagesbild views`)')
    .option('--as-of <date>', 'data till och med senaste hela period före detta datum')
    .action(async (opts: { view: string; asOf?: string }) => {
      const asOf = parseDay(opts.asOf, '--as-of');
      const ws = openWorkspace(workspaceDir());
      if (!ws.config.views[opts.view])
        throw new UsageError(`vyn "${opts.view}" finns inte; vyer: ${Object.keys(ws.config.views).join(', ')}`);
      const effects = consoleEffects();
      const { produced } = await withRun(ws, `extract ${opts.view}`, effects, async ({ lager, runId }) => {
        await publish(ws, lager.connection, { asOf, runId }, effects);
        return {
          changed: true,
          produced: await produceExtract(ws, lager.connection, { viewName: opts.view, dueDate: asOf, asOf, now: effects.now(), runId }),
        };
      });
      process.stdout.write(
        `${produced.directory}\n${produced.files.map((f) => `  ${f.name}  ${f.bytes} byte  sha256 ${f.sha256}`).join('\n')}\n`,
      );
    });
}
