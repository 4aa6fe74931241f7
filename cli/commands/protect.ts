import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openLager, migrate } from '../../sql/db.ts';
import { parseTotalArgument } from '../../disclosure/index.ts';
import { protectAdHoc } from '../../pipelines/protect.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { UsageError } from '../errors.ts';

export function registerProtect(program: Command, workspaceDir: () => string): void {
  program
    .command('protect')
    .description('röjandeskydda en tabell inför ett utlämnande (menprövning): samma motor som publiceringslagret, loggas i utflödet')
    .argument('<table.csv>', 'tabellen: dimensionskolumner och en antalskolumn')
    .option('--count <column>', 'kolumnen med antal')
    .option('--dim <column>', 'en dimensionskolumn (upprepa)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option(
      '--total <column=code>',
      'raden som är summan av övriga i en dimension, t.ex. område=Totalt (upprepa)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--spec <file.json>', 'fullständig specifikation (dimensioner med hierarkier) i stället för --dim/--total')
    .option('--rules <name>', 'regeluppsättning (incident, school, social eller en egen)')
    .option('--recipient <who>', 'mottagaren, för utflödesloggen')
    .option('--dry-run', 'visa resultatet utan att logga utlämnandet')
    .action(
      async (
        file: string,
        opts: { count?: string; dim: string[]; total: string[]; spec?: string; rules?: string; recipient?: string; dryRun?: boolean },
      ) => {
        let spec: unknown;
        if (opts.spec) spec = JSON.parse(readFileSync(opts.spec, 'utf8'));
        else {
          if (!opts.count || opts.dim.length === 0) throw new UsageError('ange --count och minst en --dim (eller --spec)');
          const totals = new Map(
            opts.total.map((t) => {
              const parsed = parseTotalArgument(t);
              return [parsed.column, parsed.total] as const;
            }),
          );
          spec = {
            count: opts.count,
            dimensions: opts.dim.map((column) => ({ column, ...(totals.has(column) ? { total: totals.get(column) } : {}) })),
          };
        }
        const ws = openWorkspace(workspaceDir());
        const lager = await openLager(ws.paths.lager);
        try {
          await migrate(lager.connection);
          const table = await protectAdHoc(ws, lager.connection, {
            file,
            spec,
            recipient: opts.recipient ?? null,
            ...(opts.rules ? { rulesName: opts.rules } : {}),
            now: new Date(),
            record: !opts.dryRun,
          });
          const header = [...table.dimensions, table.countColumn, 'status', 'skäl', 'intervall'];
          process.stdout.write(`${header.join(';')}\n`);
          for (const r of table.rows) {
            process.stdout.write(
              `${[...r.key, r.value, r.status, r.reason, r.interval ? `${r.interval.min}–${r.interval.max}` : ''].join(';')}\n`,
            );
          }
          process.stderr.write(
            `${table.rows.length} celler; ${table.stats.primary} primärt och ${table.stats.secondary} sekundärt skyddade${table.unprotected.length ? `; ${table.unprotected.length} kunde inte skyddas` : ''}${opts.dryRun ? ' (provkörning, inte loggat)' : '; loggat i utflödet'}.\n`,
          );
        } finally {
          lager.close();
        }
      },
    );
}
