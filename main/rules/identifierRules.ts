// §3.1 Identifiers: 身份证 (GB 11643), 统一社会信用代码 (GB 32100), 组织机构代码 (GB 11714), old licences,
// and the record's enumerations and number formats.
import { certTypesForNature, HOST_NATURE_CERT_TYPES, PERSON_CERT_TYPES, USCC_CERT_TYPES, type HostNature } from '../domain/enums';
import { checkResidentId, checkUscc, ENTITY_ICP_RE, isIpAddress, MOBILE_RE, OFFICE_PHONE_RE, PSB_RE, WEBSITE_ICP_RE } from '../domain/identifiers';
import { PROVINCE_NAMES } from '../domain/provinces';
import type { FindingDraft, Path, Rule, RuleContext } from './types';

/** Every 身份证 in the record: each person's, and the entity's for 个人. */
function residentIds(ctx: RuleContext): { path: Path; value: string; label: string }[] {
  const out = ctx.record.people.filter((p) => p.certType === '居民身份证').map((p, _i, all) => ({ path: ['people', ctx.record.people.indexOf(p), 'certNumber'] as Path, value: p.certNumber, label: `负责人“${p.name || all.indexOf(p) + 1}”的证件号码` }));
  if (ctx.record.entity.certType === '居民身份证') out.unshift({ path: ['entity', 'certNumber'], value: ctx.record.entity.certNumber, label: '主办人证件号码' });
  return out;
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

const isUsccType = (t: string) => USCC_CERT_TYPES.includes(t);

export const identifierRules: Rule[] = [
  {
    id: 'V-ID-01',
    scope: 'person',
    severity: 'error',
    title: '居民身份证号码结构',
    source: 'GB 11643-1999（jayknoxqu/id-number-util）',
    check: (ctx) =>
      residentIds(ctx).flatMap(({ path, value, label }) => {
        const r = checkResidentId(value, ctx.today);
        if (r.ok || (r.problem !== 'length' && r.problem !== 'format')) return [];
        return [{ path, message: `${label}应为 18 位：17 位数字加 1 位数字或 X`, hint: '按证件逐位输入；全角数字、空格会被自动去除，仍不符则说明号码有误' }];
      }),
  },
  {
    id: 'V-ID-02',
    scope: 'person',
    severity: 'error',
    title: '居民身份证校验位',
    source: 'ISO 7064 MOD 11-2（GB 11643 附录）',
    check: (ctx) =>
      residentIds(ctx).flatMap(({ path, value, label }) => {
        const r = checkResidentId(value, ctx.today);
        return !r.ok && r.problem === 'checkDigit' ? [{ path, message: `${label}校验位不正确`, hint: '最后一位由前 17 位计算得出；通常是某一位抄错，请对照证件逐位核对' }] : [];
      }),
  },
  {
    id: 'V-ID-03',
    scope: 'person',
    severity: 'error',
    title: '身份证出生日期',
    source: 'GB 11643-1999 出生日期码',
    check: (ctx) =>
      residentIds(ctx).flatMap(({ path, value, label }) => {
        const r = checkResidentId(value, ctx.today);
        return !r.ok && r.problem === 'birthDate' ? [{ path, message: `${label}中的出生日期（第 7–14 位）不是有效日期或晚于今天`, hint: '如 0230 这样的日期不存在；请核对证件' }] : [];
      }),
  },
  {
    id: 'V-ID-04',
    scope: 'entity',
    severity: 'error',
    title: '统一社会信用代码结构',
    source: 'GB 32100-2015（hutool CreditCodeUtil）',
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
    source: 'GB 32100-2015 校验码（Rockyzsu/social_code_validation）',
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
    source: 'GB 11714-1997（Rockyzsu/social_code_validation）',
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
    source: 'boli-duality/utils regex；qcloud 各省管局要求20170605（黑龙江、河南要求三证合一）',
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
    source: 'domain.md §2.3（tencent 单位备案.md；MIIT 证件类型）',
    check: (ctx) => {
      const e = ctx.record.entity;
      const out: FindingDraft[] = [];
      if (!e.province) out.push({ path: ['entity', 'province'], message: '请选择省份（备案归属地）', hint: '由通信地址所在省决定，备案后不能变更' });
      else if (!PROVINCE_NAMES.includes(e.province)) out.push({ path: ['entity', 'province'], message: `省份“${e.province}”不是 31 个省级行政区之一`, hint: '写全称，如“广东省”“北京市”' });
      if (!e.nature) out.push({ path: ['entity', 'nature'], message: '请选择主办者性质', hint: '企业、个人、事业单位等' });
      else if (!(e.nature in HOST_NATURE_CERT_TYPES)) out.push({ path: ['entity', 'nature'], message: `主办者性质“${e.nature}”无法识别`, hint: `可选：${Object.keys(HOST_NATURE_CERT_TYPES).join('、')}` });
      else if (!certTypesForNature(e.nature as HostNature).includes(e.certType)) {
        out.push({ path: ['entity', 'certType'], message: `主办者性质为“${e.nature}”时证件类型不能是“${e.certType}”`, hint: `可选：${certTypesForNature(e.nature as HostNature).join('、')}` });
      }
      ctx.record.people.forEach((p, i) => {
        if (!(PERSON_CERT_TYPES as readonly string[]).includes(p.certType)) out.push({ path: ['people', i, 'certType'], message: `负责人证件类型“${p.certType}”无法识别`, hint: `可选：${PERSON_CERT_TYPES.join('、')}` });
      });
      return out;
    },
  },
  {
    id: 'V-FMT-02',
    scope: 'person',
    severity: 'error',
    title: '手机号码与电子邮箱格式',
    source: 'S4（手机号码、电子邮箱地址字段）',
    check: (ctx) =>
      ctx.record.people.flatMap((p, i) => [
        ...(MOBILE_RE.test(p.mobile) ? [] : [{ path: ['people', i, 'mobile'], message: `负责人“${p.name}”的手机号码格式不正确`, hint: '11 位，以 13–19 开头，不加 +86' }]),
        ...(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.email) ? [] : [{ path: ['people', i, 'email'], message: `负责人“${p.name}”的电子邮箱格式不正确`, hint: '如 zhang@example.cn；管局通知会发到此邮箱' }]),
      ]),
  },
  {
    id: 'V-PER-03',
    scope: 'person',
    severity: 'error',
    title: '办公室电话格式与固定电话要求',
    source: 'S4（086-区号-号码；企业与天津个人须填真实固话）',
    check: (ctx) =>
      ctx.record.people.flatMap((p, i) => {
        const out: FindingDraft[] = [];
        if (p.officePhone && !OFFICE_PHONE_RE.test(p.officePhone)) {
          out.push({ path: ['people', i, 'officePhone'], message: `负责人“${p.name}”的办公室电话格式应为 086-区号-号码`, hint: '例如 086-0755-12345678；区号带 0' });
        }
        const landlineNeeded = ctx.record.entity.nature === '企业' || (ctx.personal && ctx.province?.rules.personalLandline);
        if (landlineNeeded && (!p.officePhone || /^(086-)?1[3-9]\d{9}$/.test(p.officePhone))) {
          out.push({
            path: ['people', i, 'officePhone'],
            message: ctx.personal ? `${ctx.province!.short}个人备案须填写真实的固定电话（负责人“${p.name}”）` : `企业备案的负责人“${p.name}”须填写真实的固定电话作为办公室电话，不能留空或填手机号`,
            hint: '格式 086-区号-号码',
          });
        }
        return out;
      }),
  },
  {
    id: 'V-FMT-03',
    scope: 'website',
    severity: 'error',
    title: 'IP 地址格式',
    source: 'S2（填写服务器公网 IP）；IPv4 点分十进制、IPv6 RFC 4291',
    check: (ctx) =>
      ctx.record.websites.flatMap((w, wi) =>
        w.ips.flatMap((ip, ii) => (isIpAddress(ip) ? [] : [{ path: ['websites', wi, 'ips', ii], message: `网站“${w.name}”的 IP 地址“${ip}”格式不正确`, hint: '填接入商分配的服务器公网 IP，如 203.0.113.10' }])),
      ),
  },
  {
    id: 'V-ICP-01',
    scope: 'entity',
    severity: 'error',
    title: '备案号格式与省份',
    source: 'domain.md §7（tencentyun …/ICP备案号.md；公开网站页脚）',
    check: (ctx) => {
      const out: FindingDraft[] = [];
      const e = ctx.record.entity;
      if (e.icpNumber) {
        if (!ENTITY_ICP_RE.test(e.icpNumber)) out.push({ path: ['entity', 'icpNumber'], message: `主体备案号“${e.icpNumber}”格式不正确`, hint: '如 粤ICP备12345678号 或 京ICP备2024077296号；“粤B2-…”是经营许可证，不是备案号' });
        else if (ctx.province && ![ctx.province.icpPrefix, ...ctx.province.icpPrefixAliases].includes(e.icpNumber[0]!)) {
          out.push({ path: ['entity', 'icpNumber'], message: `主体备案号以“${e.icpNumber[0]}”开头，与省份${ctx.province.name}（${ctx.province.icpPrefix}）不符`, hint: '备案号的省简称由备案归属地决定，请核对省份或备案号' });
        }
      }
      ctx.record.websites.forEach((w, i) => {
        if (!w.icpNumber) return;
        if (!WEBSITE_ICP_RE.test(w.icpNumber)) out.push({ path: ['websites', i, 'icpNumber'], message: `网站备案号“${w.icpNumber}”格式不正确`, hint: '网站备案号 = 主体备案号 + “-序号”，如 粤ICP备12345678号-1' });
        else if (e.icpNumber && !w.icpNumber.startsWith(e.icpNumber)) out.push({ path: ['websites', i, 'icpNumber'], message: `网站备案号“${w.icpNumber}”不属于主体备案号“${e.icpNumber}”`, hint: '同一主体下的网站备案号以主体备案号开头' });
      });
      return out;
    },
  },
];
