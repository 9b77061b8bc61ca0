// The photo gate in the store: failing photos block the submit step until accepted with a reason, closed
// orders are read-only, 可提交 includes the materials, and duplicates mean what they mean per client.
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { acceptFailedPhoto, advanceOrder, attachToOrder, checkOrderPhotos, createOrder, getOrder, linkExisting } from '../../../main/services/orders';
import { clientReadiness } from '../../../main/services/readiness';
import { checkAllClients } from '../../../main/services/checkAll';
import { enterprise, individual } from '../../fixtures/drafts';
import { companyRecord } from '../../fixtures/records';
import { fillOrder, groupPhoto, idScan, licenceScan, materialPdf } from '../../fixtures/materials';
import { savePhotoCheck } from '../../../main/db/repositories/photoGate';
import { PHOTO_CHECKER_VERSION } from '../../../main/photos/checkerVersion';
import { describeEachStore, type DeskSnapshot, type OpenDesk, openSnapshot, snapshotDesk } from '../../support/eachStore';
import type { DialectName } from '../../../main/db/dialect';
import type { Desk } from '../../../main/desk';

type AnyRecord = ReturnType<typeof individual>;
const parse = (r: AnyRecord) => {
  const { filing: _f, ...rest } = r;
  return clientRecordSchema.parse(rest);
};

async function deskWith(openDesk: OpenDesk, ...records: AnyRecord[]) {
  const desk = await openDesk();
  return { desk, clients: await createClients(desk, records.map(parse)) };
}

const secondCompany = () => ({ ...companyRecord(2), filing: null }) as unknown as AnyRecord;

/** Each filled desk's store, by what it holds and the store (both dialects), made on the first test that asks for it. */
const filledDesks = new Map<string, Promise<{ snapshot: DeskSnapshot; entityIds: number[]; orderId: number }>>();

/**
 * A copy of a desk holding `records` as clients and a 首次备案 (腾讯云, 新建) of the first one, filled with passing files
 * (`files` instead for some kinds) and its photos measured. That desk is made once per store (filling an order and
 * measuring its photos was most of each test's CPU) and closed; each test opens a copy of its own (eachStore.ts
 * openSnapshot): the same store as the desk it was made on, with the same verdicts stored.
 */
async function filledDesk(key: string, openDesk: OpenDesk, dialect: DialectName, records: () => AnyRecord[], files?: () => Promise<Partial<Record<string, Buffer>>>): Promise<{ desk: Desk; entityIds: number[]; orderId: number }> {
  let made = filledDesks.get(`${key} ${dialect}`);
  if (!made) {
    made = (async () => {
      const { desk, clients } = await deskWith(openDesk, ...records());
      const o = await createOrder(desk, { entityId: clients[0]!.id, type: '首次备案', provider: 'tencent' });
      await fillOrder(desk, o.id, { files: await files?.() });
      return { snapshot: await snapshotDesk(desk), entityIds: clients.map((c) => c.id), orderId: o.id };
    })();
    filledDesks.set(`${key} ${dialect}`, made);
    made.catch(() => filledDesks.delete(`${key} ${dialect}`));
  }
  const { snapshot, entityIds, orderId } = await made;
  return { desk: await openSnapshot(snapshot), entityIds, orderId };
}

/** 王小明 (个人) with his order filled and the wrong curtain photo (the group photo): it fails the curtain check. */
const filledIndividualOrder = async (openDesk: OpenDesk, dialect: DialectName) => {
  const { desk, entityIds, orderId } = await filledDesk('individual', openDesk, dialect, () => [individual()], async () => ({ curtain: await groupPhoto() }));
  return { desk, entityId: entityIds[0]!, orderId };
};

describeEachStore('failing photos gate the submit step', (openDesk, dialect) => {
  it('refuses 提交初审 naming the curtain slot and why, until the photo is accepted with a written reason', async () => {
    const { desk, orderId } = await filledIndividualOrder(openDesk, dialect);
    const o = { id: orderId };
    await advanceOrder(desk, o.id, { to: '待提交' });
    const view = await getOrder(desk, o.id);
    const curtain = view.checklist.find((c) => c.kind === 'curtain')!;
    expect(curtain.status).toBe('failed');
    expect(curtain.note).toContain('幕布照片须竖拍');
    expect(view.ready).toBe(false);
    expect(view.checklist.filter((c) => c.kind !== 'curtain').every((c) => c.status === 'present')).toBe(true);

    let refused: unknown;
    try {
      await advanceOrder(desk, o.id, { to: '初审中' });
    } catch (err) {
      refused = err;
    }
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('照片检查不通过：王小明的摄影博客：网站负责人王小明的幕布照片——') });
    expect((refused as { details: { message: string }[] }).details.map((d) => d.message).join('\n')).toMatch(/检测到 \d 张人脸|没有检测到人脸|蓝色幕布只占画面/);

    await expect(acceptFailedPhoto(desk, o.id, curtain.id, '   ')).rejects.toThrow('请填写接受这张照片的理由');
    await expect(acceptFailedPhoto(desk, o.id, 'person:1:id-front', '看过了')).rejects.toThrow(/没有不通过，无需接受|没有材料项/);
    const accepted = await acceptFailedPhoto(desk, o.id, curtain.id, '人工核对：确为网站负责人本人，检测误判');
    expect(accepted).toMatchObject({ status: 'accepted', override: { reason: '人工核对：确为网站负责人本人，检测误判', actor: 'tester' } });
    const after = await getOrder(desk, o.id);
    expect(after.ready).toBe(true);
    expect(after.events.at(-1)).toMatchObject({ from: '待提交', to: '待提交', reason: `接受照片检查不通过的“${curtain.label}”：人工核对：确为网站负责人本人，检测误判` });
    const audit = await desk.sql.db.selectFrom('audit_log').select('detail').where('action', '=', 'order.acceptPhoto').execute();
    expect(audit).toHaveLength(1);
    expect((await advanceOrder(desk, o.id, { to: '初审中' })).state).toBe('初审中');
  }, 90_000);

  it('judges a replaced photo afresh: the acceptance holds for the material it was given for', async () => {
    const { desk, orderId } = await filledIndividualOrder(openDesk, dialect);
    const o = { id: orderId };
    const curtain = (await getOrder(desk, o.id)).checklist.find((c) => c.kind === 'curtain')!;
    expect(curtain.status).toBe('failed');
    await acceptFailedPhoto(desk, o.id, curtain.id, '人工核对为本人');
    const other = await sharp(await groupPhoto()).flop().jpeg().toBuffer();
    await attachToOrder(desk, o.id, curtain.id, { fileName: '重拍.jpg', data: other });
    await checkOrderPhotos(desk, o.id);
    expect((await getOrder(desk, o.id)).checklist.find((c) => c.id === curtain.id)!.status).toBe('failed');
  }, 90_000);
});

describeEachStore('closed orders are read-only', (openDesk, dialect) => {
  it.each(['已放弃', '已撤回'] as const)('refuses uploads, links and acceptances on an order that is %s', async (state) => {
    const { desk, orderId } = await filledIndividualOrder(openDesk, dialect);
    const o = { id: orderId };
    const view = await getOrder(desk, o.id);
    if (state === '已撤回') {
      const c = view.checklist.find((x) => x.kind === 'curtain')!;
      await acceptFailedPhoto(desk, o.id, c.id, '人工核对为本人');
      for (const to of ['待提交', '初审中'] as const) await advanceOrder(desk, o.id, { to });
    }
    await advanceOrder(desk, o.id, { to: state });
    const slot = view.checklist[0]!;
    expect((await getOrder(desk, o.id)).readOnly).toContain(`订单${state}，只能查看`);
    await expect(attachToOrder(desk, o.id, slot.id, { fileName: 'x.jpg', data: await idScan(9) })).rejects.toThrow(/只能查看：不能再上传材料、导出提交包或修改/);
    await expect(linkExisting(desk, o.id, slot.id, slot.materialId!)).rejects.toThrow(/只能查看/);
    await expect(acceptFailedPhoto(desk, o.id, view.checklist.find((x) => x.kind === 'curtain')!.id, '理由')).rejects.toThrow(/只能查看/);
  }, 90_000);
});

describeEachStore('可提交 means ready', (openDesk, dialect) => {
  it('a client with rules in order but no material at all is not 可提交, on the badge and in check-all', async () => {
    const { desk, clients } = await deskWith(openDesk, individual());
    const id = clients[0]!.id;
    const badge = await clientReadiness(desk, id);
    expect(badge.counts.error).toBeGreaterThanOrEqual(4);
    expect(badge.findings.filter((f) => f.ruleId === 'V-MAT-01').map((f) => f.message)).toContain('下一次备案缺少材料：王小明的证件正面');
    const all = await checkAllClients(desk, { progress: () => undefined, cancelled: false });
    expect(all.notReady.map((c) => c.id)).toEqual([id]);
  });

  it('the open order decides: once its materials pass, the badge has no material finding left', async () => {
    const { desk, entityId, orderId } = await filledIndividualOrder(openDesk, dialect);
    const clients = [{ id: entityId }];
    const o = { id: orderId };
    const failing = await clientReadiness(desk, clients[0]!.id);
    expect(failing.findings.filter((f) => f.ruleId.startsWith('V-MAT')).map((f) => [f.ruleId, f.severity])).toEqual([['V-MAT-02', 'error']]);
    await acceptFailedPhoto(desk, o.id, (await getOrder(desk, o.id)).checklist.find((c) => c.kind === 'curtain')!.id, '人工核对为本人');
    const ok = await clientReadiness(desk, clients[0]!.id);
    expect(ok.findings.filter((f) => f.ruleId.startsWith('V-MAT')).map((f) => [f.ruleId, f.severity])).toEqual([['V-MAT-02', 'info']]);
  }, 90_000);
});

describeEachStore('duplicates that mean something', (openDesk, dialect) => {
  const dup = (o: Awaited<ReturnType<typeof getOrder>>, kind: string) => o.checklist.find((c) => c.kind === kind)!.photo!.checks.find((c) => c.id === 'duplicate')!;

  /** A company client with its order filled with passing files (variant 0), and a second company client with none. */
  const companies = () => filledDesk('companies', openDesk, dialect, () => [enterprise(), secondCompany()]);

  it('passes the same licence scan reused by the same client on a second order, with a note', async () => {
    const { desk, entityIds, orderId } = await companies();
    const clients = entityIds.map((id) => ({ id }));
    const first = { id: orderId };
    await advanceOrder(desk, first.id, { to: '已放弃' });
    const second = await createOrder(desk, { entityId: clients[0]!.id, type: '首次备案', provider: 'tencent' });
    const view = await fillOrder(desk, second.id);
    const licence = view.checklist.find((c) => c.kind === 'licence')!;
    expect(licence.status).toBe('present');
    expect(dup(view, 'licence')).toMatchObject({ status: 'pass', message: `与本客户已有的主体证件（营业执照等）相同（订单 #${first.id}）：同一客户复用，无需重新上传` });
    // the curtain photo of the first order is a warning: it belongs to one filing
    expect(dup(view, 'curtain')).toMatchObject({ status: 'warn', message: expect.stringContaining(`已用于订单 #${first.id}：幕布照片须为本次备案现场拍摄`) });
    expect(view.checklist.find((c) => c.kind === 'curtain')!.status).toBe('present');
  }, 120_000);

  it('fails the same licence scan, or a near-identical copy, under another client', async () => {
    const { desk, entityIds } = await companies();
    const clients = entityIds.map((id) => ({ id }));
    const b = await createOrder(desk, { entityId: clients[1]!.id, type: '首次备案', provider: 'tencent' });
    const own = await fillOrder(desk, b.id, { variant: 3 });
    expect(own.checklist.map((c) => [c.kind, c.status, c.note])).toEqual(own.checklist.map((c) => [c.kind, 'present', '']));
    // client A's licence scan, byte for byte
    await attachToOrder(desk, b.id, 'entity:licence', { fileName: '执照.jpg', data: await licenceScan(0) });
    await checkOrderPhotos(desk, b.id);
    const exact = await getOrder(desk, b.id);
    expect(dup(exact, 'licence')).toMatchObject({ status: 'fail', message: '这张主体证件（营业执照等）与客户“深圳市示例000001科技有限公司”的材料完全相同：不能使用其他客户的照片，请上传本客户本人的材料' });
    expect(exact.checklist.find((c) => c.kind === 'licence')!.status).toBe('failed');
    expect(dup(exact, 'id-front').status).toBe('pass');

    const near = await sharp(await licenceScan(0)).modulate({ brightness: 1.03 }).jpeg({ quality: 75 }).toBuffer();
    await attachToOrder(desk, b.id, 'entity:licence', { fileName: '执照-重新保存.jpg', data: near });
    await checkOrderPhotos(desk, b.id);
    const again = await getOrder(desk, b.id);
    expect(dup(again, 'licence')).toMatchObject({ status: 'fail', message: expect.stringContaining('几乎相同') });
    await attachToOrder(desk, b.id, 'entity:licence', { fileName: '执照-本客户.jpg', data: await licenceScan(3) });
    await checkOrderPhotos(desk, b.id);
    expect((await getOrder(desk, b.id)).checklist.find((c) => c.kind === 'licence')!.status).toBe('present');
  }, 120_000);
});

describeEachStore('a signed 核验单 stored as a PDF', (openDesk) => {
  const sheetOf = (o: Awaited<ReturnType<typeof getOrder>>) => o.checklist.find((c) => c.kind === 'sheet')!;

  it('fails under 腾讯云, which takes the scan as .jpg only (S4), on the order, the badge and in check-all', async () => {
    const { desk, clients } = await deskWith(openDesk, individual());
    const o = await createOrder(desk, { entityId: clients[0]!.id, type: '首次备案', provider: 'tencent' });
    await advanceOrder(desk, o.id, { to: '待提交' });
    const view = await fillOrder(desk, o.id, { files: { sheet: await materialPdf('签字核验单') } });
    const sheet = sheetOf(view);
    expect(sheet.status).toBe('failed');
    expect(sheet.photo).toMatchObject({ status: 'fail', checks: [{ id: 'format', status: 'fail', value: 'pdf', threshold: 'jpeg' }] });
    expect(sheet.note).toBe('腾讯云要求核验单为 JPEG 扫描件或照片（2.00 MB 以内），这份是 PDF：请把签字（盖章）后的核验单扫描或拍照为 JPEG 后重新上传');
    expect(view.ready).toBe(false);
    await expect(advanceOrder(desk, o.id, { to: '初审中' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('腾讯云要求核验单为 JPEG') });
    // the operator may still accept it with a reason, as any failing photo
    expect(await acceptFailedPhoto(desk, o.id, sheet.id, '接入商客服确认本次可收 PDF')).toMatchObject({ status: 'accepted' });

    // with the order given up, the next filing's checklist judges the PDF by the same rule
    await advanceOrder(desk, o.id, { to: '已放弃' });
    const badge = await clientReadiness(desk, clients[0]!.id);
    expect(badge.findings.filter((f) => f.ruleId === 'V-MAT-02').map((f) => f.message).join('\n')).toContain('腾讯云要求核验单为 JPEG');
    // check-all, one by one against the store and in slices (a cold run's way, its photos read in bulk)
    for (const mode of ['oneByOne', 'thread'] as const) {
      const all = await checkAllClients(desk, { progress: () => undefined, cancelled: false }, { fresh: true, mode });
      expect(all.notReady.map((c) => c.id), mode).toEqual([clients[0]!.id]);
      expect(JSON.stringify(all.notReady[0]), mode).toContain('腾讯云要求核验单为 JPEG');
    }
  }, 120_000);

  it('is not judged where the provider publishes no format rule (the product takes a PDF scan there)', async () => {
    const { desk, clients } = await deskWith(openDesk, individual());
    const o = await createOrder(desk, { entityId: clients[0]!.id, type: '首次备案', provider: 'generic' });
    const view = await fillOrder(desk, o.id, { files: { sheet: await materialPdf('签字核验单') } });
    expect(sheetOf(view)).toMatchObject({ status: 'present', photo: null });
  }, 90_000);
});

describeEachStore('a newer photo checker', (openDesk, dialect) => {
  it('does not reuse a result an older checker stored: the photo is unchecked until measured again', async () => {
    const { desk, orderId } = await filledIndividualOrder(openDesk, dialect);
    const o = { id: orderId };
    const view = await getOrder(desk, o.id);
    const curtain = view.checklist.find((c) => c.kind === 'curtain')!;
    expect(curtain.status).toBe('failed');
    // what the checker before this one kept: a pass, as a photo judged by an older rule may have had
    await desk.ctx.db.deleteFrom('material_photo_check').execute();
    await desk.sql.tx(() => savePhotoCheck(desk.ctx, 'tencent', PHOTO_CHECKER_VERSION - 1, { materialId: curtain.materialId!, status: 'pass', checks: [], dhash: null }));
    expect((await getOrder(desk, o.id)).checklist.find((c) => c.id === curtain.id)!.status).toBe('unchecked');
    await checkOrderPhotos(desk, o.id);
    expect((await getOrder(desk, o.id)).checklist.find((c) => c.id === curtain.id)!.status).toBe('failed');
  }, 90_000);
});
