// Operator accounts of a team server: the roles, their Chinese names, and what counts as a reveal or an
// export in the per-operator report. Renderer-safe (no Node imports): the 账户 screen reads it too.
import { z } from 'zod';

import { ACCOUNT_ROLES } from './accountRoles';
export { ACCOUNT_ROLES, ROLE_LABELS, type AccountRole } from './accountRoles';

/** Wrong passwords in a row before an account is locked, and for how long. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_LOCK_MINUTES = 15;
/**
 * Wrong logins from one network address, over any user names, before that address is refused for a while:
 * the per-account lockout alone lets one machine try a few passwords against every account in turn.
 */
export const ADDRESS_MAX_FAILURES = 20;
export const ADDRESS_WINDOW_MINUTES = 15;
/** A session ends this long after login, or after this long without a request. */
export const SESSION_MAX_HOURS = 12;
export const SESSION_IDLE_MINUTES = 60;
export const PASSWORD_MIN_LENGTH = 10;

/**
 * Audit actions that show personal values in clear (查看) or carry them out of the desk (导出): what
 * 操作员报告 counts. Every action the core logs is either here or named, with why it is neither, in
 * test/main/services/auditByOperator.test.ts, so a new one cannot be left out unnoticed.
 */
export const REVEAL_ACTIONS = [
  'entity.reveal',
  'person.reveal',
  'entity.revealFilingPassword',
  'material.read',
  // 归还冲突 shown with the personal numbers in clear (a purpose given)
  'lease.reveal',
] as const;
export const EXPORT_ACTIONS = [
  'entity.export',
  'person.exportAll',
  'clients.exportXlsx',
  'order.export',
  'transfer.export',
  // a 核验单 PDF made (it prints the people's ID numbers): generated, saved, previewed with a stamp,
  // batched — and stamped, whose PDF comes back too (logged as sheet.stamp alone)
  'sheet.generate',
  'sheet.stamp',
  'backup.create',
  // 出借 / 归还: the clients' full records and materials written to an archive, like transfer.export
  'lease.checkout',
  'lease.checkinExport',
] as const;

export const usernameSchema = z
  .string({ error: '请输入用户名' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{1,31}$/, '用户名为 2–32 个字母、数字、点、下划线或短横线，以字母开头');
export const displayNameSchema = z
  .string({ error: '请输入姓名' })
  .trim()
  .min(1, '请输入姓名')
  .max(40, '姓名最多 40 个字')
  .regex(/^[^\u0000-\u001f\u007f（）()]*$/, '姓名不能含控制字符或括号');
export const passwordSchema = z
  .string({ error: '请输入密码' })
  .min(PASSWORD_MIN_LENGTH, `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`)
  .max(256, '密码最多 256 个字符');
export const roleSchema = z.enum(ACCOUNT_ROLES, { error: '请选择角色：管理员、操作员或拍照点' });

export const accountViewSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ACCOUNT_ROLES),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedLogins: z.number(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type AccountView = z.infer<typeof accountViewSchema>;

/** The name the audit log gives a logged-in operator: display name and user name, so two 张伟 differ. */
export const auditActorOf = (a: { displayName: string; username: string }): string => `${a.displayName}（${a.username}）`;
