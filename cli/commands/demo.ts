import type { Command } from 'commander';
import { consoleEffects } from '../../pipelines/effects.ts';
import { UsageError } from '../errors.ts';
import { formatOutcome } from './ingest.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('skapa en demokommun med några års leveranser från alla aktörer och kör hela kedjan')
    .argument('[dir]', 'arbetsytan som skapas', 'demo')
    .option('--seed <n>', 'slumpfrö', '1')
    .option('--year <year>', 'sista året', '2025')
    .option('--years <n>', 'antal år som slutar med --year (minst 2 för tidiga varningar; 1 går fortast)', '3')
    .action(async (dir: string, opts: { seed: string; year: string; years: string }) => {
      const years = Number(opts.years);
      if (!Number.isInteger(years) || years < 1 || years > 10) throw new UsageError(`--years måste vara 1–10 (fick "${opts.years}")`);
      // Loaded on demand: the generator (and its spreadsheet writer) is only needed by this command.
      const { runDemo } = await import('../../pipelines/demoRun.ts');
      const effects = consoleEffects();
      const result = await runDemo(dir, { seed: Number(opts.seed), year: Number(opts.year), years }, effects);
      for (const o of result.ingest.outcomes) process.stdout.write(`${formatOutcome(o)}\n`);
      for (const e of result.nightly.extracts)
        process.stdout.write(`vy         ${e.view} → outbox/${e.actor}/${e.dueDate}/ (${e.files.map((f) => f.name).join(', ')})\n`);
      process.stderr.write(
        `\nDemon är klar i ${result.workspace.root}.\n` +
          `  Kvitton:  ${result.workspace.paths.outbox}/<aktör>/kvitton/\n` +
          `  Utdrag:   ${result.workspace.paths.outbox}/<aktör>/<datum>/ (nattkörningen som den ${result.today})\n` +
          `  Fråga:    npx lagesbild -w ${dir} sql "select * from monthly limit 20"\n` +
          `  Status:   npx lagesbild -w ${dir} status\n`,
      );
    });
}
