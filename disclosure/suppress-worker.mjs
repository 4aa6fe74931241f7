// Worker thread for pool.ts: runs suppress() on tables the parent sends, one at a time. Plain JS because a worker
// starts without the parent's loader: it registers tsx itself (as connectors/readers/read-worker.mjs does).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { suppress } = await import('./suppress.ts');

parentPort?.on('message', async ({ id, table, rules, options }) => {
  try {
    parentPort?.postMessage({ id, result: await suppress(table, rules, options) });
  } catch (error) {
    parentPort?.postMessage({ id, error: { name: error?.name ?? 'Error', message: error?.message ?? String(error) } });
  }
});
