// The two settings forms (设置 → 安全与数据保留, 核验单 → 设置) saved the way the edit drawers save a record:
// only over the version the form read, in one transaction with its log entry naming the changed fields
// and the version made. A stale save writes nothing and is refused with EDIT_CONFLICT (who, when, what);
// a save that changes nothing keeps the version, so nobody's open form goes stale for nothing.
import { appendAudit, changedFields } from '../db/repositories/audit';
import { claimSettingVersion, settingVersion, type SettingGroup } from '../db/repositories/settings';
import type { EditTarget } from '../domain/editConflict';
import type { Desk } from '../desk';
import { editConflictError, editConflictOf } from './editConflict';

export interface SettingsForm<T extends object> {
  group: SettingGroup;
  target: Extract<EditTarget, 'settings' | 'sheetSettings'>;
  read(desk: Desk): Promise<T>;
  write(desk: Desk, next: T): Promise<void>;
}

/** The form's values with the version to send back on its next save. */
export async function readSettingsForm<T extends object>(desk: Desk, form: SettingsForm<T>): Promise<T & { rowVersion: number }> {
  return await desk.sql.tx(async () => ({ ...(await form.read(desk)), rowVersion: await settingVersion(desk.ctx, form.group) }));
}

/**
 * Writes `patch` over the stored values if `readVersion` is still the stored version. Without a version
 * (the CLI and the desk's own writes, which read the settings in the same transaction) it cannot be stale.
 */
export async function saveSettingsForm<T extends object>(desk: Desk, form: SettingsForm<T>, patch: Partial<T>, readVersion?: number): Promise<T & { rowVersion: number }> {
  return await desk.sql.tx(async () => {
    const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
    const before = await form.read(desk);
    const fields = changedFields(before, given);
    if (!fields.length) return { ...before, rowVersion: await settingVersion(desk.ctx, form.group) };
    const version = await claimSettingVersion(desk.ctx, form.group, readVersion);
    if (version === null) throw editConflictError(await editConflictOf(desk, form.target, 0, readVersion ?? 0));
    const next = { ...before, ...given };
    await form.write(desk, next);
    await appendAudit(desk.ctx, { action: `${form.target}.update`, targetType: 'desk', targetId: 0, entityId: null, detail: { fields, rowVersion: version } });
    return { ...next, rowVersion: version };
  });
}
