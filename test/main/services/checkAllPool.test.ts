// check-all's cold run in slices, its rules on the worker pool: every verdict is the one a client checked
// alone against the store gets — the clients sharing a domain or a 证件号码 included, the rules asking
// other clients reading the whole store's facts —, a cancelled run keeps whole slices only, and a worker
// that dies fails the run with a clear message, keeps what was finished, and the pool serves the next run.
import { afterAll, expect, it, vi } from 'vitest';
import { teamDatabaseUrl } from '../../../main/db/openPostgres';
import { readSettings } from '../../../main/db/repositories/settings';
import { keptVerdict, keysOfVerdicts } from '../../../main/db/repositories/verdicts';
import { savePhotoCheck } from '../../../main/db/repositories/photoGate';
import { clientRecordSchema } from '../../../main/domain/schemas';
import type { Desk } from '../../../main/desk';
import { chinaDay } from '../../../main/domain/dates';
import type { JobControl } from '../../../main/jobs/jobs';
import { closeWorkerPool, POOL_THREADS, workerPool } from '../../../main/jobs/pool';
import { PHOTO_CHECKER_VERSION } from '../../../main/photos/checkerVersion';
import type { WorkerTask } from '../../../main/jobs/taskWorker';
import { checkAllClients, checkOne, type CheckAllOptions, type CheckAllResult } from '../../../main/services/checkAll';
import { findingsDigest } from '../../../main/rules/checkRecords';
import { createClients, editPerson, editWebsite, getClientClear } from '../../../main/services/clients';
import { recordExistingFiling } from '../../../main/services/filedState';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { addMaterial } from '../../../main/services/materials';
import { createOrder } from '../../../main/services/orders';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord, filedRecord, personId } from '../../fixtures/records';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import { readerNotices, until } from '../../support/readerNotices';

const today = new Date();
const tomorrow = new Date(today.getTime() + 86_400_000);
const CLIENTS = 10;

afterAll(closeWorkerPool);

const quiet = (): JobControl => ({ cancelled: false, progress: () => undefined });
const checkAll = (desk: Desk, options: CheckAllOptions, control: JobControl = quiet()) => checkAllClients(desk, control, { today, ...options });

/**
 * Ten clients with all that reads beyond the client itself: two pairs sharing a domain, a 证件号码 under two
 * names on two clients, an open order, an unchecked photo, a photo with a stored failing result, a filed client
 * under a 变更备案 order that adds a domain to its filed site.
 */
async function sharedStore(openDesk: OpenDesk): Promise<{ desk: Desk; ids: number[] }> {
  const desk = await openDesk();
  const records = Array.from({ length: CLIENTS }, (_, i) => companyRecord(i + 1));
  records[3] = companyRecord(4, { domains: ['shili000001.cn', 'gongyong.cn'] });
  records[7] = companyRecord(8, { domains: ['gongyong.cn'] });
  records[5]!.people![0] = { ...records[5]!.people![0]!, certNumber: personId(2), name: '王另名' };
  records[9] = filedRecord(records[9]!, 10);
  const ids = (await createClients(desk, records.map((r) => clientRecordSchema.parse(r)))).map((c) => c.id);
  await createOrder(desk, { entityId: ids[2]!, type: '首次备案', provider: 'tencent' });
  // the filed client under a 变更备案 that adds a domain to its filed site: judged as the order is (V-CHG-02)
  await recordExistingFiling(desk, ids[9]!, { provider: 'tencent', filedAt: '2024-03-01' });
  const principal = (await getClientClear(desk, ids[9]!)).people[0]!;
  await editPerson(desk, principal.id, { ...personFieldsOf(principal), mobile: '13912345678' });
  await createOrder(desk, { entityId: ids[9]!, type: '变更备案', provider: 'tencent' });
  const site = (await getClientClear(desk, ids[9]!)).websites[0]!;
  await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'x.cn'] });
  const sheet = async (id: number, text: string) => addMaterial(desk, { entityId: id, websiteId: (await getClientClear(desk, id)).websites[0]!.id, kind: 'sheet', fileName: '核验单.jpg', data: await materialJpeg(text) });
  await sheet(ids[4]!, '核验单一');
  const failing = await sheet(ids[6]!, '核验单二');
  await desk.sql.tx(() => savePhotoCheck(desk.ctx, 'generic', PHOTO_CHECKER_VERSION, { materialId: failing.id, status: 'fail', checks: [{ id: 'blur', status: 'fail', value: 12, threshold: 100, message: '照片模糊' }], dhash: null }));
  return { desk, ids };
}

/** Every client's kept verdict — counts, top findings, the digest of all its findings — and the keys it asked about, as the store holds them. */
async function kept(desk: Desk, ids: readonly number[]) {
  const out: Record<number, { verdict: unknown; keys: string[] }> = {};
  for (const id of ids) out[id] = { verdict: await keptVerdict(desk.ctx, id), keys: (await keysOfVerdicts(desk.ctx, [id])).map((k) => `${k.kind} ${k.shared}`).sort() };
  return out;
}

/** The client's findings as a check of it alone gives them now, which its kept verdict must be (the same digest). */
async function findingsOf(desk: Desk, id: number) {
  const fresh = (await checkOne(desk, id, (await readSettings(desk.ctx)).validityWarnDays, today, undefined))!.findings;
  expect((await keptVerdict(desk.ctx, id))?.findingsDigest).toBe(findingsDigest(fresh));
  return fresh;
}
const ruleIds = async (desk: Desk, id: number) => (await findingsOf(desk, id)).map((f) => f.ruleId);
const checkedDays = async (desk: Desk) => new Map((await desk.ctx.db.selectFrom('client_verdict').select(['entity_id', 'checked_day']).execute()).map((r) => [Number(r.entity_id), r.checked_day]));
const listed = (r: CheckAllResult) => [...r.notReady, ...r.warned].map((c) => c.id).sort((a, b) => a - b);

describeEachStore('check-all on the worker pool', (openDesk, dialect, openSeededDesk) => {
  it('hands out the run\'s last clients in small tasks, so that both workers finish together', async () => {
    const { desk } = await openSeededDesk(Array.from({ length: 200 }, (_, i) => clientRecordSchema.parse(companyRecord(i + 1))));
    const pool = workerPool();
    const run = pool.run.bind(pool);
    const sizes: number[] = [];
    const spy = vi.spyOn(pool, 'run').mockImplementation((task, options) => {
      const t = task as WorkerTask;
      sizes.push(t.task === 'rules.readAndCheckClients' ? t.input.ids.length : t.task === 'rules.checkClients' ? t.input.clients.length : -1);
      return run(task, options);
    });
    let r: CheckAllResult;
    try {
      // 200 stale verdicts, the pool's count made 200 (its 500 is checkAll.test.ts's to say): on the pool by default,
      // in slices of 100 (the least a run in slices takes), each split between the workers
      r = await checkAll(desk, { limits: { poolFrom: 200 } });
    } finally {
      spy.mockRestore();
    }
    expect(r.rechecked).toBe(200);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(sizes[0]).toBe(100 / POOL_THREADS);
    // the last 100 clients in slices of 50 and 50: the last tasks hold half a share of the run's first slices
    expect(sizes.slice(-2 * POOL_THREADS)).toEqual(Array.from({ length: 2 * POOL_THREADS }, () => 50 / POOL_THREADS));
  }, 180_000);

  it('keeps the verdicts a client checked alone gets, shared domains and 证件号码 included', async () => {
    const { desk, ids } = await sharedStore(openDesk);
    const alone = await checkAll(desk, { fresh: true, mode: 'oneByOne' });
    const reference = await kept(desk, ids);
    // the store is what the suite says it is: the cross-client rules and the material findings fire
    expect(await ruleIds(desk, ids[3]!)).toContain('V-DOM-11');
    expect(await ruleIds(desk, ids[7]!)).toContain('V-DOM-11');
    expect(await ruleIds(desk, ids[0]!)).toContain('V-DOM-11');
    expect(await ruleIds(desk, ids[1]!)).toContain('V-ID-10');
    expect(await ruleIds(desk, ids[5]!)).toContain('V-ID-10');
    expect(await ruleIds(desk, ids[4]!)).toContain('V-MAT-03');
    expect(await ruleIds(desk, ids[6]!)).toContain('V-MAT-02');
    expect((await findingsOf(desk, ids[2]!)).some((f) => f.message.startsWith('订单 #'))).toBe(true);
    expect(await ruleIds(desk, ids[9]!)).toContain('V-CHG-02');
    expect(alone.notReady.find((c) => c.id === ids[9])?.top[0]?.ruleId).toBe('V-CHG-02');

    for (const mode of ['pool', 'thread'] as const) {
      // slices of three: facts of a client in another slice are read from the whole store all the same
      const r = await checkAll(desk, { fresh: true, mode, sliceSize: 3 });
      expect(r).toEqual(alone);
      expect(await kept(desk, ids)).toEqual(reference);
    }
  }, 180_000);

  it('each worker reads its share itself, on one connection a run, its copy of the data key wiped when the task settles; on PostgreSQL, once read, the keys in the run\'s snapshot', async () => {
    const { desk, ids } = await sharedStore(openDesk);
    await checkAll(desk, { fresh: true, mode: 'oneByOne' });
    const reference = await kept(desk, ids);
    const pool = workerPool();
    const run = pool.run.bind(pool);
    const tasks: WorkerTask[] = [];
    // the first two slices' tasks settle a little late: the run's keys, read beside them, are in for the third
    const spy = vi.spyOn(pool, 'run').mockImplementation((task, options) => {
      tasks.push(task as WorkerTask);
      const p = run(task, options);
      return tasks.length <= 2 * POOL_THREADS ? p.then(async (v) => (await new Promise((r) => setTimeout(r, 400)), v)) : p;
    });
    const notices = readerNotices();
    try {
      await checkAll(desk, { fresh: true, mode: 'pool', sliceSize: 3 });
    } finally {
      spy.mockRestore();
    }
    expect(await kept(desk, ids)).toEqual(reference);
    expect(tasks.length).toBeGreaterThanOrEqual(Math.ceil(CLIENTS / 3));
    const reads = tasks.map((t) => (t.task === 'rules.readAndCheckClients' ? t.input : null));
    expect(reads.every((r) => r !== null)).toBe(true);
    // the desk's file, or the team database at the address the desk opened it on
    for (const r of reads) expect(r!.store).toEqual(dialect === 'sqlite' ? desk.sqliteFile : { postgres: teamDatabaseUrl(desk.sql) });
    // the run's shares read on one connection a worker (at most one each), each closed when the run ended
    const runName = reads[0]!.run!;
    expect(reads.every((r) => r!.run === runName)).toBe(true);
    await until(() => notices.opened.length > 0 && notices.allClosed());
    expect(notices.opened.every((r) => r === runName)).toBe(true);
    expect(notices.opened.length).toBeLessThanOrEqual(POOL_THREADS);
    expect(reads.length).toBeGreaterThan(POOL_THREADS);
    // every client of the store handed out once, by id, and nothing of the records themselves
    expect(reads.flatMap((r) => r!.ids).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    for (const r of reads) {
      expect(r!.keys.field).toHaveLength(32);
      expect(r!.keys.index).toHaveLength(32);
      expect([...r!.keys.field, ...r!.keys.index].every((b) => b === 0)).toBe(true);
    }
    // the first slices' shares, handed out while the run's keys held twice are read, look every key up; the later
    // ones are handed the keys, on PostgreSQL with the snapshot they were read in, one for the whole run
    const firstSlices = reads.slice(0, 2 * POOL_THREADS);
    expect(firstSlices.every((r) => r!.heldTwice === undefined)).toBe(true);
    const later = reads.slice(2 * POOL_THREADS);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((r) => r!.heldTwice !== undefined)).toBe(true);
    const snapshots = new Set(later.map((r) => r!.heldTwice!.snapshot));
    expect([...snapshots].map((id) => (id === undefined ? 'none' : 'one'))).toEqual([dialect === 'sqlite' ? 'none' : 'one']);
    notices.stop();
  }, 180_000);

  it('a cancelled run keeps whole slices, lists only current verdicts, and the next run goes on from there', async () => {
    const { desk, ids } = await sharedStore(openDesk);
    await checkAll(desk, { fresh: true, mode: 'oneByOne', today: tomorrow });
    const reference = await kept(desk, ids);
    await checkAll(desk, { mode: 'oneByOne' });

    let cancel = false;
    const seen: number[] = [];
    const control: JobControl = {
      progress: (done) => {
        seen.push(done);
        if (done > 0) cancel = true;
      },
      get cancelled() {
        return cancel;
      },
    };
    // a new day: every verdict is stale; the run stops after its first kept slice (and the one in flight)
    const notices = readerNotices();
    const r = await checkAll(desk, { mode: 'pool', sliceSize: 2, today: tomorrow }, control);
    // the workers' connections closed with the cancelled run
    try {
      await until(() => notices.opened.length > 0 && notices.allClosed());
    } finally {
      notices.stop();
    }
    const days = await checkedDays(desk);
    const fresh = ids.filter((id) => days.get(id) === chinaDay(tomorrow));
    expect(r.rechecked).toBe(fresh.length);
    expect(fresh.length % 2).toBe(0);
    expect(fresh.length).toBeGreaterThanOrEqual(2);
    expect(fresh.length).toBeLessThan(CLIENTS);
    expect(seen.filter((d) => d > 0).every((d) => d % 2 === 0)).toBe(true);
    // only the clients worked out for the new day are listed
    const listedNow = listed(r);
    expect(listedNow.every((id) => fresh.includes(id))).toBe(true);

    const rest = await checkAll(desk, { mode: 'pool', sliceSize: 2, today: tomorrow });
    expect(rest.rechecked).toBe(CLIENTS - fresh.length);
    expect(await kept(desk, ids)).toEqual(reference);
  }, 180_000);

  it('a worker that dies fails the run with a clear message, keeps the finished slices, and the pool serves the next run', async () => {
    const { desk, ids } = await sharedStore(openDesk);
    await checkAll(desk, { fresh: true, mode: 'oneByOne', today: tomorrow });
    const reference = await kept(desk, ids);
    await checkAll(desk, { mode: 'oneByOne' });

    // both workers started and warm: a task handed out is on a running thread when the threads stop
    await checkAll(desk, { fresh: true, mode: 'pool', sliceSize: 1 });
    await checkAll(desk, { mode: 'oneByOne' });
    const pool = workerPool();
    expect(pool.threads).toHaveLength(POOL_THREADS);
    const run = pool.run.bind(pool);
    const earlier: Promise<unknown>[] = [];
    let tasks = 0;
    // the third slice's first task: handed to a worker once the slices before it are done, and the worker stopped while it holds it
    const spy = vi.spyOn(pool, 'run').mockImplementation((task, options) => {
      tasks++;
      // a slice of two is one task per worker: the first task of the third slice
      if (tasks !== 2 * POOL_THREADS + 1) {
        const p = run(task, options);
        earlier.push(p.catch(() => undefined));
        return p;
      }
      // Both threads die while this task is theirs. Stopping them right after handing the task over raced
      // with the task itself (a clean-clone run saw it finish first), so the task gets what the pool gives
      // a task whose thread exited under it: a rejection — once the threads are really gone.
      return Promise.all(earlier).then(async () => {
        await Promise.all(pool.threads.map((t) => t.terminate()));
        throw new Error('worker thread exited while running the task');
      });
    });
    try {
      await expect(checkAll(desk, { mode: 'pool', sliceSize: 2, today: tomorrow })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/^检查全部客户中断：后台检查进程出错，已检查的 4 个客户的结果已保存/) });
    } finally {
      spy.mockRestore();
    }
    const days = await checkedDays(desk);
    expect(ids.filter((id) => days.get(id) === chinaDay(tomorrow))).toEqual(ids.slice(0, 4));

    await new Promise((r) => setImmediate(r));
    const rest = await checkAll(desk, { mode: 'pool', sliceSize: 2, today: tomorrow });
    expect(rest.rechecked).toBe(CLIENTS - 4);
    expect(await kept(desk, ids)).toEqual(reference);
  }, 180_000);
});
