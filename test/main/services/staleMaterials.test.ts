// A material that no longer shows what the record says: an ID scan or curtain photo uploaded before the
// person's name, 证件类型 or 证件号码 changed, or a signed 核验单 scan uploaded before anything its sheet prints
// changed, blocks the order (V-MAT-04) and check-all until uploaded again; a save that changes nothing leaves it.
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, editPerson, getClientClear } from '../../../main/services/clients';
import { attachToOrder, checkOrderPhotos, createOrder, getOrder } from '../../../main/services/orders';
import { buildPackage } from '../../../main/services/packages';
import { applyAcceptedFields } from '../../../main/services/documentIntake';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { editWebsite } from '../../../main/services/clients';
import { clientReadiness } from '../../../main/services/readiness';
import { individual } from '../../fixtures/drafts';
import { FAKE_ID, renderIdFront } from '../../fixtures/documents';
import { personId } from '../../fixtures/records';
import { fillOrder, goodMaterial } from '../../fixtures/materials';
import { builtOnce, describeEachStore } from '../../support/eachStore';
import { extractSignature } from '../../../main/pdf/seal';
import { penSignature } from '../../fixtures/images';
import { saveGeneratedSheet, stampSheet } from '../../../main/services/sheets';
import { readMaterial } from '../../../main/services/materials';
import { exportTransfer } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { listClients } from '../../../main/services/clients';
import { ordersOfClient } from '../../../main/services/clientOrders';
import { archiveFile } from '../../support/leases';

const PASS = 'transfer-pass-1';

// another valid number for the same person: a new ID card
const NEW_ID = personId(8);

/**
 * A client with a filled, photo-checked 首次备案 order (tencent), built once per file and store; each test gets a
 * copy of that desk (eachStore.ts builtOnce). Filled under a clock that moves on with every reading from a time
 * before every test's own clock (the real one, or the one below), so the materials are older than every edit.
 */
const filled = builtOnce(async (openDesk) => {
  let tick = Date.parse('2026-12-07T07:00:00.000Z');
  const desk = await openDesk({ clock: () => new Date((tick += 5)) });
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await fillOrder(desk, o.id);
  const person = (await getClientClear(desk, c!.id)).people[0]!;
  return { desk, entityId: c!.id, orderId: o.id, person };
});

describeEachStore('materials older than the person’s identity', (openDesk, dialect) => {
  it('a new mobile number or a form saved unchanged leaves the ID scans and the curtain photo fresh (the signed 核验单, which prints the mobile, is signed again)', async () => {
    const { desk, orderId, person } = await filled(openDesk, dialect);
    expect((await getOrder(desk, orderId)).problems).toEqual([]);
    await editPerson(desk, person.id, personFieldsOf(person));
    expect((await getOrder(desk, orderId)).problems).toEqual([]);
    await editPerson(desk, person.id, { ...personFieldsOf(person), mobile: '13900001111' });
    await editPerson(desk, person.id, personFieldsOf({ ...person, mobile: '13900001111' }));
    const view = await getOrder(desk, orderId);
    expect(view.checklist.filter((s) => s.status === 'stale').map((s) => s.kind)).toEqual(['sheet']);
  }, 120_000);

  it('a new 证件号码 blocks the order, its package and check-all until the person’s materials are uploaded again', async () => {
    const { desk, entityId, orderId, person } = await filled(openDesk, dialect);
    await editPerson(desk, person.id, { ...personFieldsOf(person), certNumber: NEW_ID });
    const view = await getOrder(desk, orderId);
    // the signed 核验单 prints the 证件号码 too
    expect(view.checklist.filter((s) => s.status === 'stale').map((s) => s.kind).sort()).toEqual(['curtain', 'id-back', 'id-front', 'sheet']);
    const stale = view.checklist.filter((s) => s.status === 'stale' && s.kind !== 'sheet');
    expect(view.problems).toEqual(expect.arrayContaining(stale.map((s) => expect.stringContaining(`材料需重新上传：${s.label}——${person.name}的姓名或证件在材料上传后改过`))));
    await expect(buildPackage(desk, orderId)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('材料需重新上传') });
    const readiness = await clientReadiness(desk, entityId);
    expect(readiness.findings.filter((f) => f.ruleId === 'V-MAT-04').map((f) => f.severity)).toEqual(['error', 'error', 'error', 'error']);
    // the same files again: the desk keeps one copy of the bytes, and the slots are fresh
    for (const s of view.checklist.filter((x) => x.status === 'stale')) await attachToOrder(desk, orderId, s.id, { fileName: `${s.kind}.jpg`, data: await goodMaterial(s.kind, 0) });
    const after = await getOrder(desk, orderId);
    expect(after.checklist.filter((s) => s.status === 'stale')).toEqual([]);
    expect(after.problems.filter((p) => p.startsWith('材料'))).toEqual([]);
  }, 120_000);

  it('a renamed person makes their materials stale too; an ID photo read and accepted with its new number is fresh', async () => {
    // a clock that moves on with every reading, as a busy desk's does: no two writes share a millisecond
    let tick = Date.parse('2026-12-07T08:00:00.000Z');
    const { desk, entityId, orderId, person } = await filled(openDesk, dialect, { clock: () => new Date((tick += 5)) });
    await editPerson(desk, person.id, { ...personFieldsOf(person), name: '王晓明' });
    expect((await getOrder(desk, orderId)).checklist.filter((s) => s.status === 'stale').map((s) => s.kind).sort()).toEqual(['curtain', 'id-back', 'id-front', 'sheet']);
    // 证件识别 writes the number and stores the photo in one transaction: the photo is not older than the number
    const clear = (await getClientClear(desk, entityId)).people[0]!;
    await applyAcceptedFields(desk, { entityId, personId: clear.id, fill: { 'person.certNumber': FAKE_ID }, photo: { kind: 'id-front', fileName: 'front.png', data: await renderIdFront() } });
    const front = (await getOrder(desk, orderId)).checklist.find((s) => s.kind === 'id-front')!;
    expect(front.status).not.toBe('stale');
  }, 120_000);
});

describeEachStore('a signed 核验单 older than what it prints', (openDesk, dialect) => {
  const SHEET_STALE = '核验单上印的信息在核验单生成后改过';

  it('a new domain and 首页URL, a new IP or a new site name make the signed scan stale: the order, its package and check-all say so until it is signed and uploaded again', async () => {
    const { desk, entityId, orderId } = await filled(openDesk, dialect);
    const site = (await getClientClear(desk, entityId)).websites[0]!;
    const sheetSlot = `website:${site.id}:sheet`;
    const sheetOf = async () => {
      await checkOrderPhotos(desk, orderId);
      return (await getOrder(desk, orderId)).checklist.find((s) => s.id === sheetSlot)!;
    };
    expect((await sheetOf()).status).toBe('present');

    await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: ['wxm-new.cn'], homepages: ['www.wxm-new.cn'] });
    const view = await getOrder(desk, orderId);
    expect(view.checklist.filter((s) => s.status === 'stale').map((s) => s.id)).toEqual([sheetSlot]);
    expect(view.problems).toEqual(expect.arrayContaining([expect.stringContaining(`材料需重新上传：王小明的摄影博客：已签字的核验单扫描件——${SHEET_STALE}`)]));
    await expect(buildPackage(desk, orderId)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(SHEET_STALE) });
    // check-all, for the client's open order
    const readiness = await clientReadiness(desk, entityId);
    expect(readiness.findings.filter((f) => f.ruleId === 'V-MAT-04').map((f) => f.message)).toEqual([expect.stringContaining(SHEET_STALE)]);

    // signed again and uploaded: fresh
    await attachToOrder(desk, orderId, sheetSlot, { fileName: 'sheet.jpg', data: await goodMaterial('sheet', 0) });
    expect((await sheetOf()).status).toBe('present');

    for (const change of [{ ips: ['1.2.3.4'] }, { name: '王小明的摄影作品' }]) {
      const now = (await getClientClear(desk, entityId)).websites[0]!;
      await editWebsite(desk, site.id, { ...websiteFieldsOf(now), ...change });
      expect((await sheetOf()).status).toBe('stale');
      await attachToOrder(desk, orderId, sheetSlot, { fileName: 'sheet.jpg', data: await goodMaterial('sheet', 0) });
      expect((await sheetOf()).status).toBe('present');
    }
  }, 120_000);

  it('a website saved unchanged leaves the signed scan as it was', async () => {
    const { desk, entityId, orderId } = await filled(openDesk, dialect);
    const site = (await getClientClear(desk, entityId)).websites[0]!;
    await editWebsite(desk, site.id, websiteFieldsOf(site));
    expect((await getOrder(desk, orderId)).problems).toEqual([]);
  }, 120_000);
});

/**
 * The 核验单 the desk generates (核验单（生成）) and stamps (核验单（已盖章）) print the record as it stood then: once any of
 * it changes, such a PDF no longer shows the record, whether uploaded as the signed sheet or stamped again.
 */
describeEachStore('a 核验单 the desk generated or stamped before what it prints changed', (openDesk, dialect) => {
  const REDO = '请重新生成核验单（盖章版须重新盖章）';

  async function withSignature() {
    const { desk, entityId, orderId } = await filled(openDesk, dialect);
    const site = (await getClientClear(desk, entityId)).websites[0]!;
    const signature = (await extractSignature(await penSignature())).png;
    return { desk, entityId, orderId, site, signature, sheetSlot: `website:${site.id}:sheet` };
  }

  it('uploaded as the signed sheet after the change, the generated or stamped PDF is stale: the order, its package and check-all say to draw it again', async () => {
    const { desk, entityId, orderId, site, signature, sheetSlot } = await withSignature();
    const generated = await readMaterial(desk, (await saveGeneratedSheet(desk, site.id)).id);
    const stamped = await stampSheet(desk, site.id, { signature });
    await editWebsite(desk, site.id, { ...websiteFieldsOf(site), ips: ['1.2.3.4'] });
    // laid out for a provider that takes the signed sheet as a PDF (Tencent asks a JPG scan: photoGate.ts)
    for (const pdf of [generated.data, stamped.pdf]) {
      await attachToOrder(desk, orderId, sheetSlot, { fileName: '核验单.pdf', data: pdf });
      const view = await getOrder(desk, orderId, 'aliyun');
      expect(view.checklist.find((s) => s.id === sheetSlot)).toMatchObject({ status: 'stale', note: expect.stringContaining(REDO) });
      await expect(buildPackage(desk, orderId, 'aliyun')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(REDO) });
      expect((await clientReadiness(desk, entityId)).findings.filter((f) => f.ruleId === 'V-MAT-04').map((f) => f.message)).toEqual([expect.stringContaining(REDO)]);
    }
    // stamped again after the change: it shows the record — for the order's own Tencent, which only takes a scan (JPG)
    // of it; drawn for Tencent, it is no sheet for an Aliyun package (sheetProvider.test.ts)
    const again = await stampSheet(desk, site.id, { signature });
    await attachToOrder(desk, orderId, sheetSlot, { fileName: '核验单.pdf', data: again.pdf });
    expect((await getOrder(desk, orderId)).checklist.find((s) => s.id === sheetSlot)).toMatchObject({ status: 'failed', note: expect.stringContaining('这份是 PDF') });
    expect((await getOrder(desk, orderId, 'aliyun')).checklist.find((s) => s.id === sheetSlot)).toMatchObject({ status: 'stale', note: expect.stringContaining('已签字的核验单是为“腾讯云”生成的') });
  }, 120_000);

  it('refuses to stamp a stored sheet that no longer shows the record, saying to draw it again', async () => {
    const { desk, site, signature } = await withSignature();
    const generated = await saveGeneratedSheet(desk, site.id);
    const stamped = await stampSheet(desk, site.id, { signature });
    // stamped before the change, from a sheet that showed the record: taken
    expect((await stampSheet(desk, site.id, { signature, sourceMaterialId: generated.id })).material.kind).toBe('sheet-stamped');
    await editWebsite(desk, site.id, { ...websiteFieldsOf(site), name: '王小明的摄影作品' });
    for (const source of [generated.id, stamped.material.id]) {
      await expect(stampSheet(desk, site.id, { signature, sourceMaterialId: source })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('请重新生成核验单后再盖章') });
    }
    // the sheet drawn from the record now is taken
    expect((await stampSheet(desk, site.id, { signature })).material.kind).toBe('sheet-stamped');
  }, 120_000);

  it('a stamped sheet carried to another desk keeps its judgement there: stale if it was stale, fresh if it was fresh', async () => {
    const { desk: a, entityId, site, signature, sheetSlot } = await withSignature();
    const before = await stampSheet(a, site.id, { signature });
    await editWebsite(a, site.id, { ...websiteFieldsOf(site), ips: ['1.2.3.4'] });
    const after = await stampSheet(a, site.id, { signature });
    const b = await openDesk();
    await importTransfer(b, archiveFile(await exportTransfer(a, [entityId], PASS)), PASS);
    const id = (await listClients(b, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items[0]!.id;
    const order = (await ordersOfClient(b, id))[0]!;
    const slot = sheetSlot.replace(String(site.id), String((await getClientClear(b, id)).websites[0]!.id));
    const statusAfterUpload = async (pdf: Uint8Array) => {
      await attachToOrder(b, order.id, slot, { fileName: '核验单.pdf', data: pdf });
      return (await getOrder(b, order.id)).checklist.find((s) => s.id === slot)!.status;
    };
    expect(await statusAfterUpload(before.pdf)).toBe('stale');
    expect(await statusAfterUpload(after.pdf)).not.toBe('stale');
  }, 180_000);
});
