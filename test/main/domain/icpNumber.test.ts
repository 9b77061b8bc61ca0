// One check of a typed 备案号 (approval dialog, client form, API, V-ICP-01): format, 主体 vs 网站 form, the
// province abbreviation of the client's 地域, and an 增值电信业务经营许可证 named as such. Formats: 腾讯云《ICP备案号》.
import { describe, expect, it } from 'vitest';
import { icpNumberProblem, type IcpCheck, type IcpProblem } from '../../../main/domain/identifiers';
import { entityFieldsSchema, websiteFieldsSchema } from '../../../main/domain/schemas';

type Row = [typed: string, check: IcpCheck, problem: IcpProblem | null];
const GD = '广东省';
const ROWS: Row[] = [
  ['粤ICP备12345678号', { kind: 'entity', province: GD }, null],
  ['粤ICP备2024077296号', { kind: 'entity', province: GD }, null],
  ['蜀ICP备2025128270号', { kind: 'entity', province: '四川省' }, null],
  ['川ICP备12345678号', { kind: 'entity', province: '四川省' }, null],
  ['京ICP证030367号', { kind: 'entity', province: '北京市' }, null],
  ['粤ＩＣＰ备１２３４５６７８号', { kind: 'entity', province: GD }, null],
  [' 粤ICP备 12345678号 ', { kind: 'entity', province: GD }, null],
  ['京ICP备12345678号', { kind: 'entity', province: GD }, 'province'],
  ['京ICP备12345678号-1', { kind: 'website', province: GD }, 'province'],
  ['粤B2-20090059', { kind: 'entity', province: GD }, 'licence'],
  ['粤B2-20090059', { kind: 'website', province: GD }, 'licence'],
  ['粤A2-20044005号', { kind: 'entity' }, 'licence'],
  ['辽B-2-4-20080039', { kind: 'entity' }, 'licence'],
  ['粤ICP备12345678号-1', { kind: 'entity', province: GD }, 'websiteNumber'],
  ['粤ICP备12345678号', { kind: 'website', province: GD }, 'entityNumber'],
  ['粤ICP备12345678号-2', { kind: 'website', province: GD, entityIcp: '粤ICP备12345678号' }, null],
  ['粤ICP备12345678号－2', { kind: 'website', province: GD, entityIcp: '粤ICP备12345678号' }, null],
  ['粤ICP备87654321号-1', { kind: 'website', province: GD, entityIcp: '粤ICP备12345678号' }, 'notUnderEntity'],
  ['粤ICP备1234567号', { kind: 'entity', province: GD }, 'format'],
  ['港ICP备12345678号', { kind: 'entity' }, 'format'],
  ['粤ICP12345678', { kind: 'entity' }, 'format'],
];

describe('icpNumberProblem', () => {
  it.each(ROWS)('%s as %o → %s', (typed, check, problem) => {
    expect(icpNumberProblem(typed, check)?.problem ?? null).toBe(problem);
  });

  it('names a 经营许可证 as such, not as a malformed 备案号', () => {
    const p = icpNumberProblem('粤B2-20090059', { kind: 'entity', province: GD })!;
    expect(p.message).toBe('“粤B2-20090059”是增值电信业务经营许可证编号，不是备案号');
    expect(p.message).not.toContain('格式不正确');
  });

  it('says which province the prefix should be', () => {
    const p = icpNumberProblem('京ICP备12345678号', { kind: 'entity', province: GD })!;
    expect(p.message).toContain('广东省（粤）');
  });

  it('proposes the 主体 number when a website number is typed for the 主体', () => {
    expect(icpNumberProblem('粤ICP备12345678号-3', { kind: 'entity' })!.hint).toBe('填“粤ICP备12345678号”');
  });
});

describe('the schemas use the same check', () => {
  const entity = (icpNumber: string, province = GD) => ({
    province,
    city: '深圳市',
    nature: '企业',
    certType: '工商营业执照（统一社会信用代码证书）',
    certNumber: '91350200776049653A',
    name: '深圳市星河云科技有限公司',
    certAddress: '深圳市南山区科技园路1号',
    mailingAddress: '广东省深圳市南山区科技园路1号A座101室',
    icpNumber,
  });

  it('refuses a 经营许可证 and a foreign province prefix for a 广东 entity', () => {
    const licence = entityFieldsSchema.safeParse(entity('粤B2-20090059'));
    expect(licence.success).toBe(false);
    expect(licence.error!.issues[0]!.message).toContain('增值电信业务经营许可证');
    const beijing = entityFieldsSchema.safeParse(entity('京ICP备12345678号'));
    expect(beijing.success).toBe(false);
    expect(beijing.error!.issues.map((i) => i.path.join('.'))).toContain('icpNumber');
    expect(entityFieldsSchema.safeParse(entity('粤ICP备12345678号')).success).toBe(true);
  });

  it('stores a full-width number folded to ASCII', () => {
    expect(entityFieldsSchema.parse(entity(' 粤ＩＣＰ备１２３４５６７８号 ')).icpNumber).toBe('粤ICP备12345678号');
  });

  it('refuses a 主体 number where a 网站 number belongs', () => {
    const site = { name: '星河云官网', domains: ['xinghe.cn'], homepages: ['www.xinghe.cn'], serviceContent: '单位门户网站', principalPersonId: 1 };
    expect(websiteFieldsSchema.safeParse({ ...site, icpNumber: '粤ICP备12345678号' }).success).toBe(false);
    expect(websiteFieldsSchema.safeParse({ ...site, icpNumber: '粤ICP备12345678号-1' }).success).toBe(true);
  });
});
