// A 取消 sent to a file-writing job (导出提交包, 转移导出) at a chosen moment of its work, by wrapping the desk's own
// calls the job makes there: as it reads its first material file, or as it logs the export (the file already renamed
// into the folder). Each returns how to undo the wrap; the first also how many files were read. And the two
// helpers around them: waiting for the job's end, and a control for the work called directly that cancels at a step.
import { readdirSync } from 'node:fs';
import { expect } from 'vitest';
import type { Desk } from '../../main/desk';
import type { JobControl } from '../../main/jobs/jobs';

/** 取消 as the job reads its first material file; `reads()` tells how many it read in all. */
export function cancelOnFirstRead(desk: Desk, started: Promise<{ jobId: string }>): { reads: () => number; restore: () => void } {
  const read = desk.blobs.read.bind(desk.blobs);
  let reads = 0;
  desk.blobs.read = async (sha256: string) => {
    if (reads++ === 0) desk.jobs.cancel((await started).jobId);
    return read(sha256);
  };
  return { reads: () => reads, restore: () => void (desk.blobs.read = read) };
}

/** 取消 as the job logs its export, once its file is in `out`: too late to stop it. */
export function cancelOnceWritten(desk: Desk, started: Promise<{ jobId: string }>, out: string): () => void {
  const tx = desk.sql.tx.bind(desk.sql);
  desk.sql.tx = async (work) => {
    if (readdirSync(out).length) desk.jobs.cancel((await started).jobId);
    return tx(work);
  };
  return () => void (desk.sql.tx = tx);
}

/** A job's status once it is no longer running (polled up to `timeoutMs`). */
export async function jobEnded(desk: Desk, jobId: string, timeoutMs = 30_000) {
  await expect.poll(() => desk.jobs.status(jobId).state, { timeout: timeoutMs }).not.toBe('running');
  return desk.jobs.status(jobId);
}

/** A control for calling the work directly whose 取消 is asked once `at(done, total)` held for a progress report. */
export function cancelAtProgress(at: (done: number, total: number) => boolean): JobControl {
  let asked = false;
  return {
    progress: (done, total) => {
      if (at(done, total)) asked = true;
    },
    get cancelled() {
      return asked;
    },
  };
}
