// What each change rule tells the operator, word for word, path and hint included (domain.md §3.6 and §1.4):
// the words are the product here — an empty or swapped message is a broken rule. V-CHG-09 is the safety claim
// of issue 19: “负责人已更换” (new IDs, curtain photo and 核验单) versus “负责人未更换” (S0、S4: nothing again).
import { describe, expect, it } from 'vitest';
import { toDraft } from '../../../main/rules/draft';
import { runRules } from '../../../main/rules/engine';
import type { Finding, StoreLookup } from '../../../main/rules/types';
import { change, enterprise, individual, type AnyRecord } from '../../fixtures/drafts';
import { personId } from '../../fixtures/records';

const TODAY = new Date('2026-11-24T12:00:00+08:00');
const of = (record: AnyRecord, id: string, options: { store?: StoreLookup; orderClosed?: boolean } = {}): Omit<Finding, 'ruleId' | 'source'>[] =>
  runRules(toDraft(record).draft, { today: TODAY, ...options })
    .filter((f) => f.ruleId === id)
    .map(({ severity, path, message, hint }) => ({ severity, path, message, hint }));
const newPrincipal = (r: AnyRecord) => ((r.people[0].name = '赵新'), (r.people[0].certNumber = personId(88, '19800808')));
/** A second site, run by the 主体负责人 (p1), beside the first (run by p2). */
const twoSites = (r: AnyRecord) => r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'], principal: 'p1' });
const newSitePrincipal = (r: AnyRecord) => ((r.people[1].name = '钱新'), (r.people[1].certNumber = personId(77, '19820202')));

describe('V-CHG-09: what a change uploads again', () => {
  it('a new 主体负责人: new IDs, curtain photo and a newly signed 核验单', () => {
    expect(of(change(enterprise(), '变更主体', newPrincipal), 'V-CHG-09')).toEqual([
      { severity: 'info', path: ['people'], message: '负责人已更换：须上传新负责人的身份证正反面和幕布照片，并重新签核验单', hint: '在材料中为新负责人上传' },
    ]);
  });

  it('a new 网站负责人 alone is a replaced 负责人 too', () => {
    expect(of(change(enterprise(), '变更网站', newSitePrincipal), 'V-CHG-09').map((f) => f.message)).toEqual(['负责人已更换：须上传新负责人的身份证正反面和幕布照片，并重新签核验单']);
  });

  it('only contact details: nothing to upload again (S0、S4), and the operator still checks', () => {
    expect(of(change(enterprise(), '变更主体', (r) => (r.people[0].mobile = '13912345678')), 'V-CHG-09')).toEqual([
      { severity: 'info', path: ['people'], message: '负责人未更换：只改联系方式或地址时，无需重新上传证件和幕布照片', hint: '仍须核对信息无误' },
    ]);
  });

  it('a new 证件住所 adds the new licence (S2), beside the 负责人 line', () => {
    expect(of(change(enterprise(), '变更主体', (r) => (r.entity.certAddress = '深圳市南山区科技园路2号')), 'V-CHG-09')).toEqual([
      { severity: 'info', path: ['people'], message: '负责人未更换：只改联系方式或地址时，无需重新上传证件和幕布照片', hint: '仍须核对信息无误' },
      { severity: 'info', path: ['entity', 'certAddress'], message: '证件住所已变：须上传新营业执照（或主体证件）的彩色扫描件', hint: '与新证件上的地址一致' },
    ]);
  });

  it('says nothing without the record as filed, or outside a change', () => {
    expect(of(enterprise((r) => (r.filing.type = '变更主体')), 'V-CHG-09')).toEqual([]);
    expect(of(enterprise(), 'V-CHG-09')).toEqual([]);
  });
});

describe('V-CHG-01 … V-CHG-06: what a change may not do, and which type it must use', () => {
  it('V-CHG-01: the province cannot change (S0、S1)', () => {
    const r = change(enterprise(), '变更主体', (x) => ((x.entity.province = '北京市'), (x.entity.mailingAddress = '北京市海淀区某路1号')));
    expect(of(r, 'V-CHG-01')).toEqual([
      { severity: 'error', path: ['entity', 'province'], message: '备案省份不能由“广东省”改为“北京市”', hint: '须在新省份重新备案（先注销原备案）；个别接入商（华为云）允许以变更主体处理，请先咨询接入商' },
    ]);
  });

  it('V-CHG-02: a change may only delete domains (S1)', () => {
    expect(of(change(enterprise(), '变更网站', (r) => r.websites[0].domains.push('shili-new.cn')), 'V-CHG-02')).toEqual([
      { severity: 'error', path: ['websites', 0, 'domains', 2], message: '变更中不能新增或修改域名：“shili-new.cn”不在原备案中', hint: '新增域名请以“新增网站”备案；变更只能删除域名' },
    ]);
  });

  it('V-CHG-03: 湖南 and 贵州 want 变更备案 for a new 法定代表人 (S2)', () => {
    const legalRep = (r: AnyRecord) => ((r.entity.investor = '赵新'), newPrincipal(r));
    expect(of(change(enterprise((r) => (r.entity.province = '贵州省')), '变更主体', legalRep), 'V-CHG-03')).toEqual([
      { severity: 'error', path: ['filing', 'type'], message: '贵州管局：主体负责人（法定代表人）变更须选择“变更备案”，不能用“变更主体”', hint: '改选变更备案，并准备新的网站负责人授权书' },
    ]);
    expect(of(change(enterprise((r) => (r.entity.province = '湖南省')), '变更备案', legalRep), 'V-CHG-03')).toEqual([]);
    expect(of(change(enterprise((r) => (r.entity.province = '湖南省')), '变更主体', (r) => (r.people[0].mobile = '13912345678')), 'V-CHG-03')).toEqual([]);
    // without the record as filed there is nothing to compare
    expect(of(enterprise((r) => ((r.entity.province = '湖南省'), (r.filing.type = '变更主体'))), 'V-CHG-03')).toEqual([]);
    // no type chosen yet: the message names the 变更主体 it would be
    const untyped = change(enterprise((r) => (r.entity.province = '湖南省')), '变更主体', legalRep);
    untyped.filing.type = null;
    expect(of(untyped, 'V-CHG-03').map((f) => f.message)).toEqual(['湖南管局：主体负责人（法定代表人）变更须选择“变更备案”，不能用“变更主体”']);
  });

  it('V-CHG-02 says nothing without the record as filed', () => {
    expect(of(enterprise((r) => (r.filing.type = '变更网站')), 'V-CHG-02')).toEqual([]);
  });

  it('V-CHG-04: a 个人’s contact change must be 变更备案 (S2)', () => {
    expect(of(change(individual(), '变更主体', (r) => (r.people[0].email = 'new@example.cn')), 'V-CHG-04')).toEqual([
      { severity: 'error', path: ['filing', 'type'], message: '个人备案修改联系方式（手机、邮箱、固定电话或应急电话）须选“变更备案”，不能用“变更主体”；同时改动的其他信息也一并在变更备案中提交', hint: '改选变更备案' },
    ]);
    expect(of(change(individual(), '变更主体', (r) => (r.entity.remark = '新备注')), 'V-CHG-04')).toEqual([]);
  });

  // §3.6 V-CHG-04 “Personal filing, any contact change → 变更备案”: a remark changed beside it does not make it a 变更主体
  it.each(['变更主体', '变更网站'])('V-CHG-04: a 个人’s contact changed together with something else, filed as %s, still asks for 变更备案', (type) => {
    const withRemark = change(individual(), type, (x) => ((x.people[0].mobile = '13912345678'), (x.entity.remark = '主办人通信地址为最详细地址')));
    expect(of(withRemark, 'V-CHG-04').map((f) => [f.severity, f.path.join('.')])).toEqual([['error', 'filing.type']]);
    const withSite = change(individual(), type, (x) => ((x.people[0].email = 'new@example.cn'), (x.websites[0].name = '王小明的风光摄影')));
    expect(of(withSite, 'V-CHG-04')).toHaveLength(1);
    expect(of(change(individual(), '变更备案', (x) => ((x.people[0].mobile = '13912345678'), (x.entity.remark = '新备注'))), 'V-CHG-04')).toEqual([]);
  });

  it('V-CHG-05: a unit whose 主体负责人 runs every site changes contact by 变更备案 (S2); with another 网站负责人 it need not', () => {
    const same = (r: AnyRecord) => (r.websites[0].principal = 'p1');
    expect(of(change(enterprise(same), '变更网站', (r) => (r.people[0].email = 'new@example.cn')), 'V-CHG-05')).toEqual([
      { severity: 'error', path: ['filing', 'type'], message: '主体负责人与网站负责人是同一人时，修改联系方式须选“变更备案”，不能用“变更网站”；同时改动的其他信息也一并在变更备案中提交', hint: '改选变更备案' },
    ]);
    // §3.6 V-CHG-05 has the same “contact change”: with the 主体备注 changed beside it, still 变更备案
    expect(of(change(enterprise(same), '变更主体', (r) => ((r.people[0].email = 'new@example.cn'), (r.entity.remark = '新备注'))), 'V-CHG-05')).toHaveLength(1);
    expect(of(change(enterprise(), '变更主体', (r) => (r.people[0].email = 'new@example.cn')), 'V-CHG-05')).toEqual([]);
    expect(of(change(enterprise(same), '变更备案', (r) => (r.people[0].email = 'new@example.cn')), 'V-CHG-05')).toEqual([]);
    expect(of(change(enterprise((r) => ((r.websites[0].principal = 'p1'), (r.websites = []))), '变更主体', (r) => (r.people[0].email = 'new@example.cn')), 'V-CHG-05')).toEqual([]);
    // one site of two run by someone else: not the same person everywhere
    expect(of(change(enterprise(twoSites), '变更网站', (r) => (r.people[0].email = 'new@example.cn')), 'V-CHG-05')).toEqual([]);
  });

  it('V-CHG-06: neither 主办者性质 nor 主体证件号码 changes by a change', () => {
    expect(of(change(individual(), '变更主体', (r) => (r.entity.nature = '企业')), 'V-CHG-06')).toEqual([
      { severity: 'error', path: ['entity', 'nature'], message: '主办者性质不能由“个人”变更为“企业”', hint: '先注销原备案，再以新主体首次备案' },
    ]);
    expect(of(change(enterprise(), '变更主体', (r) => (r.entity.certNumber = '91440300MA5CJQ4N59')), 'V-CHG-06')).toEqual([
      { severity: 'error', path: ['entity', 'certNumber'], message: '主体证件号码不同即为不同主体，不能通过变更修改', hint: '注销后重新备案，或办理备案迁移' },
    ]);
    expect(of(change(enterprise(), '变更主体', (r) => (r.entity.remark = '新备注')), 'V-CHG-06')).toEqual([]);
  });
});

describe('V-CHG-08: the change type must fit what changed', () => {
  it('warns when there is no record as filed to compare with, or nothing changed', () => {
    expect(of(enterprise((r) => (r.filing.type = '变更主体')), 'V-CHG-08')).toEqual([
      { severity: 'warning', path: ['filing', 'before'], message: '还没有已备案信息，无法核对这次变更改了什么', hint: '在客户页“已备案信息”中登记原备案（或从含 filing.before 的记录导入），变更订单会以它为变更前的信息' },
    ]);
    expect(of(change(enterprise(), '变更主体', () => undefined), 'V-CHG-08')).toEqual([{ severity: 'warning', path: ['filing'], message: '与已备案信息相比没有改动', hint: '无需提交变更' }]);
  });

  it('names the type the change needs and why', () => {
    expect(of(change(enterprise(), '变更网站', (r) => (r.entity.remark = '新备注')), 'V-CHG-08')).toEqual([
      { severity: 'error', path: ['filing', 'type'], message: '这次改动须选“变更主体”，当前为“变更网站”', hint: '只改了主体信息' },
    ]);
    expect(of(change(enterprise(), '变更主体', (r) => (r.websites[0].name = '示例新官网')), 'V-CHG-08')[0]!.hint).toBe('只改了网站信息');
    expect(of(change(enterprise(), '变更网站', (r) => ((r.entity.remark = '新备注'), (r.websites[0].name = '示例新官网'))), 'V-CHG-08')).toEqual([
      { severity: 'error', path: ['filing', 'type'], message: '这次改动须选“变更备案”，当前为“变更网站”', hint: '主体与网站都有改动：选变更备案（阿里云要求先变更其中之一）' },
    ]);
  });

  it('accepts the type that fits, and 变更备案 for any change', () => {
    expect(of(change(enterprise(), '变更主体', (r) => (r.entity.remark = '新备注')), 'V-CHG-08')).toEqual([]);
    expect(of(change(enterprise(), '变更备案', (r) => (r.websites[0].name = '示例新官网')), 'V-CHG-08')).toEqual([]);
  });

  it('stays silent where the seeds force 变更备案 (湖南、贵州 法人 change), leaving it to V-CHG-03', () => {
    const r = change(enterprise((x) => (x.entity.province = '湖南省')), '变更网站', (x) => ((x.entity.investor = '赵新'), newPrincipal(x)));
    expect(of(r, 'V-CHG-08')).toEqual([]);
    expect(of(r, 'V-CHG-03')).toHaveLength(1);
    // elsewhere the same change as 变更网站 is simply the wrong type
    expect(of(change(enterprise(), '变更网站', (x) => ((x.entity.investor = '赵新'), newPrincipal(x))), 'V-CHG-08')[0]!.message).toBe('这次改动须选“变更主体”，当前为“变更网站”');
    // a unit whose 主体负责人 is not every site's 负责人: its contact change is judged like any other
    expect(of(change(enterprise(), '变更网站', (x) => (x.people[0].email = 'new@example.cn')), 'V-CHG-08')).toHaveLength(1);
    expect(of(change(enterprise(twoSites), '变更网站', (x) => (x.people[0].email = 'new@example.cn')), 'V-CHG-08')).toHaveLength(1);
    // a unit whose 主体负责人 runs its only site: V-CHG-05 speaks, V-CHG-08 does not
    const same = change(enterprise((x) => (x.websites[0].principal = 'p1')), '变更网站', (x) => (x.people[0].email = 'new@example.cn'));
    expect(of(same, 'V-CHG-08')).toEqual([]);
    expect(of(same, 'V-CHG-05')).toHaveLength(1);
    // a province the desk does not know forces nothing
    expect(of(change(enterprise((x) => (x.entity.province = '未知省')), '变更网站', (x) => (x.entity.remark = '新备注')), 'V-CHG-08')).toHaveLength(1);
    // a unit with no site yet is no “same person everywhere” either
    expect(of(change(enterprise((x) => (x.websites = [])), '变更网站', (x) => (x.people[0].email = 'new@example.cn')), 'V-CHG-08')).toHaveLength(1);
  });
});

describe('V-TYPE-01: the declared type against the record', () => {
  const store = (filedProviders: string[]): StoreLookup => ({ domainOwners: () => [], filedProviders: () => filedProviders });
  const filed = (type: string, provider = 'tencent') => enterprise((r) => ((r.entity.icpNumber = '粤ICP备12345678号'), (r.websites[0].icpNumber = '粤ICP备12345678号-1'), (r.filing.type = type), (r.filing.provider = provider)));

  it('a 主体 without 备案号 filed as 接入备案 is a 首次备案', () => {
    expect(of(enterprise((r) => (r.filing.type = '接入备案')), 'V-TYPE-01')).toEqual([{ severity: 'warning', path: ['filing', 'type'], message: '按本地记录应为“首次备案”，当前选择“接入备案”', hint: '主体还没有备案号' }]);
  });

  it('everything filed: 接入备案 at a new provider; at one already 接入 only changes remain', () => {
    expect(of(filed('首次备案', 'aliyun'), 'V-TYPE-01', { store: store(['tencent']) })).toEqual([
      { severity: 'warning', path: ['filing', 'type'], message: '按本地记录应为“接入备案”，当前选择“首次备案”', hint: '主体和网站都已有备案号，换接入商时用接入备案' },
    ]);
    expect(of(filed('新增网站'), 'V-TYPE-01', { store: store(['tencent']) })).toEqual([
      { severity: 'warning', path: ['filing', 'type'], message: '主体与网站都已备案，且已在该接入商接入：不是“新增网站”', hint: '改动已备案信息用变更；换接入商时才用接入备案' },
    ]);
    expect(of(filed('变更主体'), 'V-TYPE-01', { store: store(['tencent']) })).toEqual([]);
  });

  it('a filed 主体 with a new site is 新增网站', () => {
    const r = enterprise((x) => ((x.entity.icpNumber = '粤ICP备12345678号'), (x.filing.type = '首次备案')));
    expect(of(r, 'V-TYPE-01')).toEqual([{ severity: 'warning', path: ['filing', 'type'], message: '按本地记录应为“新增网站”，当前选择“首次备案”', hint: '主体已有备案号而网站没有：用新增网站' }]);
  });

  it('a change type for a 主体 never filed is a 首次备案', () => {
    expect(of(enterprise((r) => (r.filing.type = '变更主体')), 'V-TYPE-01')).toEqual([{ severity: 'warning', path: ['filing', 'type'], message: '按本地记录应为“首次备案”，当前选择“变更主体”', hint: '主体还没有备案号' }]);
  });

  it('any change type fits a change; cancellations, 公安备案 and closed orders are not judged', () => {
    expect(of(change(enterprise(), '变更网站', (r) => (r.entity.remark = '新备注')), 'V-TYPE-01')).toEqual([]);
    expect(of(enterprise((r) => (r.filing.type = '注销主体')), 'V-TYPE-01')).toEqual([]);
    expect(of(enterprise((r) => (r.filing.type = '公安备案')), 'V-TYPE-01')).toEqual([]);
    expect(of(enterprise((r) => (r.filing.type = '接入备案')), 'V-TYPE-01', { orderClosed: true })).toEqual([]);
    expect(of(enterprise((r) => (r.filing.type = null)), 'V-TYPE-01')).toEqual([]);
  });
});
