// The CLI of the work after submission (issue 15): `order reject` with structured reasons.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { individual } from '../fixtures/drafts';
import { goodMaterial } from '../fixtures/materials';
import { TEST_PASSPHRASE, tempDir } from '../helpers';
import { cli as cliOn } from '../support/cliRun';

function cli(dataDir: string, ...args: string[]) {
  process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
  return cliOn(dataDir, ...args);
}

/** A 个人 client filed before this desk (its 备案号s and filing.before), so a 注销网站 — no materials, no photo step — may start. */
function filedBeforeDesk() {
  const r = individual() as { entity: Record<string, unknown>; people: unknown[]; websites: Record<string, unknown>[]; filing?: unknown };
  r.entity.icpNumber = '粤ICP备12345678号';
  r.websites.forEach((w, i) => (w.icpNumber = `粤ICP备12345678号-${i + 1}`));
  const { filing: _f, ...current } = r;
  return { ...current, filing: { type: '注销网站', provider: 'tencent', before: structuredClone({ entity: current.entity, people: current.people, websites: current.websites }) } };
}

describe('order reject', () => {
  it('records a 初审驳回 with FIELD:KIND:TEXT reasons and refuses resubmission until the field changed', async () => {
    const data = tempDir();
    const file = join(data, 'c.json');
    writeFileSync(file, JSON.stringify(filedBeforeDesk()));
    const added = JSON.parse((await cli(data, '--json', 'entity', 'add', '--file', file)).out) as { id: number; websiteIds: number[] };
    const w = added.websiteIds[0]!;
    await cli(data, 'order', 'create', '--entity', String(added.id), '--type', '注销网站', '--provider', 'tencent');
    for (const args of [['待提交'], ['初审中', '--confirm']]) expect((await cli(data, 'order', 'advance', '1', '--to', ...args)).code).toBe(0);

    const usage = await cli(data, 'order', 'reject', '1', '--text', '驳回', '--reason', `website.${w}.name:no-such-kind:x`);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('应为 字段:原因:说明');
    const wrongField = await cli(data, 'order', 'reject', '1', '--text', '驳回', '--reason', 'website.999.name:name-content-mismatch:x');
    expect(wrongField.code).toBe(1);
    expect(wrongField.err).toContain('该客户或订单没有“website.999.name”');

    const r = await cli(data, 'order', 'reject', '1', '--text', '网站名称与内容不符，地址不详', '--reason', `website.${w}.name:name-content-mismatch:名称与内容不符`, 'entity.mailingAddress:address-not-detailed:请写到门牌号');
    expect(r.code).toBe(0);
    expect(r.out).toContain('订单 #1 初审驳回（第 1 轮）');
    expect(r.out).toMatch(/✗ 网站“.*”的网站名称——网站名称与网站内容不符：名称与内容不符/);
    expect(r.out).toContain('✗ 主体的通信地址——通信地址不够详细：请写到门牌号');
    const again = await cli(data, 'order', 'advance', '1', '--to', '待提交');
    expect(again.code).toBe(1);
    expect(again.err).toContain('2 个驳回原因对应的内容还没有修改');
  }, 60_000);
});

/** A 个人 client's 首次备案 (order #1) with every material attached, moved through `states`; `record` may change the client first. */
async function firstFilingAt(states: string[], edit: (record: Omit<ReturnType<typeof individual>, 'filing'>) => unknown = (record) => record): Promise<{ data: string; slots: { id: string; kind: string }[]; websiteIds: number[] }> {
  const data = tempDir();
  const { filing: _f, ...record } = individual();
  const file = join(data, 'c.json');
  writeFileSync(file, JSON.stringify(edit(record)));
  const added = JSON.parse((await cli(data, '--json', 'entity', 'add', '--file', file)).out) as { id: number; websiteIds: number[] };
  await cli(data, 'order', 'create', '--entity', String(added.id), '--type', '首次备案', '--provider', 'tencent');
  const slots = JSON.parse((await cli(data, '--json', 'order', 'checklist', '1')).out) as { id: string; kind: string }[];
  for (const s of slots) {
    const f = join(data, `${s.kind}.jpg`);
    writeFileSync(f, await goodMaterial(s.kind));
    expect((await cli(data, 'material', 'attach', f, '--order', '1', '--slot', s.id)).code).toBe(0);
  }
  for (const to of states) expect((await cli(data, 'order', 'advance', '1', '--to', to)).code).toBe(0);
  return { data, slots, websiteIds: added.websiteIds };
}

describe('order reject in 复审中', () => {
  it('records a 复审驳回 and sends the order back to 待拍照核验; 复审中 again only with a new photo', async () => {
    const { data, slots } = await firstFilingAt(['待提交', '初审中', '待拍照核验', '复审中']);
    const curtain = slots.find((s) => s.kind === 'curtain')!;

    const r = await cli(data, 'order', 'reject', '1', '--text', '幕布照片人像不清晰，请重新拍照', '--reason', `slot.${curtain.id}:curtain-person-unclear:人像模糊`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('订单 #1 复审驳回（第 1 轮），退回待拍照核验：请重新拍照');
    expect(r.out).toMatch(/✗ 材料：.*幕布照片.*——.*：人像模糊/);
    const same = await cli(data, 'order', 'advance', '1', '--to', '复审中');
    expect(same.code).toBe(1);
    expect(same.err).toContain('还不能重新提交复审：1 个驳回原因对应的内容还没有修改');
    const f = join(data, 'curtain-2.jpg');
    writeFileSync(f, await goodMaterial('curtain', 1));
    expect((await cli(data, 'material', 'attach', f, '--order', '1', '--slot', curtain.id)).code).toBe(0);
    expect((await cli(data, 'order', 'advance', '1', '--to', '复审中')).code).toBe(0);
  }, 90_000);

  it('refuses --at 复审 on an order still in 初审中, which 初审中 → 待拍照核验 (初审 passed) would have moved on with nothing recorded', async () => {
    const { data, slots } = await firstFilingAt(['待提交', '初审中']);
    const curtain = slots.find((s) => s.kind === 'curtain')!;
    const r = await cli(data, 'order', 'reject', '1', '--at', '复审', '--text', '幕布照片人像不清晰，请重新拍照', '--reason', `slot.${curtain.id}:curtain-person-unclear:人像模糊`);
    expect(r.code).toBe(1);
    expect(r.err).toContain('订单 #1 当前为“初审中”，不在复审中，不能记录复审驳回；未做任何改动');
    const listed = JSON.parse((await cli(data, '--json', 'order', 'list')).out) as { id: number; state: string }[] | { items: { id: number; state: string }[] };
    expect((Array.isArray(listed) ? listed : listed.items).find((o) => o.id === 1)?.state).toBe('初审中');
  }, 90_000);
});

describe('order gongan', () => {
  it('prints the prefilled 公安备案 summary of an approved order and records 已完成 with the 公安备案号', async () => {
    const { data, websiteIds } = await firstFilingAt(['待提交', '初审中', '待拍照核验', '复审中', '管局审核中'], (r) => ({ ...r, websites: [{ ...r.websites[0], ips: ['203.0.113.10'] }] }));
    expect((await cli(data, 'order', 'gongan', '1')).err).toContain('管局审核通过后才办理公安备案');
    const w = websiteIds[0]!;
    expect((await cli(data, 'order', 'advance', '1', '--to', '已通过', '--icp', '粤ICP备2026123456号', '--site-icp', `${w}=粤ICP备2026123456号-1`)).code).toBe(0);

    const summary = await cli(data, 'order', 'gongan', '1');
    expect(summary.code).toBe(0);
    expect(summary.out).toContain(`网站 ${w}「王小明的摄影博客」 待办理（预填，未保存）`);
    expect(summary.out).toContain('主域名：wxm-photo.cn');
    expect(summary.out).toContain('IP：203.0.113.10');
    expect(summary.out).toContain('网络接入服务商：腾讯云计算（北京）有限责任公司｜所属地区管辖 北京市｜所属区域 北京市市辖区海淀区｜接入方式 租赁主机');
    expect(summary.out).not.toContain('✗');

    expect((await cli(data, 'order', 'gongan', '1', '--done', '粤公网安备123号')).code).toBe(1);
    const done = await cli(data, 'order', 'gongan', '1', '--done', '粤公网安备44030002017573号');
    expect(done.code).toBe(0);
    expect(done.out).toContain('已完成 粤公网安备44030002017573号');
    expect((await cli(data, 'order', 'list', '--open')).out).toContain('没有订单');
  }, 90_000);
});

describe('order auth-code', () => {
  it('records a 备案授权码 with its resource and expiry, and an expired one refuses 提交初审', async () => {
    const data = tempDir();
    const file = join(data, 'c.json');
    writeFileSync(file, JSON.stringify(filedBeforeDesk()));
    await cli(data, 'entity', 'add', '--file', file);
    await cli(data, 'order', 'create', '--entity', '1', '--type', '注销网站', '--provider', 'tencent');
    await cli(data, 'order', 'advance', '1', '--to', '待提交');
    const missing = await cli(data, 'order', 'auth-code', '1', '--code', 'TC-1', '--expires', '2099-01-01');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('请填写对应的资源');
    const added = await cli(data, 'order', 'auth-code', '1', '--code', 'TC-OLD', '--resource', 'ins-old', '--expires', '2020-01-01');
    expect(added.code).toBe(0);
    expect(added.out).toContain('✗ 已过期  备案授权码 TC-OLD  ins-old  有效期至 2020-01-01');
    const refused = await cli(data, 'order', 'advance', '1', '--to', '初审中', '--confirm');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('备案授权码“TC-OLD”（ins-old）已于 2020-01-01 过期');
  }, 60_000);
});
