// zod schemas of the client record (shared/docs/record-format.md) and of the stored rows' editable fields.
// Every message is Chinese and names the field; the UI's per-field validation calls the same checks.
import { z } from 'zod';
import {
  ENTITY_CERT_TYPES,
  FILING_TYPES,
  HOST_NATURES,
  HOST_NATURE_CERT_TYPES,
  PERSON_CERT_TYPES,
  PRE_APPROVAL_TYPES,
  SERVICE_CONTENT_NAMES,
  USCC_CERT_TYPES,
  WEBSITE_LANGUAGES,
  type HostNature,
} from './enums';
import {
  checkResidentId,
  checkUscc,
  homepageHost,
  icpNumberProblem,
  isIpAddress,
  MOBILE_RE,
  normalizeIcpNumber,
  normalizeNumber,
  OFFICE_PHONE_RE,
  RESIDENT_ID_MESSAGES,
  toAsciiDomain,
  USCC_MESSAGES,
  withAsciiDots,
} from './identifiers';
import { isCalendarDay } from './dates';
import { PROVINCE_NAMES } from './provinces';
import { INVISIBLE_CHAR, INVISIBLE_CHAR_BUT_NEWLINE } from './text';

z.config(z.locales.zhCN());

/** null when the text holds no control, invisible or bidi character (text.ts), else a message naming the field and where. */
export function controlCharProblem(label: string, value: string, multiLine = false): string | null {
  const m = (multiLine ? INVISIBLE_CHAR_BUT_NEWLINE : INVISIBLE_CHAR).exec(value);
  if (!m) return null;
  const at = [...value.slice(0, m.index)].length + 1;
  const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `${label}含有不可见的控制字符（第 ${at} 个字符，U+${code}），多为从其他软件复制时带入：请删除后重新输入`;
}

/** Every text field of the record: a string, trimmed, with no control characters (one refinement for all). */
const textValue = (label: string, multiLine = false) =>
  z
    // a field left out (an agency sheet without that column) is missing, not of the wrong type
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? `请填写${label}` : `${label}应为文本`) })
    .trim()
    .refine((v) => controlCharProblem(label, v, multiLine) === null, { error: (iss) => controlCharProblem(label, String(iss.input), multiLine) ?? `${label}含有不可见的控制字符` });

const text = (label: string, max: number) => textValue(label).min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字符`);

const optionalText = (label: string, max: number, multiLine = false) =>
  textValue(label, multiLine).max(max, `${label}不能超过 ${max} 个字符`).default('');

const optionalMatching = (label: string, re: RegExp, message: string) =>
  textValue(label)
    .refine((v) => v === '' || re.test(v), message)
    .default('');

const pick = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: `请从列表中选择${label}` });

/**
 * A day of a certificate as printed: YYYY-MM-DD and on the calendar (2015-02-30 was stored and printed on the
 * 核验单), or 长期 where the certificate can say so — its end, never its start.
 */
const dayText = (label: string, longTerm: boolean) =>
  z
    .string({ error: `${label}应为日期` })
    .regex(longTerm ? /^(\d{4}-\d{2}-\d{2}|长期)$/ : /^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 YYYY-MM-DD${longTerm ? '（或“长期”）' : '（“长期”只用于有效期止）'}`, abort: true })
    .refine((v) => v === '长期' || isCalendarDay(v), { error: (iss) => `${label}“${String(iss.input)}”不是日历上有的日期（如 2 月 30 日），请按证件核对` });

const dateOrLongTermText = (label: string) => dayText(label, true);

const dateOrLongTerm = (label: string) => dateOrLongTermText(label).nullable().default(null);

/**
 * A typed number (证件号码, 手机号码): normalised by the one function the forms, the CLI and the rule
 * engine also use, before anything is validated.
 */
export const typedNumber = <T extends z.ZodType<unknown, string>>(label: string, then: T) =>
  // normalised before `then` validates (a transform piped into the check, so the input type stays string)
  textValue(label).transform(normalizeNumber).pipe(then);

/** 主体/网站备案号 as typed: format and 主体 vs 网站 form here; the province prefix where the client is known. */
const icpNumberField = (kind: 'entity' | 'website') =>
  textValue(`${kind === 'entity' ? '主体' : '网站'}备案号`)
    .transform(normalizeIcpNumber)
    .superRefine((v, ctx) => {
      const p = icpNumberProblem(v, { kind });
      if (p) ctx.addIssue({ code: 'custom', message: `${p.message}；${p.hint}` });
    })
    .nullable()
    .default(null);

// ---- checks shared by schema refinements and UI form validators ---------------------------------

/** null when the 证件号码 is acceptable for this 证件类型, else a message. */
export function certNumberProblem(certType: string | undefined, value: string | undefined): string | null {
  const v = normalizeNumber(value ?? '');
  if (!v) return '请填写证件号码';
  if (certType === '居民身份证') {
    const r = checkResidentId(v);
    return r.ok ? null : RESIDENT_ID_MESSAGES[r.problem];
  }
  if (certType && USCC_CERT_TYPES.includes(certType) && v.length === 18) {
    const r = checkUscc(v);
    return r.ok ? null : USCC_MESSAGES[r.problem];
  }
  if (!/^[0-9A-Z()·]{5,40}$/.test(v)) return '证件号码只能包含数字、字母和括号，长度 5–40 位';
  return null;
}

export function certTypeProblem(nature: string | undefined, certType: string | undefined): string | null {
  if (!nature || !(nature in HOST_NATURE_CERT_TYPES)) return null;
  const allowed: readonly string[] = HOST_NATURE_CERT_TYPES[nature as HostNature];
  return certType && allowed.includes(certType) ? null : `主办者性质为“${nature}”时，证件类型应为：${allowed.join('、')}`;
}

export const mobileField = typedNumber('手机号码', z.string().regex(MOBILE_RE, '手机号码应为 11 位数字，以 13–19 开头，例如 13800138000'));
export const emailField = textValue('电子邮箱').max(100, '电子邮箱不能超过 100 个字符').pipe(z.email('电子邮箱格式不正确，例如 zhang@example.cn'));
export const officePhoneField = optionalMatching('办公室电话', OFFICE_PHONE_RE, '办公室电话格式应为 086-区号-号码，例如 086-0755-12345678');
export const emergencyPhoneField = optionalMatching('应急联系电话', /^(1[3-9]\d{9}|(086-)?0\d{2,3}-\d{7,8})$/, '应急联系电话应为手机号码或 区号-号码');

// Stored in its canonical form: lower case, a trailing dot (the DNS root) dropped, so that the suffix lists and
// the duplicate checks read shili.hk. as the shili.hk it is; the Unicode form (中文.中国) is kept as typed, but with
// plain dots (例子。中国 is 例子.中国: the suffix lists split at the dot).
const canonicalDomain = (v: string) => withAsciiDots(v).toLowerCase().replace(/\.$/, '');
export const domainField = textValue('域名')
  .refine((v) => !canonicalDomain(v).endsWith('.') && toAsciiDomain(canonicalDomain(v)) !== null, { error: (iss) => `域名格式不正确：“${String(iss.input)}”，应为已注册的域名，如 example.cn（不带 http:// 与路径）` })
  .transform(canonicalDomain);

export const homepageField = textValue('网站首页URL')
  .transform((v) => v.toLowerCase())
  .refine((v) => homepageHost(v) !== null, { error: (iss) => `网站首页URL格式不正确：“${String(iss.input)}”，例如 www.example.cn` });

export const ipField = textValue('IP 地址').refine(isIpAddress, { error: (iss) => `IP 地址格式不正确：“${String(iss.input)}”` });

/** A list without two items of the same `key`: two spellings of one value (中文.中国 and its punycode) are one item. */
const uniqueList = <T extends z.ZodType<string>>(item: T, label: string, min: number, max: number, key: (v: string) => string = (v) => v) =>
  z
    .array(item, { error: `${label}应为列表` })
    .min(min, min === 1 ? `请至少填写一个${label}` : `${label}至少 ${min} 个`)
    .max(max, `${label}最多 ${max} 个`)
    .superRefine((list, ctx) => {
      const seen = new Map<string, string>();
      list.forEach((v, i) => {
        const k = key(v);
        const first = seen.get(k);
        if (first === undefined) seen.set(k, v);
        else ctx.addIssue({ code: 'custom', path: [i], message: first === v ? `${label}“${v}”重复` : `${label}“${v}”与“${first}”是同一个${label}，重复` });
      });
    });

// ---- entity (主体) ---------------------------------------------------------------------------------

export const entityShape = {
  province: pick('省份', PROVINCE_NAMES),
  city: text('市', 40),
  district: optionalText('区县', 40),
  nature: pick('主办者性质', HOST_NATURES),
  certType: pick('证件类型', ENTITY_CERT_TYPES),
  certNumber: typedNumber('证件号码', z.string()),
  name: text('主办单位名称', 100),
  certAddress: text('证件住所', 200),
  investor: optionalText('投资人或主管单位', 100),
  mailingAddress: text('通信地址', 200),
  remark: optionalText('主体备注', 1000, true),
  icpNumber: icpNumberField('entity'),
  /** 营业期限 of the licence (or the unit certificate's 有效期) as printed: a date or 长期; optional. */
  // Optional in the record (added after v1 shipped): absent and null both mean “not entered”.
  certValidTo: dateOrLongTermText('营业期限（证件有效期止）').nullable().optional(),
  /** 经营范围 as printed on the licence; optional like certValidTo (issue 15: 前置审批 hints). */
  businessScope: textValue('经营范围', true).max(2000, '经营范围不能超过 2000 个字符').nullable().optional(),
};

function refineEntity(e: { nature?: string; certType?: string; certNumber?: string; province?: string; icpNumber?: string | null }, ctx: z.RefinementCtx) {
  const icp = e.icpNumber ? icpNumberProblem(e.icpNumber, { kind: 'entity', province: e.province }) : null;
  if (icp?.problem === 'province') ctx.addIssue({ code: 'custom', path: ['icpNumber'], message: `${icp.message}；${icp.hint}` });
  const typeProblem = certTypeProblem(e.nature, e.certType);
  if (typeProblem) ctx.addIssue({ code: 'custom', path: ['certType'], message: typeProblem });
  const numberProblem = certNumberProblem(e.certType, e.certNumber);
  if (numberProblem) ctx.addIssue({ code: 'custom', path: ['certNumber'], message: numberProblem });
}

/** The entity as stored and edited (principal is a row id). */
export const entityFieldsSchema = z
  .strictObject({ ...entityShape, principalPersonId: z.number().int().positive().nullable().default(null) })
  .superRefine(refineEntity);
export type EntityFields = z.infer<typeof entityFieldsSchema>;
export type EntityFieldsInput = z.input<typeof entityFieldsSchema>;

/** The entity in the record format (principal names a person by record id). */
export const recordEntitySchema = z
  .strictObject({ ...entityShape, principal: text('主体负责人', 32) })
  .superRefine(refineEntity);

// ---- person (负责人) -------------------------------------------------------------------------------

export const personShape = {
  name: text('姓名', 50),
  certType: pick('证件类型', PERSON_CERT_TYPES),
  certNumber: typedNumber('证件号码', z.string()),
  certValidFrom: dayText('证件有效期起', false).nullable().default(null),
  certValidTo: dateOrLongTerm('证件有效期止'),
  officePhone: officePhoneField,
  mobile: mobileField,
  emergencyPhone: emergencyPhoneField,
  email: emailField,
};

function refinePerson(p: { certType?: string; certNumber?: string }, ctx: z.RefinementCtx) {
  const problem = certNumberProblem(p.certType, p.certNumber);
  if (problem) ctx.addIssue({ code: 'custom', path: ['certNumber'], message: problem });
}

export const personFieldsSchema = z.strictObject(personShape).superRefine(refinePerson);
export type PersonFields = z.infer<typeof personFieldsSchema>;
export type PersonFieldsInput = z.input<typeof personFieldsSchema>;

export const recordPersonSchema = z
  .strictObject({ id: text('负责人编号', 32), ...personShape })
  .superRefine(refinePerson);

// ---- website (网站) --------------------------------------------------------------------------------

export const websiteShape = {
  name: text('网站名称', 100),
  domains: uniqueList(domainField, '域名', 1, 10, (d) => toAsciiDomain(d) ?? d),
  homepages: uniqueList(homepageField, '网站首页URL', 1, 10),
  serviceContent: pick('网站服务内容', SERVICE_CONTENT_NAMES),
  preApprovals: z.array(pick('前置审批类型', PRE_APPROVAL_TYPES)).default([]),
  languages: z.array(pick('网站语言', WEBSITE_LANGUAGES)).min(1, '请至少选择一种网站语言').default(['中文简体']),
  ips: z.array(ipField).max(50, 'IP 地址最多 50 个').default([]),
  remark: optionalText('网站备注', 1000, true),
  icpNumber: icpNumberField('website'),
};

export const websiteFieldsSchema = z.strictObject({
  ...websiteShape,
  /** 网站负责人; "同主体负责人" is the entity principal's id. */
  principalPersonId: z.number({ error: '请选择网站负责人' }).int().positive(),
});
export type WebsiteFields = z.infer<typeof websiteFieldsSchema>;
export type WebsiteFieldsInput = z.input<typeof websiteFieldsSchema>;

export const recordWebsiteSchema = z.strictObject({ ...websiteShape, principal: text('网站负责人', 32) });

// ---- the whole record ----------------------------------------------------------------------------

const recordCore = {
  formatVersion: z.literal(1, { error: '不支持的记录格式版本（本程序读取 formatVersion 1）' }),
  entity: recordEntitySchema,
  people: z.array(recordPersonSchema).min(1, '请至少填写一位负责人').max(50, '负责人最多 50 位'),
  websites: z.array(recordWebsiteSchema).max(100, '网站最多 100 个').default([]),
};

function refineRecord(r: { entity: { principal: string }; people: { id: string }[]; websites: { principal: string }[] }, ctx: z.RefinementCtx) {
  const ids = new Set<string>();
  r.people.forEach((p, i) => {
    if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['people', i, 'id'], message: `负责人编号“${p.id}”重复` });
    ids.add(p.id);
  });
  if (!ids.has(r.entity.principal)) {
    ctx.addIssue({ code: 'custom', path: ['entity', 'principal'], message: `主体负责人“${r.entity.principal}”不在负责人列表中` });
  }
  r.websites.forEach((w, i) => {
    if (!ids.has(w.principal)) {
      ctx.addIssue({ code: 'custom', path: ['websites', i, 'principal'], message: `网站负责人“${w.principal}”不在负责人列表中` });
    }
  });
}

/**
 * `filing.before`: a record without `filing`; its formatVersion is optional and, when present, equal to
 * the outer one (the same reader as `check`, main/rules/draft.ts).
 */
export const filedRecordSchema = z
  .strictObject({ ...recordCore, formatVersion: z.literal(1, { error: 'filing.before 的 formatVersion 须与外层相同（1）' }).optional() })
  .superRefine(refineRecord);

export const clientRecordSchema = z
  .strictObject({
    ...recordCore,
    filing: z
      .strictObject({
        type: pick('备案类型', FILING_TYPES),
        provider: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, '接入商应为服务商配置编号，如 tencent、aliyun'),
        before: filedRecordSchema.nullable().default(null),
      })
      .optional(),
  })
  .superRefine(refineRecord);
export type ClientRecord = z.infer<typeof clientRecordSchema>;
export type ClientRecordInput = z.input<typeof clientRecordSchema>;
