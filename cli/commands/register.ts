import type { Command } from 'commander';
import { openLager, migrate } from '../../sql/db.ts';
import { importRegister, registerKinds, type RegisterKind } from '../../pipelines/registers.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { UsageError } from '../errors.ts';

export function registerRegister(program: Command, workspaceDir: () => string): void {
  const register = program.command('register').description('områdesregister, adresser, gränser och befolkning');
  register
    .command('import')
    .description('läs in kommunens referensdata')
    .requiredOption('--kind <kind>', `vilket register: ${registerKinds.join(' | ')}`)
    .argument('<file>', 'filen (CSV, Excel eller GeoJSON)')
    .action(async (file: string, opts: { kind: string }) => {
      if (!(registerKinds as readonly string[]).includes(opts.kind)) {
        throw new UsageError(`--kind måste vara ett av ${registerKinds.join(', ')} (fick "${opts.kind}")`);
      }
      const ws = openWorkspace(workspaceDir());
      const lager = await openLager(ws.paths.lager);
      try {
        await migrate(lager.connection);
        const result = await importRegister(ws, lager.connection, opts.kind as RegisterKind, file, new Date());
        process.stdout.write(`${result.kind}: ${result.rows} rader inlästa (${result.registerId})\n`);
      } finally {
        lager.close();
      }
    });
}
