// §3.1 Identifiers: 身份证 (GB 11643), 统一社会信用代码 (GB 32100), 组织机构代码 (GB 11714), old licences,
// and the record's enumerations and number formats.
import { certTypesForNature, HOST_NATURE_CERT_TYPES, PERSON_CERT_TYPES, USCC_CERT_TYPES, type HostNature } from '../domain/enums';
import { checkResidentId, checkUscc, icpNumberProblem, isIpAddress, MOBILE_RE, normalizeNumber, OFFICE_PHONE_RE } from '../domain/identifiers';
import { PROVINCE_NAMES } from '../domain/provinces';
import { personLabel, siteLabel } from './facts';
import { NONE, type FindingDraft, type Rule, type RuleContext } from './types';

type ResidentIdCheck = ReturnType<typeof checkResidentId>;

/**
 * The findings of one rule over every 身份证 in the record — the entity's for 个人 first, then each person's — from
 * `finding`, given its number's check and its label (made only for a finding: check-all checks every client's
 * numbers three times over and finds nothing for most). None: a shared empty list.
 */
function residentIdFindings(ctx: RuleContext, finding: (r: ResidentIdCheck, value: string, label: () => string) => Omit<FindingDraft, 'path'> | null): readonly FindingDraft[] {
  let out: FindingDraft[] | undefined;
  const e = ctx.record.entity;
  if (e.certType === '居民身份证') {
    const f = finding(checkResidentId(e.certNumber, ctx.today), e.certNumber, () => '主办人证件号码');
    if (f) (out ??= []).push({ path: ['entity', 'certNumber'], ...f });
  }
  const people = ctx.record.people;
  for (let i = 0; i < people.length; i++) {
    const p = people[i]!;
    if (p.certType !== '居民身份证') continue;
    const f = finding(checkResidentId(p.certNumber, ctx.today), p.certNumber, () => `${personLabel(p, i)}的证件号码`);
    if (f) (out ??= []).push({ path: ['people', i, 'certNumber'], ...f });
  }
  return out ?? NONE;
}

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 组织机构代码 check character of the 9 characters at positions 9–17 of a USCC. */
export function orgCodeValid(code9: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code9)) return false;
  const v = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  let s = 0;
  for (let i = 0; i < 8; i++) s += v(code9[i]!) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (s % 11);
  const expect = c === 11 ? '0' : c === 10 ? 'X' : String(c);
  return code9[8] === expect;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isUsccType = (t: string) => USCC_CERT_TYPES.includes(t);

export const identifierRules: Rule[] = [
  {
    id: 'V-ID-01',
    scope: 'person',
    severity: 'error',
    title: '居民身份证号码结构',
    source: 'GB 11643-1999《公民身份号码》',
    devSource: 'GB 11643-1999（jayknoxqu/id-number-util）',
    check: (ctx) =>
      residentIdFindings(ctx, (r, _value, label) => {
        if (r.ok || (r.problem !== 'length' && r.problem !== 'format')) return null;
        return { message: `${label()}应为 18 位：17 位数字加 1 位数字或 X`, hint: '按证件逐位输入；全角数字、空格会被自动去除，仍不符则说明号码有误' };
      }),
  },
  {
    id: 'V-ID-02',
    scope: 'person',
    severity: 'error',
    title: '居民身份证校验位',
    source: 'GB 11643-1999《公民身份号码》校验码（ISO 7064 MOD 11-2）',
    devSource: 'ISO 7064 MOD 11-2（GB 11643 附录）',
    check: (ctx) =>
      residentIdFindings(ctx, (r, _value, label) =>
        !r.ok && r.problem === 'checkDigit' ? { message: `${label()}校验位不正确`, hint: '最后一位由前 17 位计算得出；通常是某一位抄错，请对照证件逐位核对' } : null,
      ),
  },
  {
    id: 'V-ID-03',
    scope: 'person',
    severity: 'error',
    title: '身份证出生日期',
    source: 'GB 11643-1999《公民身份号码》出生日期码',
    devSource: 'GB 11643-1999 出生日期码',
    check: (ctx) =>
      residentIdFindings(ctx, (r, value, label) => {
        if (r.ok || r.problem !== 'birthDate') return null;
        const digits = normalizeNumber(value);
        const read = `${digits.slice(6, 10)}-${digits.slice(10, 12)}-${digits.slice(12, 14)}`;
        const [y, m, d] = read.split('-').map(Number) as [number, number, number];
        const asDate = new Date(Date.UTC(y, m - 1, d));
        const real = y >= 1880 && asDate.getUTCMonth() === m - 1 && asDate.getUTCDate() === d;
        return {
          message: real ? `${label()}中的出生日期（第 7–14 位）读作 ${read}，晚于今天` : `${label()}中的出生日期（第 7–14 位）读作 ${read}，不是有效日期`,
          hint: '第 7–14 位是出生年月日（如 19900230 这样的日期不存在）；请对照证件逐位核对',
        };
      }),
  },
  {
    id: 'V-ID-04',
    scope: 'entity',
    severity: 'error',
    title: '统一社会信用代码结构',
    source: 'GB 32100-2015《法人和其他组织统一社会信用代码编码规则》',
    devSource: 'GB 32100-2015（hutool CreditCodeUtil）',
    natures: 'unit',
    check: (ctx) => {
      const e = ctx.record.entity;
      if (!isUsccType(e.certType) || /^[1-9]\d{14}$/.test(e.certNumber)) return [];
      const r = checkUscc(e.certNumber);
      return !r.ok && r.problem === 'format'
        ? [{ path: ['entity', 'certNumber'], message: '统一社会信用代码应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z）', hint: '对照营业执照上的“统一社会信用代码”填写' }]
        : [];
    },
  },
  {
    id: 'V-ID-05',
    scope: 'entity',
    severity: 'error',
    title: '统一社会信用代码校验位',
    source: 'GB 32100-2015《法人和其他组织统一社会信用代码编码规则》校验码',
    devSource: 'GB 32100-2015 校验码（Rockyzsu/social_code_validation）',
    natures: 'unit',
    check: (ctx) => {
      const e = ctx.record.entity;
      if (!isUsccType(e.certType)) return [];
      const r = checkUscc(e.certNumber);
      return !r.ok && r.problem === 'checkDigit' ? [{ path: ['entity', 'certNumber'], message: '统一社会信用代码校验位不正确', hint: '第 18 位由前 17 位计算得出，请对照执照逐位核对' }] : [];
    },
  },
  {
    id: 'V-ID-06',
    scope: 'entity',
    severity: 'warning',
    title: '内嵌组织机构代码校验',
    source: 'GB 11714-1997《全国组织机构代码编制规则》',
    devSource: 'GB 11714-1997（Rockyzsu/social_code_validation）',
    natures: 'unit',
    check: (ctx) => {
      const e = ctx.record.entity;
      if (!isUsccType(e.certType) || !checkUscc(e.certNumber).ok) return [];
      return orgCodeValid(e.certNumber.slice(8, 17))
        ? []
        : [{ path: ['entity', 'certNumber'], message: '统一社会信用代码第 9–17 位（组织机构代码）的校验位不符', hint: '少数早期代码存在此情况；请确认与执照一致' }];
    },
  },
  {
    id: 'V-ID-07',
    scope: 'entity',
    severity: 'warning',
    title: '旧版 15 位工商注册号',
    source: '腾讯云《各省管局要求》（2017-06-05）（黑龙江、河南要求三证合一）',
    devSource: 'boli-duality/utils regex；qcloud 各省管局要求20170605（黑龙江、河南要求三证合一）',
    natures: 'unit',
    check: (ctx) => {
      const e = ctx.record.entity;
      if (!/^[1-9]\d{14}$/.test(e.certNumber)) return [];
      const strict = ctx.province?.rules.rejectOldLicence;
      return [
        {
          path: ['entity', 'certNumber'],
          severity: strict ? 'error' : 'warning',
          message: strict ? `${ctx.province!.short}管局只接受三证合一的新版营业执照，15 位注册号不能备案` : '这是旧版 15 位工商注册号，部分管局不再接受',
          hint: '换领载有统一社会信用代码的新版营业执照后填写 18 位代码',
        },
      ];
    },
  },
  {
    id: 'V-FMT-01',
    scope: 'entity',
    severity: 'error',
    title: '省份、主办者性质与证件类型',
    source: '腾讯云《网站备案 备案类型》产品文档（主办者性质与证件类型）；腾讯云《单位备案》备案材料',
    devSource: 'domain.md §2.3（tencent 单位备案.md；MIIT 证件类型）',
    check: (ctx) => {
      const e = ctx.record.entity;
      const out: FindingDraft[] = [];
      if (!e.province) out.push({ path: ['entity', 'province'], message: '请选择省份（备案归属地）', hint: '由通信地址所在省决定，备案后不能变更' });
      else if (!PROVINCE_NAMES.includes(e.province)) out.push({ path: ['entity', 'province'], message: `省份“${e.province}”不是 31 个省级行政区之一`, hint: '写全称，如“广东省”“北京市”' });
      if (!e.nature) out.push({ path: ['entity', 'nature'], message: '请选择主办者性质', hint: '企业、个人、事业单位等' });
      else if (!(e.nature in HOST_NATURE_CERT_TYPES)) out.push({ path: ['entity', 'nature'], message: `主办者性质“${e.nature}”无法识别`, hint: `可选：${Object.keys(HOST_NATURE_CERT_TYPES).join('、')}` });
      else if (!certTypesForNature(e.nature as HostNature).includes(e.certType)) {
        const message = e.certType.trim() ? `主办者性质为“${e.nature}”时证件类型不能是“${e.certType}”` : '请选择主体证件类型';
        out.push({ path: ['entity', 'certType'], message, hint: `可选：${certTypesForNature(e.nature as HostNature).join('、')}` });
      }
      ctx.record.people.forEach((p, i) => {
        if (!(PERSON_CERT_TYPES as readonly string[]).includes(p.certType))
          out.push({ path: ['people', i, 'certType'], message: p.certType.trim() ? `负责人证件类型“${p.certType}”无法识别` : `请选择负责人“${p.name}”的证件类型`, hint: `可选：${PERSON_CERT_TYPES.join('、')}` });
      });
      return out;
    },
  },
  {
    id: 'V-FMT-02',
    scope: 'person',
    severity: 'error',
    title: '手机号码与电子邮箱格式',
    source: '腾讯云《网站备案 备案类型》产品文档（手机号码、电子邮箱地址）',
    devSource: 'S4（手机号码、电子邮箱地址字段）',
    check: (ctx) => {
      let out: FindingDraft[] | undefined;
      ctx.record.people.forEach((p, i) => {
        if (!MOBILE_RE.test(p.mobile)) (out ??= []).push({ path: ['people', i, 'mobile'], message: `${personLabel(p, i)}的手机号码格式不正确`, hint: '11 位，以 13–19 开头，不加 +86' });
        if (!EMAIL_RE.test(p.email)) (out ??= []).push({ path: ['people', i, 'email'], message: `${personLabel(p, i)}的电子邮箱格式不正确`, hint: '如 zhang@example.cn；管局通知会发到此邮箱' });
      });
      return out ?? NONE;
    },
  },
  {
    id: 'V-PER-03',
    scope: 'person',
    severity: 'error',
    title: '办公室电话格式与固定电话要求',
    source: '腾讯云《网站备案 备案类型》产品文档（办公室电话 086-区号-号码；企业与天津个人须填固定电话）',
    devSource: 'S4（086-区号-号码；企业与天津个人须填真实固话）',
    check: (ctx) => {
      let out: FindingDraft[] | undefined;
      ctx.record.people.forEach((p, i) => {
        if (p.officePhone && !OFFICE_PHONE_RE.test(p.officePhone)) {
          (out ??= []).push({ path: ['people', i, 'officePhone'], message: `${personLabel(p, i)}的办公室电话格式应为 086-区号-号码`, hint: '例如 086-0755-12345678；区号带 0' });
        }
        const landlineNeeded = ctx.record.entity.nature === '企业' || (ctx.personal && ctx.province?.rules.personalLandline);
        if (landlineNeeded && (!p.officePhone || /^(086-)?1[3-9]\d{9}$/.test(p.officePhone))) {
          (out ??= []).push({
            path: ['people', i, 'officePhone'],
            message: ctx.personal ? `${ctx.province!.short}个人备案须填写真实的固定电话（${personLabel(p, i)}）` : `企业备案的${personLabel(p, i)}须填写真实的固定电话作为办公室电话，不能留空或填手机号`,
            hint: '格式 086-区号-号码',
          });
        }
      });
      return out ?? NONE;
    },
  },
  {
    id: 'V-FMT-03',
    scope: 'website',
    severity: 'error',
    title: 'IP 地址格式',
    source: '青云《变更备案》（填写服务器公网 IP）；IPv4 点分十进制、IPv6 RFC 4291',
    devSource: 'S2（填写服务器公网 IP）；IPv4 点分十进制、IPv6 RFC 4291',
    check: (ctx) => {
      let out: FindingDraft[] | undefined;
      const sites = ctx.record.websites;
      for (let wi = 0; wi < sites.length; wi++) {
        const w = sites[wi]!;
        for (let ii = 0; ii < w.ips.length; ii++) {
          const ip = w.ips[ii]!;
          if (!isIpAddress(ip)) (out ??= []).push({ path: ['websites', wi, 'ips', ii], message: `${siteLabel(w, wi)}的 IP 地址“${ip}”格式不正确`, hint: '填接入商分配的服务器公网 IP，如 203.0.113.10' });
        }
      }
      return out ?? NONE;
    },
  },
  {
    id: 'V-ICP-01',
    scope: 'entity',
    severity: 'error',
    title: '备案号格式与省份',
    source: '腾讯云《ICP备案号》（省简称 + ICP备 + 主体序号 - 网站序号）；工信部备案管理系统 beian.miit.gov.cn 可查',
    devSource: 'domain.md §7（tencentyun …/ICP备案号.md；公开网站页脚）',
    check: (ctx) => {
      const out: FindingDraft[] = [];
      const e = ctx.record.entity;
      const province = ctx.province?.name ?? null;
      const entityProblem = e.icpNumber ? icpNumberProblem(e.icpNumber, { kind: 'entity', province }) : null;
      if (entityProblem) out.push({ path: ['entity', 'icpNumber'], message: entityProblem.message, hint: entityProblem.hint });
      ctx.record.websites.forEach((w, i) => {
        if (!w.icpNumber) return;
        const p = icpNumberProblem(w.icpNumber, { kind: 'website', province, entityIcp: entityProblem ? null : e.icpNumber });
        if (p) out.push({ path: ['websites', i, 'icpNumber'], message: `${siteLabel(w, i)}：${p.message}`, hint: p.hint });
      });
      return out;
    },
  },
];
