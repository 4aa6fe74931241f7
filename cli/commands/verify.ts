import type { Command } from 'commander';
import { openLager } from '../../sql/db.ts';
import { readTruth, verifyAgainstTruth } from '../../pipelines/verify.ts';
import { currentSnapshot } from '../../pipelines/snapshot.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { renderRows } from '../output.ts';
import { ExitCode } from '../errors.ts';

export function registerVerify(program: Command, workspaceDir: () => string): void {
  program
    .command('verify')
    .description('jämför lagret med oberoende räknade siffror (indicator,nyko3,month,count,value,numerator,denominator)')
    .argument('<truth.csv>', 'facit')
    .action(async (file: string) => {
      const ws = openWorkspace(workspaceDir());
      const lager = await openLager(currentSnapshot(ws) ?? ws.paths.lager, 'read_only');
      try {
        const result = await verifyAgainstTruth(lager.connection, readTruth(file));
        process.stdout.write(
          `${result.compared} rader jämförda för ${result.indicators.length} indikatorer, ${result.mismatches.length} avvikelser.\n`,
        );
        if (result.mismatches.length > 0) {
          process.stdout.write(
            renderRows(
              ['indikator', 'område', 'månad', 'fält', 'facit', 'lagret'],
              result.mismatches.map((m) => [m.indicator, m.area, m.month, m.field, m.expected, m.actual]),
              'table',
            ),
          );
          process.exitCode = ExitCode.data;
        }
      } finally {
        lager.close();
      }
    });
}
