// The API contract: every operation the UI, the web host and the CLI can ask for, with zod schemas for
// its input and output. The renderer imports this module (and nothing else from main/), so it must stay
// free of Node-only imports.
import { z } from 'zod';
import { isCalendarDay } from '../domain/dates';
import { methodsBuiltOnFirstUse, type MethodDefinitions } from './methodSpecs';
import { DELETION_REASONS, FILING_TYPES, MATERIAL_KIND_IDS, ORDER_STATES, PHOTO_CHECK_STATUSES, PHOTO_KINDS } from '../domain/enums';
import { clientRecordSchema, entityFieldsSchema, personFieldsSchema, websiteFieldsSchema } from '../domain/schemas';
import { filedDifferenceSchema, filedOverviewSchema } from '../domain/filed';
import { followupMethods, rejectionReasonInputSchema, rejectionRoundSchema } from './followupsContract';
import { DOCUMENT_KINDS, READING_TARGETS } from '../domain/documentReading';
import { accountMethods } from './accountsContract';
import { MAX_STAMP_OFFSET_MM } from '../domain/stampOffset';
import { teamServerMethods } from './teamServerContract';
import { localTeamServerMethods } from './localTeamServerContract';
import { leaseMethods } from './leasesContract';
import { archiveTooLarge, MAX_ARCHIVE_BASE64 } from './uploads';
import { auditEntrySchema, entitySummarySchema, entityViewSchema, materialViewSchema, personViewSchema, websiteViewSchema } from '../domain/views';
import { findingSchema, photoCheckSchema, photoReportSchema } from '../domain/resultSchemas';
import { checkedClientSchema, jobStatusSchema } from '../domain/jobResults';

export * from '../domain/enums';
export * from '../domain/identifiers';
export * from '../domain/labels';
export * from '../domain/provinces';
export * from '../domain/schemas';
export * from '../domain/views';
export type * from '../domain/intake';
export { JOB_KINDS, type JobKind, type JobResult, type JobStatusOf } from '../domain/jobResults';
export { CHECK_ALL_PAGE } from '../domain/jobResults';
// the page's archive upload (renderer/upload.ts) names the same limit and header as the host
export { archiveTooLarge, MAX_ARCHIVE_BYTES, UPLOAD_INPUT_HEADER, type UploadMethod } from './uploads';
export * from '../domain/documentReading';
export { CANCEL_FILING_TYPES, CHANGE_FILING_TYPES, FILING_TYPES_THAT_FILE } from '../domain/enums';
export type { FiledOverview, FiledDifference } from '../domain/filed';
export { defaultWebsitesNote } from '../filings/orderWebsites';
export * from './errors';
export { ERROR_CODES, type ErrorCode, type FieldIssue } from '../domain/errors';
export { EDIT_TARGET_LABELS, type EditConflict, type EditTarget } from '../domain/editConflict';
export { authCodeKindFor, GONGAN } from './followupsContract';
export * from '../domain/accounts';
export * from '../domain/leases';
// The renderer shows store instants and days as China time, the same way the main process does.
export { chinaDateTime, chinaDay } from '../domain/dates';

const id = (label: string) => z.number({ error: `${label}编号应为数字` }).int(`${label}编号应为整数`).positive(`${label}编号应为正数`);
const deleted = z.object({ deletedId: z.number(), removedFiles: z.number() });
/** The version of the row the form read (its view's rowVersion): a save over another version is refused with EDIT_CONFLICT. */
const rowVersion = z.number({ error: '缺少记录版本，请重新打开后再保存' }).int().positive();

/** Largest material the API takes in one call (base64 grows the bytes by a third). */
export const MAX_MATERIAL_BASE64 = Math.ceil((50 * 1024 * 1024 * 4) / 3) + 4;

const passphrase = (label: string) => z.string({ error: `请输入${label}` }).min(1, `请输入${label}`).max(1024, `${label}过长`);
const sessionStatus = z.object({
  state: z.enum(['uninitialised', 'locked', 'unlocked']),
  osUnlockAvailable: z.boolean(),
  osUnlockEnabled: z.boolean(),
  /** After setup or unlock: what the operator must be told (a damaged material file set aside, Desk.takeNotices). */
  notices: z.array(z.string()).optional(),
  /** Once unlocked: what this start's upgrade of the store found for the operator to act on (Desk.takeUpgradeNotices). */
  upgradeNotices: z.array(z.string()).optional(),
});
const settingsSchema = z.object({ idleLockMinutes: z.number(), retentionMonths: z.number(), validityWarnDays: z.number(), rowVersion: z.number() });
/** The version a settings form read, sent back with its save (EDIT_CONFLICT when someone saved since). */
const settingsVersion = z.number({ error: '缺少设置的版本号，请刷新页面后再保存' }).int().min(0);

/**
 * Methods marked `open` work while the desk is locked (they are how it gets unlocked); every other method
 * is refused with LOCKED until the data passphrase has been given.
 */
const checkResultSchema = z.object({ findings: z.array(findingSchema), counts: z.object({ error: z.number(), warning: z.number(), info: z.number() }) });
const b64Image = z.string().min(8, '图片为空').max(Math.ceil((30 * 1024 * 1024 * 4) / 3), '图片过大（超过 30 MB）').regex(/^[A-Za-z0-9+/]*={0,2}$/, '图片编码无效');
const offset = z.strictObject({ dx: z.number().min(-MAX_STAMP_OFFSET_MM).max(MAX_STAMP_OFFSET_MM), dy: z.number().min(-MAX_STAMP_OFFSET_MM).max(MAX_STAMP_OFFSET_MM) });
const sheetSettingsSchema = z.object({
  accessMethod: z.string().trim().max(20, '不能超过 20 个字符'),
  verifierName: z.string().trim().max(30, '不能超过 30 个字符'),
  /** Per provider profile: 接入服务提供者 and 服务器放置地点 to print instead of the profile's (empty: the profile's). */
  providers: z.record(
    z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, '接入商应为服务商配置编号，如 tencent'),
    z.strictObject({ providerName: z.string().trim().max(100, '不能超过 100 个字符'), serverLocation: z.string().trim().max(50, '不能超过 50 个字符') }),
  ),
});
const orderState = z.enum(ORDER_STATES, { error: '订单状态无效' });
const deadlineSchema = z.object({ kind: z.string(), dueAt: z.string(), overdue: z.boolean(), message: z.string() });
/** A 变更's diff to the filed state and what must be uploaded again or is reused. */
const changeSummarySchema = z.object({ differences: z.array(filedDifferenceSchema), uploadAgain: z.array(z.string()), reused: z.array(z.string()), note: z.string() });
const orderRowSchema = z.object({
  id: z.number(),
  entityId: z.number(),
  type: z.string(),
  provider: z.string(),
  state: z.string(),
  providerOrderNo: z.string().nullable(),
  effectiveDate: z.string().nullable(),
  change: z.record(z.string(), z.boolean()),
  stateChangedAt: z.string(),
  smsDueAt: z.string().nullable(),
  psbDueAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  websiteIds: z.array(z.number()),
});
const checklistItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  personId: z.number().nullable(),
  websiteId: z.number().nullable(),
  why: z.string(),
  source: z.string(),
  status: z.enum(['present', 'missing', 'stale', 'failed', 'accepted', 'unchecked']),
  materialIds: z.array(z.number()),
  materialId: z.number().nullable(),
  photo: z
    .object({
      status: z.enum([...PHOTO_CHECK_STATUSES, 'unchecked']),
      checks: z.array(photoCheckSchema),
    })
    .nullable(),
  override: z.object({ reason: z.string(), actor: z.string(), at: z.string() }).nullable(),
  note: z.string(),
});
/** A photo's kind by its full path, as the operator set it in the grid. */
const photoKindsByFile = z.record(z.string().max(1000), z.enum(PHOTO_KINDS, { error: '照片类型无效' }));
const jobId = z.string().regex(/^[0-9a-f]{16}$/, '任务编号无效');

/** An uploaded workbook at most 20 MB (export/xlsxGuard.ts MAX_XLSX_BYTES) as base64. */
export const MAX_XLSX_BASE64 = Math.ceil((20 * 1024 * 1024 * 4) / 3) + 4;
/** A licence or ID photo to read, at most 12 MB (photos/reader/readDocument.ts MAX_DOCUMENT_BYTES) as base64. */
export const MAX_DOCUMENT_BASE64 = Math.ceil((12 * 1024 * 1024 * 4) / 3) + 4;
const xlsxFileSchema = z.object({ fileName: z.string(), contentBase64: z.string(), count: z.number() });

export const contract = methodsBuiltOnFirstUse({
  'session.status': () => ({ open: true as const, input: z.strictObject({}), output: sessionStatus }),
  'session.setup': () => ({
    open: true as const,
    input: z
      .strictObject({ passphrase: passphrase('数据密码'), confirm: passphrase('确认密码') })
      .refine((v) => v.passphrase === v.confirm, { path: ['confirm'], message: '两次输入的密码不一致' }),
    output: sessionStatus,
  }),
  'session.unlock': () => ({ open: true as const, input: z.strictObject({ passphrase: passphrase('数据密码') }), output: sessionStatus }),
  'session.unlockWithOs': () => ({ open: true as const, input: z.strictObject({}), output: sessionStatus }),
  'session.lock': () => ({ open: true as const, input: z.strictObject({}), output: sessionStatus }),
  /** The operator is working in the window (typing, clicking) though no data call was made. */
  'session.ping': () => ({ input: z.strictObject({}), output: sessionStatus }),
  'session.changePassphrase': () => ({
    input: z
      .strictObject({ current: passphrase('当前密码'), next: passphrase('新密码'), confirm: passphrase('确认新密码') })
      .refine((v) => v.next === v.confirm, { path: ['confirm'], message: '两次输入的新密码不一致' }),
    output: sessionStatus,
  }),
  'session.setOsUnlock': () => ({ input: z.strictObject({ enabled: z.boolean() }), output: sessionStatus }),
  'settings.get': () => ({ input: z.strictObject({}), output: settingsSchema }),
  'settings.update': () => ({
    input: z.strictObject({
      idleLockMinutes: z.number().int().min(0, '不能小于 0').max(1440, '最长 1440 分钟').optional(),
      retentionMonths: z.number().int().min(1, '至少 1 个月').max(600, '最长 600 个月').optional(),
      validityWarnDays: z.number().int().min(0, '不能小于 0').max(365, '最多 365 天').optional(),
      rowVersion: settingsVersion,
    }),
    output: settingsSchema,
  }),
  'entity.list': () => ({
    input: z.strictObject({
      query: z.string().max(200, '搜索内容不能超过 200 个字符').optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000, '每页最多 1000 条').default(100),
      sortBy: z.enum(['updatedAt', 'name', 'province']).default('updatedAt'),
      sortDir: z.enum(['asc', 'desc']).default('desc'),
    }),
    // totalCapped: a search matched more than `total` (the exact-count bound) clients; pages go on past it
    output: z.object({ total: z.number(), totalCapped: z.boolean(), items: z.array(entitySummarySchema) }),
  }),
  'entity.get': () => ({ input: z.strictObject({ id: id('客户') }), output: entityViewSchema }),
  'entity.create': () => ({
    input: z.strictObject({ record: clientRecordSchema }),
    // check: the findings the form shows while typing (V-DOM-11 and the rest), so the CLI and API see them too
    output: z.object({ id: z.number(), personIds: z.record(z.string(), z.number()), websiteIds: z.array(z.number()), check: checkResultSchema }),
  }),
  'entity.update': () => ({ input: z.strictObject({ id: id('客户'), rowVersion, entity: entityFieldsSchema }), output: entityViewSchema }),
  'entity.delete': () => ({ input: z.strictObject({ id: id('客户'), reason: z.enum(DELETION_REASONS, { error: '请选择删除原因' }).default('其他') }), output: deleted }),
  'retention.set': () => ({
    input: z.strictObject({
      entityId: id('客户'),
      serviceEndedAt: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD').nullable(),
      retentionMonths: z.number().int().min(1, '至少 1 个月').max(600, '最长 600 个月').nullable(),
    }),
    output: z.object({ ok: z.literal(true) }),
  }),
  'retention.due': () => ({
    input: z.strictObject({}),
    output: z.array(z.object({ id: z.number(), name: z.string(), serviceEndedAt: z.string(), retentionMonths: z.number(), dueDate: z.string() })),
  }),
  'person.exportAll': () => ({
    input: z.strictObject({ id: id('负责人') }),
    output: z.object({
      exportedAt: z.string(),
      person: z.record(z.string(), z.unknown()),
      /** The 主体's fields when it is the person's own 个人 主体 (they are its 主办人); else null. */
      holder: z.record(z.string(), z.unknown()).nullable(),
      client: z.string(),
      roles: z.array(z.string()),
      materials: z.array(z.object({ kind: z.string(), fileName: z.string(), size: z.number(), createdAt: z.string(), contentBase64: z.string() })),
      log: z.array(auditEntrySchema),
      /**
       * The person's values kept in 已备案信息, in orders' submitted records and in open check-in conflicts, each named
       * with where and since when (person null: a conflict holding only their 个人 主体's values, in holder).
       */
      kept: z.array(z.object({ store: z.string(), since: z.string(), label: z.string(), person: z.record(z.string(), z.unknown()).nullable(), holder: z.record(z.string(), z.unknown()).nullable() })),
      /** The same, readable: a PDF with Chinese labels (issue 17). */
      readable: z.object({ fileName: z.string(), pdfBase64: z.string() }),
    }),
  }),
  'backup.create': () => ({
    input: z.strictObject({ dir: z.string().trim().min(1, '请填写备份目录').max(1000) }),
    output: z.object({ file: z.string(), bytes: z.number(), materialFiles: z.number(), verified: z.literal(true) }),
  }),
  'backup.suggestDir': () => ({ input: z.strictObject({}), output: z.object({ dir: z.string() }) }),
  /** Restores a backup into an empty data folder as a job; the folder and file are refused at once when unusable. */
  'backup.restore': () => ({
    input: z.strictObject({
      file: z.string().trim().min(1, '请填写备份文件路径').max(1000),
      dataDir: z.string().trim().min(1, '请填写恢复到的空目录').max(1000),
      passphrase: passphrase('做备份时的数据密码'),
    }),
    output: z.object({ jobId: z.string() }),
  }),
  /** A record as typed (possibly incomplete): every finding of the rule catalog. */
  'rules.check': () => ({ input: z.strictObject({ record: z.unknown(), entityId: id('客户').nullable().default(null) }), output: checkResultSchema }),
  'rules.checkClient': () => ({
    input: z.strictObject({ id: id('客户'), filingType: z.enum(FILING_TYPES).nullable().default(null), provider: z.string().max(32).nullable().default(null) }),
    output: checkResultSchema,
  }),
  'rules.checkAll': () => ({ input: z.strictObject({}), output: z.object({ jobId: z.string() }) }),
  /** A page of 检查全部客户's list (not ready, or ready with warnings), from the verdicts kept on the run's day. */
  'rules.checkAllPage': () => ({
    input: z.strictObject({
      group: z.enum(['notReady', 'warned']),
      day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(200, '每页最多 200 条').default(50),
    }),
    output: z.object({ total: z.number(), items: z.array(checkedClientSchema) }),
  }),
  'rules.catalog': () => ({
    input: z.strictObject({}),
    output: z.array(z.object({ id: z.string(), scope: z.string(), severity: z.string(), title: z.string(), source: z.string(), provinces: z.array(z.string()).nullable() })),
  }),
  'sheet.generate': () => ({
    input: z.strictObject({ websiteId: id('网站'), draft: z.boolean().default(true), provider: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, '接入商应为服务商配置编号，如 tencent').optional() }),
    output: z.object({ fileName: z.string(), contentBase64: z.string(), copies: z.number(), provider: z.string().nullable(), warnings: z.array(z.string()) }),
  }),
  'sheet.save': () => ({ input: z.strictObject({ websiteId: id('网站') }), output: materialViewSchema }),
  'sheet.stamp': () => ({
    input: z.strictObject({
      websiteId: id('网站'),
      sourceMaterialId: id('材料').optional(),
      sealBase64: b64Image.optional(),
      signatureBase64: b64Image.optional(),
      sealOffset: offset.default({ dx: 0, dy: 0 }),
      signatureOffset: offset.default({ dx: 0, dy: 0 }),
    }),
    output: z.object({ material: materialViewSchema, contentBase64: z.string() }),
  }),
  /** The stamped sheet as it would look, with the draft mark, and how much of the signature the seal covers; nothing is stored. */
  'sheet.previewStamp': () => ({
    input: z.strictObject({
      websiteId: id('网站'),
      sealBase64: b64Image.optional(),
      signatureBase64: b64Image.optional(),
      sealOffset: offset.default({ dx: 0, dy: 0 }),
      signatureOffset: offset.default({ dx: 0, dy: 0 }),
    }),
    output: z.object({ contentBase64: z.string(), sealOverSignature: z.number(), warning: z.string().nullable() }),
  }),
  'sheet.suggestDir': () => ({ input: z.strictObject({}), output: z.object({ dir: z.string() }) }),
  'sheet.batch': () => ({
    input: z.strictObject({ websiteIds: z.array(id('网站')).min(1, '请至少选择一个网站').max(10_000), dir: z.string().trim().min(1, '请填写输出目录').max(1000), combined: z.boolean().default(false) }),
    output: z.object({ jobId: z.string() }),
  }),
  'sheet.extract': () => ({
    input: z.strictObject({ kind: z.enum(['seal', 'signature']), contentBase64: b64Image }),
    output: z.object({ pngBase64: z.string(), width: z.number(), height: z.number(), inkRatio: z.number() }),
  }),
  'settings.sheet': () => ({ input: z.strictObject({}), output: sheetSettingsSchema.extend({ rowVersion: z.number() }) }),
  /** The provider profiles with the facts their 核验单 print (legal name and its source). */
  'providers.list': () => ({ input: z.strictObject({}), output: z.array(z.object({ id: z.string(), name: z.string(), company: z.string().nullable(), companySource: z.string(), serverLocation: z.string().nullable() })) }),
  'settings.updateSheet': () => ({ input: sheetSettingsSchema.extend({ rowVersion: settingsVersion }).strict(), output: sheetSettingsSchema.extend({ rowVersion: z.number() }) }),
  'order.create': () => ({
    input: z.strictObject({
      entityId: id('客户'),
      type: z.enum(FILING_TYPES, { error: '请选择备案类型' }),
      provider: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, '接入商应为服务商配置编号，如 tencent'),
      websiteIds: z.array(id('网站')).max(100).optional(),
      effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD', abort: true }).refine(isCalendarDay, '变更生效日期不存在（如 2 月 30 日），请填写日历上有的日期，如 2026-04-30').nullable().default(null),
      change: z.strictObject({ principalReplaced: z.boolean().optional(), websitePrincipalReplaced: z.boolean().optional(), licenceChanged: z.boolean().optional(), originElsewhere: z.boolean().optional() }).default({}),
    }),
    output: orderRowSchema,
  }),
  'order.get': () => ({
    input: z.strictObject({ id: id('订单') }),
    output: orderRowSchema.extend({
      entityName: z.string(),
      province: z.string(),
      next: z.array(z.string()),
      checklist: z.array(checklistItemSchema),
      check: checkResultSchema,
      ready: z.boolean(),
      problems: z.array(z.string()),
      readOnly: z.string().nullable(),
      events: z.array(z.object({ at: z.string(), actor: z.string(), from: z.string().nullable(), to: z.string(), reason: z.string() })),
      deadlines: z.array(deadlineSchema),
      changeSummary: changeSummarySchema.nullable(),
      rejections: z.array(rejectionRoundSchema),
      consequence: z.string().nullable(),
    }),
  }),
  'order.list': () => ({
    input: z.strictObject({ states: z.array(orderState).optional(), provider: z.string().max(32).optional(), type: z.enum(FILING_TYPES).optional(), province: z.string().max(20).optional(), openOnly: z.boolean().default(false) }),
    output: z.array(orderRowSchema.extend({ entityName: z.string(), province: z.string(), deadlines: z.array(deadlineSchema), overdue: z.boolean() })),
  }),
  /** 工作台 → 即将到期: deadlines of open orders due soon (not yet overdue), soonest first. */
  'order.upcoming': () => ({
    input: z.strictObject({}),
    output: z.array(z.object({ orderId: z.number(), entityId: z.number(), entityName: z.string(), type: z.string(), state: z.string(), kind: z.string(), dueAt: z.string(), message: z.string() })),
  }),
  'order.advance': () => ({
    input: z.strictObject({
      id: id('订单'),
      to: orderState,
      reason: z.string().max(500).optional(),
      providerOrderNo: z.string().trim().max(40).optional(),
      entityIcpNumber: z.string().trim().max(40).optional(),
      websiteIcpNumbers: z.record(z.string().regex(/^\d+$/), z.string().trim().max(40)).optional(),
      reasons: z.array(rejectionReasonInputSchema).max(50).optional(),
      confirmedConsequence: z.boolean().optional(),
    }),
    output: orderRowSchema,
  }),
  'order.attach': () => ({
    input: z.strictObject({ orderId: id('订单'), slot: z.string().max(80), fileName: z.string().trim().min(1).max(255), contentBase64: z.string().max(MAX_MATERIAL_BASE64, '文件过大，单个材料不能超过 50 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效') }),
    output: materialViewSchema,
  }),
  /** Accepts a photo the checks failed, with the operator's written reason (kept in the history and the package). */
  'order.acceptPhoto': () => ({
    input: z.strictObject({ orderId: id('订单'), slot: z.string().max(80), reason: z.string().trim().min(1, '请填写接受这张照片的理由').max(500, '理由不能超过 500 个字符') }),
    output: checklistItemSchema,
  }),
  'order.link': () => ({ input: z.strictObject({ orderId: id('订单'), slot: z.string().max(80), materialId: id('材料') }), output: z.object({ ok: z.literal(true) }) }),
  /** Starts 导出提交包 as a job (jobs.get: kind order.export); an order the gate refuses is refused here, with every reason. */
  'order.export': () => ({
    input: z.strictObject({ id: id('订单'), provider: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/).optional(), dir: z.string().trim().min(1, '请填写输出目录').max(1000) }),
    output: z.object({ jobId: z.string() }),
  }),
  /** Starts 转移导出 as a job (jobs.get: kind transfer.export); a short passphrase, a client not there or a folder that cannot be made is refused here, every reason at once. */
  'transfer.export': () => ({
    // The transfer passphrase is typed twice: a slip would leave an archive nobody can open.
    input: z
      .strictObject({ entityIds: z.array(id('客户')).min(1, '请至少选择一个客户').max(10_000), passphrase: passphrase('传输密码'), confirm: passphrase('确认传输密码'), dir: z.string().trim().min(1, '请填写输出目录').max(1000) })
      .refine((v) => v.passphrase === v.confirm, { path: ['confirm'], message: '两次输入的传输密码不一致' }),
    output: z.object({ jobId: z.string() }),
  }),
  'transfer.import': () => ({
    input: z.strictObject({ contentBase64: z.string().max(MAX_ARCHIVE_BASE64, archiveTooLarge('transfer.import')).regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效'), passphrase: passphrase('传输密码') }),
    output: z.object({ created: z.number(), merged: z.number(), people: z.number(), websites: z.number(), materials: z.number(), orders: z.number(), filed: z.number() }),
  }),
  'photos.checkFolder': () => ({
    input: z.strictObject({ dir: z.string().trim().min(1, '请填写照片所在文件夹').max(1000), kind: z.enum(PHOTO_KINDS).optional(), kinds: photoKindsByFile.optional(), provider: z.string().max(32).default('tencent') }),
    output: z.object({ jobId: z.string() }),
  }),
  /** One photo of the grid checked again as the kind the operator set for it. */
  'photos.recheck': () => ({
    input: z.strictObject({ file: z.string().trim().min(1, '缺少照片路径').max(1000), kind: z.enum(PHOTO_KINDS, { error: '请选择照片类型' }), provider: z.string().max(32).default('tencent') }),
    output: photoReportSchema,
  }),
  'material.check': () => ({
    input: z.strictObject({ id: id('材料'), provider: z.string().max(32).default('tencent') }),
    output: z
      .object({
        status: z.enum(PHOTO_CHECK_STATUSES),
        checks: z.array(photoCheckSchema),
        faces: z.array(z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), score: z.number() })),
      })
      .nullable(),
  }),
  'photos.fix': () => ({
    input: z.strictObject({ files: z.array(z.string().max(1000)).min(1, '请选择照片').max(5000), dir: z.string().trim().min(1, '缺少所检查的照片文件夹').max(1000), outDir: z.string().trim().min(1, '请填写输出文件夹').max(1000), kind: z.enum(PHOTO_KINDS).optional(), kinds: photoKindsByFile.optional(), provider: z.string().max(32).default('tencent'), watermark: z.string().max(30).optional() }),
    output: z.object({ jobId: z.string() }),
  }),
  'order.ofEntity': () => ({ input: z.strictObject({ entityId: id('客户') }), output: z.array(orderRowSchema) }),
  'jobs.get': () => ({ input: z.strictObject({ id: jobId }), output: jobStatusSchema }),
  'jobs.cancel': () => ({ input: z.strictObject({ id: jobId }), output: jobStatusSchema }),
  'entity.reveal': () => ({ input: z.strictObject({ id: id('客户'), purpose: z.string().max(50).default('查看') }), output: entityViewSchema }),
  'entity.export': () => ({
    input: z.strictObject({ id: id('客户'), reveal: z.boolean().default(false) }),
    // A masked record is not valid input (its numbers are starred), so only revealed exports are checked against the record schema.
    output: z.union([z.object({ revealed: z.literal(true), record: clientRecordSchema }), z.object({ revealed: z.literal(false), record: z.record(z.string(), z.unknown()) })]),
  }),
  'person.reveal': () => ({ input: z.strictObject({ id: id('负责人'), purpose: z.string().max(50).default('查看') }), output: personViewSchema }),
  'person.create': () => ({ input: z.strictObject({ entityId: id('客户'), person: personFieldsSchema }), output: personViewSchema }),
  'person.update': () => ({ input: z.strictObject({ id: id('负责人'), rowVersion, person: personFieldsSchema }), output: personViewSchema }),
  'person.delete': () => ({ input: z.strictObject({ id: id('负责人') }), output: deleted }),
  'website.create': () => ({ input: z.strictObject({ entityId: id('客户'), website: websiteFieldsSchema }), output: websiteViewSchema }),
  'website.update': () => ({ input: z.strictObject({ id: id('网站'), rowVersion, website: websiteFieldsSchema }), output: websiteViewSchema }),
  'website.delete': () => ({ input: z.strictObject({ id: id('网站') }), output: deleted }),
  'material.add': () => ({
    input: z.strictObject({
      entityId: id('客户'),
      personId: id('负责人').nullable().default(null),
      websiteId: id('网站').nullable().default(null),
      kind: z.enum(MATERIAL_KIND_IDS, { error: '请选择材料类型' }),
      fileName: z.string().trim().min(1, '缺少文件名').max(255, '文件名过长'),
      contentBase64: z.string().max(MAX_MATERIAL_BASE64, '文件过大，单个材料不能超过 50 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效'),
    }),
    output: materialViewSchema,
  }),
  'material.list': () => ({ input: z.strictObject({ entityId: id('客户') }), output: z.array(materialViewSchema) }),
  'material.read': () => ({ input: z.strictObject({ id: id('材料') }), output: z.object({ material: materialViewSchema, contentBase64: z.string() }) }),
  'material.delete': () => ({ input: z.strictObject({ id: id('材料') }), output: deleted }),
  'audit.list': () => ({
    input: z.strictObject({ entityId: id('客户').optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.array(auditEntrySchema),
  }),
  // 已备案信息 and orders against it (issue 13)
  'filed.get': () => ({ input: z.strictObject({ entityId: id('客户') }), output: filedOverviewSchema }),
  /** “当前信息即已备案信息”: filings made before this desk, with the 备案号s typed and checked. */
  'filed.record': () => ({
    input: z.strictObject({
      entityId: id('客户'),
      // the 接入商 of every site websiteProviders does not name (before those existed: of every site)
      provider: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, '请选择接入商'),
      filedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
      entityIcpNumber: z.string().trim().max(40).optional(),
      websiteIcpNumbers: z.record(z.string().regex(/^\d+$/), z.string().trim().max(40)).optional(),
      websiteProviders: z.record(z.string().regex(/^\d+$/), z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, '请选择接入商')).optional(),
    }),
    output: filedOverviewSchema,
  }),
  /** 备案密码: stored sealed, shown only as whether it is stored; revealing it is logged. */
  'filed.password': () => ({ input: z.strictObject({ entityId: id('客户') }), output: z.object({ stored: z.boolean() }) }),
  'filed.setPassword': () => ({ input: z.strictObject({ entityId: id('客户'), password: z.string().max(64, '备案密码不能超过 64 个字符').nullable() }), output: z.object({ stored: z.boolean() }) }),
  'filed.revealPassword': () => ({ input: z.strictObject({ entityId: id('客户'), purpose: z.string().max(50).default('查看') }), output: z.object({ password: z.string().nullable() }) }),
  /** 新建订单: which filing types can start for this client at this provider, and why not. */
  'order.typeOptions': () => ({
    // originElsewhere: 新增网站 原备案不在本接入商 (true) / 在 (false), as chosen in the dialog
    input: z.strictObject({ entityId: id('客户'), provider: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, '请选择接入商'), originElsewhere: z.boolean().optional() }),
    output: z.array(z.object({ type: z.enum(FILING_TYPES), allowed: z.boolean(), reason: z.string().nullable() })),
  }),
  ...followupMethods,
  // --- issue 17 (friction): live rules in the edit drawers ---
  /** An edit drawer's values put into the stored client and checked; `index` is the edited website's or person's place. */
  'rules.checkEdit': () => ({
    input: z.strictObject({
      entityId: id('客户'),
      entity: z.record(z.string(), z.unknown()).optional(),
      website: z.strictObject({ id: id('网站').nullable(), fields: z.record(z.string(), z.unknown()) }).optional(),
      person: z.strictObject({ id: id('负责人').nullable(), fields: z.record(z.string(), z.unknown()) }).optional(),
    }),
    output: checkResultSchema.extend({ index: z.number().nullable() }),
  }),
  /** 结束服务: the operator ends the agency's service for a client (logged); the retention clock starts today. */
  'retention.endService': () => ({
    input: z.strictObject({ entityId: id('客户'), reason: z.string().trim().min(1, '请填写结束服务的原因').max(200, '原因最多 200 字') }),
    output: z.object({ serviceEndedAt: z.string() }),
  }),
  /** 操作员: the name the log gives (null: the account the app runs as, `account`). */
  'settings.operator': () => ({ input: z.strictObject({}), output: z.object({ name: z.string().nullable(), account: z.string() }) }),
  'settings.setOperator': () => ({
    input: z.strictObject({ name: z.string().trim().max(40, '操作员姓名最多 40 个字').regex(/^[^\u0000-\u001f\u007f]*$/, '姓名不能含控制字符').nullable() }),
    output: z.object({ name: z.string().nullable(), account: z.string() }),
  }),
  /** Why the service has not ended on its own (e.g. 公安备案 still due), or null. */
  'retention.serviceStatus': () => ({ input: z.strictObject({ entityId: id('客户') }), output: z.object({ runningBecause: z.string().nullable() }) }),
  // ---- Excel intake and export (services/intake.ts, services/xlsxExport.ts) ----
  /** The import template: Chinese headers, drop-downs, an example row and the notes sheet. */
  'intake.template': () => ({ input: z.strictObject({}), output: xlsxFileSchema }),
  /** Reads and checks a workbook as a job (its result is an IntakePreview); nothing is written. */
  'intake.previewXlsx': () => ({
    input: z.strictObject({
      fileName: z.string().trim().min(1, '缺少文件名').max(255, '文件名过长'),
      contentBase64: z.string().min(1, '文件是空的').max(MAX_XLSX_BASE64, '文件过大：Excel 导入不超过 20 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件内容编码无效'),
      /** header → field key for an agency's own sheet (remembered for that header set). */
      mapping: z.record(z.string().max(200), z.string().max(40)).optional(),
    }),
    output: z.object({ jobId: z.string() }),
  }),
  /** Writes a confirmed preview as a job (its result is an IntakeCommitResult with the 结果 workbook). */
  'intake.commitXlsx': () => ({
    input: z.strictObject({ token: z.string().regex(/^[0-9a-f]{24}$/, '导入预览编号无效'), mode: z.enum(['all', 'valid']), update: z.boolean().default(false) }),
    output: z.object({ jobId: z.string() }),
  }),
  'export.clientsXlsx': () => ({ input: z.strictObject({ query: z.string().max(200).optional(), reveal: z.boolean().default(false) }), output: xlsxFileSchema }),
  'export.clientXlsx': () => ({ input: z.strictObject({ id: id('客户'), reveal: z.boolean().default(false) }), output: xlsxFileSchema }),
  'export.ordersXlsx': () => ({
    input: z.strictObject({ states: z.array(orderState).optional(), provider: z.string().max(32).optional(), type: z.enum(FILING_TYPES).optional(), province: z.string().max(20).optional(), openOnly: z.boolean().default(false) }),
    output: xlsxFileSchema,
  }),
  // ---- Licence and ID card photos → proposed fields (services/documentIntake.ts, photos/reader/) ----
  /** Reads up to 4 photos as a job (its result: DocumentPhotoResult[] — proposals with boxes and confidence); nothing is written. */
  'intake.readDocuments': () => ({
    input: z.strictObject({
      photos: z
        .array(
          z.strictObject({
            fileName: z.string().trim().min(1, '缺少文件名').max(255, '文件名过长'),
            kind: z.enum(DOCUMENT_KINDS, { error: '证件类型无效' }).nullable().default(null),
            contentBase64: z.string().min(1, '照片文件为空').max(MAX_DOCUMENT_BASE64, '照片过大：识别证件照片不超过 12 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, '照片内容编码无效'),
          }),
        )
        .min(1, '请选择照片')
        .max(4, '一次最多识别 4 张照片'),
    }),
    output: z.object({ jobId: z.string() }),
  }),
  /** Values accepted on a client's 材料 tab, written with the photo as its material in one transaction. */
  'intake.acceptDocumentFields': () => ({
    input: z.strictObject({
      entityId: id('客户'),
      personId: id('负责人').nullable().default(null),
      fill: z.partialRecord(z.enum(READING_TARGETS), z.string().max(2000)),
      photo: z
        .strictObject({
          kind: z.enum(DOCUMENT_KINDS, { error: '证件类型无效' }),
          fileName: z.string().trim().min(1, '缺少文件名').max(255, '文件名过长'),
          contentBase64: z.string().min(1, '照片文件为空').max(MAX_DOCUMENT_BASE64, '照片过大：识别证件照片不超过 12 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, '照片内容编码无效'),
        })
        .nullable()
        .default(null),
    }),
    output: z.object({ entity: entityViewSchema, materialId: z.number().nullable() }),
  }),
  // ---- team mode (issue 14): accounts, 拍照点 assignments, the log by operator (accountsContract.ts) ----
  ...accountMethods,
  // ---- 设置 → 团队服务器 on a single desk (issue 14): the desktop app's team server (teamServerContract.ts) ----
  ...teamServerMethods,
  // ---- 设置 → 团队服务器 → 在本机运行团队服务器 (issue 14): the team server as the desk's child (localTeamServerContract.ts) ----
  ...localTeamServerMethods,
  // ---- leases (issue 14): clients checked out to a field laptop and back (leasesContract.ts) ----
  ...leaseMethods,
} satisfies MethodDefinitions);

export type Contract = typeof contract;
export type Method = keyof Contract;
export type MethodInput<M extends Method> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends Method> = z.output<Contract[M]['output']>;

export type Finding = z.infer<typeof findingSchema>;
export type CheckResult = z.infer<typeof checkResultSchema>;
export type JobStatus = z.infer<typeof jobStatusSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: import('./errors').ErrorBody };

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
