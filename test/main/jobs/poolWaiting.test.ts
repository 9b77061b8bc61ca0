// How the desk waits on the worker pool (jobs/pool.ts): a photo's bytes moved to the worker rather than copied, a
// cancel or a deadline that stops the waiting at once (already given, or a reason of any kind), nothing left
// listening or ticking once the task has settled.
import { getEventListeners } from 'node:events';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DeskError } from '../../../main/domain/errors';
import sharp from 'sharp';
import { closeWorkerPool, PastDeadline, runOnWorker, withDeadline, workerFileFor } from '../../../main/jobs/pool';

afterAll(closeWorkerPool);
afterEach(() => {
  vi.useRealTimers();
});

/** A cheap task: check-all's rules over no client. */
const noClients = () => ({ task: 'rules.checkClients' as const, input: { today: new Date(), validityWarnDays: 30, clients: [] } });

describe('waiting on the worker pool', () => {
  it('moves the bytes it is told to transfer (a photo is not copied into the worker) and copies the rest', async () => {
    const moved = new Uint8Array(64 * 1024);
    const copied = new Uint8Array(64 * 1024);
    await runOnWorker({ task: 'photo.check', file: 'a.jpg', kind: 'curtain', provider: 'tencent', data: moved }, [moved.buffer]);
    await runOnWorker({ task: 'photo.check', file: 'b.jpg', kind: 'curtain', provider: 'tencent', data: copied });
    expect(moved.byteLength).toBe(0);
    expect(copied.byteLength).toBe(64 * 1024);
  }, 120_000);

  it('refuses at once with the reason when the signal was already aborted, without waiting for the task', async () => {
    await runOnWorker(noClients()); // a warm pool: the task below would answer within milliseconds
    const stop = new AbortController();
    const reason = new DeskError('INTERNAL', '已取消');
    stop.abort(reason);
    await expect(runOnWorker(noClients(), [], stop.signal)).rejects.toBe(reason);
  }, 120_000);

  it('refuses an abort whose reason is not the desk’s own as 后台处理已中止, naming the task', async () => {
    const stop = new AbortController();
    const waiting = runOnWorker({ task: 'photo.check', file: 'c.jpg', kind: 'curtain', provider: 'tencent', data: new Uint8Array(16) }, [], stop.signal);
    stop.abort(new Error('the operator closed the window'));
    await expect(waiting).rejects.toMatchObject({ code: 'INTERNAL', message: '后台处理已中止（photo.check）' });
    await expect(waiting).rejects.toBeInstanceOf(DeskError);
  }, 120_000);

  it('stops listening to the signal at the abort, while the task given up still runs on its worker', async () => {
    // a 12-megapixel photo: its check takes a good part of a second
    const data = new Uint8Array(await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#8a8a8a' } }).jpeg().toBuffer());
    const stop = new AbortController();
    const waiting = runOnWorker({ task: 'photo.check', file: 'big.jpg', kind: 'curtain', provider: 'tencent', data }, [data.buffer], stop.signal);
    await new Promise((r) => setTimeout(r, 20));
    stop.abort(new DeskError('INTERNAL', '已取消'));
    await expect(waiting).rejects.toMatchObject({ message: '已取消' });
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  }, 120_000);

  it('stops listening to the signal once the task has settled', async () => {
    const stop = new AbortController();
    const waiting = runOnWorker(noClients(), [], stop.signal);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    await waiting;
    await new Promise((r) => setImmediate(r));
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  }, 120_000);
});

describe('withDeadline', () => {
  it('refuses work past its deadline with a PastDeadline of the message, and tells the work through its signal', async () => {
    let seen: AbortSignal | undefined;
    const late = withDeadline(5, '照片处理超时', (signal) => {
      seen = signal;
      return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    });
    await expect(late).rejects.toBeInstanceOf(PastDeadline);
    await expect(late).rejects.toMatchObject({ code: 'INTERNAL', message: '照片处理超时' });
    expect(seen?.aborted).toBe(true);
  });

  it('leaves no timer behind when the work ends first (a two-minute timer would hold the desk open on quitting)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await expect(withDeadline(120_000, '超时', async () => 'read')).resolves.toBe('read');
    expect(vi.getTimerCount()).toBe(0);
    await expect(withDeadline(120_000, '超时', async () => Promise.reject(new DeskError('FILE_INVALID', '不是图片')))).rejects.toMatchObject({ code: 'FILE_INVALID' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the worker file', () => {
  it('is the tsx bootstrap beside the sources, and the bundled worker beside the built app', () => {
    expect(workerFileFor('file:///app/main/jobs/pool.ts')).toBe('file:///app/main/jobs/taskWorker.dev.mjs');
    expect(workerFileFor('file:///app/out/node/pool.js')).toBe('file:///app/out/node/taskWorker.js');
  });
});
