import type { Command } from 'commander';
import { openLager } from '../../sql/db.ts';
import { currentSnapshot } from '../../pipelines/snapshot.ts';
import { addDays, nextDue, stockholmDay } from '../../pipelines/schedule.ts';
import type { Schedule } from '../../schemas/views.ts';
import { openWorkspace } from '../../pipelines/workspace.ts';
import { defaultFormat, renderRows, type Format } from '../output.ts';

export function registerViews(program: Command, workspaceDir: () => string): void {
  program
    .command('views')
    .description('vyerna: mottagare, schema, senast skickad och nästa gång')
    .option('--format <format>', 'table | csv | json')
    .action(async (opts: { format?: string }) => {
      const ws = openWorkspace(workspaceDir());
      const snapshot = currentSnapshot(ws);
      const last = new Map<string, string>();
      if (snapshot) {
        const lager = await openLager(snapshot, 'read_only');
        try {
          const reader = await lager.connection.runAndReadAll(
            `select view_name, strftime(max(due_date), '%Y-%m-%d') as d from extracts group by view_name`,
          );
          for (const r of reader.getRowObjectsJS()) last.set(String(r['view_name']), String(r['d']));
        } finally {
          lager.close();
        }
      }
      const today = stockholmDay(new Date());
      const rows = Object.entries(ws.config.views).map(([name, v]) => [
        name,
        v.actor,
        v.indicators.length,
        v.grain,
        describeSchedule(v.schedule),
        last.get(name) ?? '',
        nextText(v.schedule, last.get(name), today),
      ]);
      process.stdout.write(
        renderRows(
          ['vy', 'mottagare', 'indikatorer', 'period', 'schema', 'senast', 'nästa'],
          rows,
          (opts.format ?? defaultFormat()) as Format,
        ),
      );
    });
}

/** The next due date not yet produced: overdue ones (a missed night) are caught up by the next run. */
function nextText(schedule: Schedule, last: string | undefined, today: string): string {
  const next = nextDue(schedule, last ?? addDays(today, -1));
  if (!next) return '';
  return next < today ? `${next} (försenad: tas vid nästa körning)` : next;
}

function describeSchedule(schedule: Schedule): string {
  if ('everyDays' in schedule) return `var ${schedule.everyDays}:e dag från ${schedule.from}`;
  if ('monthlyOnDay' in schedule) return `den ${schedule.monthlyOnDay} varje månad`;
  if ('quarterlyOnDay' in schedule) return `den ${schedule.quarterlyOnDay} i kvartalets första månad`;
  return `cron ${schedule.cron} (svensk tid)`;
}
