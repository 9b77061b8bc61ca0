// EDIT_CONFLICT: a save based on a version of the row that is no longer stored. The refusal names what
// someone else changed since that version, who and when: every saved edit logs its changed fields with
// the version it produced (`rowVersion` in the entry's detail), so the entries after the operator's
// version are exactly the changes the operator has not seen. Nothing of the refused save is written.
import { auditOfTarget } from '../db/repositories/auditOfTarget';
import type { RepoContext } from '../db/repositories/context';
import { entityVersion } from '../db/repositories/entities';
import { gonganKey, gonganVersion } from '../db/repositories/gongan';
import { personVersion } from '../db/repositories/people';
import { settingVersion } from '../db/repositories/settings';
import { websiteVersion } from '../db/repositories/websites';
import { chinaDateTime } from '../domain/dates';
import { EDIT_TARGET_LABELS, type EditConflict, type EditTarget } from '../domain/editConflict';
import { DeskError, notFound } from '../domain/errors';
import { FIELD_LABELS } from '../domain/labels';
import type { AuditEntry } from '../domain/views';
import { GONGAN_FIELD_LABELS } from '../filings/gongan';
import type { Desk } from '../desk';

const VERSION_OF: Record<EditTarget, (ctx: RepoContext, id: number) => Promise<number | null>> = {
  entity: entityVersion,
  person: personVersion,
  website: websiteVersion,
  settings: (ctx) => settingVersion(ctx, 'desk'),
  sheetSettings: (ctx) => settingVersion(ctx, 'sheet'),
  gongan: gonganVersion,
};
const NOT_FOUND_LABEL: Record<EditTarget, string> = { entity: '客户', person: '负责人', website: '网站', settings: '设置', sheetSettings: '核验单设置', gongan: '公安备案信息' };
/** The log's target type of each: the settings are the data folder's (`desk`, target id 0); a 公安备案 row's saves are logged on its order. */
export const AUDIT_TARGET_OF: Record<EditTarget, 'entity' | 'person' | 'website' | 'desk' | 'order'> = { entity: 'entity', person: 'person', website: 'website', settings: 'desk', sheetSettings: 'desk', gongan: 'order' };
/** How far back the log is read: more changes than this between a read and a save are not listed one by one. */
const ENTRIES_READ = 200;

/** Labels of the entity's form fields that differ from the person/website ones. */
const ENTITY_LABELS: Record<string, string> = { principalPersonId: '主体负责人', icpNumber: '主体备案号', remark: '主体备注', certValidTo: '营业期限', businessScope: '经营范围' };
/** The settings forms' fields, as the forms name them. */
const SETTINGS_LABELS: Record<string, string> = {
  idleLockMinutes: '空闲自动锁定（分钟）',
  retentionMonths: '默认保留期限（月）',
  validityWarnDays: '证件到期提前警告（天）',
  accessMethod: '接入方式',
  verifierName: '核验人员',
  providers: '接入服务提供者与服务器放置地点',
};

export function labelOf(target: EditTarget, field: string): string {
  const own = target === 'entity' ? ENTITY_LABELS[field] : target === 'settings' || target === 'sheetSettings' ? SETTINGS_LABELS[field] : target === 'gongan' ? (GONGAN_FIELD_LABELS as Record<string, string>)[field] : undefined;
  return own ?? FIELD_LABELS[field] ?? field;
}

/**
 * The log entries of the row's saves, newest first. A 公安备案 row's are its order's entries naming its
 * website: the form's saves, its 已完成 and a check-in's writes of it (each with the version it made).
 */
async function savesOf(desk: Desk, target: EditTarget, id: number): Promise<AuditEntry[]> {
  if (target !== 'gongan') return await auditOfTarget(desk.ctx, AUDIT_TARGET_OF[target], id, `${target}.update`, ENTRIES_READ);
  const key = await gonganKey(desk.ctx, id);
  if (!key) return [];
  const entries = [...(await auditOfTarget(desk.ctx, 'order', key.orderId, 'gongan.save', ENTRIES_READ)), ...(await auditOfTarget(desk.ctx, 'order', key.orderId, 'gongan.complete', ENTRIES_READ))];
  return entries.filter((e) => e.detail.website === key.websiteId).sort((a, b) => b.id - a.id);
}

/** What changed on the row since `readVersion`, read inside the refused save's transaction. */
export async function editConflictOf(desk: Desk, target: EditTarget, id: number, readVersion: number): Promise<EditConflict> {
  const currentVersion = await VERSION_OF[target](desk.ctx, id);
  if (currentVersion === null) throw notFound(NOT_FOUND_LABEL[target], id);
  const since = (await savesOf(desk, target, id)).filter((e) => typeof e.detail.rowVersion === 'number' && e.detail.rowVersion > readVersion);
  const fields: string[] = [];
  for (const e of [...since].reverse()) {
    for (const f of Array.isArray(e.detail.fields) ? e.detail.fields : []) if (typeof f === 'string' && !fields.includes(f)) fields.push(f);
  }
  const latest = since[0];
  return {
    target,
    id,
    readVersion,
    currentVersion,
    fields: fields.map((field) => ({ field, label: labelOf(target, field) })),
    changedBy: latest?.actor ?? null,
    changedAt: latest?.at ?? null,
  };
}

/** The refusal of a stale save, in the operator's words. */
export function editConflictError(c: EditConflict): DeskError {
  const who = c.changedBy ? `${c.changedBy}${c.changedAt ? `于 ${chinaDateTime(c.changedAt)} ` : ''}` : '他人';
  const what = c.fields.length ? `（${c.fields.map((f) => f.label).join('、')}）` : '';
  const message = `保存未完成：${EDIT_TARGET_LABELS[c.target]}已被${who}修改${what}。请重新载入后再改，或在最新内容上仍然保存您的修改`;
  const details = c.fields.map((f) => ({ path: [c.target, f.field], message: `已被${c.changedBy ?? '他人'}修改` }));
  return new DeskError('EDIT_CONFLICT', message, details, c);
}

/** Throws the conflict of a versioned write that found another version (`written` null). */
export async function assertWritten(desk: Desk, written: number | null, target: EditTarget, id: number, readVersion: number | undefined): Promise<number> {
  if (written !== null) return written;
  if (readVersion === undefined) throw notFound(NOT_FOUND_LABEL[target], id);
  throw editConflictError(await editConflictOf(desk, target, id, readVersion));
}
