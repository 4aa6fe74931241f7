import type { Command } from 'commander';
import { runReadOnlyQuery } from '../../pipelines/query.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { UsageError } from '../errors.ts';
import { defaultFormat, renderRows, type Format } from '../output.ts';

export function registerSql(program: Command, workspaceDir: () => string): void {
  program
    .command('sql')
    .description('kör en skrivskyddad fråga mot senaste ögonblicksbilden av lagret (monthly, areas, indicators, deliveries …)')
    .argument('<query>', 'SQL')
    .option('--format <format>', 'table | csv | json')
    .action(async (query: string, opts: { format?: string }) => {
      const format = (opts.format ?? defaultFormat()) as Format;
      if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`--format måste vara table, csv eller json (fick "${format}")`);
      const ws = openWorkspace(workspaceDir());
      const result = await runReadOnlyQuery(ws, query);
      process.stdout.write(renderRows(result.columns, result.rows, format));
    });
}
