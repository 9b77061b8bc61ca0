// The 主体's 备案密码: sealed by the codec like ID numbers, never indexed (nobody searches by it).
import type { RepoContext } from './context';

export async function writeFilingPassword(ctx: RepoContext, entityId: number, password: string | null): Promise<void> {
  await ctx.db.updateTable('entity').set({ filing_password_sealed: password === null ? null : ctx.codec.seal('password', password) }).where('id', '=', entityId).execute();
}

export async function hasFilingPassword(ctx: RepoContext, entityId: number): Promise<boolean> {
  return !!(await ctx.db.selectFrom('entity').select('filing_password_sealed').where('id', '=', entityId).executeTakeFirst())?.filing_password_sealed;
}

export async function readFilingPassword(ctx: RepoContext, entityId: number): Promise<string | null> {
  const sealed = (await ctx.db.selectFrom('entity').select('filing_password_sealed').where('id', '=', entityId).executeTakeFirst())?.filing_password_sealed;
  return sealed ? ctx.codec.open('password', sealed) : null;
}
