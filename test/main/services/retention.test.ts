import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { addPerson, createClients, deleteClient, editPerson, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { recordExistingFiling, recordSubmitted } from '../../../main/services/filedState';
import { createOrder } from '../../../main/services/orders';
import { addMaterial, readMaterial } from '../../../main/services/materials';
import { exportClientListXlsx } from '../../../main/services/xlsxExport';
import { dueForDeletion, exportPersonData, setRetention } from '../../../main/services/retention';
import { updateSettings } from '../../../main/services/session';
import { individual } from '../../fixtures/drafts';
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

  it('gives the person’s values kept in 已备案信息 and in an order’s submitted record, each named with where and since when, after they changed', async () => {
    const desk = await openDesk({ clock: () => new Date('2026-03-05T02:00:00Z') });
    const [a] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const li = a!.personIds.p2!;
    const site = (await getClientClear(desk, a!.id)).websites[0]!;
    await recordExistingFiling(desk, a!.id, { provider: 'tencent', filedAt: '2026-03-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [site.id]: '粤ICP备12345678号-1' } });
    const before = (await getClientClear(desk, a!.id)).people.find((p) => p.id === li)!;
    // a 变更备案 submitted with a new mobile; then the person changed their name and e-mail too
    await editPerson(desk, li, { ...personFieldsOf(before), mobile: '13912345678' });
    const o = await createOrder(desk, { entityId: a!.id, type: '变更备案', provider: 'tencent' });
    await recordSubmitted(desk, o);
    await editPerson(desk, li, { ...personFieldsOf(before), name: '李新名', mobile: '13912345678', email: 'new@example.cn' });

    const doc = await exportPersonData(desk, li);
    expect(doc.person.email).toBe('new@example.cn');
    const filed = { name: before.name, certType: before.certType, certNumber: before.certNumber, certValidFrom: before.certValidFrom, certValidTo: before.certValidTo, officePhone: before.officePhone, mobile: before.mobile, emergencyPhone: before.emergencyPhone, email: before.email };
    expect(before.certNumber).toBe(personId(501, '19850612')); // in clear, as the current values are
    expect(doc.kept).toEqual([
      { store: '已备案信息', since: '2026-03-01', label: '已备案信息 第 1 版（2026-03-01 登记为已备案）', person: filed, holder: null },
      { store: '订单提交时的信息', since: '2026-03-05', label: `变更备案订单 #${o.id} 提交时的信息（2026-03-05 提交）`, person: { ...filed, mobile: '13912345678' }, holder: null },
    ]);
    // the other person's kept values are theirs alone
    const zhang = await exportPersonData(desk, a!.personIds.p1!);
    expect(zhang.kept.map((k) => k.person?.name)).toEqual(['张000001', '张000001']);
    expect(JSON.stringify(zhang.kept)).not.toContain(before.mobile);
  });

  it('gives the 主办人 of a 个人 client the 主体’s values too — their 证件住所 and 通信地址 — now and as filed', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const e = await getClientClear(desk, c!.id);
    await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2026-03-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [e.websites[0]!.id]: '粤ICP备12345678号-1' } });
    await updateClientEntity(desk, c!.id, { ...entityFieldsOf(e), certAddress: '广东省深圳市福田区新路9号', mailingAddress: '广东省深圳市福田区新路9号1栋101室' });

    const doc = await exportPersonData(desk, c!.personIds.p1!);
    const holder = { name: '王小明', certType: '居民身份证', certNumber: personId(7), investor: '王小明' };
    expect(doc.holder).toEqual({ ...holder, certAddress: '广东省深圳市福田区新路9号', mailingAddress: '广东省深圳市福田区新路9号1栋101室' });
    expect(doc.kept.map((k) => [k.label, k.holder])).toEqual([['已备案信息 第 1 版（2026-03-01 登记为已备案）', { ...holder, certAddress: '广东省深圳市南山区某路1号', mailingAddress: '广东省深圳市南山区某路1号2栋301室' }]]);
    // a unit's 主体 is not a person's data: none for a company's 负责人
    const [u] = await createClients(desk, [clientRecordSchema.parse(companyRecord(2))]);
    expect((await exportPersonData(desk, u!.personIds.p1!)).holder).toBe(null);
  });

  it('gives a 个人 主体’s values to the person whose 证件 it carries, not to a 主体负责人 changed to someone else', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const wang = c!.personIds.p1!;
    await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2026-03-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [(await getClientClear(desk, c!.id)).websites[0]!.id]: '粤ICP备12345678号-1' } });
    // the 主体负责人 switched to another person; the 主体 (its name, 证件, 住所) is still 王小明's
    const li = await addPerson(desk, c!.id, { name: '李四', certType: '居民身份证', certNumber: personId(8), certValidFrom: null, certValidTo: null, officePhone: '', mobile: '13800138008', emergencyPhone: '', email: 'lisi@example.cn' });
    await updateClientEntity(desk, c!.id, { ...entityFieldsOf(await getClientClear(desk, c!.id)), principalPersonId: li.id });

    const liDoc = await exportPersonData(desk, li.id);
    expect(liDoc.holder).toBe(null);
    expect(JSON.stringify(liDoc)).not.toContain(personId(7));
    expect(JSON.stringify(liDoc)).not.toContain('广东省深圳市南山区某路1号');
    const wangDoc = await exportPersonData(desk, wang);
    expect(wangDoc.holder).toEqual({ name: '王小明', certType: '居民身份证', certNumber: personId(7), investor: '王小明', certAddress: '广东省深圳市南山区某路1号', mailingAddress: '广东省深圳市南山区某路1号2栋301室' });
    expect(wangDoc.kept.map((k) => k.holder?.certNumber)).toEqual([personId(7)]);
  });
});
