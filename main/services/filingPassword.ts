// 备案密码 of a 主体: entered on purpose, stored sealed, shown masked; revealing it is a click that goes
// into the client's log (the value never does); it enters no package unless a provider profile asks.
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { entityExists } from '../db/repositories/entities';
import { hasFilingPassword, readFilingPassword, writeFilingPassword } from '../db/repositories/filingPassword';
import { DeskError, notFound } from '../domain/errors';

async function assertEntity(desk: Desk, entityId: number): Promise<void> {
  if (!await entityExists(desk.ctx, entityId)) throw notFound('客户', entityId);
}

/** Checks a typed 备案密码: printable, no spaces, at most 64 characters. null when acceptable. */
export function filingPasswordProblem(password: string): string | null {
  if (!password) return '请填写备案密码';
  if (password.length > 64) return '备案密码不能超过 64 个字符';
  if (/[\s\p{Cc}]/u.test(password)) return '备案密码不能含空格或控制字符';
  return null;
}

export async function setFilingPassword(desk: Desk, entityId: number, password: string | null): Promise<{ stored: boolean }> {
  if (password !== null) {
    const problem = filingPasswordProblem(password);
    if (problem) throw new DeskError('VALIDATION', problem, [{ path: ['password'], message: problem }]);
  }
  await desk.sql.tx(async () => {
    await assertEntity(desk, entityId);
    await writeFilingPassword(desk.ctx, entityId, password);
    await appendAudit(desk.ctx, { action: 'entity.filingPassword', targetType: 'entity', targetId: entityId, entityId, detail: { stored: password !== null } });
  });
  return { stored: password !== null };
}

export async function filingPasswordStored(desk: Desk, entityId: number): Promise<boolean> {
  return await hasFilingPassword(desk.ctx, entityId);
}

/** The 备案密码 in clear for an operator who asked: audited with the purpose, never with the value. */
export async function revealFilingPassword(desk: Desk, entityId: number, purpose: string): Promise<{ password: string | null }> {
  return await desk.sql.tx(async () => {
    await assertEntity(desk, entityId);
    const password = await readFilingPassword(desk.ctx, entityId);
    await appendAudit(desk.ctx, { action: 'entity.revealFilingPassword', targetType: 'entity', targetId: entityId, entityId, detail: { purpose } });
    return { password };
  });
}
