import type { Command } from 'commander';
import { initWorkspace } from '../../pipelines/workspace.ts';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('skapa en arbetsyta: lagesbild.yaml, inbox/, quarantine/, outbox/, register/ och lagret')
    .argument('<dir>', 'mappen som ska bli arbetsyta')
    .action(async (dir: string) => {
      const ws = await initWorkspace(dir);
      process.stderr.write(
        `Arbetsytan ${ws.root} är klar. Importera register med \`lagesbild register import\` och lägg leveranser i inbox/<aktör>/.\n`,
      );
    });
}
