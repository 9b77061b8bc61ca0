// The job registry as a screen reads it through jobs.get: progress and the time left, 取消, a failure's reason
// (the desk's own words, never an internal one), and how many finished jobs it keeps.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskError } from '../../../main/domain/errors';
import { JobCancelled, JobRegistry, stopIfCancelled, type JobControl } from '../../../main/jobs/jobs';

const EMPTY_BATCH = { files: [], sheets: 0, bytes: 0, warnings: [] };

/** A sheet batch that runs until `finish` is called, with its control handed out to the test. */
function heldJob(jobs: JobRegistry) {
  let control!: JobControl;
  let finish!: (failure?: unknown) => void;
  const id = jobs.start('sheet.batch', (c) => {
    control = c;
    return new Promise((resolve, reject) => {
      finish = (failure) => (failure === undefined ? resolve(EMPTY_BATCH) : reject(failure));
    });
  });
  return { id, control: () => control, finish: (failure?: unknown) => finish(failure) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the job registry', () => {
  it('reports progress, and the time left from the pace so far (none before the first done, none left at the end)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T02:00:00Z'));
    const jobs = new JobRegistry();
    const job = heldJob(jobs);
    expect(jobs.status(job.id)).toMatchObject({ state: 'running', done: 0, total: 0, etaMs: null });
    // a job with nothing to do has nothing left
    job.control().progress(0, 0);
    expect(jobs.status(job.id).etaMs).toBe(0);
    job.control().progress(0, 10);
    expect(jobs.status(job.id)).toMatchObject({ done: 0, total: 10, etaMs: null });
    vi.setSystemTime(new Date('2026-12-07T02:00:04Z'));
    job.control().progress(4, 10);
    // 4 done in 4 s: 6 more take 6 s
    expect(jobs.status(job.id)).toMatchObject({ done: 4, total: 10, etaMs: 6_000 });
    vi.setSystemTime(new Date('2026-12-07T02:00:05Z'));
    job.control().progress(10, 10);
    expect(jobs.status(job.id).etaMs).toBe(0);
    // a job that finds more than it counted on never shows a negative time left
    job.control().progress(12, 10);
    expect(jobs.status(job.id).etaMs).toBe(0);
  });

  it('answers an unknown job as NOT_FOUND, and keeps a 证件识别 reading readable while it runs (handed out once only when ended)', async () => {
    const jobs = new JobRegistry();
    expect(() => jobs.status('0000000000000000')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: '任务不存在或已过期' }));
    let finish!: () => void;
    const id = jobs.start('intake.readDocuments', () => new Promise((resolve) => (finish = () => resolve([]))));
    expect(jobs.status(id).state).toBe('running');
    expect(jobs.status(id).state).toBe('running');
    finish();
    await expect.poll(() => jobs.status(id).state).toBe('done');
    expect(() => jobs.status(id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('hands the status out without its bookkeeping', () => {
    const jobs = new JobRegistry();
    const job = heldJob(jobs);
    expect(Object.keys(jobs.status(job.id)).sort()).toEqual(['done', 'error', 'etaMs', 'id', 'kind', 'result', 'startedAt', 'state', 'total']);
  });

  it('tells the work it is cancelled, and ends it as cancelled with what it finished', async () => {
    const jobs = new JobRegistry();
    const job = heldJob(jobs);
    expect(job.control().cancelled).toBe(false);
    expect(jobs.cancel(job.id).state).toBe('running');
    expect(job.control().cancelled).toBe(true);
    job.finish();
    await expect.poll(() => jobs.status(job.id).state).toBe('cancelled');
    expect(jobs.status(job.id).result).toEqual(EMPTY_BATCH);
    expect(() => jobs.cancel('0000000000000000')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: '任务不存在或已过期' }));
  });

  it('ends a job done, its result standing, when 取消 came after the work’s last check, and says the 取消 came too late', async () => {
    const jobs = new JobRegistry();
    const late = heldJob(jobs);
    // the work's last look (a file-writing job's, before it renames its file into place)
    expect(late.control().cancelled).toBe(false);
    jobs.cancel(late.id);
    late.finish();
    await expect.poll(() => jobs.status(late.id).state).toBe('done');
    expect(jobs.status(late.id)).toMatchObject({ result: EMPTY_BATCH, cancelTooLate: true });
    // asked once the job had already ended: too late as well
    const ended = heldJob(jobs);
    ended.finish();
    await expect.poll(() => jobs.status(ended.id).state).toBe('done');
    expect(jobs.cancel(ended.id)).toMatchObject({ state: 'done', cancelTooLate: true });
    // a 取消 the work heard is no late one
    const heard = heldJob(jobs);
    jobs.cancel(heard.id);
    expect(heard.control().cancelled).toBe(true);
    heard.finish();
    await expect.poll(() => jobs.status(heard.id).state).toBe('cancelled');
    expect(jobs.status(heard.id)).not.toHaveProperty('cancelTooLate');
  });

  it('ends a job whose work stopped at its 取消 (JobCancelled) as cancelled with no result, not failed', async () => {
    const jobs = new JobRegistry();
    const job = heldJob(jobs);
    // the work's look between files: nothing asked yet, it goes on
    expect(() => stopIfCancelled(job.control())).not.toThrow();
    jobs.cancel(job.id);
    let stopped: unknown;
    try {
      stopIfCancelled(job.control());
    } catch (err) {
      stopped = err;
    }
    expect(stopped).toBeInstanceOf(JobCancelled);
    job.finish(stopped);
    await expect.poll(() => jobs.status(job.id).state).toBe('cancelled');
    expect(jobs.status(job.id)).toMatchObject({ state: 'cancelled', error: null, result: null });
    expect(jobs.status(job.id)).not.toHaveProperty('cancelTooLate');
  });

  it('a 取消 that lands just after an Excel import (a personal result) ended leaves the result to the screen’s poll: done, too late, handed out once', async () => {
    const jobs = new JobRegistry();
    const RESULT = { created: 1 } as never;
    let finish!: () => void;
    const id = jobs.start('intake.commit', () => new Promise((resolve) => (finish = () => resolve(RESULT))));
    finish();
    // the import is written; the operator's 取消 arrives before the screen's next poll
    await new Promise((resolve) => setImmediate(resolve));
    // 取消 answers without the personal result (it is the poll's to hand out) and forgets nothing
    expect(jobs.cancel(id)).toMatchObject({ state: 'done', result: null, cancelTooLate: true });
    // the screen's poll still hears how it ended — done, with what it imported — not 任务不存在 (shown as 导入失败)
    expect(jobs.status(id)).toMatchObject({ state: 'done', result: RESULT, cancelTooLate: true });
    // and only once
    expect(() => jobs.status(id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('ends a failed job with the desk’s own reason, and an unexpected error as 任务失败 (no internal message on screen)', async () => {
    const jobs = new JobRegistry();
    const refused = heldJob(jobs);
    const broken = heldJob(jobs);
    refused.finish(new DeskError('FILE_INVALID', '照片无法读取：文件不完整'));
    broken.finish(new Error("ENOENT: no such file or directory, open '/home/agency/客户/身份证.jpg'"));
    await expect.poll(() => jobs.status(refused.id).state).toBe('failed');
    expect(jobs.status(refused.id).error).toBe('照片无法读取：文件不完整');
    await expect.poll(() => jobs.status(broken.id).state).toBe('failed');
    expect(jobs.status(broken.id).error).toBe('任务失败');
    expect(jobs.status(broken.id).result).toBeNull();
  });

  it('ends a job the system refused a file to with the folder and the reason in Chinese, not 任务失败', async () => {
    const jobs = new JobRegistry();
    const full = heldJob(jobs);
    full.finish(Object.assign(new Error("ENOSPC: no space left on device, open '/mnt/U盘/核验单/核验单-张三-个人博客.pdf'"), { code: 'ENOSPC', errno: -28, syscall: 'open', path: '/mnt/U盘/核验单/核验单-张三-个人博客.pdf' }));
    await expect.poll(() => jobs.status(full.id).state).toBe('failed');
    // the folder, never the file's own name (a client's)
    expect(jobs.status(full.id).error).toBe('无法写入文件夹“/mnt/U盘/核验单”：磁盘已满。请腾出空间后重试，或换一个文件夹');
  });

  it('keeps the last 20 finished jobs and every running one', async () => {
    const jobs = new JobRegistry();
    const running = heldJob(jobs);
    const finished: string[] = [];
    for (let i = 0; i < 25; i++) {
      const job = heldJob(jobs);
      job.finish();
      finished.push(job.id);
      await expect.poll(() => jobs.status(job.id).state).toBe('done');
    }
    for (const id of finished.slice(0, 5)) expect(() => jobs.status(id)).toThrow('任务不存在或已过期');
    for (const id of finished.slice(5)) expect(jobs.status(id).state).toBe('done');
    expect(jobs.status(running.id).state).toBe('running');
  });

  it('gives each job its own id', () => {
    const jobs = new JobRegistry();
    const ids = new Set(Array.from({ length: 50 }, () => heldJob(jobs).id));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });
});
