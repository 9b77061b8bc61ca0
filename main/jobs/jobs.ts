// Long jobs (check all clients, photo and PDF batches, restores): started by the API, run in slices that
// yield to the event loop, report counts and an ETA, and stop promptly when cancelled.
import { randomBytes } from 'node:crypto';
import { DeskError } from '../domain/errors';
import { fileSystemError } from '../files/outputFolder';
import { PERSONAL_RESULT_KINDS, type JobKind, type JobResult, type JobStatus } from '../domain/jobResults';

export type JobState = JobStatus['state'];
export type { JobStatus };

export interface JobControl {
  progress(done: number, total: number): void;
  readonly cancelled: boolean;
}

/**
 * What a job's work throws where it heard its 取消 and stops with nothing to show (an export before its file is
 * written: nothing left on disk, nothing logged): the registry ends it cancelled, with no result, not failed.
 * Work that keeps what it finished (a sheet batch, 检查全部客户) returns that instead.
 */
export class JobCancelled extends Error {
  constructor() {
    super('任务已取消');
  }
}

/** The work's look at its 取消 between two steps: throws JobCancelled once it was asked. */
export function stopIfCancelled(control: JobControl): void {
  if (control.cancelled) throw new JobCancelled();
}

/** A job as the registry keeps it: `cancel` once 取消 was asked, `heard` once the work saw it. */
type Tracked = JobStatus & { started: number; cancel: boolean; heard: boolean };

const KEEP_FINISHED = 20;
/** How long a personal result (PERSONAL_RESULT_KINDS) waits to be read before it is forgotten. */
export const RESULT_UNREAD_MS = 10 * 60_000;

export class JobRegistry {
  private readonly jobs = new Map<string, Tracked>();

  /** Only the kinds declared in domain/jobResults.ts, each with its declared result, so jobs.get can say what it returns. */
  start<K extends JobKind>(kind: K, work: (control: JobControl) => Promise<JobResult<K>>): string {
    const id = randomBytes(8).toString('hex');
    const job = { id, kind, state: 'running' as JobState, done: 0, total: 0, etaMs: null as number | null, startedAt: new Date().toISOString(), error: null as string | null, result: null as JobResult<K> | null, started: Date.now(), cancel: false, heard: false };
    this.jobs.set(id, job as Tracked);
    const control: JobControl = {
      progress: (done, total) => {
        job.done = done;
        job.total = total;
        const elapsed = Date.now() - job.started;
        // nothing left once done reaches the total (0 of 0 included); before the first done, no pace to go by
        job.etaMs = done >= total ? 0 : done > 0 ? Math.round((elapsed / done) * (total - done)) : null;
      },
      get cancelled() {
        if (job.cancel) job.heard = true;
        return job.cancel;
      },
    };
    void work(control).then(
      (result) => {
        job.result = result;
        // Cancelled only if the work saw the 取消 and stopped: one asked after its last look (a file already
        // renamed into place, its export logged) did not stop it, and the job says it is done with what it wrote.
        job.state = job.heard ? 'cancelled' : 'done';
        if (PERSONAL_RESULT_KINDS.includes(kind)) setTimeout(() => this.jobs.delete(id), RESULT_UNREAD_MS).unref();
        this.prune();
      },
      (err: unknown) => {
        if (err instanceof JobCancelled) {
          job.state = 'cancelled';
          this.prune();
          return;
        }
        job.state = 'failed';
        // a full disk or a refused file in the folder the operator chose is theirs to fix: said in Chinese
        job.error = err instanceof DeskError ? err.message : (fileSystemError(err)?.message ?? '任务失败');
        this.prune();
      },
    );
    return id;
  }

  status(id: string): JobStatus {
    const j = this.jobs.get(id);
    if (!j) throw new DeskError('NOT_FOUND', '任务不存在或已过期');
    const status = this.view(j);
    // handed out once: a second read finds no such job, as after it expired
    if (status.state !== 'running' && PERSONAL_RESULT_KINDS.includes(status.kind)) this.jobs.delete(id);
    return status;
  }

  cancel(id: string): JobStatus {
    const j = this.jobs.get(id);
    if (!j) throw new DeskError('NOT_FOUND', '任务不存在或已过期');
    j.cancel = true;
    // A 取消 that lands just after a personal job ended must not take its one handing-out: the screen's next
    // poll would find no such job and show an Excel import that was written as failed. Its result is the poll's.
    const status = this.view(j);
    return PERSONAL_RESULT_KINDS.includes(status.kind) ? { ...status, result: null } : status;
  }

  private view(j: Tracked): JobStatus {
    const { started: _s, cancel, heard: _h, ...status } = j;
    // done although 取消 was asked: the screen says the 取消 came too late (已完成，取消未生效)
    return cancel && status.state === 'done' ? { ...status, cancelTooLate: true } : status;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }
}

/** Lets other work (API calls) run between slices of a long job. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `work`, handled from now on: a task started ahead and awaited later (a batch's queue, awaited in order) may
 * fail while an earlier one is awaited, and a rejection unhandled until then ends a plain node process (the
 * CLI, the web host) before the batch's cleanup runs. Awaiting it still throws its error.
 */
export function awaitedLater<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  return work;
}
