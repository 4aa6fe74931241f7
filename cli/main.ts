/** The `lagesbild` command. The CLI parses and prints; the pipelines do the work. One exit point. */
import { Command, CommanderError } from 'commander';
import { registerDemo } from './commands/demo.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerInit } from './commands/init.ts';
import { registerRegister } from './commands/register.ts';
import { registerSql } from './commands/sql.ts';
import { registerStatus } from './commands/status.ts';
import { registerVerify } from './commands/verify.ts';
import { registerRun } from './commands/run.ts';
import { registerPublish } from './commands/publish.ts';
import { registerExtract } from './commands/extract.ts';
import { registerViews } from './commands/views.ts';
import { registerSignals } from './commands/signals.ts';
import { registerProtect } from './commands/protect.ts';
import { exitCodeFor } from './errors.ts';

const program = new Command();
program
  .name('lagesbild')
  .description('Gemensam lägesbild: avidentifierad statistik per NYKO-område från kommunens samverkansaktörer')
  .option('-w, --workspace <dir>', 'arbetsytan', process.cwd())
  .option('--debug', 'visa stackspår vid interna fel')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const workspaceDir = (): string => String(program.opts()['workspace']);
registerInit(program);
registerDemo(program);
registerRegister(program, workspaceDir);
registerIngest(program, workspaceDir);
registerStatus(program, workspaceDir);
registerSql(program, workspaceDir);
registerVerify(program, workspaceDir);
registerRun(program, workspaceDir);
registerPublish(program, workspaceDir);
registerExtract(program, workspaceDir);
registerViews(program, workspaceDir);
registerSignals(program, workspaceDir);
registerProtect(program, workspaceDir);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const { code, message, expected } = exitCodeFor(error);
    process.stderr.write(`${message}\n`);
    if (!expected && program.opts()['debug'] && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = code;
  }
}
