import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, deleteClient } from '../../../main/services/clients';
import { addMaterial, readMaterial } from '../../../main/services/materials';
import { exportClientListXlsx } from '../../../main/services/xlsxExport';
import { dueForDeletion, exportPersonData, setRetention } from '../../../main/services/retention';
import { updateSettings } from '../../../main/services/session';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord, personId } from '../../fixtures/records';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

describeEachStore('retention (PIPL)', (openDesk) => {
  it('lists a client as due once its retention period after the end of service has passed', async () => {
    const desk = await openDesk({ clock: () => new Date('2026-11-24T10:00:00Z') });
    const [a, b, c] = await createClients(desk, [1, 2, 3].map((n) => clientRecordSchema.parse(companyRecord(n))));
    await setRetention(desk, a!.id, '2024-10-01', null); // default 24 months → due 2026-10-01
    await setRetention(desk, b!.id, '2024-10-01', 36); // due 2027-10-01
    await setRetention(desk, c!.id, '2026-11-24', 1); // due 2026-12-24
    expect((await dueForDeletion(desk)).map((d) => [d.id, d.dueDate])).toEqual([[a!.id, '2026-10-01']]);
    await updateSettings(desk, { retentionMonths: 12 });
    expect((await dueForDeletion(desk)).map((d) => d.id)).toEqual([a!.id]);
    expect((await dueForDeletion(desk, '2027-10-01')).map((d) => d.id)).toEqual([a!.id, b!.id, c!.id]);
    await expect(setRetention(desk, 999, null, null)).rejects.toThrow('不存在');
  });

  it('deletes with a tombstone that names counts and a fixed reason, nothing personal', async () => {
    const desk = await openDesk();
    const [a] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    await deleteClient(desk, a!.id, '保留期限届满');
    const row = await desk.sql.db.selectFrom('audit_log').select(['actor', 'at', 'detail']).where('action', '=', 'entity.delete').executeTakeFirstOrThrow();
    expect(JSON.parse(row.detail)).toEqual({ people: 2, websites: 1, materials: 0, reason: '保留期限届满' });
    expect(row.actor).toBe('tester');
  });

  it('exports everything held about one person, and logs the export', async () => {
    const desk = await openDesk();
    const [a] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const idPhoto = await materialJpeg('id photo');
    await addMaterial(desk, { entityId: a!.id, personId: a!.personIds.p2!, kind: 'id-front', fileName: '李身份证.jpg', data: idPhoto });
    await addMaterial(desk, { entityId: a!.id, kind: 'licence', fileName: '执照.jpg', data: await materialJpeg('licence') });
    const doc = await exportPersonData(desk, a!.personIds.p2!);
    expect(doc.person.certNumber).toBe(personId(501, '19850612'));
    expect(doc.roles).toEqual(['网站负责人（示例000001官网：shili000001.cn、shili000001.com.cn）']);
    expect(doc.materials.map((m) => [m.fileName, Buffer.from(m.contentBase64, 'base64').equals(idPhoto)])).toEqual([['李身份证.jpg', true]]);
    const logged = await desk.sql.db.selectFrom('audit_log').select('id').where('action', '=', 'person.exportAll').execute();
    expect(logged).toHaveLength(1);
  });

  it('lists what was done with the person’s data: their ID photo viewed and a 明文导出 of the client, not another person’s photo', async () => {
    const desk = await openDesk();
    const [a] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const theirs = await addMaterial(desk, { entityId: a!.id, personId: a!.personIds.p2!, kind: 'id-front', fileName: '李身份证.jpg', data: await materialJpeg('id photo') });
    const other = await addMaterial(desk, { entityId: a!.id, personId: a!.personIds.p1!, kind: 'id-front', fileName: '王身份证.jpg', data: await materialJpeg('other id photo') });
    await readMaterial(desk, theirs.id);
    await readMaterial(desk, other.id);
    await exportClientListXlsx(desk, { reveal: true });
    const doc = await exportPersonData(desk, a!.personIds.p2!);
    const actions = doc.log.map((e) => [e.action, e.targetType, e.targetId]);
    expect(actions).toContainEqual(['material.read', 'material', theirs.id]);
    expect(actions).not.toContainEqual(['material.read', 'material', other.id]);
    expect(actions).toContainEqual(['entity.export', 'entity', a!.id]); // the 明文导出, per client
  });
});
