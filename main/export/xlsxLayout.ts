// The Excel layout of the client record (record-format.md v1) for import and export: which column holds
// which field, its Chinese header, and the list its drop-down offers. Import, export, the template and the
// column-mapping step all read this one table.
import {
  ENTITY_CERT_TYPES,
  HOST_NATURES,
  PERSON_CERT_TYPES,
  PRE_APPROVAL_TYPES,
  SERVICE_CONTENT_NAMES,
  WEBSITE_LANGUAGES,
} from '../domain/enums';
import { PROVINCE_NAMES } from '../domain/provinces';

/** How a cell's value is read: text as typed, a date (serial number, Date or text), or a list split on 、，,；;/newline. */
export type CellKind = 'text' | 'number' | 'date' | 'list';

export interface XlsxColumn {
  /** `entity.x`, `person.x` (the 主体负责人) or `website.x` — the record path the value goes to. */
  key: string;
  header: string;
  kind: CellKind;
  /** The drop-down's values (one place: main/domain/enums.ts and provinces). */
  options?: readonly string[];
  width: number;
  required?: boolean;
  example: string;
}

export const CLIENT_SHEET = '主体与负责人';
export const WEBSITE_SHEET = '网站';
export const OPTIONS_SHEET = '选项';
export const NOTES_SHEET = '填写说明';
/** The column the import adds to the result file; ignored when the file comes back. */
export const RESULT_HEADER = '结果';
/** Rows whose 主办单位名称 starts with this are the template's example and never imported. */
export const EXAMPLE_MARK = '（示例）';
/** Rows read from one workbook at most; more is refused before any is checked. */
export const MAX_ROWS = 10_000;

export const CLIENT_COLUMNS: readonly XlsxColumn[] = [
  { key: 'entity.province', header: '省份', kind: 'text', options: PROVINCE_NAMES, width: 12, required: true, example: '广东省' },
  { key: 'entity.city', header: '市', kind: 'text', width: 10, required: true, example: '深圳市' },
  { key: 'entity.district', header: '区县', kind: 'text', width: 10, example: '南山区' },
  { key: 'entity.nature', header: '主办者性质', kind: 'text', options: HOST_NATURES, width: 12, required: true, example: '企业' },
  { key: 'entity.certType', header: '主体证件类型', kind: 'text', options: ENTITY_CERT_TYPES, width: 30, required: true, example: '工商营业执照（统一社会信用代码证书）' },
  { key: 'entity.certNumber', header: '主体证件号码', kind: 'number', width: 22, required: true, example: '91440300MA5XXXXXX0' },
  { key: 'entity.name', header: '主办单位名称', kind: 'text', width: 28, required: true, example: `${EXAMPLE_MARK}深圳市示例科技有限公司` },
  { key: 'entity.certAddress', header: '证件住所', kind: 'text', width: 30, required: true, example: '深圳市南山区某路1号' },
  { key: 'entity.investor', header: '投资人或主管单位', kind: 'text', width: 24, example: '深圳市示例科技有限公司' },
  { key: 'entity.mailingAddress', header: '通信地址', kind: 'text', width: 30, required: true, example: '广东省深圳市南山区某路1号A座101室' },
  { key: 'entity.certValidTo', header: '营业期限（证件有效期止）', kind: 'date', width: 16, example: '长期' },
  { key: 'entity.icpNumber', header: '主体备案号', kind: 'text', width: 18, example: '' },
  { key: 'entity.remark', header: '主体备注', kind: 'text', width: 20, example: '' },
  { key: 'person.name', header: '负责人姓名', kind: 'text', width: 12, required: true, example: '张三' },
  { key: 'person.certType', header: '负责人证件类型', kind: 'text', options: PERSON_CERT_TYPES, width: 16, required: true, example: '居民身份证' },
  { key: 'person.certNumber', header: '负责人证件号码', kind: 'number', width: 22, required: true, example: '11010519491231002X' },
  { key: 'person.certValidFrom', header: '证件有效期起', kind: 'date', width: 14, example: '2015-01-01' },
  { key: 'person.certValidTo', header: '证件有效期止', kind: 'date', width: 14, example: '2035-01-01' },
  { key: 'person.mobile', header: '手机号码', kind: 'number', width: 14, required: true, example: '13800138000' },
  { key: 'person.officePhone', header: '办公室电话', kind: 'text', width: 18, example: '086-0755-12345678' },
  { key: 'person.emergencyPhone', header: '应急联系电话', kind: 'number', width: 14, example: '13900139000' },
  { key: 'person.email', header: '电子邮箱', kind: 'text', width: 22, required: true, example: 'zhang@example.cn' },
];

/** The 网站 sheet: each row one website of the client whose 主体证件号码 it names; its 负责人 is the 主体负责人. */
export const WEBSITE_LINK_HEADER = '主体证件号码';
export const WEBSITE_COLUMNS: readonly XlsxColumn[] = [
  { key: 'link.certNumber', header: WEBSITE_LINK_HEADER, kind: 'number', width: 22, required: true, example: '91440300MA5XXXXXX0' },
  { key: 'website.name', header: '网站名称', kind: 'text', width: 20, required: true, example: '示例科技官网' },
  { key: 'website.domains', header: '域名', kind: 'list', width: 26, required: true, example: 'example.cn、example.com.cn' },
  { key: 'website.homepages', header: '网站首页URL', kind: 'list', width: 26, required: true, example: 'www.example.cn' },
  { key: 'website.serviceContent', header: '网站服务内容', kind: 'text', options: SERVICE_CONTENT_NAMES, width: 16, required: true, example: '单位门户网站' },
  { key: 'website.languages', header: '网站语言', kind: 'list', options: WEBSITE_LANGUAGES, width: 12, example: '中文简体' },
  { key: 'website.preApprovals', header: '前置审批', kind: 'list', options: PRE_APPROVAL_TYPES, width: 14, example: '' },
  { key: 'website.ips', header: 'IP地址', kind: 'list', width: 18, example: '203.0.113.10' },
  { key: 'website.icpNumber', header: '网站备案号', kind: 'text', width: 20, example: '' },
  { key: 'website.remark', header: '网站备注', kind: 'text', width: 20, example: '' },
];

/**
 * What an agency's own sheet may be mapped onto: the client columns and one website per row (the link
 * column is implied by the row itself).
 */
export const MAPPABLE_COLUMNS: readonly XlsxColumn[] = [...CLIENT_COLUMNS, ...WEBSITE_COLUMNS.filter((c) => c.key !== 'link.certNumber')];

export function columnByKey(key: string): XlsxColumn | undefined {
  return MAPPABLE_COLUMNS.find((c) => c.key === key);
}

/** Other names agencies give these columns, for the first guess of a mapping (the operator confirms it). */
const ALIASES: Record<string, string[]> = {
  'entity.name': ['单位名称', '公司名称', '主体名称', '企业名称', '客户名称', '名称'],
  'entity.certNumber': ['统一社会信用代码', '信用代码', '社会信用代码', '营业执照号', '主体证件号'],
  'entity.certAddress': ['住所', '注册地址', '营业执照地址'],
  'entity.mailingAddress': ['通讯地址', '联系地址', '办公地址'],
  'entity.province': ['省', '所在省份'],
  'entity.city': ['城市', '所在城市'],
  'person.name': ['法人', '法定代表人', '负责人', '联系人', '姓名'],
  'person.certNumber': ['身份证号', '身份证号码', '公民身份号码', '证件号码'],
  'person.mobile': ['手机', '手机号', '联系电话', '电话'],
  'person.email': ['邮箱', 'email', 'e-mail'],
  'website.domains': ['网址', '主域名'],
  'website.name': ['网站'],
};

const squash = (s: string) => s.replace(/[\s（）()]/g, '').toLowerCase();

/** A first guess for one header of an agency's sheet: the exact header, then a known alias; null when unsure. */
export function guessColumn(header: string): string | null {
  const h = squash(header);
  if (!h) return null;
  const exact = MAPPABLE_COLUMNS.find((c) => squash(c.header) === h);
  if (exact) return exact.key;
  for (const [key, names] of Object.entries(ALIASES)) if (names.some((n) => squash(n) === h)) return key;
  return null;
}

/** The rules the notes sheet states; each is enforced by the import (or the rule catalog it runs). */
export const TEMPLATE_NOTES: readonly string[] = [
  '每行一个客户（一个主体）。同一主体证件号码只能出现一次；已是客户的主体证件号码会提示“更新”，不会重复新建。',
  `“${CLIENT_SHEET}”中的负责人为主体负责人；“${WEBSITE_SHEET}”中每行一个网站，用“主体证件号码”对应到客户，网站负责人即主体负责人。`,
  '证件号码、手机号码请设为“文本”格式填写：Excel 把 18 位数字存成数字时会丢掉末几位，这样的单元格会被拒绝。全角数字、空格和连字符会自动去掉。',
  '日期写成 YYYY-MM-DD（如 2035-01-01），也可用 Excel 日期或 2035/1/1、2035年1月1日；长期有效写“长期”。',
  '多个域名、首页URL、语言、IP 用顿号“、”、逗号、分号或换行分隔。',
  '带下拉列表的列请从列表中选择（省份、主办者性质、证件类型、网站服务内容、网站语言、前置审批）。',
  '不要使用公式和合并单元格：含公式或合并单元格的行不会导入。',
  `主办单位名称以“${EXAMPLE_MARK}”开头的行是示例，导入时跳过。`,
  `导入前会逐行按与表单相同的规则检查（如身份证校验位 V-ID-02）。导入后可下载结果文件，其“${RESULT_HEADER}”列写明每行的结果；修改后可再次导入。`,
  `一个文件最多 ${MAX_ROWS} 行，不超过 20 MB。不接受设有打开密码的工作簿和旧版 .xls 文件。`,
];
