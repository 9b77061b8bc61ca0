// The 主体's 备案密码: sealed by the codec like ID numbers, never indexed (nobody searches by it).
import type { RepoContext } from './context';

/**
 * Stores (null: clears) the 备案密码. It bumps the 主体's row_version: a client out on a lease tells by its
 * version that the password changed there, so the check-in carries it with the 主体 (leaseCheckin.ts).
 */
export async function writeFilingPassword(ctx: RepoContext, entityId: number, password: string | null): Promise<void> {
  await ctx.db
    .updateTable('entity')
    .set((eb) => ({ filing_password_sealed: password === null ? null : ctx.codec.seal('password', password), updated_at: ctx.now(), row_version: eb('row_version', '+', 1) }))
    .where('id', '=', entityId)
    .execute();
}

export async function hasFilingPassword(ctx: RepoContext, entityId: number): Promise<boolean> {
  return !!(await ctx.db.selectFrom('entity').select('filing_password_sealed').where('id', '=', entityId).executeTakeFirst())?.filing_password_sealed;
}

export async function readFilingPassword(ctx: RepoContext, entityId: number): Promise<string | null> {
  const sealed = (await ctx.db.selectFrom('entity').select('filing_password_sealed').where('id', '=', entityId).executeTakeFirst())?.filing_password_sealed;
  return sealed ? ctx.codec.open('password', sealed) : null;
}
