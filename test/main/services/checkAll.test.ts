// 检查全部客户 with kept verdicts: after an edit only the stale verdicts are worked out again, and what
// check-all then says is what a full re-check says — for edits of every kind, and for the clients whose
// verdict named (or should now name) the client that changed: a shared domain, a shared 证件号码.
import { describe, expect, it } from 'vitest';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { readSettings } from '../../../main/db/repositories/settings';
import { keptVerdict } from '../../../main/db/repositories/verdicts';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { clientRecordSchema } from '../../../main/domain/schemas';
import type { Desk } from '../../../main/desk';
import { CHECK_ALL_LIMITS, checkAllClients, checkAllPage, checkOne, sliceEnds, type CheckAllOptions } from '../../../main/services/checkAll';
import { findingsDigest } from '../../../main/rules/checkRecords';
import { CHECK_ALL_PAGE } from '../../../main/domain/jobResults';
import { createClients, deleteClient, editPerson, editWebsite, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { recordExistingFiling } from '../../../main/services/filedState';
import { addMaterial } from '../../../main/services/materials';
import { createOrder } from '../../../main/services/orders';
import { updateSettings } from '../../../main/services/session';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord, filedRecord } from '../../fixtures/records';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const today = new Date();
const control = { cancelled: false, progress: () => undefined };
const checkAll = (desk: Desk, options: CheckAllOptions = {}) => checkAllClients(desk, control, { today, ...options });

async function deskWith(openDesk: OpenDesk, records: ReturnType<typeof companyRecord>[]) {
  const desk = await openDesk();
  const ids = (await createClients(desk, records.map((r) => clientRecordSchema.parse(r)))).map((c) => c.id);
  return { desk, ids };
}

/** What each client's kept verdict says: its counts, its top findings and the digest of its whole findings list. */
const keptFindings = async (desk: Desk, ids: readonly number[]) => {
  const out: Record<number, unknown> = {};
  for (const id of ids) out[id] = await keptVerdict(desk.ctx, id);
  return out;
};

/**
 * check-all over the kept verdicts, then a full re-check of every client: the two must say the same, to the
 * last finding of every client (the digest of its whole findings list). Returns how many clients the first one
 * worked out afresh.
 */
async function keptAgreesWithFull(desk: Desk, ids: readonly number[]): Promise<number> {
  const kept = await checkAll(desk);
  const keptNow = await keptFindings(desk, ids);
  const full = await checkAll(desk, { fresh: true });
  expect(full.rechecked).toBe(full.checked);
  expect({ ...kept, rechecked: 0 }).toEqual({ ...full, rechecked: 0 });
  expect(keptNow).toEqual(await keptFindings(desk, ids));
  return kept.rechecked;
}

const ruleIdsOf = (r: Awaited<ReturnType<typeof checkAll>>, id: number) => [...r.notReady, ...r.warned].find((c) => c.id === id)?.top.map((f) => f.ruleId) ?? [];
/** The client's findings as a check of it alone gives them now, which its kept verdict must be (the same digest). */
const findingsOf = async (desk: Desk, id: number) => {
  const fresh = (await checkOne(desk, id, (await readSettings(desk.ctx)).validityWarnDays, today, undefined))!.findings;
  expect((await keptVerdict(desk.ctx, id))?.findingsDigest).toBe(findingsDigest(fresh));
  return fresh;
};

describe('the sizes that decide how a run goes', () => {
  // the tests below make them smaller (CheckAllOptions.limits), to run over a few dozen clients as over hundreds
  it('are the product\'s: preloaded from 200 clients one by one, in slices of 250, on the pool from 500', () => {
    expect(CHECK_ALL_LIMITS).toEqual({ preloadFrom: 200, oneByOneSlice: 250, poolFrom: 500 });
  });
});

describe('the slices of a run', () => {
  it('are of the size asked, the last slice\'s worth of clients cut in halves down to 50', () => {
    const ends = sliceEnds(10_000, 1000);
    expect(ends).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 9500, 9750, 9875, 9938, 10_000]);
    expect(sliceEnds(600, 100)).toEqual([100, 200, 300, 400, 500, 550, 600]);
    // small slices (tests) and short runs as asked: no slice below 50 is cut
    expect(sliceEnds(7, 3)).toEqual([3, 6, 7]);
    expect(sliceEnds(90, 100)).toEqual([90]);
    expect(sliceEnds(0, 100)).toEqual([]);
    for (const [n, size] of [[12_345, 1000], [100_000, 1000], [999, 125], [101, 100]] as const) {
      const e = sliceEnds(n, size);
      expect(e.at(-1)).toBe(n);
      expect(e.every((end, i) => end - (i ? e[i - 1]! : 0) > 0 && end - (i ? e[i - 1]! : 0) <= size)).toBe(true);
    }
  });
});

describeEachStore('check-all keeps its verdicts', (openDesk, dialect, openSeededDesk) => {
  it('re-checks only the client an edit touched, for edits of every kind, and says what a full re-check says', async () => {
    const { desk, ids } = await deskWith(openDesk, [companyRecord(1), companyRecord(2), companyRecord(3), companyRecord(4), filedRecord(companyRecord(5), 5), companyRecord(6)]);
    expect((await checkAll(desk)).rechecked).toBe(6);
    expect((await checkAll(desk)).rechecked).toBe(0);
    const [a, b, c, d, e, f] = ids as [number, number, number, number, number, number];

    await updateClientEntity(desk, a, { ...entityFieldsOf(await getClientClear(desk, a)), mailingAddress: '广东省深圳市福田区新地址8号' });
    expect(await keptAgreesWithFull(desk, ids)).toBe(1);

    const person = (await getClientClear(desk, b)).people[0]!;
    await editPerson(desk, person.id, { ...personFieldsOf(person), mobile: '1381234' });
    expect(await keptAgreesWithFull(desk, ids)).toBe(1);
    expect((await findingsOf(desk, b)).some((x) => x.ruleId === 'V-TEL-01' || x.message.includes('手机号码格式不正确'))).toBe(true);

    const site = (await getClientClear(desk, c)).websites[0]!;
    await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'xin-yu-ming.cn'] });
    expect(await keptAgreesWithFull(desk, ids)).toBe(1);

    await createOrder(desk, { entityId: d, type: '首次备案', provider: 'tencent' });
    expect(await keptAgreesWithFull(desk, ids)).toBe(1);
    expect((await findingsOf(desk, d)).some((x) => x.message.startsWith('订单 #'))).toBe(true);

    await addMaterial(desk, { entityId: f, kind: 'curtain', fileName: '幕布.jpg', data: await materialJpeg('幕布照片') });
    expect(await keptAgreesWithFull(desk, ids)).toBe(1);

    const filed = await getClientClear(desk, a);
    await recordExistingFiling(desk, a, { provider: 'tencent', filedAt: '2024-05-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [filed.websites[0]!.id]: '粤ICP备12345678号-1' } });
    expect(await keptAgreesWithFull(desk, ids)).toBe(1);
    expect((await findingsOf(desk, a)).some((x) => x.ruleId === 'V-MAT-01')).toBe(false);

    await deleteClient(desk, e);
    const left = ids.filter((id) => id !== e);
    expect(await keptAgreesWithFull(desk, left)).toBe(0);
    expect((await checkAll(desk)).checked).toBe(5);

    // what every verdict was worked out with: the settings the rules read, the day
    await updateSettings(desk, { validityWarnDays: 60 });
    expect(await keptAgreesWithFull(desk, left)).toBe(5);
    expect((await checkAll(desk, { today: new Date(today.getTime() + 86_400_000) })).rechecked).toBe(5);
    expect((await checkAll(desk, { today: new Date(today.getTime() + 86_400_000) })).rechecked).toBe(0);
  }, 120_000);

  it('a client that takes, renames or gives up another client’s domain makes that client’s verdict stale', async () => {
    const { desk, ids } = await deskWith(openDesk, [filedRecord(companyRecord(1), 1), filedRecord(companyRecord(2), 2), filedRecord(companyRecord(3), 3)]);
    const [a, b] = ids as [number, number];
    await checkAll(desk);
    expect((await findingsOf(desk, b)).filter((x) => x.ruleId === 'V-DOM-11')).toEqual([]);

    const site = (await getClientClear(desk, a)).websites[0]!;
    await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'shili000002.cn'] });
    // a kept verdict of b, reused as it was, would be wrong: b's domain is now also a's
    expect(await keptAgreesWithFull(desk, ids)).toBe(2);
    expect((await findingsOf(desk, b)).filter((x) => x.ruleId === 'V-DOM-11').map((x) => x.message)).toEqual(['域名“shili000002.cn”已登记在客户“深圳市示例000001科技有限公司”（编号 1）名下']);

    await updateClientEntity(desk, a, { ...entityFieldsOf(await getClientClear(desk, a)), name: '深圳市改名科技有限公司' });
    expect(await keptAgreesWithFull(desk, ids)).toBe(2);
    expect((await findingsOf(desk, b)).find((x) => x.ruleId === 'V-DOM-11')?.message).toContain('深圳市改名科技有限公司');

    const again = (await getClientClear(desk, a)).websites[0]!;
    await editWebsite(desk, again.id, { ...websiteFieldsOf(again), domains: site.domains });
    expect(await keptAgreesWithFull(desk, ids)).toBe(2);
    expect((await findingsOf(desk, b)).filter((x) => x.ruleId === 'V-DOM-11')).toEqual([]);

    // a deleted holder: its verdict's keys outlive it until the clients it named are re-checked
    await editWebsite(desk, again.id, { ...websiteFieldsOf(again), domains: [...site.domains, 'shili000002.cn'] });
    await checkAll(desk);
    expect((await findingsOf(desk, b)).some((x) => x.ruleId === 'V-DOM-11')).toBe(true);
    await deleteClient(desk, a);
    expect(await keptAgreesWithFull(desk, ids.slice(1))).toBe(1);
    expect((await findingsOf(desk, b)).some((x) => x.ruleId === 'V-DOM-11')).toBe(false);
  }, 120_000);

  it('a 证件号码 entered on another client’s person makes that client’s verdict stale, both ways', async () => {
    const { desk, ids } = await deskWith(openDesk, [filedRecord(companyRecord(1), 1), filedRecord(companyRecord(2), 2), filedRecord(companyRecord(3), 3)]);
    const [a, b] = ids as [number, number];
    await checkAll(desk);
    const theirs = (await getClientClear(desk, b)).people[0]!;
    const ours = (await getClientClear(desk, a)).people[1]!;

    await editPerson(desk, ours.id, { ...personFieldsOf(ours), certNumber: theirs.certNumber });
    expect(await keptAgreesWithFull(desk, ids)).toBe(2);
    expect((await findingsOf(desk, b)).filter((x) => x.ruleId === 'V-ID-10').map((x) => x.message)).toEqual([
      `负责人“${theirs.name}”的证件号码已登记在客户“深圳市示例000001科技有限公司”（编号 1）的负责人“李000001”名下，姓名不同`,
    ]);
    expect((await findingsOf(desk, a)).some((x) => x.ruleId === 'V-ID-10')).toBe(true);

    // the same person (same name) on two clients is allowed: b's finding must go, though b did not change
    const renamed = (await getClientClear(desk, a)).people[1]!;
    await editPerson(desk, renamed.id, { ...personFieldsOf(renamed), name: theirs.name });
    expect(await keptAgreesWithFull(desk, ids)).toBe(2);
    expect((await findingsOf(desk, b)).some((x) => x.ruleId === 'V-ID-10')).toBe(false);
    expect(ruleIdsOf(await checkAll(desk), b)).not.toContain('V-ID-10');
  }, 120_000);

  it('a cancelled run keeps what it finished and leaves the rest to the next run', async () => {
    // 24 clients as 600 are at the product's sizes (CHECK_ALL_LIMITS): preloaded, in slices of 10 (250), and the
    // 14 left below the pool's 20 (500), so worked out one by one, preloaded, by the next run
    const limits = { preloadFrom: 8, oneByOneSlice: 10, poolFrom: 20 };
    const { desk, created } = await openSeededDesk(Array.from({ length: 24 }, (_, i) => clientRecordSchema.parse(filedRecord(companyRecord(i + 1), i + 1))));
    const ids = created.map((c) => c.id);
    let cancelled = false;
    // one by one against the store (stale verdicts from the pool's count on would go to the worker pool by default:
    // its cancel is in checkAllPool.test.ts)
    const first = await checkAllClients(desk, { progress: (done) => void (cancelled = done > 0), get cancelled() { return cancelled; } }, { today, mode: 'oneByOne', limits });
    expect(first.rechecked).toBe(10);
    expect(first.checked).toBe(10);
    expect((await checkAll(desk, { limits })).rechecked).toBe(ids.length - 10);
    expect((await checkAll(desk, { limits })).rechecked).toBe(0);
  }, 120_000);

  it('a re-check of every client cancelled after a changed client leaves stale the verdicts of the clients it did not reach that shared its keys', async () => {
    const { desk, ids } = await deskWith(openDesk, [filedRecord(companyRecord(1), 1), filedRecord(companyRecord(2), 2), filedRecord(companyRecord(3), 3)]);
    const [a, b] = ids as [number, number];
    await checkAll(desk);
    const site = (await getClientClear(desk, a)).websites[0]!;
    await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'shili000002.cn'] });
    // every client again (as the 重新检查全部 button asks), a client a slice, cancelled once a's slice is kept:
    // b, which a's new domain concerns, was to be worked out later in the run and never was
    let cancelled = false;
    const cut = await checkAllClients(desk, { progress: (done) => void (cancelled = done > 0), get cancelled() { return cancelled; } }, { today, fresh: true, mode: 'thread', sliceSize: 1 });
    expect(cut.rechecked).toBe(1);
    expect(await keptAgreesWithFull(desk, ids)).toBe(1);
    expect((await findingsOf(desk, b)).filter((x) => x.ruleId === 'V-DOM-11').map((x) => x.message)).toEqual(['域名“shili000002.cn”已登记在客户“深圳市示例000001科技有限公司”（编号 1）名下']);
  }, 120_000);

  // An edit while a run goes: a client's verdict kept under the revision the run began from, with keys read after the
  // edit, would hide from the next run the keys it held before — which another client's verdict of this run found it by
  describe('a client written to while the run goes', () => {
    const SHARED = 'gongyong.cn';
    const touch = async (desk: Desk, id: number) => updateClientEntity(desk, id, { ...entityFieldsOf(await getClientClear(desk, id)), mailingAddress: '广东省深圳市福田区新地址8号' });
    /** b's shared domain given up once `at` clients of the run are done (the operator's edit, between two slices). */
    const giveUpAt = async (desk: Desk, b: number, at: number) => {
      const site = (await getClientClear(desk, b)).websites[0]!;
      let edit: Promise<unknown> | null = null;
      const progress = (done: number) => {
        if (done === at && !edit) edit = editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: ['qita-yuming.cn'], homepages: ['www.qita-yuming.cn'] });
      };
      return { control: { cancelled: false, progress }, edited: () => edit };
    };

    it('in slices: its verdict is left stale for the next run, which marks the verdicts that named it', async () => {
      const { desk, ids } = await deskWith(openDesk, [companyRecord(1, { domains: [SHARED] }), companyRecord(2, { domains: [SHARED] })]);
      const [a, b] = ids as [number, number];
      await checkAll(desk);
      expect((await findingsOf(desk, a)).some((f) => f.ruleId === 'V-DOM-11')).toBe(true);
      // both re-checked by the next run, a first (it names b), then b, given up its domain in between
      for (const id of ids) await touch(desk, id);
      const during = await giveUpAt(desk, b, 1);
      const progress: [number, number][] = [];
      const r = await checkAllClients(desk, { cancelled: false, progress: (done, total) => (progress.push([done, total]), during.control.progress(done)) }, { today, mode: 'thread', sliceSize: 1 });
      await during.edited();
      // SQLite: b read after the edit, its verdict not kept, and the result says so. PostgreSQL: b read in the run's
      // snapshot, from before the edit, and kept with the keys it held then (stale since, by its revision)
      expect(r).toMatchObject({ checked: 1, rechecked: dialect === 'sqlite' ? 1 : 2 });
      // the run's progress whole
      expect(progress.at(-1)).toEqual([2, 2]);
      // the next run re-checks b, and a with it (b's verdict kept before the run still names the domain)
      expect((await checkAll(desk)).rechecked).toBe(2);
      expect((await findingsOf(desk, a)).some((f) => f.ruleId === 'V-DOM-11')).toBe(false);
      expect(await keptAgreesWithFull(desk, ids)).toBe(0);
    }, 60_000);

    it('one by one: the same', async () => {
      // 26 stale clients as 260 are at the product's sizes (CHECK_ALL_LIMITS): preloaded, two slices of the one-by-one
      // path, a in the first, b in the second
      const limits = { preloadFrom: 20, oneByOneSlice: 25 };
      const { desk, ids } = await deskWith(openDesk, Array.from({ length: 26 }, (_, i) => companyRecord(i + 1, i === 0 || i === 25 ? { domains: [SHARED] } : {})));
      const a = ids[0]!;
      const b = ids[25]!;
      await checkAll(desk, { mode: 'oneByOne', limits });
      expect((await findingsOf(desk, a)).some((f) => f.ruleId === 'V-DOM-11')).toBe(true);
      for (const id of [a, b]) await touch(desk, id);
      const during = await giveUpAt(desk, b, 25);
      const r = await checkAllClients(desk, during.control, { today, mode: 'oneByOne', fresh: true, limits });
      await during.edited();
      // b read after the edit committed: its verdict not kept (25); read before (the edit, on a connection of its
      // own on PostgreSQL, not yet committed at a load of 10+): kept as it was, stale since by its revision (26).
      // Either way the next run re-checks b, and a with it — the claim
      expect(r.checked).toBe(25);
      expect([25, 26]).toContain(r.rechecked);
      expect((await checkAll(desk, { mode: 'oneByOne', limits })).rechecked).toBe(2);
      expect((await findingsOf(desk, a)).some((f) => f.ruleId === 'V-DOM-11')).toBe(false);
      expect((await findingsOf(desk, b)).some((f) => f.ruleId === 'V-DOM-11')).toBe(false);
    }, 120_000);
  });

  it('a first run in slices keeps the key rows without their (kind, shared) index and builds it again however it ends, also after a crash', async () => {
    // 30 clients as 600 are at the product's sizes (CHECK_ALL_LIMITS): a first run of the pool's count (500) or more
    const limits = { poolFrom: 20 };
    const { desk } = await openSeededDesk(Array.from({ length: 30 }, (_, i) => clientRecordSchema.parse(companyRecord(i + 1))));
    // on PostgreSQL the index is never set aside
    const indexed = () => dialect !== 'sqlite' || (desk.sql.raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'client_verdict_key_shared'").get() as { n: number }).n === 1;
    const keyRows = async () => (await desk.ctx.db.selectFrom('client_verdict_key').select(['entity_id', 'kind', 'shared']).orderBy('entity_id').orderBy('kind').orderBy('shared').execute()).map((r) => `${Number(r.entity_id)} ${r.kind} ${r.shared}`);
    let cancelled = false;
    let withoutIndex = false;
    const first = await checkAllClients(
      desk,
      { progress: (done) => void (done > 0 && ((withoutIndex = !indexed()), (cancelled = true))), get cancelled() { return cancelled; } },
      { today, mode: 'thread', sliceSize: 10, limits },
    );
    expect(first.rechecked).toBe(10);
    expect(withoutIndex).toBe(dialect === 'sqlite');
    expect(indexed()).toBe(true);
    // a first run cut short by a crash: the next run's start builds the index again
    if (dialect === 'sqlite') desk.sql.raw.exec('DROP INDEX client_verdict_key_shared');
    // (in this thread: where the next run works its clients out is no matter to the index, built again at its start)
    expect((await checkAll(desk, { mode: 'thread', limits })).rechecked).toBe(20);
    expect(indexed()).toBe(true);
    // the key rows kept are those a full run keeps, and the index finds them
    const kept = await keyRows();
    expect(kept.length).toBeGreaterThan(30);
    await checkAll(desk, { fresh: true, mode: 'thread', limits });
    expect(await keyRows()).toEqual(kept);
  }, 120_000);

  it('lists the clients not ready page by page from the kept verdicts, never one whose verdict went stale since', async () => {
    // no material for their 首次备案: not ready; the filed ones are
    const { desk, created } = await openSeededDesk([...Array.from({ length: CHECK_ALL_PAGE + 5 }, (_, i) => companyRecord(i + 1)), filedRecord(companyRecord(900), 900)].map((r) => clientRecordSchema.parse(r)));
    const ids = created.map((c) => c.id);
    const run = await checkAll(desk);
    const withErrors: number[] = [];
    for (const id of ids) if ((await findingsOf(desk, id)).some((f) => f.severity === 'error')) withErrors.push(id);
    expect(withErrors).toHaveLength(CHECK_ALL_PAGE + 5);
    // the job's result: the counts and the first page only
    expect(run).toMatchObject({ checked: ids.length, notReadyCount: withErrors.length });
    expect(run.notReady.map((c) => c.id)).toEqual(withErrors.slice(0, CHECK_ALL_PAGE));

    const pageByPage = async (limit: number) => {
      const out: Awaited<ReturnType<typeof checkAllPage>>['items'] = [];
      for (let offset = 0; ; offset += limit) {
        const page = await checkAllPage(desk, { group: 'notReady', day: run.day, offset, limit });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        out.push(...page.items);
        if (page.items.length < limit) return { total: page.total, clients: out };
      }
    };
    const all = await pageByPage(7);
    expect(all.total).toBe(withErrors.length);
    expect(all.clients.map((c) => c.id)).toEqual(withErrors);
    expect(all.clients.slice(0, CHECK_ALL_PAGE)).toEqual(run.notReady);
    expect(all.clients[CHECK_ALL_PAGE]).toMatchObject({ id: withErrors[CHECK_ALL_PAGE], name: '深圳市示例000051科技有限公司' });
    expect(all.clients[CHECK_ALL_PAGE]!.top[0]!.severity).toBe('error');

    // edited after the run: its kept verdict is stale, so the pages leave it out until the next run
    const edited = withErrors[CHECK_ALL_PAGE + 1]!;
    await updateClientEntity(desk, edited, { ...entityFieldsOf(await getClientClear(desk, edited)), mailingAddress: '广东省深圳市福田区新地址8号' });
    const after = await pageByPage(50);
    expect(after.total).toBe(withErrors.length - 1);
    expect(after.clients.map((c) => c.id)).toEqual(withErrors.filter((id) => id !== edited));
    const next = await checkAll(desk);
    expect(next).toMatchObject({ rechecked: 1, notReadyCount: withErrors.length });
    expect((await pageByPage(50)).clients.map((c) => c.id)).toEqual(withErrors);
    // a verdict holds for its day: the day after, nothing is listed until a run of that day
    expect((await checkAllPage(desk, { group: 'notReady', day: '2099-01-01', offset: 0, limit: 50 })).total).toBe(0);
  }, 120_000);
});
