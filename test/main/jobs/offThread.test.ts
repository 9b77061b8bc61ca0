// The window never freezes: while a backup of a few hundred MB, a photo check of a stored material and a
// package build run, the thread that answers the window keeps turning (a timer's lag stays small).
// The CPU-heavy parts run on the worker pool, and a worker that dies mid-batch never leaves it hanging.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../../main/backup/backup';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { closeWorkerPool, runOnWorker, workerPool } from '../../../main/jobs/pool';
import { checkPhotos } from '../../../main/photos/batch';
import { createClients } from '../../../main/services/clients';
import { addMaterial } from '../../../main/services/materials';
import { createOrder } from '../../../main/services/orders';
import { buildPackage } from '../../../main/services/packages';
import { checkMaterial } from '../../../main/services/photos';
import { individual } from '../../fixtures/drafts';
import { fillOrder } from '../../fixtures/materials';
import { curtainPhoto } from '../../fixtures/photos';
import { openTestDesk, tempDir } from '../../helpers';

/** Runs work while a 10 ms timer ticks; returns the longest the timer was late. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number; ticks: number }> {
  let last = performance.now();
  let stallMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - 10);
    last = now;
    ticks++;
  }, 10);
  try {
    const value = await work();
    return { value, stallMs, ticks };
  } finally {
    clearInterval(timer);
  }
}

// A freeze the operator would notice; generous because the shared 2-core test machine alone makes a timer
// 50–60 ms late now and then. Hashing a 250 MB backup on this thread, for one, holds it for seconds.
const MAX_STALL_MS = 250;

afterAll(() => closeWorkerPool());

async function client(desk: Awaited<ReturnType<typeof openTestDesk>>) {
  const { filing: _f, ...rec } = individual();
  return (await createClients(desk, [clientRecordSchema.parse(rec)]))[0]!;
}

describe('work off the window’s thread', () => {
  it('keeps the event loop turning while a stored curtain photo is decrypted and checked (material.check)', async () => {
    const desk = await openTestDesk();
    const c = await client(desk);
    const m = await addMaterial(desk, { entityId: c.id, personId: null, websiteId: null, kind: 'curtain', fileName: '幕布.jpg', data: await curtainPhoto() });
    await checkMaterial(desk, m.id, 'tencent'); // the workers' detectors load once
    const { value, stallMs, ticks } = await longestStall(() => checkMaterial(desk, m.id, 'tencent'));
    // the check really ran on the worker: the fixture's one face was found and judged
    expect(value?.checks.find((k) => k.id === 'face')).toMatchObject({ status: 'pass', message: '人脸清晰居中' });
    expect(ticks).toBeGreaterThan(0);
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  }, 120_000);

  it('keeps the event loop turning while a backup of a few hundred MB is written and verified', async () => {
    const desk = await openTestDesk();
    for (let i = 0; i < 25; i++) desk.files.put(randomBytes(10 * 1024 * 1024)); // 250 MB of material files
    const out = join(tempDir(), 'desk.bdbackup');
    const { value, stallMs, ticks } = await longestStall(() => createBackup(desk, out));
    expect(value.materialFiles).toBe(25);
    expect(value.bytes).toBeGreaterThan(250 * 1024 * 1024);
    expect(ticks).toBeGreaterThan(10);
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  }, 240_000);

  it('keeps the event loop turning while a submission package is built (sheets, summary, zip on workers)', async () => {
    const desk = await openTestDesk();
    const c = await client(desk);
    const o = await createOrder(desk, { entityId: c.id, type: '首次备案', provider: 'tencent' });
    await fillOrder(desk, o.id);
    await buildPackage(desk, o.id); // photo checks measured and kept, workers warm
    const { value, stallMs } = await longestStall(() => buildPackage(desk, o.id));
    expect(value.files.length).toBeGreaterThan(3);
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  }, 240_000);
});

describe('the worker pool', () => {
  it('finishes a photo batch when a worker is killed in the middle of it', async () => {
    const dir = tempDir();
    const photo = await curtainPhoto();
    const files = Array.from({ length: 8 }, (_, i) => {
      const f = join(dir, `p${i}-幕布.jpg`);
      writeFileSync(f, photo);
      return f;
    });
    let killed = false;
    const reports = await checkPhotos(files, { provider: 'tencent' }, {
      cancelled: false,
      progress: (done) => {
        if (done === 2 && !killed) {
          killed = true;
          void workerPool().threads[0]!.terminate();
        }
      },
    });
    expect(killed).toBe(true);
    expect(reports).toHaveLength(8);
    // every photo got a real verdict: the one whose worker died was checked again on a fresh one
    expect(reports.every((r) => r.checks.some((k) => k.id === 'face'))).toBe(true);
  }, 180_000);

  it('refuses a task whose worker dies, with a clear error instead of waiting forever', async () => {
    const photo = await curtainPhoto();
    // a warm pool hands the next task to an idle thread at once, so it is on that thread when the threads die
    await runOnWorker({ task: 'photo.check', file: 'x.jpg', kind: 'curtain', provider: 'tencent', data: new Uint8Array(photo) });
    const task = runOnWorker({ task: 'photo.check', file: 'x.jpg', kind: 'curtain', provider: 'tencent', data: new Uint8Array(photo) });
    await new Promise((r) => setImmediate(r));
    expect(workerPool().queueSize).toBe(0);
    const exits = workerPool().threads.map((t) => t.terminate());
    await expect(task).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('后台处理进程意外退出') });
    // every old thread gone (its exit seen by the pool) before the next task is handed out
    await Promise.all(exits);
    await new Promise((r) => setImmediate(r));
    // the pool starts fresh workers for the next task
    await expect(runOnWorker({ task: 'photo.check', file: 'x.jpg', kind: 'curtain', provider: 'tencent', data: new Uint8Array(photo) })).resolves.toMatchObject({ kind: 'curtain' });
  }, 120_000);
});
