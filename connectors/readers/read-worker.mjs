// Worker thread for isolated.ts: reads one delivery with the ordinary readers, inside the memory limit the parent set
// (resourceLimits) and under its wall clock. Plain JS because a worker starts without the parent's loader: it
// registers tsx itself, as bin/lagesbild.mjs does, and then runs the TypeScript readers unchanged.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { readDelivery } = await import('./index.ts');

// Started ahead of its file (ReadWorkers): the file comes as the one message, and the worker ends after its answer.
parentPort?.once('message', ({ bytes, options }) => {
  const known = new Set(options.knownHeaders);
  const { knownHeaders: _headers, ...rest } = options;
  parentPort?.postMessage(readDelivery(bytes, { ...rest, isKnownHeader: (h) => known.has(h) }));
});
