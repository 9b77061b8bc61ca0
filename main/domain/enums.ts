// Enumerations of the filing domain (shared/docs/domain.md §2.3). UI labels, validators and the PDF read these.

/** 证件类型 of a person (负责人 / 个人主办者); MIIT codes 2, 7, 11, 14, 30, 41, 42. */
export const PERSON_CERT_TYPES = [
  '居民身份证',
  '护照',
  '台湾居民来往大陆通行证',
  '港澳居民来往内地通行证',
  '外国人永久居留身份证',
  '港澳居民居住证',
  '台湾居民居住证',
] as const;
export type PersonCertType = (typeof PERSON_CERT_TYPES)[number];

/**
 * 主办者性质 and the 证件类型 each allows for the 主体 (tencent 单位备案.md; foxcms; MIIT cert list).
 * The order is the MIIT name order; numeric codes disagree between sources, so names are the key.
 */
export const HOST_NATURE_CERT_TYPES = {
  国防机构: ['部队代号', '军队单位对外有偿服务许可证'],
  政府机关: ['组织机构代码证书', '统一社会信用代码证书'],
  事业单位: ['组织机构代码证书', '事业单位法人证书（统一社会信用代码证书）'],
  企业: ['工商营业执照（统一社会信用代码证书）', '外国企业常驻代表机构登记证'],
  个人: PERSON_CERT_TYPES,
  社会团体: ['社会团体法人登记证书', '组织机构代码证书'],
  民办非企业单位: ['组织机构代码证书', '民办非企业单位登记证书', '社会服务机构登记证书', '民办学校办学许可证'],
  基金会: ['基金会法人登记证书'],
  律师执业机构: ['律师事务所执业许可证'],
  外国在华文化中心: ['外国在华文化中心登记证'],
  群众性团体组织: ['统一社会信用代码证书'],
  司法鉴定机构: ['司法鉴定许可证'],
  宗教团体: ['宗教活动场所登记证'],
  境外机构: ['境外机构证件'],
  医疗机构: ['医疗机构执业许可证'],
  公证机构: ['公证机构执业证'],
  集体经济: ['农村集体经济组织登记证'],
  仲裁机构: ['仲裁委员会登记证'],
} as const satisfies Record<string, readonly string[]>;

export type HostNature = keyof typeof HOST_NATURE_CERT_TYPES;
export const HOST_NATURES = Object.keys(HOST_NATURE_CERT_TYPES) as [HostNature, ...HostNature[]];

/** Every 证件类型 an entity may carry (the union over 主办者性质). */
export const ENTITY_CERT_TYPES = [...new Set(Object.values(HOST_NATURE_CERT_TYPES).flat())] as [string, ...string[]];

export function certTypesForNature(nature: HostNature): readonly string[] {
  return HOST_NATURE_CERT_TYPES[nature];
}

/** 证件类型 whose number is a 统一社会信用代码 (GB 32100) when it is 18 characters long. */
export const USCC_CERT_TYPES: readonly string[] = ENTITY_CERT_TYPES.filter((t) => t.includes('统一社会信用代码'));

/** 网站服务内容 (MIIT bit-flag codes). */
export const SERVICE_CONTENTS = {
  即时通信: 1,
  搜索引擎: 2,
  综合门户: 4,
  网上邮局: 8,
  网络新闻: 16,
  '博客/个人空间': 32,
  '网络广告/信息': 64,
  单位门户网站: 128,
  网络购物: 256,
  网上支付: 512,
  网上银行: 1024,
  '网上炒股/股票基金': 2048,
  网络游戏: 4096,
  网络音乐: 8192,
  网络影视: 16384,
  网络图片: 32768,
  '网络软件/下载': 65536,
  网上求职: 131072,
  '网上交友/婚介': 262144,
  网上房产: 524288,
  网络教育: 1048576,
  网站建设: 2097152,
  WAP: 4194304,
  其他: 8388608,
  APP: 134217728,
  网络借贷信息中介: 268435456,
  互联网股权融资: 536870912,
  互联网保险: 1073741824,
  互联网跨界金融及资产管理: 2147483648,
  网上非银支付: 4294967296,
} as const;
export type ServiceContent = keyof typeof SERVICE_CONTENTS;
export const SERVICE_CONTENT_NAMES = Object.keys(SERVICE_CONTENTS) as [ServiceContent, ...ServiceContent[]];

/** 前置或专项审批内容类型; an empty list means 以上都不涉及. */
export const PRE_APPROVAL_TYPES = [
  '新闻',
  '出版',
  '教育',
  '医疗保健',
  '药品和医疗器械',
  '电子公告服务',
  '文化',
  '广播电影电视节目',
] as const;
export type PreApprovalType = (typeof PRE_APPROVAL_TYPES)[number];

/** 网站语言 (MIIT codes 1–17, in code order). */
export const WEBSITE_LANGUAGES = [
  '中文简体',
  '中文繁体',
  '维吾尔语',
  '哈萨克语',
  '柯尔克孜语',
  '蒙古语',
  '藏语',
  '壮语',
  '朝鲜语',
  '彝文',
  '苗语',
  '英语',
  '日语',
  '法语',
  '俄罗斯语',
  '西班牙语',
  '阿拉伯语',
] as const;
export type WebsiteLanguage = (typeof WEBSITE_LANGUAGES)[number];

/** Filing types (备案类型) of the record format's `filing.type`. */
export const FILING_TYPES = [
  '首次备案',
  '接入备案',
  '新增网站',
  '变更主体',
  '变更网站',
  '变更备案',
  '注销主体',
  '注销网站',
  '取消接入',
  '公安备案',
] as const;
export type FilingType = (typeof FILING_TYPES)[number];

/**
 * The filings that put a 主体 or website on record (new 备案号s, photos, 核验单, 公安备案 afterwards);
 * the change types alter what was filed and the cancellation types remove it.
 */
export const FILING_TYPES_THAT_FILE: readonly FilingType[] = ['首次备案', '接入备案', '新增网站'];
export const CHANGE_FILING_TYPES: readonly FilingType[] = ['变更主体', '变更网站', '变更备案'];
export const CANCEL_FILING_TYPES: readonly FilingType[] = ['注销主体', '注销网站', '取消接入'];
/** The filings made under the 备案号s the 管局 holds: their package names those of the filed state. */
export const FILING_TYPES_UNDER_FILED_NUMBERS: readonly FilingType[] = [...CHANGE_FILING_TYPES, ...CANCEL_FILING_TYPES];

/** The states of a filing order; main/filings/stateMachine.ts holds the moves between them. */
export const ORDER_STATES = ['草稿', '待提交', '初审中', '初审驳回', '待拍照核验', '复审中', '待短信核验', '管局审核中', '已通过', '管局驳回', '已放弃', '已撤回'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/**
 * The provider's 复审 rejects what was photographed (domain.md §1.0 "复审(provider) [驳回→重拍]"): no state of
 * its own, the order goes back to 待拍照核验 — with the provider's text a round of this stage is recorded
 * (main/services/rejections.ts), and the order goes to 复审中 again only once what it points at changed.
 */
export const REVIEW_REJECTION = { from: '复审中', to: '待拍照核验', stage: '复审驳回' } as const satisfies { from: OrderState; to: OrderState; stage: string };

/** 备案授权码 (Tencent) and 备案服务号 (Aliyun): the code an order files against (main/filings/authCodes.ts). */
export const AUTH_CODE_KINDS = ['备案授权码', '备案服务号'] as const;
export type AuthCodeKind = (typeof AUTH_CODE_KINDS)[number];

/** Kinds of material file kept for a client (材料). */
export const MATERIAL_KINDS = {
  'id-front': '身份证人像面',
  'id-back': '身份证国徽面',
  licence: '主体证件（营业执照等）',
  curtain: '幕布照片',
  sheet: '核验单扫描件（已签字）',
  'sheet-pdf': '核验单（生成）',
  'sheet-stamped': '核验单（已盖章）',
  seal: '公章图片',
  signature: '签名图片',
  'domain-cert': '域名证书',
  'site-plan': '网站建设方案书',
  authorisation: '授权书',
  'pre-approval': '前置审批文件',
  residence: '暂住证/居住证',
  other: '其他材料',
} as const;
export type MaterialKind = keyof typeof MATERIAL_KINDS;
export const MATERIAL_KIND_IDS = Object.keys(MATERIAL_KINDS) as [MaterialKind, ...MaterialKind[]];

/** The material kinds the photo desk measures, with their names on the 照片检查 page (the one list of photo kinds). */
export const PHOTO_KIND_LABELS = { curtain: '幕布照片', 'id-front': '证件正面', 'id-back': '证件背面', licence: '执照', sheet: '核验单扫描件' } as const satisfies Partial<Record<MaterialKind, string>>;
export type PhotoKind = keyof typeof PHOTO_KIND_LABELS;
export const PHOTO_KINDS = Object.keys(PHOTO_KIND_LABELS) as [PhotoKind, ...PhotoKind[]];
/** A photo check's verdict, and a photo's as a whole (its worst check). */
export const PHOTO_CHECK_STATUSES = ['pass', 'warn', 'fail'] as const;
export type PhotoCheckStatus = (typeof PHOTO_CHECK_STATUSES)[number];
export const isPhotoKind = (kind: string): kind is PhotoKind => Object.prototype.hasOwnProperty.call(PHOTO_KIND_LABELS, kind);

/** Why a client was deleted: a fixed list, so the audit tombstone never carries free text about a person. */
export const DELETION_REASONS = ['保留期限届满', '客户要求删除', '录入错误', '其他'] as const;
export type DeletionReason = (typeof DELETION_REASONS)[number];
