// The 备案号 of a 主体 or a website, written alone: an order's approval (or a 注销) sets or clears only this
// column, so an operator's edit of the other fields saved meanwhile is not overwritten by a copy read before
// it. The row's version moves, so a form still open on the old number is refused as stale.
import { sql } from 'kysely';
import type { RepoContext } from './context';

export async function setEntityIcpNumber(ctx: RepoContext, id: number, value: string | null): Promise<void> {
  await ctx.db.updateTable('entity').set({ icp_number: value, updated_at: ctx.now(), row_version: sql<number>`row_version + 1` }).where('id', '=', id).execute();
}

export async function setWebsiteIcpNumber(ctx: RepoContext, id: number, value: string | null): Promise<void> {
  await ctx.db.updateTable('website').set({ icp_number: value, updated_at: ctx.now(), row_version: sql<number>`row_version + 1` }).where('id', '=', id).execute();
}
