import type { Command } from 'commander';
import { openLager } from '../../sql/db.ts';
import { earlyWarning } from '../../pipelines/signals.ts';
import { currentSnapshot } from '../../pipelines/snapshot.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { signalRows } from '../../signals/index.ts';
import { defaultFormat, renderRows, type Format } from '../output.ts';
import { UsageError } from '../errors.ts';
import { parseDay } from './run.ts';

export function registerSignals(program: Command, workspaceDir: () => string): void {
  program
    .command('signals')
    .description(
      'tidiga varningar: områden och indikatorer som ligger signifikant över det förväntade (för statistikern, ej röjandeskyddat)',
    )
    .option('--as-of <date>', 'senaste hela månad före detta datum är fönstrets slut')
    .option('--format <format>', 'table | csv | json')
    .action(async (opts: { asOf?: string; format?: string }) => {
      const format = (opts.format ?? defaultFormat()) as Format;
      if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`--format måste vara table, csv eller json (fick "${format}")`);
      const ws = openWorkspace(workspaceDir());
      const lager = await openLager(currentSnapshot(ws) ?? ws.paths.lager, 'read_only');
      try {
        const result = await earlyWarning(lager.connection, ws.config, parseDay(opts.asOf, '--as-of'));
        const rows = signalRows(result);
        for (const note of result.notes) process.stderr.write(`not: ${JSON.stringify(note)}\n`);
        process.stderr.write(`${result.familySize} tester, ${result.signals.length} signaler (falsk upptäcktsgrad 5 %).\n`);
        if (rows.length === 0) return;
        const columns = Object.keys(rows[0] ?? {});
        process.stdout.write(
          renderRows(
            columns,
            rows.map((r) => columns.map((c) => (r as unknown as Record<string, unknown>)[c])),
            format,
          ),
        );
      } finally {
        lager.close();
      }
    });
}
