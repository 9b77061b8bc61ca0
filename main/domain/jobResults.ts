// The long jobs the API starts (jobs.get reports them) and the result each one ends with, declared once:
// the job registry takes only these kinds with these results, the contract's jobs.get returns a status
// typed by its kind, and the renderer reads the result without casts. A new long job adds its kind here.
import { z } from 'zod';
import { documentPhotoResultSchema } from './documentReading';
import { intakeCommitResultSchema, intakePreviewSchema } from './intake';
import { findingSchema, photoReportSchema, severityCountsSchema } from './resultSchemas';

/** One client of 检查全部客户 that is not ready (or ready with warnings), with its first findings. */
/** Clients a page of 检查全部客户's lists holds: the job's result carries the first page of each. */
export const CHECK_ALL_PAGE = 50;

export const checkedClientSchema = z.object({ id: z.number(), name: z.string(), counts: severityCountsSchema, top: z.array(findingSchema) });

export const JOB_RESULT_SCHEMAS = {
  /** 检查全部客户 */
  // the first page of each list; the rest is read page by page from the kept verdicts (rules.checkAllPage)
  'rules.checkAll': z.object({
    checked: z.number(),
    rechecked: z.number(),
    day: z.string(),
    notReadyCount: z.number(),
    warnedCount: z.number(),
    notReady: z.array(checkedClientSchema),
    warned: z.array(checkedClientSchema),
  }),
  /** 核验单 in batch, written to a folder */
  'sheet.batch': z.object({ files: z.array(z.string()), sheets: z.number(), bytes: z.number(), warnings: z.array(z.string()) }),
  /** 导出提交包 of one order, written into a folder (a job cancelled before its file was written has none: nothing left, nothing logged) */
  'order.export': z.object({ file: z.string(), bytes: z.number(), files: z.number() }),
  /** 转移导出 of the chosen clients into an encrypted archive in a folder (a job cancelled before it was written has none: nothing left, nothing logged) */
  'transfer.export': z.object({ file: z.string(), bytes: z.number(), clients: z.number(), files: z.number() }),
  /** 照片检查 of a folder */
  'photos.check': z.array(photoReportSchema),
  /** 照片修复 of the chosen photos, into an output folder */
  'photos.fix': z.array(z.object({ file: z.string(), out: z.string().nullable(), bytes: z.number(), error: z.string().nullable() })),
  /** 恢复备份 into an empty folder */
  'backup.restore': z.object({ dataDir: z.string(), materialFiles: z.number(), schemaVersion: z.number() }),
  /** Excel 导入: read and check (nothing written) */
  'intake.preview': intakePreviewSchema,
  /** Excel 导入: write the confirmed rows */
  'intake.commit': intakeCommitResultSchema,
  /** 证件识别: proposals read from licence and ID photos (nothing written) */
  'intake.readDocuments': z.array(documentPhotoResultSchema),
} as const;

export type JobKind = keyof typeof JOB_RESULT_SCHEMAS;

/**
 * Kinds whose result holds personal values in clear: ID numbers and names read from ID photos (证件识别), the
 * Excel import's 结果 workbook (the sheet's rows, every 证件号码 and 手机号), a photo check's grid thumbnails (the
 * ID and licence scans themselves). The registry hands such a result out once and forgets it, and forgets it
 * unread after RESULT_UNREAD_MS, instead of keeping it among the last finished jobs — on a team server, in
 * memory every session's status call reaches.
 */
export const PERSONAL_RESULT_KINDS: readonly JobKind[] = ['intake.readDocuments', 'intake.commit', 'photos.check'];
export const JOB_KINDS = Object.keys(JOB_RESULT_SCHEMAS) as JobKind[];
export type JobResult<K extends JobKind> = z.output<(typeof JOB_RESULT_SCHEMAS)[K]>;

const statusFields = {
  id: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  done: z.number(),
  total: z.number(),
  etaMs: z.number().nullable(),
  startedAt: z.string(),
  error: z.string().nullable(),
  /**
   * Set (true) on a job that ended done although 取消 was asked: the 取消 came after the work's last look (a file
   * already written and its export logged), so its result stands — the screen says 已完成，取消未生效.
   */
  cancelTooLate: z.literal(true).optional(),
};

const statusOf = <K extends JobKind, S extends z.ZodType>(kind: K, result: S) => z.object({ ...statusFields, kind: z.literal(kind), result: result.nullable() });

/** A job's status; `result` is set once it is done (or cancelled part way, for jobs that keep what they did). */
export const jobStatusSchema = z.discriminatedUnion('kind', [
  statusOf('rules.checkAll', JOB_RESULT_SCHEMAS['rules.checkAll']),
  statusOf('sheet.batch', JOB_RESULT_SCHEMAS['sheet.batch']),
  statusOf('order.export', JOB_RESULT_SCHEMAS['order.export']),
  statusOf('transfer.export', JOB_RESULT_SCHEMAS['transfer.export']),
  statusOf('photos.check', JOB_RESULT_SCHEMAS['photos.check']),
  statusOf('photos.fix', JOB_RESULT_SCHEMAS['photos.fix']),
  statusOf('backup.restore', JOB_RESULT_SCHEMAS['backup.restore']),
  statusOf('intake.preview', JOB_RESULT_SCHEMAS['intake.preview']),
  statusOf('intake.commit', JOB_RESULT_SCHEMAS['intake.commit']),
  statusOf('intake.readDocuments', JOB_RESULT_SCHEMAS['intake.readDocuments']),
]);
export type JobStatus = z.output<typeof jobStatusSchema>;
export type JobStatusOf<K extends JobKind> = Extract<JobStatus, { kind: K }>;

// Every kind above has its status in the union (a kind added to one list but not the other fails here).
const everyKindHasAStatus: [JobKind] extends [JobStatus['kind']] ? true : never = true;
void everyKindHasAStatus;
