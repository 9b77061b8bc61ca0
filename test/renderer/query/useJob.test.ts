// A screen waiting on a job hears how it ended even when a poll goes wrong: a poll the connection lost is
// asked again, and a status the desk no longer gives (a 证件识别 result is handed out once) ends the job
// as failed with the reason instead of leaving the screen's progress running. On the real query client,
// through a stand-in desk that answers each poll from a script.
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobStatusOf } from '../../../main/api/contract';
import { ApiError, HostUnreachable } from '../../../renderer/api';
import { jobQuery, jobStatusShown, LOST_AFTER, unreachableReason, type JobShown, type ReadJob } from '../../../renderer/query/useJob';

type ReadStatus = JobStatusOf<'intake.readDocuments'>;
const status = (state: ReadStatus['state'], result: ReadStatus['result'] = null): ReadStatus => ({ id: 'j1', kind: 'intake.readDocuments', state, done: state === 'running' ? 0 : 1, total: 1, etaMs: null, startedAt: '2026-12-06T00:00:00.000Z', error: null, result });
const READ = [{ fileName: '身份证国徽面.png', reading: null, error: '照片中没有识别到文字' }];
const lost = () => new HostUnreachable({ code: 'INTERNAL', message: '无法连接备案助手服务，请确认程序仍在运行' });
/** The desk's own failure, answered: not a lost connection. */
const deskFault = () => new ApiError({ code: 'INTERNAL', message: '内部错误，操作未完成；数据未被修改' });
const gone = () => new ApiError({ code: 'NOT_FOUND', message: '任务不存在或已过期' });

/** A poll the desk never answers (a host whose thread is held up); it does not heed the signal either, as IPC cannot. */
const SILENT = 'silent' as const;

/** A desk whose polls answer in turn from `script` (an Error is thrown), the last answer repeated. */
function scriptedDesk(script: (ReadStatus | Error | typeof SILENT)[]) {
  let polls = 0;
  const read: ReadJob = async () => {
    const answer = script[Math.min(polls++, script.length - 1)]!;
    if (answer === SILENT) return await new Promise<never>(() => undefined);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { read, polls: () => polls };
}

const clients: QueryClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.clear();
});

/**
 * Polls as a mounted screen does — again after each answer while the query's own refetchInterval asks for it
 * (react-query runs no interval timers outside a window, so the test is that timer) — and returns what the
 * screen shows in the end.
 */
async function watch(desk: ReturnType<typeof scriptedDesk>, seen: JobShown<'intake.readDocuments'>[] = []): Promise<ReadStatus | null> {
  const client = new QueryClient();
  clients.push(client);
  // no wait between retries here, and a poll unanswered for 30 ms taken as lost
  const options = jobQuery('j1', 'intake.readDocuments', desk.read, () => 0, 30);
  const observer = new QueryObserver(client, options);
  // what the screen shows at each change, as useJob works it out
  const unsubscribe = observer.subscribe((r) => {
    const shown = jobStatusShown('j1', 'intake.readDocuments', r.data, r.error, unreachableReason(r.failureCount, r.failureReason));
    if (shown) seen.push(shown);
  });
  try {
    for (let round = 0; round < 20; round++) {
      await observer.refetch();
      const query = client.getQueryCache().find({ queryKey: options.queryKey })!;
      if (options.refetchInterval(query as Parameters<typeof options.refetchInterval>[0]) === false) break;
    }
    const r = observer.getCurrentResult();
    return jobStatusShown('j1', 'intake.readDocuments', r.data, r.error);
  } finally {
    unsubscribe();
  }
}

describe('a job screen and its polls', () => {
  it('asks again when the connection lost a poll, and shows the result the next poll brings', async () => {
    const desk = scriptedDesk([status('running'), lost(), status('done', READ)]);
    const shown = await watch(desk);
    expect(shown).toMatchObject({ state: 'done', result: READ });
    expect(desk.polls()).toBe(3);
  });

  it('ends the job as failed, with the reason, once the desk no longer gives its status — and does not ask again', async () => {
    const desk = scriptedDesk([status('running'), gone()]);
    const shown = await watch(desk);
    expect(shown).toMatchObject({ state: 'failed', done: 0, total: 1, error: '无法读取任务进度：任务不存在或已过期' });
    expect(desk.polls()).toBe(2);
  });

  it('keeps asking while the connection stays lost, says so meanwhile, and shows how the job ended once it answers again', async () => {
    // twelve polls lost in a row: a desk restarting takes longer than any fixed number of tries
    const lostPolls = 12;
    const desk = scriptedDesk([status('running'), ...Array.from({ length: lostPolls }, lost), status('done', READ)]);
    const seen: JobShown<'intake.readDocuments'>[] = [];
    const shown = await watch(desk, seen);
    expect(shown).toMatchObject({ state: 'done', result: READ });
    expect(desk.polls()).toBe(2 + lostPolls);
    // never shown as failed for lost polls alone; from the second lost poll on, running with the reason beside it
    expect(seen.some((s) => s.state === 'failed')).toBe(false);
    expect(seen.filter((s) => s.unreachable)).not.toHaveLength(0);
    expect(seen.find((s) => s.unreachable)).toMatchObject({ state: 'running', unreachable: expect.stringMatching(/无法连接备案助手服务/) });
    // the reason goes once a poll answers
    expect(seen.at(-1)?.unreachable).toBeUndefined();
  });

  it('takes a poll the desk does not answer as lost: asked again, said so, and the job shown as it ends', async () => {
    const desk = scriptedDesk([status('running'), SILENT, SILENT, SILENT, status('done', READ)]);
    const seen: JobShown<'intake.readDocuments'>[] = [];
    const shown = await watch(desk, seen);
    expect(shown).toMatchObject({ state: 'done', result: READ });
    expect(desk.polls()).toBe(5);
    expect(seen.find((s) => s.unreachable)).toMatchObject({ state: 'running', unreachable: expect.stringMatching(/^备案助手服务 \d+ 秒内未响应$/) });
  });

  it('says so from the first poll not answered in time (a minute’s silence is no blip)', async () => {
    const desk = scriptedDesk([status('running'), SILENT, status('done', READ)]);
    const seen: JobShown<'intake.readDocuments'>[] = [];
    await expect(watch(desk, seen)).resolves.toMatchObject({ state: 'done' });
    expect(seen.find((s) => s.unreachable)).toMatchObject({ state: 'running', unreachable: expect.stringMatching(/秒内未响应$/) });
  });

  it('counts the desk’s own failures apart from lost polls: a fault after a long time out of reach still gets its tries', async () => {
    const desk = scriptedDesk([status('running'), lost(), lost(), lost(), lost(), deskFault(), deskFault(), deskFault(), status('running'), status('done', READ)]);
    await expect(watch(desk)).resolves.toMatchObject({ state: 'done', result: READ });
    expect(desk.polls()).toBe(10);
  });

  it('asks the desk again a few times when it answers with its own failure, then shows the job as failed with it', async () => {
    const desk = scriptedDesk([status('running'), deskFault()]);
    const seen: JobShown<'intake.readDocuments'>[] = [];
    const shown = await watch(desk, seen);
    expect(shown).toMatchObject({ state: 'failed', error: '无法读取任务进度：内部错误，操作未完成；数据未被修改' });
    expect(desk.polls()).toBe(2 + 3);
    // the desk answered: not said to be unreachable meanwhile
    expect(seen.some((s) => s.unreachable)).toBe(false);
  });

  it('leaves no timer and no listener behind once a poll is answered (a poll every 300 ms)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const options = jobQuery('j1', 'intake.readDocuments', scriptedDesk([status('running')]).read);
      const signal = new AbortController().signal;
      await expect(options.queryFn({ signal } as Parameters<typeof options.queryFn>[0])).resolves.toMatchObject({ state: 'running' });
      expect(vi.getTimerCount()).toBe(0);
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says the progress cannot be read only from the second lost poll in a row, and only for a lost connection', () => {
    expect(LOST_AFTER).toBe(2);
    expect(unreachableReason(1, lost())).toBeNull();
    expect(unreachableReason(2, lost())).toMatch(/无法连接备案助手服务/);
    expect(unreachableReason(3, gone())).toBeNull();
    expect(unreachableReason(3, deskFault())).toBeNull();
    expect(jobStatusShown('j1', 'intake.readDocuments', status('running'), null, '无法连接')).toMatchObject({ state: 'running', unreachable: '无法连接' });
    // before the job's first report too: running, nothing done yet
    expect(jobStatusShown('j1', 'intake.readDocuments', undefined, null, '无法连接')).toMatchObject({ id: 'j1', state: 'running', done: 0, unreachable: '无法连接' });
    // an ended job shows no such reason
    expect(jobStatusShown('j1', 'intake.readDocuments', status('done', READ), null, '无法连接')).not.toHaveProperty('unreachable');
  });

  it('does not ask again for a status of another kind (a mix-up, not a lost answer)', async () => {
    const desk = scriptedDesk([{ ...status('running'), kind: 'photos.check' } as unknown as ReadStatus]);
    const shown = await watch(desk);
    expect(shown).toMatchObject({ state: 'failed', error: expect.stringMatching(/任务类型不符/) });
    expect(desk.polls()).toBe(1);
  });

  it('shows nothing before a job is given, and a failure before the first report as failed from nothing done', () => {
    expect(jobStatusShown(null, 'intake.readDocuments', undefined, null)).toBeNull();
    expect(jobStatusShown('j1', 'intake.readDocuments', undefined, null)).toBeNull();
    expect(jobStatusShown('j1', 'intake.readDocuments', undefined, gone())).toMatchObject({ id: 'j1', kind: 'intake.readDocuments', state: 'failed', done: 0, result: null });
    // an ended job stays as it ended
    expect(jobStatusShown('j1', 'intake.readDocuments', status('done', READ), gone())).toMatchObject({ state: 'done', result: READ });
  });
});
