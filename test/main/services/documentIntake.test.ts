// Accepting values read from a licence or ID photo on a client's 材料 tab: the values and the photo are
// written together, or nothing is. (Reading itself is tested in test/main/photos/reader/.)
import { expect, it } from 'vitest';
import { applyAcceptedFields } from '../../../main/services/documentIntake';
import { auditTrail, createClients, getClientClear } from '../../../main/services/clients';
import { listMaterials } from '../../../main/services/materials';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { companyRecord } from '../../fixtures/records';
import { FAKE_ID, FAKE_USCC, renderIdFront, renderLicence, wrongCheck } from '../../fixtures/documents';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

async function clientWithOnePerson(openDesk: OpenDesk) {
  const desk = await openDesk();
  const [created] = await createClients(desk, [clientRecordSchema.parse(companyRecord(7))]);
  const entity = await getClientClear(desk, created!.id);
  return { desk, entityId: entity.id, personId: entity.principalPersonId! };
}

describeEachStore('values accepted from a licence or ID photo on the 材料 tab', (openDesk) => {
  it('writes the accepted 主体 values and stores the licence photo as the 主体’s material, with audit entries naming fields only', async () => {
    const { desk, entityId } = await clientWithOnePerson(openDesk);
    const photo = await renderLicence();
    const r = await applyAcceptedFields(desk, { entityId, personId: null, fill: { 'entity.certNumber': FAKE_USCC, 'entity.certValidTo': '长期' }, photo: { kind: 'licence', fileName: '营业执照.png', data: photo } });
    const clear = await getClientClear(desk, entityId);
    expect(clear.certNumber).toBe(FAKE_USCC);
    expect(clear.certValidTo).toBe('长期');
    expect(r.entity.masked).toBe(true);
    const materials = await listMaterials(desk, entityId);
    expect(materials).toEqual([expect.objectContaining({ id: r.materialId, kind: 'licence', personId: null, fileName: '营业执照.png' })]);
    const log = await auditTrail(desk, { entityId, limit: 20 });
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['entity.update', 'material.create']));
    expect(JSON.stringify(log)).not.toContain(FAKE_USCC);
  });

  it('writes an ID card’s values to the chosen 负责人 and the photo as that person’s material', async () => {
    const { desk, entityId, personId } = await clientWithOnePerson(openDesk);
    await applyAcceptedFields(desk, { entityId, personId, fill: { 'person.certNumber': FAKE_ID }, photo: { kind: 'id-front', fileName: 'front.png', data: await renderIdFront() } });
    expect((await getClientClear(desk, entityId)).people.find((p) => p.id === personId)?.certNumber).toBe(FAKE_ID);
    expect(await listMaterials(desk, entityId)).toEqual([expect.objectContaining({ kind: 'id-front', personId })]);
    // a later value from the same photo: no second copy of the photo
    await applyAcceptedFields(desk, { entityId, personId, fill: { 'person.certValidFrom': '2015-03-07', 'person.certValidTo': '2035-03-07' }, photo: null });
    expect((await getClientClear(desk, entityId)).people[0]).toMatchObject({ certValidFrom: '2015-03-07', certValidTo: '2035-03-07' });
    expect(await listMaterials(desk, entityId)).toHaveLength(1);
  });

  it('refuses a value the form would refuse, and then stores neither the value nor the photo', async () => {
    const { desk, entityId, personId } = await clientWithOnePerson(openDesk);
    const before = (await getClientClear(desk, entityId)).people[0]!.certNumber;
    await expect(applyAcceptedFields(desk, { entityId, personId, fill: { 'person.certNumber': wrongCheck(FAKE_ID) }, photo: { kind: 'id-front', fileName: 'front.png', data: await renderIdFront() } })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/校验位/),
    });
    expect((await getClientClear(desk, entityId)).people[0]!.certNumber).toBe(before);
    expect(await listMaterials(desk, entityId)).toEqual([]);
  });

  it('stores nothing when the photo is not an image, even with valid values', async () => {
    const { desk, entityId } = await clientWithOnePerson(openDesk);
    const before = (await getClientClear(desk, entityId)).certValidTo;
    await expect(applyAcceptedFields(desk, { entityId, personId: null, fill: { 'entity.certValidTo': '长期' }, photo: { kind: 'licence', fileName: 'x.png', data: Buffer.from('not an image') } })).rejects.toMatchObject({ code: 'FILE_INVALID' });
    expect((await getClientClear(desk, entityId)).certValidTo).toBe(before);
    expect(await listMaterials(desk, entityId)).toEqual([]);
  });

  it('rolls the photo back when the store refuses the value (a 主体证件号码 another client has)', async () => {
    const { desk, entityId } = await clientWithOnePerson(openDesk);
    const [other] = await createClients(desk, [clientRecordSchema.parse(companyRecord(8))]);
    const taken = (await getClientClear(desk, other!.id)).certNumber;
    await expect(applyAcceptedFields(desk, { entityId, personId: null, fill: { 'entity.certNumber': taken }, photo: { kind: 'licence', fileName: 'l.png', data: await renderLicence() } })).rejects.toBeTruthy();
    expect((await getClientClear(desk, entityId)).certNumber).not.toBe(taken);
    expect(await listMaterials(desk, entityId)).toEqual([]);
  });
});
