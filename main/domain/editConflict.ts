// What a refused save (EDIT_CONFLICT) tells the operator: the row someone else saved since it was read,
// which of its fields they changed, who and when, and the version now stored (the one to save over when
// the operator chooses 仍然保存). Plain data: it crosses the API as part of the error body.

/**
 * The rows edited in a form (with their row_version), and the two settings forms (one version per form).
 * gongan: a website's 公安备案 row of an order (its id is the gongan_filing row's).
 */
export type EditTarget = 'entity' | 'person' | 'website' | 'settings' | 'sheetSettings' | 'gongan';

export const EDIT_TARGET_LABELS: Record<EditTarget, string> = { entity: '主体信息', person: '负责人', website: '网站', settings: '设置', sheetSettings: '核验单设置', gongan: '公安备案信息' };

export interface EditConflict {
  target: EditTarget;
  id: number;
  /** The version the refused save was based on (0: a 公安备案 form read before its first save, as prefilled). */
  readVersion: number;
  /** The version stored now: a save naming it goes through (unless someone saves first again). */
  currentVersion: number;
  /** The fields changed since readVersion, with their Chinese labels; empty when the log does not say. */
  fields: { field: string; label: string }[];
  /** The operator and time of the latest change (from the log); null when the log does not name one. */
  changedBy: string | null;
  changedAt: string | null;
}
