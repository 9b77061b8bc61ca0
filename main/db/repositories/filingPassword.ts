// The 主体's 备案密码: sealed by the codec like ID numbers, never indexed (nobody searches by it).
import { qb } from '../sql';
import type { RepoContext } from './context';

export function writeFilingPassword(ctx: RepoContext, entityId: number, password: string | null): void {
  ctx.sql.run(qb.updateTable('entity').set({ filing_password_sealed: password === null ? null : ctx.codec.seal('password', password) }).where('id', '=', entityId));
}

export function hasFilingPassword(ctx: RepoContext, entityId: number): boolean {
  return !!ctx.sql.first(qb.selectFrom('entity').select('filing_password_sealed').where('id', '=', entityId))?.filing_password_sealed;
}

export function readFilingPassword(ctx: RepoContext, entityId: number): string | null {
  const sealed = ctx.sql.first(qb.selectFrom('entity').select('filing_password_sealed').where('id', '=', entityId))?.filing_password_sealed;
  return sealed ? ctx.codec.open('password', sealed) : null;
}
