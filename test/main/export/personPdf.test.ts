// The readable copy of a person's data (PIPL access request) beside the JSON: Chinese labels, their
// values, the materials with the photos shown, and one log entry for the export.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../../main/db/repositories/audit';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { createClients, editPerson, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { checkInLease } from '../../../main/services/leaseCheckin';
import { checkOutClients, exportCheckin } from '../../../main/services/leases';
import { importTransfer } from '../../../main/services/transferImport';
import { recordExistingFiling } from '../../../main/services/filedState';
import { asPlainJpeg, personDataPdf } from '../../../main/export/personPdf';
import sharp from 'sharp';
import { addMaterial } from '../../../main/services/materials';
import { materialJpeg } from '../../fixtures/materials';
import { individual } from '../../fixtures/drafts';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, testRouter } from '../../helpers';
import { archiveFile, clientByCert, LAPTOP, PASS } from '../../support/leases';

describe('导出 of everything held about a person', () => {
  it('gives a PDF with Chinese labels and the values beside the JSON, logged once', async () => {
    const { router, desk } = await testRouter();
    const rec = companyRecord(1);
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    await addMaterial(desk, { entityId: c!.id, personId: c!.personIds.p2!, kind: 'id-front', fileName: '李身份证.jpg', data: await materialJpeg('id') });
    await router.invoke('person.reveal', { id: c!.personIds.p2!, purpose: '核对' });
    const r = await router.invoke('person.exportAll', { id: c!.personIds.p2! });
    expect(r.ok).toBe(true);
    const out = (r as { ok: true; value: { readable: { fileName: string; pdfBase64: string }; person: Record<string, unknown> } }).value;
    expect(out.readable.fileName).toMatch(/^李000001-个人信息-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(out.person.certNumber).toBe(rec.people[1]!.certNumber); // JSON unchanged beside it
    const file = join(tempDir(), 'p.pdf');
    writeFileSync(file, Buffer.from(out.readable.pdfBase64, 'base64'));
    if (process.env.BEIAN_DESK_KEEP_PDF) writeFileSync(process.env.BEIAN_DESK_KEEP_PDF, Buffer.from(out.readable.pdfBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['个人信息副本', '姓名', '李000001', '证件号码', rec.people[1]!.certNumber, '手机号码', '电子邮箱', '所属客户', '网站负责人（示例000001官网', '身份证人像面：李身份证.jpg', '查看个人信息']) expect(text).toContain(s);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+2/); // the photo on its own page
    expect((await listAudit(desk.ctx, { entityId: c!.id, limit: 10 })).filter((a) => a.action === 'person.exportAll')).toHaveLength(1);
  });

  it('shows the values kept in 已备案信息 under where and since when they are kept, in the PDF and the JSON', async () => {
    const { router, desk } = await testRouter();
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const li = c!.personIds.p2!;
    const client = await getClientClear(desk, c!.id);
    await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2026-03-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [client.websites[0]!.id]: '粤ICP备12345678号-1' } });
    const before = client.people.find((p) => p.id === li)!;
    await editPerson(desk, li, { ...personFieldsOf(before), name: '李新名', mobile: '13912345678' });
    const r = await router.invoke('person.exportAll', { id: li });
    const out = (r as { ok: true; value: { readable: { pdfBase64: string }; kept: { label: string; person: Record<string, unknown> }[] } }).value;
    expect(out.kept.map((k) => [k.label, k.person.name, k.person.mobile, k.person.certNumber])).toEqual([['已备案信息 第 1 版（2026-03-01 登记为已备案）', before.name, before.mobile, before.certNumber]]);
    const file = join(tempDir(), 'kept.pdf');
    writeFileSync(file, Buffer.from(out.readable.pdfBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['李新名', '13912345678', '已备案信息 第 1 版（2026-03-01 登记为已备案）', before.name, before.mobile, before.certNumber]) expect(text).toContain(s);
    expect(text.indexOf('已备案信息 第 1 版')).toBeLessThan(text.indexOf(before.mobile));
  });

  it('shows the 主办人 of a 个人 client the 主体’s fields: their 证件住所 and 通信地址', async () => {
    const { router, desk } = await testRouter();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const r = await router.invoke('person.exportAll', { id: c!.personIds.p1! });
    const out = (r as { ok: true; value: { readable: { pdfBase64: string }; holder: Record<string, unknown> } }).value;
    expect(out.holder.certAddress).toBe('广东省深圳市南山区某路1号');
    const file = join(tempDir(), 'holder.pdf');
    writeFileSync(file, Buffer.from(out.readable.pdfBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['主体证件住所', '广东省深圳市南山区某路1号', '主体通信地址', '广东省深圳市南山区某路1号2栋301室']) expect(text).toContain(s);
  });

  it('carries many kept copies over to further pages, every value on a page', async () => {
    const copy = (n: number) => ({ label: `已备案信息 第 ${n} 版（2026-03-0${n} 管局审核通过）`, person: { name: '李四', certType: '居民身份证', certNumber: '440305198506125019', mobile: `1391234567${n}`, email: `li${n}@example.cn` }, holder: null });
    const pdf = await personDataPdf({ exportedAt: '2026-03-09T02:00:00Z', person: { name: '李四' }, holder: null, client: '示例公司', roles: [], materials: [], log: [], kept: [1, 2, 3, 4, 5, 6, 7, 8].map(copy) });
    const file = join(tempDir(), 'many.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) expect(text).toContain(`1391234567${n}`);
    expect(text).toContain('四、相关操作记录');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+4/); // 8 copies of 9 rows: three pages after the first
  });

  it('shows the values a check-in conflict holds about a 个人 主体 alone (no 负责人 row of theirs), with what that copy is', async () => {
    const holder = { name: '王小明', certType: '居民身份证', certNumber: '440305199003070073', certAddress: '广东省深圳市南山区某路1号', mailingAddress: '笔记本上改的通信地址', investor: '王小明' };
    const label = '笔记本电脑签入冲突中保存的主体信息（2026-12-01 从“拍照点笔记本”签入）';
    const pdf = await personDataPdf({ exportedAt: '2026-12-02T02:00:00Z', person: { name: '王小明' }, holder: null, client: '王小明', roles: [], materials: [], log: [], kept: [{ store: '笔记本电脑签入冲突', label, person: null, holder }] });
    const file = join(tempDir(), 'conflict.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const s of [label.replace(/\s+/g, ''), '二、已备案信息、订单及签入冲突中保存的个人信息', '主体通信地址', '笔记本上改的通信地址', '440305199003070073', '与本机修改冲突而尚待处理的内容，处理后即删除']) expect(text).toContain(s);
  });

  it('gives the 主办人 of a 个人 client, through the API, the 主体’s values a check-in conflict holds', async () => {
    const { router, desk } = await testRouter();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const { leaseId, archive } = await checkOutClients(desk, [c!.id], LAPTOP, PASS);
    const laptop = await openTestDesk(tempDir());
    await importTransfer(laptop, archiveFile(archive), PASS);
    const e = await getClientClear(desk, c!.id);
    await updateClientEntity(desk, c!.id, { ...entityFieldsOf(e), mailingAddress: '服务器上改的通信地址' }, e.rowVersion);
    const there = await clientByCert(laptop, e.certNumber);
    await updateClientEntity(laptop, there.id, { ...entityFieldsOf(there), mailingAddress: '笔记本上改的通信地址' }, there.rowVersion);
    await checkInLease(desk, archiveFile(await exportCheckin(laptop, leaseId, PASS)), PASS);
    const r = await router.invoke('person.exportAll', { id: c!.personIds.p1! });
    expect(r.ok).toBe(true);
    const out = (r as { ok: true; value: { kept: { person: unknown; holder: Record<string, unknown> | null }[] } }).value;
    expect(out.kept.map((k) => [k.person, k.holder?.mailingAddress])).toEqual([[null, '笔记本上改的通信地址']]);
  });

  it('puts a scan with a transparent background on white, not on the black JPEG would otherwise fill it with', async () => {
    const png = await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const jpeg = (await asPlainJpeg(png))!;
    const { data } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(...data.subarray(0, 300))).toBeGreaterThan(240);
  });
});
