// What an Excel import shows and returns (services/intake.ts fills these; the API contract and the page read them).
/** 阻断 / 警告 / 提示, as the rule catalog grades them. */
type Severity = 'error' | 'warning' | 'info';

export interface IntakeCell {
  sheet: string;
  row: number;
  /** Column letter; empty when the finding concerns the row as a whole. */
  column: string;
  header: string;
}

export interface IntakeFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  hint: string;
  cell: IntakeCell | null;
}

export type IntakeRowStatus = 'new' | 'update' | 'example';

export interface IntakePreviewRow {
  sheet: string;
  row: number;
  name: string;
  /** The 主体证件号码 as screens show it (an individual's masked). */
  certNumber: string;
  status: IntakeRowStatus;
  /** The client the row would update (matched on the 主体证件号码). */
  existingId: number | null;
  counts: Record<Severity, number>;
  findings: IntakeFinding[];
}

export interface IntakeField {
  key: string;
  header: string;
  required: boolean;
}

export interface IntakePreview {
  /** Names this preview for the commit; nothing is written until then. */
  token: string;
  fileName: string;
  kind: 'template' | 'own';
  sheet: string;
  /** Set when an agency's own sheet has no remembered column mapping: the operator maps, then previews again. */
  needsMapping: { headers: string[]; suggested: Record<string, string>; fields: IntakeField[] } | null;
  /** The mapping used (header → field key), to show and adjust. */
  mapping: Record<string, string>;
  rows: IntakePreviewRow[];
  /** Problems of the file not tied to one client row (a website row naming no client …). */
  fileFindings: IntakeFinding[];
  totals: { rows: number; new: number; update: number; blocked: number; warned: number };
}

export type IntakeOutcome = 'created' | 'updated' | 'skipped' | 'failed' | 'cancelled';

export interface IntakeCommitResult {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  rows: { row: number; name: string; outcome: IntakeOutcome; message: string; entityId: number | null }[];
  resultFileName: string;
  resultBase64: string;
}
