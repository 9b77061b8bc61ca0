// What an Excel import shows and returns (services/intake.ts fills these; the API contract declares them
// as the results of the import jobs, and the page reads them typed).
import { z } from 'zod';

/** 阻断 / 警告 / 提示, as the rule catalog grades them. */
const severitySchema = z.enum(['error', 'warning', 'info']);

const intakeCellSchema = z.object({
  sheet: z.string(),
  row: z.number(),
  /** Column letter; empty when the finding concerns the row as a whole. */
  column: z.string(),
  header: z.string(),
});
export type IntakeCell = z.infer<typeof intakeCellSchema>;

const intakeFindingSchema = z.object({ ruleId: z.string(), severity: severitySchema, message: z.string(), hint: z.string(), cell: intakeCellSchema.nullable() });
export type IntakeFinding = z.infer<typeof intakeFindingSchema>;

const intakeRowStatusSchema = z.enum(['new', 'update', 'example']);
export type IntakeRowStatus = z.infer<typeof intakeRowStatusSchema>;

const intakePreviewRowSchema = z.object({
  sheet: z.string(),
  row: z.number(),
  name: z.string(),
  /** The 主体证件号码 as the preview shows it: masked unless a company's 统一社会信用代码 (previewCertNumber). */
  certNumber: z.string(),
  status: intakeRowStatusSchema,
  /** The client the row would update (matched on the 主体证件号码). */
  existingId: z.number().nullable(),
  counts: z.object({ error: z.number(), warning: z.number(), info: z.number() }),
  findings: z.array(intakeFindingSchema),
});
export type IntakePreviewRow = z.infer<typeof intakePreviewRowSchema>;

const intakeFieldSchema = z.object({ key: z.string(), header: z.string(), required: z.boolean() });
export type IntakeField = z.infer<typeof intakeFieldSchema>;

export const intakePreviewSchema = z.object({
  /** Names this preview for the commit; nothing is written until then. */
  token: z.string(),
  fileName: z.string(),
  kind: z.enum(['template', 'own']),
  sheet: z.string(),
  /** Set when an agency's own sheet has no remembered column mapping: the operator maps, then previews again. */
  needsMapping: z.object({ headers: z.array(z.string()), suggested: z.record(z.string(), z.string()), fields: z.array(intakeFieldSchema) }).nullable(),
  /** The mapping used (header → field key), to show and adjust. */
  mapping: z.record(z.string(), z.string()),
  rows: z.array(intakePreviewRowSchema),
  /** Problems of the file not tied to one client row (a website row naming no client …). */
  fileFindings: z.array(intakeFindingSchema),
  totals: z.object({ rows: z.number(), new: z.number(), update: z.number(), blocked: z.number(), warned: z.number() }),
});
export type IntakePreview = z.infer<typeof intakePreviewSchema>;

const intakeOutcomeSchema = z.enum(['created', 'updated', 'skipped', 'failed', 'cancelled']);
export type IntakeOutcome = z.infer<typeof intakeOutcomeSchema>;

export const intakeCommitResultSchema = z.object({
  created: z.number(),
  updated: z.number(),
  skipped: z.number(),
  failed: z.number(),
  rows: z.array(z.object({ row: z.number(), name: z.string(), outcome: intakeOutcomeSchema, message: z.string(), entityId: z.number().nullable() })),
  resultFileName: z.string(),
  resultBase64: z.string(),
});
export type IntakeCommitResult = z.infer<typeof intakeCommitResultSchema>;
