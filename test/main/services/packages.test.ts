// What a submission package names: a 注销, 取消接入 or 变更 is made under the 备案号s the 管局 holds, so its
// package names those of the filed state (已备案信息); a client form saying other numbers is refused by the
// gate, its fields named, until it is put right.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { clientRecordSchema } from '../../../main/domain/schemas';
import type { Desk } from '../../../main/desk';
import { addWebsite, createClients, editWebsite, getClientClear, removeWebsite, updateClientEntity } from '../../../main/services/clients';
import { filedOverview, recordExistingFiling } from '../../../main/services/filedState';
import { setFilingPassword } from '../../../main/services/filingPassword';
import { advanceOrder, attachToOrder, checkOrderPhotos, createOrder, getOrder } from '../../../main/services/orders';
import { buildPackage } from '../../../main/services/packages';
import { individual } from '../../fixtures/drafts';
import { fillOrder, goodMaterial, materialPdf } from '../../fixtures/materials';
import { tempDir } from '../../helpers';
import { describeEachStore } from '../../support/eachStore';

const FILED = '粤ICP备12345678号';
const TYPO = '粤ICP备87654321号';

async function setNumbers(desk: Desk, id: number, entity: string, site: string) {
  const e = await getClientClear(desk, id);
  await updateClientEntity(desk, id, { ...entityFieldsOf(e), icpNumber: entity }, e.rowVersion);
  const w = (await getClientClear(desk, id)).websites[0]!;
  await editWebsite(desk, w.id, { ...websiteFieldsOf(w), icpNumber: site });
}

async function manifestOf(desk: Desk, orderId: number): Promise<string> {
  const pkg = await buildPackage(desk, orderId);
  const file = join(tempDir(), pkg.fileName);
  writeFileSync(file, pkg.zip);
  return execFileSync('unzip', ['-p', file, '*/manifest.json'], { encoding: 'utf8' });
}

describeEachStore('the 备案号s a 注销 package names', (openDesk) => {
  it('refuses while the client form’s 主体/网站备案号 differ from the filed ones, then names the filed ones', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const siteId = c!.websiteIds[0]!;
    await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-01-01', entityIcpNumber: FILED, websiteIcpNumbers: { [siteId]: `${FILED}-1` } });
    await setFilingPassword(desk, c!.id, 'Pw-123456');
    // mistyped on the client form later
    await setNumbers(desk, c!.id, TYPO, `${TYPO}-1`);

    // 已备案信息 marks both numbers as differing
    expect((await filedOverview(desk, c!.id)).differences.filter((d) => d.field === 'icpNumber')).toEqual([
      { area: '主体', field: 'icpNumber', label: '主体备案号', filed: FILED, current: TYPO },
      { area: '网站“王小明的摄影博客”', field: 'icpNumber', label: '网站备案号', filed: `${FILED}-1`, current: `${TYPO}-1` },
    ]);

    const o = await createOrder(desk, { entityId: c!.id, type: '注销网站', provider: 'tencent' });
    const { problems, ready } = await getOrder(desk, o.id);
    expect(ready).toBe(false);
    expect(problems).toEqual([
      expect.stringMatching(/^客户资料的主体备案号与已备案信息的主体备案号不一致：/),
      expect.stringMatching(/^网站“王小明的摄影博客”：客户资料的网站备案号与已备案信息的网站备案号不一致：/),
    ]);
    // the fields are named, not the numbers (the messages reach the logs)
    expect(problems.join()).not.toMatch(/ICP备/);
    await expect(buildPackage(desk, o.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('主体备案号与已备案信息的主体备案号不一致') });

    // the same numbers, the site's typed with full-width digits: the package names the filed spelling
    await setNumbers(desk, c!.id, FILED, '粤ICP备１２３４５６７８号-１');
    expect((await getOrder(desk, o.id)).problems).toEqual([]);
    const manifest = await manifestOf(desk, o.id);
    expect(manifest).toContain(`"icpNumber": "${FILED}-1"`);
    expect(manifest).not.toContain(TYPO);
  }, 60_000);

  it('refuses a 注销网站 of a website the filed state does not list', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual((r) => {
      r.websites.push({ ...r.websites[0], name: '王小明的第二个网站', domains: ['wxm-two.cn'], homepages: ['www.wxm-two.cn'] });
    });
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const [a, b] = c!.websiteIds;
    await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-01-01', entityIcpNumber: FILED, websiteIcpNumbers: { [a!]: `${FILED}-1` } });
    await setFilingPassword(desk, c!.id, 'Pw-123456');
    const w = (await getClientClear(desk, c!.id)).websites.find((x) => x.id === b)!;
    await editWebsite(desk, b!, { ...websiteFieldsOf(w), icpNumber: `${FILED}-2` });
    const o = await createOrder(desk, { entityId: c!.id, type: '注销网站', provider: 'tencent', websiteIds: [b!] });
    expect((await getOrder(desk, o.id)).problems).toEqual([expect.stringMatching(/^网站“王小明的第二个网站”不在已备案信息中：/)]);
  }, 60_000);
});

describeEachStore('an order whose websites were all deleted', (openDesk) => {
  it('is neither exported nor submitted: a 首次备案 package with no website, curtain photo or 核验单 would leave the desk', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    await fillOrder(desk, o.id);
    // the website was entered wrong: the operator adds it again and deletes the first, which leaves the order
    const first = (await getClientClear(desk, c!.id)).websites[0]!;
    await addWebsite(desk, c!.id, { ...websiteFieldsOf(first), name: '王小明的旅行博客', domains: ['wxm-travel.cn'], homepages: ['www.wxm-travel.cn'] });
    await removeWebsite(desk, first.id);

    const view = await getOrder(desk, o.id);
    expect(view.websiteIds).toEqual([]);
    expect(view.ready).toBe(false);
    expect(view.problems).toEqual(['订单没有涉及任何网站：“首次备案”须至少涉及一个网站（订单的网站可能已从客户资料中删除）。请放弃此订单，按现有网站新建订单']);
    await expect(buildPackage(desk, o.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('订单没有涉及任何网站') });
    await advanceOrder(desk, o.id, { to: '待提交' });
    await expect(advanceOrder(desk, o.id, { to: '初审中' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('订单没有涉及任何网站') });
  }, 120_000);
});

describeEachStore('a 取消接入 package', (openDesk) => {
  it('names the websites whose 接入 at the provider it cancels', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual((r) => {
      r.websites.push({ ...r.websites[0], name: '王小明的第二个网站', domains: ['wxm-two.cn'], homepages: ['www.wxm-two.cn'] });
    });
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const [a, b] = c!.websiteIds;
    await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-01-01', entityIcpNumber: FILED, websiteIcpNumbers: { [a!]: `${FILED}-1`, [b!]: `${FILED}-2` } });
    await setNumbers(desk, c!.id, FILED, `${FILED}-1`);
    const second = (await getClientClear(desk, c!.id)).websites.find((x) => x.id === b)!;
    await editWebsite(desk, b!, { ...websiteFieldsOf(second), icpNumber: `${FILED}-2` });
    const o = await createOrder(desk, { entityId: c!.id, type: '取消接入', provider: 'tencent' });
    expect((await getOrder(desk, o.id)).problems).toEqual([]);
    const manifest = JSON.parse(await manifestOf(desk, o.id)) as { websites: { name: string; domains: string[]; icpNumber: string | null }[] };
    expect(manifest.websites).toEqual([
      { name: '王小明的摄影博客', domains: ['wxm-photo.cn'], icpNumber: `${FILED}-1` },
      { name: '王小明的第二个网站', domains: ['wxm-two.cn'], icpNumber: `${FILED}-2` },
    ]);
  }, 60_000);
});

describeEachStore('a package of two websites with one name', (openDesk) => {
  it('tells their files apart by each website’s first domain, not by a -2 the operator cannot place', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual((r) => {
      r.websites.push({ ...r.websites[0], name: '王小明的摄影博客', domains: ['wxm-two.cn'], homepages: ['www.wxm-two.cn'] });
    });
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    await fillOrder(desk, o.id);
    const [a, b] = c!.websiteIds;
    const pkg = await buildPackage(desk, o.id);
    const name = (slot: string) => pkg.files.find((f) => f.slot === slot)!.path.split('/').pop();
    expect([name(`website:${a}:sheet`), name(`website:${b}:sheet`), name(`website:${a}:sheet-pdf`), name(`website:${b}:sheet-pdf`)]).toEqual([
      '王小明的摄影博客（wxm-photo.cn）-核验单-已签字.jpg',
      '王小明的摄影博客（wxm-two.cn）-核验单-已签字.jpg',
      '王小明的摄影博客（wxm-photo.cn）-核验单.pdf',
      '王小明的摄影博客（wxm-two.cn）-核验单.pdf',
    ]);
  }, 120_000);
});

// domain.md §4 cross-province materials: 广东 asks the 网站建设方案书 of a 个人 with more than 10 websites — the
// sites on record count with the ones the order brings (10 filed + 1 new here).
describeEachStore('a 广东 个人 with more than 10 websites', (openDesk) => {
  it('is refused without the 网站建设方案书, and its package carries it under its own name once uploaded', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual((r) => {
      const first = r.websites[0];
      r.entity.icpNumber = FILED;
      r.websites = Array.from({ length: 11 }, (_, i) => ({ ...first, name: `王小明的网站${i + 1}`, domains: [`wxm-site${i + 1}.cn`], homepages: [`www.wxm-site${i + 1}.cn`], icpNumber: i < 10 ? `${FILED}-${i + 1}` : null }));
    });
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const fresh = c!.websiteIds[10]!;
    const o = await createOrder(desk, { entityId: c!.id, type: '新增网站', provider: 'tencent', websiteIds: [fresh] });
    for (const item of (await getOrder(desk, o.id)).checklist) {
      if (item.kind !== 'site-plan') await attachToOrder(desk, o.id, item.id, { fileName: `${item.kind}.jpg`, data: await goodMaterial(item.kind) });
    }
    await checkOrderPhotos(desk, o.id);
    const before = await getOrder(desk, o.id);
    expect(before.checklist.find((s) => s.kind === 'site-plan')).toMatchObject({ id: 'entity:site-plan', label: '网站建设方案书（本主体共 11 个网站）', status: 'missing' });
    expect(before.problems).toEqual(['缺少材料：网站建设方案书（本主体共 11 个网站）']);
    await expect(buildPackage(desk, o.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('网站建设方案书') });

    await attachToOrder(desk, o.id, 'entity:site-plan', { fileName: '方案书.pdf', data: await materialPdf('网站建设方案书') });
    expect((await getOrder(desk, o.id)).problems).toEqual([]);
    const pkg = await buildPackage(desk, o.id);
    expect(pkg.files.filter((f) => f.slot === 'entity:site-plan').map((f) => f.path.split('/').pop())).toEqual(['网站建设方案书.pdf']);
  }, 120_000);
});
