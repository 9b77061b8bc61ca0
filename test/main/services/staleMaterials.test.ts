// A material that no longer shows the person the record names: an ID scan or curtain photo uploaded before the
// person's name, 证件类型 or 证件号码 changed blocks the order (V-MAT-04) and check-all, until uploaded again;
// any other save of the person (a new mobile number) leaves it as it was.
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, editPerson, getClientClear } from '../../../main/services/clients';
import { attachToOrder, createOrder, getOrder } from '../../../main/services/orders';
import { buildPackage } from '../../../main/services/packages';
import { applyAcceptedFields } from '../../../main/services/documentIntake';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { clientReadiness } from '../../../main/services/readiness';
import { individual } from '../../fixtures/drafts';
import { FAKE_ID, renderIdFront } from '../../fixtures/documents';
import { personId } from '../../fixtures/records';
import { fillOrder, goodMaterial } from '../../fixtures/materials';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

// another valid number for the same person: a new ID card
const NEW_ID = personId(8);

async function filledOrder(openDesk: OpenDesk, options: Parameters<OpenDesk>[0] = {}) {
  const desk = await openDesk(options);
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await fillOrder(desk, o.id);
  const person = (await getClientClear(desk, c!.id)).people[0]!;
  return { desk, entityId: c!.id, orderId: o.id, person };
}

describeEachStore('materials older than the person’s identity', (openDesk) => {
  it('a new mobile number or a form saved unchanged leaves the order ready', async () => {
    const { desk, orderId, person } = await filledOrder(openDesk);
    expect((await getOrder(desk, orderId)).problems).toEqual([]);
    await editPerson(desk, person.id, { ...personFieldsOf(person), mobile: '13900001111' });
    await editPerson(desk, person.id, personFieldsOf({ ...person, mobile: '13900001111' }));
    const view = await getOrder(desk, orderId);
    expect(view.checklist.filter((s) => s.status === 'stale')).toEqual([]);
    expect(view.problems).toEqual([]);
  }, 120_000);

  it('a new 证件号码 blocks the order, its package and check-all until the person’s materials are uploaded again', async () => {
    const { desk, entityId, orderId, person } = await filledOrder(openDesk);
    await editPerson(desk, person.id, { ...personFieldsOf(person), certNumber: NEW_ID });
    const view = await getOrder(desk, orderId);
    const stale = view.checklist.filter((s) => s.status === 'stale');
    expect(stale.map((s) => s.kind).sort()).toEqual(['curtain', 'id-back', 'id-front']);
    expect(view.problems).toEqual(expect.arrayContaining(stale.map((s) => expect.stringContaining(`材料需重新上传：${s.label}——${person.name}的姓名或证件在材料上传后改过`))));
    await expect(buildPackage(desk, orderId)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('材料需重新上传') });
    const readiness = await clientReadiness(desk, entityId);
    expect(readiness.findings.filter((f) => f.ruleId === 'V-MAT-04').map((f) => f.severity)).toEqual(['error', 'error', 'error']);
    // the same files again: the desk keeps one copy of the bytes, and the slots are fresh
    for (const s of stale) await attachToOrder(desk, orderId, s.id, { fileName: `${s.kind}.jpg`, data: await goodMaterial(s.kind, 0) });
    const after = await getOrder(desk, orderId);
    expect(after.checklist.filter((s) => s.status === 'stale')).toEqual([]);
    expect(after.problems.filter((p) => p.startsWith('材料'))).toEqual([]);
  }, 120_000);

  it('a renamed person makes their materials stale too; an ID photo read and accepted with its new number is fresh', async () => {
    // a clock that moves on with every reading, as a busy desk's does: no two writes share a millisecond
    let tick = Date.parse('2026-12-07T08:00:00.000Z');
    const { desk, entityId, orderId, person } = await filledOrder(openDesk, { clock: () => new Date((tick += 5)) });
    await editPerson(desk, person.id, { ...personFieldsOf(person), name: '王晓明' });
    expect((await getOrder(desk, orderId)).checklist.filter((s) => s.status === 'stale').length).toBe(3);
    // 证件识别 writes the number and stores the photo in one transaction: the photo is not older than the number
    const clear = (await getClientClear(desk, entityId)).people[0]!;
    await applyAcceptedFields(desk, { entityId, personId: clear.id, fill: { 'person.certNumber': FAKE_ID }, photo: { kind: 'id-front', fileName: 'front.png', data: await renderIdFront() } });
    const front = (await getOrder(desk, orderId)).checklist.find((s) => s.kind === 'id-front')!;
    expect(front.status).not.toBe('stale');
  }, 120_000);
});
