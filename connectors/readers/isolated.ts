// Reading a delivery where a pathological file cannot take the nightly process down. Parsing a workbook (ours for
// .xlsx, SheetJS for the rest) holds the whole sheet in memory, so workbooks (and large text files) are read in a
// worker thread with a heap limit and a wall clock; a worker that runs out of either is terminated and the file
// refused with a reason. Small text files are read in-process: the CSV reader is bounded already and a worker costs
// a few hundred milliseconds to start (which ReadWorkers hides by starting the next one early).
import { Worker } from 'node:worker_threads';
import { diagnostic, type DiagnosticCode } from '../../schemas/diagnostics.ts';
import { readDelivery, readFormat, sniffFormat } from './index.ts';
import type { ReadOptions, ReadResult } from './types.ts';
import { defaultLimits } from './types.ts';

const WORKER = new URL('./read-worker.mjs', import.meta.url);

/** Text files up to this size are read in-process. */
const IN_PROCESS_TEXT_BYTES = 8 * 1024 * 1024;

export interface IsolatedReadOptions extends Omit<ReadOptions, 'isKnownHeader'> {
  /** Normalised header names the caller knows; a function cannot cross into a worker, a list can. */
  knownHeaders: Iterable<string>;
}

export interface IsolationLimits {
  /** Wall clock for reading one file, worker start included. */
  timeoutMs: number;
  /** V8 old-generation heap of the worker. */
  maxOldGenerationSizeMb: number;
}

const defaultIsolationLimits: IsolationLimits = { timeoutMs: 300_000, maxOldGenerationSizeMb: 1024 };

function isReadResult(value: unknown): value is ReadResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    'sheets' in value &&
    Array.isArray(value.sheets) &&
    'diagnostics' in value &&
    Array.isArray(value.diagnostics)
  );
}

const isOutOfMemory = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';

/** A worker that has been started and waits for its one file. */
interface Started {
  worker: Worker;
  /** Set when it ended before it was given a file (it could not start). */
  exited: boolean;
}

function start(limits: IsolationLimits): Started {
  const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb } });
  const started: Started = { worker, exited: false };
  worker.once('exit', () => {
    started.exited = true;
  });
  // A worker waiting for a file never keeps the process alive; the one reading holds it through its wall clock.
  worker.unref();
  return started;
}

/**
 * Read workers for one run. A worker spends a few hundred milliseconds loading tsx and the readers before it can
 * read; the next one is started as soon as a file is handed out, so that time passes while the caller works
 * (hashing the next file, checking the ledger, placing the rows of this one). Each worker still reads exactly one
 * file and ends: no two deliveries share a heap.
 */
export class ReadWorkers {
  private readonly limits: IsolationLimits;
  private expected: number;
  private spare: Started | null = null;

  /** `expected`: how many files the caller will hand over at most; a spare is kept only while more may come. */
  constructor(limits: IsolationLimits, expected: number) {
    this.limits = limits;
    this.expected = expected;
    if (expected > 0) this.spare = start(limits);
  }

  /** Read one delivery in its own worker. */
  async read(bytes: Uint8Array, opts: IsolatedReadOptions): Promise<ReadResult> {
    const { knownHeaders, ...plain } = opts;
    const known = [...knownHeaders];
    const maxBytes = opts.maxBytes ?? defaultLimits.maxBytes;
    const cheap = bytes.length === 0 || bytes.length > maxBytes || (sniffFormat(bytes) === 'text' && bytes.length <= IN_PROCESS_TEXT_BYTES);
    if (cheap) {
      const set = new Set(known);
      return readDelivery(bytes, { ...plain, isKnownHeader: (h) => set.has(h) });
    }
    const taken = this.spare !== null && !this.spare.exited ? this.spare : start(this.limits);
    this.expected--;
    this.spare = this.expected > 0 ? start(this.limits) : null;
    return readIn(taken.worker, bytes, { ...plain, knownHeaders: known }, this.limits);
  }

  /** Ends a spare nobody will use. */
  close(): void {
    void this.spare?.worker.terminate();
    this.spare = null;
    this.expected = 0;
  }
}

/** What crosses into the worker: the options with the known headers as a list. */
type WorkerOptions = Omit<IsolatedReadOptions, 'knownHeaders'> & { knownHeaders: string[] };

function readIn(worker: Worker, bytes: Uint8Array, options: WorkerOptions, limits: IsolationLimits): Promise<ReadResult> {
  const refused = (code: DiagnosticCode, reason: string): ReadResult => ({
    format: readFormat(sniffFormat(bytes)),
    sheets: [],
    diagnostics: [diagnostic(code, 'error', { file: options.fileName }, { reason })],
  });
  // The worker gets its own copy: the caller keeps its bytes, and the copy's memory goes with the worker. (Not
  // bytes.slice(): on a Buffer that is a view of the same memory, and a pooled small Buffer would detach the pool.)
  const copy = new Uint8Array(bytes);
  worker.ref();
  return new Promise<ReadResult>((resolve) => {
    let settled = false;
    const finish = (result: ReadResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish(refused('file.too_large', 'timeout')), limits.timeoutMs);
    worker.once('message', (message: unknown) => finish(isReadResult(message) ? message : refused('file.unreadable', 'worker_failed')));
    worker.once('error', (error) =>
      finish(isOutOfMemory(error) ? refused('file.too_large', 'memory') : refused('file.unreadable', 'worker_failed')),
    );
    worker.once('exit', () => finish(refused('file.unreadable', 'worker_failed')));
    worker.postMessage({ bytes: copy, options }, [copy.buffer]);
  });
}

/** One delivery in a worker of its own, started for it. */
export async function readDeliveryIsolated(
  bytes: Uint8Array,
  opts: IsolatedReadOptions,
  limits: IsolationLimits = defaultIsolationLimits,
): Promise<ReadResult> {
  const workers = new ReadWorkers(limits, 0);
  return workers.read(bytes, opts);
}
