/**
 * Secondary suppression of many independent tables at once (one cube per indicator): a pool of worker threads,
 * each with its own HiGHS, so a night's publication uses every core. Tables are plain data and cross into the
 * workers by structured clone; results come back the same way, identical to an in-process `suppress`.
 */
import { Worker } from 'node:worker_threads';
import { DisclosureInputError } from './errors.ts';
import { suppress, type SuppressOptions, type SuppressionResult } from './suppress.ts';
import type { LinearTable, SuppressionRules } from './table.ts';

const WORKER = new URL('./suppress-worker.mjs', import.meta.url);

interface Job {
  table: LinearTable;
  rules: SuppressionRules;
  options: SuppressOptions;
  resolve: (result: SuppressionResult) => void;
  reject: (error: Error) => void;
}

type Reply = { id: number; result: SuppressionResult } | { id: number; error: { name: string; message: string } };

export class SuppressPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private readonly workers: Worker[] = [];
  private failure: Error | null = null;
  private next = 0;

  /** `threads` ≤ 1 runs every table in this thread (no worker start-up cost). */
  constructor(private readonly threads: number) {}

  run(table: LinearTable, rules: SuppressionRules, options: SuppressOptions = {}): Promise<SuppressionResult> {
    if (this.threads <= 1) return suppress(table, rules, options);
    return new Promise((resolve, reject) => {
      this.queue.push({ table, rules, options, resolve, reject });
      this.dispatch();
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER);
    worker.on('message', (reply: Reply) => {
      const job = this.running.get(reply.id);
      this.running.delete(reply.id);
      this.idle.push(worker);
      if (job) {
        if ('result' in reply) job.resolve(reply.result);
        else
          job.reject(
            reply.error.name === 'DisclosureInputError' ? new DisclosureInputError(reply.error.message) : new Error(reply.error.message),
          );
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(error));
    this.workers.push(worker);
    return worker;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      if (this.failure) {
        for (const job of this.queue.splice(0)) job.reject(this.failure);
        return;
      }
      const worker = this.idle.pop() ?? (this.workers.length < this.threads ? this.start() : undefined);
      if (!worker) return;
      const job = this.queue.shift();
      if (!job) return;
      const id = this.next++;
      this.running.set(id, job);
      worker.postMessage({ id, table: job.table, rules: job.rules, options: job.options });
    }
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const job of this.running.values()) job.reject(error);
    this.running.clear();
    this.dispatch();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
