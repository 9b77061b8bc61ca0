// What a change touched, field by field (domain.md §1.4, §3.6): 主体 or 网站 (QingCloud's 变更主体 / 变更网站 /
// 变更备案, S2), a 负责人 replaced or only reached differently (S0、S4: no re-upload then), domains added
// (S1: a change may only delete them), the 法定代表人 (S2: 湖南、贵州), the licence address (S2); and the
// filing type a record implies (S4 “验证备案信息”).
import { describe, expect, it } from 'vitest';
import { changeTypeFor, detectFilingType, diffRecords, type ChangeDiff } from '../../../main/rules/changeRules';
import { toDraft } from '../../../main/rules/draft';
import { change, enterprise, individual, type AnyRecord } from '../../fixtures/drafts';
import { personId } from '../../fixtures/records';

const diffOf = (base: AnyRecord, apply: (r: AnyRecord) => void): ChangeDiff => {
  const { draft } = toDraft(change(base, '变更备案', apply));
  return diffRecords(draft.filing.before!, draft);
};
const NOTHING: ChangeDiff = {
  provinceChanged: false,
  natureChanged: false,
  certChanged: false,
  entityChanged: false,
  websitesChanged: false,
  principalReplaced: false,
  legalRepChanged: false,
  contactChanged: false,
  addedDomains: [],
  websitePrincipalReplaced: false,
  licenceAddressChanged: false,
};

describe('what a change touched', () => {
  it('nothing changed: nothing to file', () => {
    const d = diffOf(enterprise(), () => undefined);
    expect(d).toEqual(NOTHING);
    expect(changeTypeFor(d)).toBeNull();
  });

  it.each(['name', 'investor', 'remark', 'city', 'district'])('the 主体’s %s: a 主体 change, no contact change', (key) => {
    const d = diffOf(enterprise(), (r) => (r.entity[key] = `${r.entity[key] as string}（新）`));
    expect(d.entityChanged).toBe(true);
    expect(d.websitesChanged).toBe(false);
    expect(d.contactChanged).toBe(false);
    expect(changeTypeFor(d)).toBe('变更主体');
  });

  it('a new 通信地址 alone is a 主体 change, no contact change; with the 负责人’s new mobile it is one (S2)', () => {
    const moved = diffOf(enterprise(), (r) => (r.entity.mailingAddress = '广东省深圳市南山区新路8号'));
    expect(moved).toMatchObject({ entityChanged: true, websitesChanged: false, contactChanged: false, licenceAddressChanged: false });
    const both = diffOf(individual(), (r) => ((r.entity.mailingAddress = '广东省深圳市南山区新路8号'), (r.people[0].mobile = '13912345678')));
    expect(both.contactChanged).toBe(true);
  });

  it('a new licence address (证件住所): a 主体 change that asks for the new licence (S2)', () => {
    const d = diffOf(enterprise(), (r) => (r.entity.certAddress = '深圳市南山区科技园路2号'));
    expect(d).toMatchObject({ entityChanged: true, licenceAddressChanged: true, contactChanged: false });
  });

  it.each([
    ['mobile', '13912345678'],
    ['email', 'new@example.cn'],
    ['officePhone', '086-0755-11112222'],
    ['emergencyPhone', '13600136000'],
  ])('the 主体负责人’s %s: contact only, the 主体 changed, nobody replaced', (key, value) => {
    const d = diffOf(enterprise(), (r) => (r.people[0][key] = value));
    expect(d).toEqual({ ...NOTHING, entityChanged: true, contactChanged: true });
    expect(changeTypeFor(d)).toBe('变更主体');
  });

  it('the 网站负责人’s mobile: contact only, the website changed, not the 主体', () => {
    const d = diffOf(enterprise(), (r) => (r.people[1].mobile = '13912345678'));
    expect(d).toEqual({ ...NOTHING, websitesChanged: true, contactChanged: true });
    expect(changeTypeFor(d)).toBe('变更网站');
  });

  it('a 负责人 of both 主体 and site who changes a mobile counts once, as a 主体 change', () => {
    const d = diffOf(individual(), (r) => (r.people[0].mobile = '13912345678'));
    expect(d).toMatchObject({ entityChanged: true, websitesChanged: false, contactChanged: true });
  });

  it.each([
    ['name', (r: AnyRecord) => (r.people[0].name = '赵新')],
    ['ID number', (r: AnyRecord) => (r.people[0].certNumber = personId(88, '19800808'))],
    ['certificate type', (r: AnyRecord) => (r.people[0].certType = '护照')],
  ])('a 主体负责人 with another %s is replaced: the 法定代表人 changed too', (_what, apply) => {
    const d = diffOf(enterprise(), apply);
    expect(d).toMatchObject({ principalReplaced: true, legalRepChanged: true, entityChanged: true, contactChanged: false, websitePrincipalReplaced: false });
  });

  it('a site whose 负责人 is the replaced 主体负责人 has a new 网站负责人 as well', () => {
    const d = diffOf(individual(), (r) => ((r.people[0].name = '王大明'), (r.entity.name = '王大明')));
    expect(d).toMatchObject({ principalReplaced: true, websitePrincipalReplaced: true, websitesChanged: true });
  });

  it('another 网站负责人: a website change, the 主体负责人 stays', () => {
    const d = diffOf(enterprise(), (r) => ((r.people[1].name = '钱新'), (r.people[1].certNumber = personId(77, '19820202'))));
    expect(d).toMatchObject({ websitePrincipalReplaced: true, websitesChanged: true, principalReplaced: false, entityChanged: false, legalRepChanged: false, contactChanged: false });
    expect(changeTypeFor(d)).toBe('变更网站');
    // one of two sites with a new 负责人 is enough
    const two = enterprise((r) => r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'], principal: 'p1' }));
    expect(diffOf(two, (r) => (r.websites[0].principal = 'p1')).websitePrincipalReplaced).toBe(true);
    // handing the site to the 主体负责人 is a new 网站负责人 too
    expect(diffOf(enterprise(), (r) => (r.websites[0].principal = 'p1')).websitePrincipalReplaced).toBe(true);
  });

  it('a new 投资人 of an enterprise is a new 法定代表人; of a 个人 it is not', () => {
    expect(diffOf(enterprise(), (r) => (r.entity.investor = '赵新')).legalRepChanged).toBe(true);
    expect(diffOf(individual(), (r) => (r.entity.investor = '王大明')).legalRepChanged).toBe(false);
  });

  it('a site’s name or remark: a website change, not contact', () => {
    const d = diffOf(enterprise(), (r) => (r.websites[0].name = '示例新官网'));
    expect(d).toEqual({ ...NOTHING, websitesChanged: true });
    expect(changeTypeFor(diffOf(enterprise(), (r) => ((r.websites[0].remark = '新的备注'), (r.people[0].email = 'new@example.cn'))))).toBe('变更备案');
    expect(diffOf(enterprise(), (r) => (r.websites[0].remark = '新的备注')).contactChanged).toBe(false);
  });

  it('a new 负责人 who also brings a new mobile is a replacement, not a contact change', () => {
    expect(diffOf(enterprise(), (r) => ((r.people[0].name = '赵新'), (r.people[0].mobile = '13912345678'))).contactChanged).toBe(false);
    expect(diffOf(enterprise(), (r) => ((r.people[1].name = '钱新'), (r.people[1].mobile = '13912345678'))).contactChanged).toBe(false);
  });

  it('a landline moved from 办公电话 to 应急电话 is a contact change', () => {
    const d = diffOf(enterprise((r) => (r.people[0].emergencyPhone = '')), (r) => ((r.people[0].emergencyPhone = r.people[0].officePhone), (r.people[0].officePhone = '')));
    expect(d).toMatchObject({ entityChanged: true, contactChanged: true });
  });

  it('a contact change beside another change is still a contact change (S2: “any contact change”)', () => {
    expect(diffOf(enterprise(), (r) => ((r.people[0].email = 'new@example.cn'), (r.entity.certNumber = '91440300MA5CJQ4N59'))).contactChanged).toBe(true);
    expect(diffOf(enterprise(), (r) => ((r.people[0].email = 'new@example.cn'), (r.entity.remark = '新备注'))).contactChanged).toBe(true);
    expect(diffOf(enterprise(), (r) => ((r.people[0].email = 'new@example.cn'), (r.entity.name = '深圳市新名称科技有限公司'))).contactChanged).toBe(true);
    expect(diffOf(enterprise(), (r) => ((r.websites[0].remark = '新的备注'), (r.people[1].email = 'new@example.cn'))).contactChanged).toBe(true);
  });

  it('province, 主办者性质 and 主体证件号码 are each told apart', () => {
    expect(diffOf(enterprise(), (r) => (r.entity.province = '北京市'))).toMatchObject({ provinceChanged: true, natureChanged: false, certChanged: false });
    expect(diffOf(individual(), (r) => (r.entity.nature = '企业'))).toMatchObject({ natureChanged: true, provinceChanged: false, certChanged: false });
    expect(diffOf(enterprise(), (r) => (r.entity.certNumber = '91440300MA5CJQ4N59'))).toMatchObject({ certChanged: true, natureChanged: false });
  });

  it('domains added by a change are named by site and position; a removed one or the same one in another spelling is not added (S1)', () => {
    expect(diffOf(enterprise(), (r) => r.websites[0].domains.push('shili-new.cn')).addedDomains).toEqual([{ wi: 0, di: 2, domain: 'shili-new.cn' }]);
    expect(diffOf(enterprise(), (r) => r.websites[0].domains.pop()).addedDomains).toEqual([]);
    const idn = enterprise((r) => (r.websites[0].domains = ['示例.中国']));
    expect(diffOf(idn, (r) => (r.websites[0].remark = '新的备注')).addedDomains).toEqual([]);
    expect(diffOf(idn, (r) => (r.websites[0].domains = ['xn--fsq092h.xn--fiqs8s'])).addedDomains).toEqual([]);
    // a domain moved from one site to another was filed already
    const two = enterprise((r) => r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'] }));
    expect(diffOf(two, (r) => (r.websites[1].domains = ['shili-shop.cn', 'shili000001.cn'])).addedDomains).toEqual([]);
  });
});

describe('the filing type the record implies (S4 “验证备案信息”)', () => {
  const draftOf = (r: AnyRecord) => toDraft(r).draft;
  const filed = (more: (r: AnyRecord) => void = () => undefined) =>
    enterprise((r) => {
      r.entity.icpNumber = '粤ICP备12345678号';
      r.websites[0].icpNumber = '粤ICP备12345678号-1';
      r.filing.provider = 'tencent';
      more(r);
    });

  it('no 主体备案号: 首次备案', () => {
    expect(detectFilingType(draftOf(enterprise()))).toBe('首次备案');
  });

  it('主体 and every site filed: 接入备案 at a provider not yet 接入, nothing new at one already 接入', () => {
    expect(detectFilingType(draftOf(filed()))).toBe('接入备案');
    expect(detectFilingType(draftOf(filed()), ['aliyun'])).toBe('接入备案');
    expect(detectFilingType(draftOf(filed()), ['aliyun', 'tencent'])).toBeNull();
    expect(detectFilingType(draftOf(filed((r) => (r.filing.provider = null))), ['tencent'])).toBe('接入备案');
  });

  it('a filed 主体 with a site not yet filed, or with no site: 新增网站', () => {
    const more = filed((r) => r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'], icpNumber: null }));
    expect(detectFilingType(draftOf(more), ['tencent'])).toBe('新增网站');
    expect(detectFilingType(draftOf(filed((r) => (r.websites = []))), ['tencent'])).toBe('新增网站');
  });

  it('with the record as filed: the change the diff calls for, 变更备案 when nothing differs', () => {
    expect(detectFilingType(draftOf(change(enterprise(), '变更主体', (r) => (r.people[1].email = 'new@example.cn'))))).toBe('变更网站');
    expect(detectFilingType(draftOf(change(enterprise(), '变更主体', () => undefined)))).toBe('变更备案');
  });
});
