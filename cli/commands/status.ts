import type { Command } from 'commander';
import { openLager } from '../../sql/db.ts';
import { workspaceStatus } from '../../pipelines/status.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { currentSnapshot } from '../../pipelines/snapshot.ts';
import { renderRows } from '../output.ts';

export function registerStatus(program: Command, workspaceDir: () => string): void {
  program
    .command('status')
    .description('leveranser per aktör, senaste körning, täckt period och andel utan område')
    .option('--json', 'maskinläsbart')
    .action(async (opts: { json?: boolean }) => {
      const ws = openWorkspace(workspaceDir());
      // Status reads the newest snapshot when there is one, so it works while the night is running.
      const lager = await openLager(currentSnapshot(ws) ?? ws.paths.lager, 'read_only');
      try {
        const status = await workspaceStatus(ws, lager);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
          return;
        }
        process.stdout.write(`Kommun: ${status.municipality}\n`);
        process.stdout.write(
          status.lastRun
            ? `Senaste körning: ${status.lastRun.runId} ${status.lastRun.command} ${status.lastRun.status} ${status.lastRun.startedAt}\n\n`
            : 'Ingen körning ännu.\n\n',
        );
        process.stdout.write(
          renderRows(
            ['aktör', 'inlästa', 'avvisade', 'dubbletter', 'från', 'till', 'poster', 'utan område'],
            status.actors.map((a) => [
              a.actor,
              a.loaded,
              a.refused,
              a.duplicates,
              a.coveredFrom ?? '',
              a.coveredTo ?? '',
              a.records,
              `${(a.unmappedShare * 100).toFixed(1)} %`,
            ]),
            'table',
          ),
        );
      } finally {
        lager.close();
      }
    });
}
