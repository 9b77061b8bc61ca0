// 检查全部客户 and a client's open order: the client is judged as the order is (services/orders.ts checkOrder,
// rules/orderRecord.ts) — the order's type, its provider's rules, a change against the filed snapshot — on every
// path a run takes (one by one, in slices on the pool, in slices in-thread), so what blocks the order is what
// check-all lists (README «可提交 means ready»). Kept verdicts go stale with the order: created, its record
// changed, closed; and those kept before check-all read the order are worked out afresh once.
import { afterAll, describe, expect, it } from 'vitest';
import { entityFieldsOf, getEntity } from '../../../main/db/repositories/entities';
import { latestFiled } from '../../../main/db/repositories/filed';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { readSettings } from '../../../main/db/repositories/settings';
import { keptVerdict } from '../../../main/db/repositories/verdicts';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { clientRecordSchema } from '../../../main/domain/schemas';
import type { Desk } from '../../../main/desk';
import { closeWorkerPool } from '../../../main/jobs/pool';
import { findingsDigest } from '../../../main/rules/checkRecords';
import { RULE_CATALOG_VERSION, sortFindings } from '../../../main/rules/engine';
import { PHOTO_CHECKER_VERSION } from '../../../main/photos/checkerVersion';
import { checkAllClients, checkOne, type CheckAllOptions, type CheckAllResult } from '../../../main/services/checkAll';
import { readSlice } from '../../../main/services/checkAllSlice';
import { addWebsite, createClients, deleteClient, editPerson, editWebsite, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { recordExistingFiling } from '../../../main/services/filedState';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import { clientReadiness, materialFindings } from '../../../main/services/readiness';
import { companyRecord, filedRecord } from '../../fixtures/records';
import { builtOnce, describeEachStore } from '../../support/eachStore';

afterAll(closeWorkerPool);

const today = new Date();
const control = { cancelled: false, progress: () => undefined };
const checkAll = (desk: Desk, options: CheckAllOptions = {}) => checkAllClients(desk, control, { today, ...options });
/** Every way a run works the stale clients out: slices of two, so that the order's client shares a slice with others. */
const PATHS: CheckAllOptions[] = [{ mode: 'oneByOne' }, { mode: 'pool', sliceSize: 2 }, { mode: 'thread', sliceSize: 2 }];

const listedIn = (r: CheckAllResult, id: number) => (r.notReady.some((c) => c.id === id) ? 'notReady' : r.warned.some((c) => c.id === id) ? 'warned' : 'ready');
const topOf = (r: CheckAllResult, id: number) => [...r.notReady, ...r.warned].find((c) => c.id === id)?.top.map((f) => f.ruleId) ?? [];

/** What the order's page says of the client (its check and its checklist's findings), which check-all's kept verdict must be. */
async function orderSays(desk: Desk, orderId: number) {
  const order = await getOrder(desk, orderId);
  const e = (await getEntity(desk.ctx, order.entityId))!;
  const all = sortFindings([...order.check.findings, ...(await materialFindings(desk, e, false))]);
  return { problems: order.problems, ruleIds: all.map((f) => f.ruleId), digest: findingsDigest(all) };
}

/** Clients 1–4 filed as they are (ready), and the one under test. */
async function storeWith(desk: Desk, record: ReturnType<typeof companyRecord>) {
  const others = [1, 2, 3, 4].map((n) => filedRecord(companyRecord(n), n));
  const created = await createClients(desk, [...others, record].map((r) => clientRecordSchema.parse(r)));
  return { id: created.at(-1)!.id, websiteId: created.at(-1)!.websiteIds[0]!, others: created.slice(0, -1).map((c) => c.id) };
}

/** The reviewer's sequence: a client filed at Tencent, a 变更备案 (its principal's mobile changed), then a domain added to the filed site. */
async function changeAddingADomainOn(desk: Desk) {
  const { id, websiteId, others } = await storeWith(desk, companyRecord(9));
  await recordExistingFiling(desk, id, { provider: 'tencent', filedAt: '2024-03-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [websiteId]: '粤ICP备12345678号-1' } });
  const p = (await getClientClear(desk, id)).people[0]!;
  await editPerson(desk, p.id, { ...personFieldsOf(p), mobile: '13912345678' });
  const order = await createOrder(desk, { entityId: id, type: '变更备案', provider: 'tencent' });
  return { id, websiteId, others, orderId: order.id };
}

const addDomain = async (desk: Desk, websiteId: number, id: number) => {
  const w = (await getClientClear(desk, id)).websites.find((x) => x.id === websiteId)!;
  await editWebsite(desk, websiteId, { ...websiteFieldsOf(w), domains: [...w.domains, 'x.cn'] });
};

/** The client's findings as a check of it alone gives them now, which its kept verdict must be (the same digest). */
async function findingsNow(desk: Desk, id: number) {
  const fresh = (await checkOne(desk, id, (await readSettings(desk.ctx)).validityWarnDays, today, undefined))!.findings;
  expect((await keptVerdict(desk.ctx, id))?.findingsDigest).toBe(findingsDigest(fresh));
  return fresh;
}
const domainClashes = async (desk: Desk, id: number) => (await findingsNow(desk, id)).filter((f) => f.ruleId === 'V-DOM-11').map((f) => f.message);

const SHARED = 'gongyong.cn';
/** A second website of b holding `domain`, and an open order of b over its first website only (the order's record leaves the second out). */
async function orderBesideSecondSite(desk: Desk, b: number, domain = SHARED) {
  const first = (await getClientClear(desk, b)).websites[0]!;
  const second = await addWebsite(desk, b, { ...websiteFieldsOf(first), name: '示例第二网站', domains: [domain], homepages: [`www.${domain}`] });
  await createOrder(desk, { entityId: b, type: '首次备案', provider: 'tencent', websiteIds: [first.id] });
  return second;
}
/** a holding SHARED, b holding it too on a website outside its open order: a's V-DOM-11 names b. */
async function sharedOutsideOrderOn(desk: Desk) {
  const [a, b] = (await createClients(desk, [companyRecord(1, { domains: [SHARED] }), companyRecord(2)].map((r) => clientRecordSchema.parse(r)))).map((c) => c.id) as [number, number];
  return { a, b, second: await orderBesideSecondSite(desk, b) };
}
const clashWith = (name: string, id: number) => `域名“${SHARED}”已登记在客户“${name}”（编号 ${id}）名下`;

// Both built once per file and store, each test a copy of that desk (eachStore.ts builtOnce), a desk of its own.
const changeAddingADomainOnce = builtOnce(async (openDesk) => {
  const desk = await openDesk();
  return { desk, ...(await changeAddingADomainOn(desk)) };
});
const sharedOutsideOrderOnce = builtOnce(async (openDesk) => {
  const desk = await openDesk();
  return { desk, ...(await sharedOutsideOrderOn(desk)) };
});

describeEachStore('check-all judges a client with an open order as the order', (openDesk, dialect) => {
  it('the client badge (rules.checkClient without a filing) judges it as the order too; asked about a filing, as that filing', async () => {
    const { desk, id, websiteId } = await changeAddingADomainOnce(openDesk, dialect);
    expect((await clientReadiness(desk, id)).findings.map((f) => f.ruleId)).not.toContain('V-CHG-02');
    await addDomain(desk, websiteId, id);
    expect((await clientReadiness(desk, id)).findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toContain('V-CHG-02');
    expect((await clientReadiness(desk, id, { type: '首次备案', provider: 'tencent' })).findings.map((f) => f.ruleId)).not.toContain('V-CHG-02');
  });

  it('lists a 变更备案 that adds a domain to the filed site as not ready (V-CHG-02), as the order says, on every path', async () => {
    const { desk, id, websiteId, others, orderId } = await changeAddingADomainOnce(openDesk, dialect);
    await addDomain(desk, websiteId, id);
    const says = await orderSays(desk, orderId);
    expect(says.problems).toContain('V-CHG-02 变更中不能新增或修改域名：“x.cn”不在原备案中');
    for (const path of PATHS) {
      const r = await checkAll(desk, { fresh: true, ...path });
      expect(r.notReadyCount, JSON.stringify(path)).toBe(1);
      expect(listedIn(r, id)).toBe('notReady');
      expect(topOf(r, id)[0]).toBe('V-CHG-02');
      expect((await keptVerdict(desk.ctx, id))?.findingsDigest).toBe(says.digest);
      for (const other of others) expect(listedIn(r, other)).toBe('ready');
    }
  }, 180_000);

  it('a Tencent order wants the homepage with www. (V-URL-02); the same client without the order is ready', async () => {
    const desk = await openDesk();
    const rec = filedRecord(companyRecord(9), 9);
    rec.websites![0]!.homepages = [rec.websites![0]!.domains[0]!];
    const { id, websiteId } = await storeWith(desk, rec);
    await recordExistingFiling(desk, id, { provider: 'aliyun', filedAt: '2024-03-01', entityIcpNumber: rec.entity.icpNumber!, websiteIcpNumbers: { [websiteId]: rec.websites![0]!.icpNumber! } });
    for (const path of PATHS) expect(listedIn(await checkAll(desk, { fresh: true, ...path }), id), JSON.stringify(path)).toBe('ready');
    const order = await createOrder(desk, { entityId: id, type: '接入备案', provider: 'tencent' });
    const says = await orderSays(desk, order.id);
    expect(says.ruleIds).toContain('V-URL-02');
    for (const path of PATHS) {
      const r = await checkAll(desk, { fresh: true, ...path });
      expect(listedIn(r, id), JSON.stringify(path)).toBe('notReady');
      expect((await keptVerdict(desk.ctx, id))?.findingsDigest).toBe(says.digest);
    }
  }, 180_000);

  it('a kept verdict is worked out again when the order is created, when the record it judges changes, and when it closes', async () => {
    const { desk, id, websiteId, orderId } = await changeAddingADomainOnce(openDesk, dialect);
    await advanceOrder(desk, orderId, { to: '已放弃', reason: '先看清单' });
    expect((await checkAll(desk, { fresh: true })).notReadyCount).toBe(0);
    expect((await checkAll(desk)).rechecked).toBe(0);
    // a new order (a new write on the client): its verdict goes stale
    const order = await createOrder(desk, { entityId: id, type: '变更备案', provider: 'tencent' });
    let r = await checkAll(desk);
    expect(r.rechecked).toBe(1);
    expect(r.notReadyCount).toBe(0);
    // a domain added to the filed site: the change the order judges
    await addDomain(desk, websiteId, id);
    r = await checkAll(desk);
    expect(r.rechecked).toBe(1);
    expect(topOf(r, id)[0]).toBe('V-CHG-02');
    expect((await keptVerdict(desk.ctx, id))?.findingsDigest).toBe((await orderSays(desk, order.id)).digest);
    // the order closed: the client is judged as itself again
    await advanceOrder(desk, order.id, { to: '已放弃', reason: '改走新增网站' });
    r = await checkAll(desk);
    expect(r.rechecked).toBe(1);
    expect(topOf(r, id)).not.toContain('V-CHG-02');
  }, 180_000);

  it('a slice read on the store\'s thread carries the open order, a change\'s filed record and the filed providers; on a worker the client is set aside', async () => {
    const { desk, id, websiteId, others, orderId } = await changeAddingADomainOnce(openDesk, dialect);
    await addDomain(desk, websiteId, id);
    const ids = [...others, id];
    const read = await readSlice({ ctx: desk.ctx, openOrderFindings: (e) => materialFindings(desk, e, false) }, ids);
    const c = read.toCheck.find((x) => x.id === id)!;
    const order = await getOrder(desk, orderId);
    expect(c.order).toEqual({ type: '变更备案', provider: 'tencent', websiteIds: order.websiteIds, filed: { record: (await latestFiled(desk.ctx, id))!.record } });
    // the filing-type rule's answer read with it: the client is checked in the slice, not alone against the store
    expect(c.facts.filedProviders).toEqual(['tencent']);
    expect(read.toCheck.filter((x) => x.id !== id).every((x) => x.order === undefined && x.facts.filedProviders === null)).toBe(true);
    expect((await readSlice({ ctx: desk.ctx, openOrderFindings: null }, ids)).aside).toEqual([id]);
  }, 180_000);

  // A client with an open order is checked as the order's record, which leaves its other websites out: its verdict must
  // still keep their domains, or a change of it marks no verdict that found it by them (README «Checking: kept verdicts»)
  describe.each(PATHS)('a domain it holds on a website outside its open order, on path %j', (path) => {
    it('given up: the verdict of the other client that held it no longer names it', async () => {
      const { desk, a, b, second } = await sharedOutsideOrderOnce(openDesk, dialect);
      await checkAll(desk, path);
      expect(await domainClashes(desk, a)).toEqual([clashWith('深圳市示例000002科技有限公司', b)]);
      await editWebsite(desk, second.id, { ...websiteFieldsOf(second), domains: ['qita-yuming.cn'], homepages: ['www.qita-yuming.cn'] });
      await checkAll(desk, path);
      expect(await domainClashes(desk, a)).toEqual([]);
    }, 60_000);

    it('taken by a new client: the holder\'s verdict, ready before, names it', async () => {
      const desk = await openDesk();
      const [a] = (await createClients(desk, [clientRecordSchema.parse(companyRecord(1, { domains: [SHARED] }))])).map((c) => c.id) as [number];
      await checkAll(desk, path);
      expect(await domainClashes(desk, a)).toEqual([]);
      const [b] = (await createClients(desk, [clientRecordSchema.parse(companyRecord(2))])).map((c) => c.id) as [number];
      await orderBesideSecondSite(desk, b);
      await checkAll(desk, path);
      expect(await domainClashes(desk, a)).toEqual([clashWith('深圳市示例000002科技有限公司', b)]);
    }, 60_000);

    it('its holder renamed: the other client\'s verdict names it by its new name', async () => {
      const { desk, a, b } = await sharedOutsideOrderOnce(openDesk, dialect);
      await checkAll(desk, path);
      await updateClientEntity(desk, b, { ...entityFieldsOf(await getClientClear(desk, b)), name: '深圳市改名科技有限公司' });
      await checkAll(desk, path);
      expect(await domainClashes(desk, a)).toEqual([clashWith('深圳市改名科技有限公司', b)]);
    }, 60_000);

    it('its holder deleted: the other client\'s verdict no longer names it', async () => {
      const { desk, a, b } = await sharedOutsideOrderOnce(openDesk, dialect);
      await checkAll(desk, path);
      expect(await domainClashes(desk, a)).toHaveLength(1);
      await deleteClient(desk, b);
      await checkAll(desk, path);
      expect(await domainClashes(desk, a)).toEqual([]);
    }, 60_000);
  });

  it('verdicts kept before check-all read the open order are worked out afresh once', async () => {
    const { desk, id, websiteId } = await changeAddingADomainOnce(openDesk, dialect);
    await addDomain(desk, websiteId, id);
    const first = await checkAll(desk);
    expect(listedIn(first, id)).toBe('notReady');
    // what the build before kept: the same client's verdict, made without the order, under the version it wrote
    await desk.ctx.db.updateTable('client_verdict').set({ verdict_version: `rules ${RULE_CATALOG_VERSION}, photos ${PHOTO_CHECKER_VERSION}`, error_count: 0 }).execute();
    const r = await checkAll(desk);
    expect(r.rechecked).toBe(r.checked);
    expect(listedIn(r, id)).toBe('notReady');
    expect((await checkAll(desk)).rechecked).toBe(0);
  }, 180_000);
});
