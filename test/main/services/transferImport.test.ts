// A client moves to another desk with what was filed and its orders' history: the 已备案信息 versions,
// the sealed 备案密码, the order's state moves, 驳回 rounds with reasons, 公安备案 follow-up, 授权码 and
// material links arrive equal; importing again adds nothing; a domain held by another client there is
// refused (V-DOM-11) before anything is written.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { submittedRecordOf } from '../../../main/db/repositories/filed';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { authCodesOfOrder } from '../../../main/services/authCodes';
import { createClients, editPerson, editWebsite, getClientClear, listClients } from '../../../main/services/clients';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { writeTransferArchive } from '../../../main/export/transfer';
import { clientReadiness } from '../../../main/services/readiness';
import { ordersOfClient } from '../../../main/services/clientOrders';
import { filedOverview, recordExistingFiling } from '../../../main/services/filedState';
import { revealFilingPassword } from '../../../main/services/filingPassword';
import { gonganOfOrder } from '../../../main/services/gongan';
import { listMaterials } from '../../../main/services/materials';
import { advanceOrder, attachToOrder, checkOrderPhotos, createOrder, getOrder } from '../../../main/services/orders';
import { archivedClient, exportTransfer } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { individual } from '../../fixtures/drafts';
import { fillOrder, goodMaterial } from '../../fixtures/materials';
import { companyRecord, personId } from '../../fixtures/records';
import { tempDir } from '../../helpers';
import { FILING_PASSWORD, fileThroughDesk } from '../../support/filedThroughDesk';
import { describeEachStore, type DeskSnapshot, type OpenDesk, openSnapshot, placesHolding, snapshotDesk } from '../../support/eachStore';

const PASS = 'transfer-pass-1';
const now = Date.parse('2026-11-24T20:00:00+08:00');
const clock = () => new Date(now);

/** A 个人 client filed through this desk: one 驳回 round answered, approved, 公安备案 done, 授权码 and 备案密码 stored. */
async function filedClientWithHistory(openDesk: OpenDesk): Promise<{ a: Desk; entityId: number; orderId: number }> {
  const a = await openDesk({ clock, actor: '外勤电脑' });
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(a, [clientRecordSchema.parse(rec)]);
  const orderId = await fileThroughDesk(a, c!.id);
  return { a, entityId: c!.id, orderId };
}

/** Row ids differ between desks: drop them, and the ids inside targets and slot names. */
function withoutIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutIds);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => !/^(id|\w+Id|\w+Ids)$/.test(k)).map(([k, x]) => [k, withoutIds(x)]));
  if (typeof v === 'string') return v.replace(/\b(person|website)([.:])\d+/g, '$1$2#').replace(/^p\d+$/, 'p#');
  return v;
}

/** Everything the desk shows of the client's filing history, ids left out; materials by content. */
async function historyOf(desk: Desk, entityId: number) {
  const sha = new Map((await listMaterials(desk, entityId)).map((m) => [m.id, m.sha256]));
  const orders = await Promise.all((await ordersOfClient(desk, entityId)).map(async (row) => {
    const v = await getOrder(desk, row.id);
    const e = await getClientClear(desk, entityId);
    return withoutIds({
      order: { type: v.type, provider: v.provider, state: v.state, providerOrderNo: v.providerOrderNo, change: v.change, stateChangedAt: v.stateChangedAt, psbDueAt: v.psbDueAt, closedAt: v.closedAt, createdAt: v.createdAt },
      websites: v.websiteIds.map((id) => e.websites.find((w) => w.id === id)!.name),
      events: v.events,
      materials: v.checklist.map((i) => [i.label, i.materialId ? sha.get(i.materialId) : null]),
      rejections: v.rejections,
      // a 公安备案 row's version counts saves on one desk (like the order's, left out above), not carried history
      gongan: (await gonganOfOrder(desk, row.id)).map(({ rowVersion: _v, ...g }) => g),
      authCodes: await authCodesOfOrder(desk, row.id),
      // what it submitted (migration 0027): what its approval filed, and would file were it still open
      submitted: await submittedRecordOf(desk.ctx, row.id),
    });
  }));
  return { orders, filed: withoutIds(await filedOverview(desk, entityId)) };
}

function archiveFile(bytes: Buffer): string {
  const file = join(tempDir(), 'x.bdtransfer');
  writeFileSync(file, bytes);
  return file;
}

describeEachStore('transfer of a filed client with its orders', (openDesk) => {
  // The first test's archive of its filed client, for the second to import twice: filing a client through a desk
  // (photo checks, the 驳回 round, the approval) was most of each test's time. Run on its own, the second files one.
  let filedArchive: Buffer | undefined;
  const filedClientArchive = async () => {
    if (!filedArchive) {
      const { a, entityId } = await filedClientWithHistory(openDesk);
      filedArchive = await exportTransfer(a, [entityId], PASS);
    }
    return filedArchive;
  };

  it('arrives on a fresh desk with its filed state, 备案密码 and order history equal, the password sealed throughout', async () => {
    const { a, entityId, orderId } = await filedClientWithHistory(openDesk);
    const before = await historyOf(a, entityId);
    expect((before.filed as { filed: unknown }).filed).not.toBeNull();
    expect((before.orders[0] as { submitted: unknown }).submitted).not.toBeNull();
    expect((await getOrder(a, orderId)).rejections[0]!.reasons[0]!.resolvedAt).not.toBeNull();
    expect((await gonganOfOrder(a, orderId))[0]!.state).toBe('已完成');

    const bytes = await exportTransfer(a, [entityId], PASS);
    filedArchive = bytes;
    expect(bytes.includes(Buffer.from(FILING_PASSWORD))).toBe(false);
    const b = await openDesk({ clock }); // another machine: its own data key
    const r = await importTransfer(b, archiveFile(bytes), PASS);
    expect(r).toMatchObject({ created: 1, orders: 1, filed: 1 });

    const id = (await listClients(b, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items[0]!.id;
    expect(await historyOf(b, id)).toEqual(before);
    // photo checks are measurements, made again by the receiving desk's checker before it judges the order
    const there = (await ordersOfClient(b, id))[0]!.id;
    await checkOrderPhotos(b, there);
    expect((await getOrder(b, there)).problems).toEqual((await getOrder(a, orderId)).problems);
    expect((await revealFilingPassword(b, id, '核对')).password).toBe(FILING_PASSWORD);
    await b.close();
    expect(await placesHolding(b, FILING_PASSWORD)).toEqual([]);
  }, 120_000);

  it('adds no order, snapshot, material or person when the same archive is imported again', async () => {
    const file = archiveFile(await filedClientArchive());
    const b = await openDesk({ clock });
    await importTransfer(b, file, PASS);
    const id = (await listClients(b, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items[0]!.id;
    const first = await historyOf(b, id);
    const materials = (await listMaterials(b, id)).length;
    const again = await importTransfer(b, file, PASS);
    expect(again).toEqual({ created: 0, merged: 1, people: 0, websites: 0, materials: 0, orders: 0, filed: 0 });
    expect(await historyOf(b, id)).toEqual(first);
    expect((await filedOverview(b, id)).versions).toHaveLength(1);
    expect(await listMaterials(b, id)).toHaveLength(materials);
  }, 120_000);

  it('keeps a 驳回 reason untouched there untouched here, and one already changed there changed', async () => {
    const a = await openDesk({ clock });
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(a, [clientRecordSchema.parse(rec)]);
    const e = await getClientClear(a, c!.id);
    const w = e.websites[0]!;
    await recordExistingFiling(a, e.id, { provider: 'tencent', filedAt: '2024-01-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [w.id]: '粤ICP备12345678号-1' } });
    const o = await createOrder(a, { entityId: e.id, type: '注销网站', provider: 'tencent' });
    await advanceOrder(a, o.id, { to: '待提交' });
    await advanceOrder(a, o.id, { to: '初审中', confirmedConsequence: true });
    await advanceOrder(a, o.id, {
      to: '初审驳回',
      reason: '网站名称与内容不符；通信地址请填写到门牌号',
      reasons: [
        { target: `website.${w.id}.name`, kind: 'name-content-mismatch' },
        { target: 'entity.mailingAddress', kind: 'address-not-detailed' },
      ],
    });
    await editWebsite(a, w.id, { ...websiteFieldsOf(w), name: '王小明摄影作品集' });
    const file = archiveFile(await exportTransfer(a, [e.id], PASS));

    const b = await openDesk({ clock });
    await importTransfer(b, file, PASS);
    const [row] = await ordersOfClient(b, 1);
    const reasons = (await getOrder(b, row!.id)).rejections[0]!.reasons;
    expect(reasons.map((x) => [x.targetLabel, x.open, x.changed])).toEqual([
      ['网站“王小明摄影作品集”的网站名称', false, true],
      ['主体的通信地址', true, false],
    ]);
    await expect(advanceOrder(b, row!.id, { to: '待提交' })).rejects.toThrow(/1 个驳回原因.*主体的通信地址未修改/);
  }, 60_000);

  it('refuses the whole archive when a later client is refused while merging, the clients before it not imported either', async () => {
    const a = await openDesk();
    const [c1, c2] = await createClients(a, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    await createOrder(a, { entityId: c2!.id, type: '首次备案', provider: 'tencent' });
    const file = archiveFile(await exportTransfer(a, [c1!.id, c2!.id], PASS));

    const b = await openDesk();
    // the second client is here already, with an open order of its own: the archive's open order cannot join it
    const [here] = await createClients(b, [clientRecordSchema.parse(companyRecord(2))]);
    await createOrder(b, { entityId: here!.id, type: '首次备案', provider: 'aliyun' });
    const log = (await listAudit(b.ctx, { limit: 100 })).length;
    const files = b.files.list();

    await expect(importTransfer(b, file, PASS)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('已有未完成的订单') });
    expect((await listClients(b, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items.map((c) => c.id)).toEqual([here!.id]);
    expect(await listAudit(b.ctx, { limit: 100 })).toHaveLength(log);
    expect(b.files.list()).toEqual(files);
  });

  it('refuses a client whose domain another client holds here (V-DOM-11), writing nothing at all', async () => {
    const a = await openDesk();
    const [c1, c2] = await createClients(a, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const file = archiveFile(await exportTransfer(a, [c1!.id, c2!.id], PASS));
    const taken = (await getClientClear(a, c2!.id)).websites[0]!.domains[0]!;

    const b = await openDesk();
    // another 主体 on the receiving desk already holds the second client's domain
    const holder = companyRecord(3);
    holder.websites![0]!.domains = [taken];
    await createClients(b, [clientRecordSchema.parse(holder)]);
    const log = (await listAudit(b.ctx, { limit: 100 })).length;
    const files = b.files.list();

    await expect(importTransfer(b, file, PASS)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(new RegExp(`域名“${taken.replace(/\./g, '\\.')}”已登记在本机客户.*V-DOM-11.*未导入任何内容`)) });
    expect((await listClients(b, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).total).toBe(1);
    expect(await listAudit(b.ctx, { limit: 100 })).toHaveLength(log);
    expect(b.files.list()).toEqual(files);
  });
});

// A material uploaded before its person's name, 证件类型 or 证件号码 changed blocks the order (V-MAT-04): the
// archive carries when each material was uploaded and when each person's identity changed, so the receiving
// desk judges it as the sending one did.
describeEachStore('transfer of materials older than their person’s identity (V-MAT-04)', (openDesk) => {
  // one clock for every desk, moving on with every reading: the desks' times interleave as the steps do
  let tick = Date.parse('2026-12-07T08:00:00.000Z');
  const ticking = () => new Date((tick += 5));

  /**
   * The filled desk of this store, made once (filling the order, its photos checked, was most of each test's
   * work) and closed: every test opens a copy of its own (eachStore.ts: openSnapshot) on the same ticking clock,
   * whose later readings all come after the copied desk's times, as they came after the desk's own.
   */
  let filled: Promise<{ snapshot: DeskSnapshot; entityId: number; orderId: number }> | undefined;

  /** A desk with a 个人 client (the record it was made from too) and a filled 首次备案. */
  async function filledOnNewDesk() {
    const { filing: _f, ...rec } = individual();
    filled ??= (async () => {
      const a = await openDesk({ clock: ticking, actor: '外勤电脑' });
      const [c] = await createClients(a, [clientRecordSchema.parse(rec)]);
      const o = await createOrder(a, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
      // not measured: staleness is judged whatever the photo checks say, and the archive carries no photo result
      await fillOrder(a, o.id, { measure: false });
      return { snapshot: await snapshotDesk(a), entityId: c!.id, orderId: o.id };
    })().catch((err: unknown) => {
      filled = undefined;
      throw err;
    });
    const { snapshot, entityId, orderId } = await filled;
    return { a: await openSnapshot(snapshot, { clock: ticking, actor: '外勤电脑' }), rec, entityId, orderId };
  }

  /** A 个人 client with a filled order whose person then got a new ID card (证件号码). */
  async function newNumberAfterFilling() {
    const { a, entityId, orderId } = await filledOnNewDesk();
    const person = (await getClientClear(a, entityId)).people[0]!;
    await editPerson(a, person.id, { ...personFieldsOf(person), certNumber: personId(8) });
    return { a, entityId, orderId };
  }

  /** The kinds of the client's order slots that are stale, and how many V-MAT-04 findings the client has. */
  async function staleness(desk: Desk, entityId: number) {
    const order = (await ordersOfClient(desk, entityId))[0]!;
    const kinds = (await getOrder(desk, order.id)).checklist.filter((s) => s.status === 'stale').map((s) => s.kind).sort();
    const findings = (await clientReadiness(desk, entityId)).findings.filter((f) => f.ruleId === 'V-MAT-04').length;
    return { kinds, findings };
  }

  const onlyClient = async (desk: Desk) => (await listClients(desk, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items[0]!.id;

  it('keeps the materials stale on the receiving desk, and a scan uploaded after the change fresh there too', async () => {
    const { a, entityId, orderId } = await newNumberAfterFilling();
    // the signed 核验单 prints the 证件号码 too
    const stale = { kinds: ['curtain', 'id-back', 'id-front', 'sheet'], findings: 4 };
    expect(await staleness(a, entityId)).toEqual(stale);

    const b = await openDesk({ clock: ticking });
    await importTransfer(b, archiveFile(await exportTransfer(a, [entityId], PASS)), PASS);
    const id = await onlyClient(b);
    expect(await staleness(b, id)).toEqual(stale);

    // the front uploaded again there after the change: fresh there, and fresh where it arrives
    const front = (await getOrder(a, orderId)).checklist.find((s) => s.kind === 'id-front')!;
    await attachToOrder(a, orderId, front.id, { fileName: 'front-new.jpg', data: await goodMaterial('id-front', 1) });
    const after = { kinds: ['curtain', 'id-back', 'sheet'], findings: 3 };
    expect(await staleness(a, entityId)).toEqual(after);
    const again = archiveFile(await exportTransfer(a, [entityId], PASS));
    // merged into the client already here: the new scan added with its upload time there
    await importTransfer(b, again, PASS);
    expect(await staleness(b, id)).toEqual(after);
    // a fresh desk: its person takes the identity stamp carried, not the import's time
    const c = await openDesk({ clock: ticking });
    await importTransfer(c, again, PASS);
    expect(await staleness(c, await onlyClient(c))).toEqual(after);
  }, 180_000);

  it('takes no carried time later than its own clock: a scan “uploaded in 2099” there still goes stale with a change here', async () => {
    const { a, rec, entityId } = await filledOnNewDesk();
    const client = await archivedClient(a, entityId);
    const ahead = { ...client, materials: client.materials.map((m) => ({ ...m, createdAt: '2099-01-01T00:00:00.000Z' })) };
    const b = await openDesk({ clock: ticking });
    await importTransfer(b, archiveFile(await writeTransferArchive([ahead], PASS, (h) => a.blobs.read(h))), PASS);
    const id = await onlyClient(b);
    expect((await listMaterials(b, id)).every((m) => m.createdAt < '2099')).toBe(true);
    const person = (await getClientClear(b, id)).people[0]!;
    await editPerson(b, person.id, { ...personFieldsOf(person), certNumber: personId(8) });
    expect((await staleness(b, id)).findings).toBe(4);
    // a time of the right form that is no date at all is refused with the archive
    const nonsense = { ...client, materials: client.materials.map((m) => ({ ...m, createdAt: '2026-13-45T99:99:99.999Z' })) };
    await expect(importTransfer(b, archiveFile(await writeTransferArchive([nonsense], PASS, (h) => a.blobs.read(h))), PASS)).rejects.toThrow(/时间不是有效的日期/);
  }, 180_000);

  it('a scan carried to a desk where the same person was entered later, name and 证件 the same, is fresh there', async () => {
    const { a, rec, entityId } = await filledOnNewDesk();
    const b = await openDesk({ clock: ticking });
    // entered by hand on this desk after the uploads there
    const [here] = await createClients(b, [clientRecordSchema.parse(rec)]);
    await importTransfer(b, archiveFile(await exportTransfer(a, [entityId], PASS)), PASS);
    expect((await staleness(b, here!.id)).findings).toBe(0);
  }, 180_000);

  it('reads an archive written before these times were carried as then: everything stamped at import, nothing stale', async () => {
    const { a, entityId } = await newNumberAfterFilling();
    const { identityChangedAt, ...client } = await archivedClient(a, entityId);
    expect(Object.keys(identityChangedAt ?? {})).toEqual(['p1']);
    const older = { ...client, materials: client.materials.map(({ createdAt: _c, printed: _p, ...m }) => m) };
    const b = await openDesk({ clock: ticking });
    await importTransfer(b, archiveFile(await writeTransferArchive([older], PASS, (h) => a.blobs.read(h))), PASS);
    const id = await onlyClient(b);
    expect(await staleness(b, id)).toEqual({ kinds: [], findings: 0 });
    const person = (await getClientClear(b, id)).people[0]!;
    expect((await listMaterials(b, id)).every((m) => m.createdAt >= person.identityChangedAt)).toBe(true);
  }, 180_000);
});

describeEachStore('transfer of a material’s file name', (openDesk) => {
  it('stores a carried name cleaned as an upload’s is: no folders, no bidi override, no invisible character', async () => {
    const desk = await openDesk();
    const bytes = await goodMaterial('licence');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // another (older or altered) desk's archive: the name reads “营业执照exe.jpg” on screen
    const client = {
      record: clientRecordSchema.parse(companyRecord(1)),
      materials: [{ sha256, kind: 'licence' as const, fileName: '../../营业执照\u200b\u202Egpj.exe', mime: 'image/jpeg', person: null, website: null }],
      filed: [],
      filingPassword: null,
      orders: [],
    };
    const file = join(tempDir(), 'a.bdtransfer');
    writeFileSync(file, await writeTransferArchive([client], PASS, async () => bytes));
    await importTransfer(desk, file, PASS);
    const id = (await listClients(desk, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items[0]!.id;
    expect((await listMaterials(desk, id)).map((m) => m.fileName)).toEqual(['营业执照__gpj.exe']);
  }, 120_000);
});
