// One pool of worker threads for the core's CPU-heavy work (piscina): at most one thread per core and
// two on the agency's usual desktop, started on first use, idle threads let go after a minute. A worker
// that dies takes only its own task down (that task is refused, never left waiting) and piscina starts
// a fresh one for the rest of the batch.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { DeskError } from '../domain/errors';
import type { WorkerFailure, WorkerResult, WorkerTask } from './taskWorker';

/** Where the worker's code is, for a pool module at `here`: the bundled sibling in the built app, the tsx bootstrap from the sources. */
export const workerFileFor = (here: string): string => (here.endsWith('.ts') ? new URL('./taskWorker.dev.mjs', here).href : new URL('./taskWorker.js', here).href);
const workerFile = () => workerFileFor(import.meta.url);

export const POOL_THREADS = Math.max(1, Math.min(2, availableParallelism()));

/**
 * Each worker's heap: a young generation of 192 MB (semi-spaces of 64 MB) instead of V8's 48 MB (16 MB). A
 * worker's task holds a whole share's rows, records and findings while it allocates its garbage (check-all:
 * ≈ 130 KB a client), so with small semi-spaces every scavenge copies that live share again and promotes it, and
 * the old generation's concurrent marking (V8's helper threads, beside the two workers on two cores) follows.
 * Measured in test/measurements.md, "Checking: kept verdicts" (the pool's GC): 4× fewer scavenges, V8's helper threads about a
 * third less; the photo batch and 核验单 measured no worse with it (peak RSS +10–20 MB). The young generation
 * grows to that size only while a task allocates so, and an idle worker is let go after a minute, its heap with it.
 * The only heap setting Node takes per worker: V8's flags (`--single-threaded-gc`, the platform's threads) are
 * the whole process's.
 */
export const WORKER_HEAP = { maxYoungGenerationSizeMb: 192 } as const;

let pool: Piscina | null = null;

/**
 * Tasks reach a worker through its message port, not piscina's default of a thread parked in `Atomics.wait`
 * between tasks: a parked thread runs nothing — no timer, no message — until its next task, and check-all's workers
 * must hear that a run has ended to close the connection they kept for it (services/checkAllWorker.ts endReaders).
 */
const ATOMICS = 'disabled';

/**
 * The pool, started on first use with at most `maxThreads` threads (POOL_THREADS; a test that needs no second
 * thread starts it with one after closeWorkerPool: each thread loads its own models). An existing pool is returned as it is.
 */
export function workerPool(maxThreads = POOL_THREADS): Piscina {
  pool ??= new Piscina({ filename: workerFile(), minThreads: 0, maxThreads, idleTimeout: 60_000, resourceLimits: WORKER_HEAP, atomics: ATOMICS });
  return pool;
}

// Stryker disable next-line OptionalChaining: every task answers an object (WorkerResult); only a null or undefined answer would tell `?.` from `.`
const isFailure = (v: unknown): v is WorkerFailure => (v as Partial<WorkerFailure> | null | undefined)?.deskError !== undefined;

/**
 * Runs one task on a worker; a worker that exits mid-task rejects it with a clear INTERNAL error. With `signal`,
 * aborting it (a photo's deadline) stops the waiting: the task is refused at once with the signal's
 * reason (a DeskError as given) while it runs on to its end on its worker, its result dropped. The worker is NOT
 * ended: ending a worker in the middle of a native call (the OCR model, libvips) can take the whole process down —
 * seen here, "terminate called after throwing an instance of 'Napi::Error'" and the web host gone. A call that
 * never returns keeps its worker busy and the pool goes on with the other; hence 请重启备案助手 in the refusals.
 */
export async function runOnWorker<T extends WorkerTask>(task: T, transfer: ArrayBufferLike[] = [], signal?: AbortSignal): Promise<WorkerResult[T['task']]> {
  const running = workerPool().run(task, { transferList: transfer as ArrayBuffer[] });
  let value: unknown;
  try {
    value = await (signal ? untilAborted(running, signal) : running);
  } catch (err) {
    if (signal?.aborted) throw signal.reason instanceof DeskError ? signal.reason : new DeskError('INTERNAL', `后台处理已中止（${task.task}）`);
    throw new DeskError('INTERNAL', `后台处理进程意外退出（${task.task}）：${err instanceof Error ? err.message : String(err)}`);
  }
  if (isFailure(value)) throw new DeskError(value.deskError.code, value.deskError.message, value.deskError.details);
  return value as WorkerResult[T['task']];
}

/** `running`, or the signal's abort, whichever comes first; a task left running may still fail later: that is dropped too. */
function untilAborted<R>(running: Promise<R>, signal: AbortSignal): Promise<R> {
  running.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<R>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    // once: the waiting ends at the abort, and a task that never settles must not keep the listener on the signal
    signal.addEventListener('abort', onAbort, { once: true });
    running.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * How long the desk waits for one photo's work on a worker (reading a 证件, checking or repairing a photo) before it
 * gives the photo up: seconds for a 12-megapixel photo on a slow desktop, so two minutes only ever catch a call that
 * never returns (libvips has been seen to wait for ever on a semaphore: lovell/sharp#4486).
 */
export const PHOTO_TASK_DEADLINE_MS = 120_000;

/** The refusal of work given up at its deadline: callers tell it from a worker that died by its class, not its text. */
export class PastDeadline extends DeskError {
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

/** Runs `work` with a signal that aborts after `ms` with a PastDeadline of `message` as the refusal (the timer cleared when it ends). */
export async function withDeadline<R>(ms: number, message: string, work: (signal: AbortSignal) => Promise<R>): Promise<R> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new PastDeadline(message)), ms);
  try {
    return await work(stop.signal);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops the threads (tests, shutdown) once the tasks still running on them have ended — a task given up by its
 * caller may still be in the OCR, and ending a worker there can take the process down (runOnWorker) — or after
 * piscina's close timeout (30 s); the next task starts a new pool.
 */
export async function closeWorkerPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (!p) return;
  // the close timeout is told as the pool's 'error' event, which unheard would throw: the threads are ended after it anyway
  p.on('error', () => undefined);
  await p.close();
}
