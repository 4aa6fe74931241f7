// An analyst reading while the night writes. `hold` keeps the snapshot that was current at start open for the whole
// session; `follow` resolves snapshots/CURRENT again for every query, as each `lagesbild sql` does. One JSON line per
// answer, until stdin closes.
import { openLager, type Lager } from '../../../sql/db.ts';
import { currentSnapshot } from '../../../pipelines/snapshot.ts';
import { openWorkspace } from '../../../pipelines/workspace.ts';

const [dir, mode] = process.argv.slice(2);
if (!dir || (mode !== 'hold' && mode !== 'follow')) throw new Error('usage: reader.ts WORKSPACE hold|follow');
const ws = openWorkspace(dir);
const QUERY = `select (select count(*) from deliveries)::int as deliveries, (select coalesce(sum(count), 0) from facts)::bigint::varchar as total,
  (select count(*) from facts)::int as facts`;

async function answer(lager: Lager, snapshot: string): Promise<void> {
  const row = (await lager.connection.runAndReadAll(QUERY)).getRowObjectsJS()[0];
  process.stdout.write(`${JSON.stringify({ snapshot: snapshot.split('/').pop(), ...row })}\n`);
}

let open = true;
process.stdin.resume();
process.stdin.on('end', () => {
  open = false;
});
const first = currentSnapshot(ws);
if (!first) throw new Error('no snapshot');
const held = mode === 'hold' ? await openLager(first, 'read_only') : null;
while (open) {
  if (held) await answer(held, first);
  else {
    const snapshot = currentSnapshot(ws);
    if (!snapshot) throw new Error('CURRENT points nowhere');
    const lager = await openLager(snapshot, 'read_only');
    try {
      await answer(lager, snapshot);
    } finally {
      lager.close();
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
held?.close();
