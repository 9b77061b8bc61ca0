// Accounts, login sessions and 拍照点 order assignments of a team server (migration 0009).
import type { Selectable } from 'kysely';
import type { AccountRole, AccountView } from '../../domain/accounts';
import type { AccountTable } from '../schema';
import type { RepoContext } from './context';

type Ctx = Pick<RepoContext, 'db'>;

export interface AccountRow extends AccountView {
  passwordHash: string;
}

function toAccount(r: Selectable<AccountTable>): AccountRow {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until,
    failedLogins: Number(r.failed_logins),
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
    passwordHash: r.password_hash,
  };
}

export async function countAccounts(ctx: Ctx): Promise<number> {
  const r = await ctx.db.selectFrom('account').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function listAccounts(ctx: Pick<RepoContext, 'db' | 'sql'>): Promise<AccountRow[]> {
  return (await ctx.db.selectFrom('account').selectAll().orderBy(ctx.sql.dialect.textOrder('username')).execute()).map(toAccount);
}

export async function accountById(ctx: Ctx, id: number): Promise<AccountRow | undefined> {
  const r = await ctx.db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAccount(r) : undefined;
}

export async function accountByUsername(ctx: Ctx, username: string): Promise<AccountRow | undefined> {
  const r = await ctx.db.selectFrom('account').selectAll().where('username', '=', username).executeTakeFirst();
  return r ? toAccount(r) : undefined;
}

export async function insertAccount(ctx: Ctx, a: { username: string; displayName: string; role: AccountRole; passwordHash: string; at: string }): Promise<number> {
  const r = await ctx.db
    .insertInto('account')
    .values({ username: a.username, display_name: a.displayName, role: a.role, password_hash: a.passwordHash, failed_logins: 0, locked_until: null, disabled: 0, created_at: a.at, updated_at: a.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAccount(ctx: Ctx, id: number, patch: { displayName?: string; role?: AccountRole; disabled?: boolean; passwordHash?: string }, at: string): Promise<void> {
  await ctx.db
    .updateTable('account')
    .set({
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash, failed_logins: 0, locked_until: null } : {}),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function recordFailedLogin(ctx: Ctx, id: number, failedLogins: number, lockedUntil: string | null): Promise<void> {
  await ctx.db.updateTable('account').set({ failed_logins: failedLogins, locked_until: lockedUntil }).where('id', '=', id).execute();
}

export async function recordLogin(ctx: Ctx, id: number, at: string): Promise<void> {
  await ctx.db.updateTable('account').set({ failed_logins: 0, locked_until: null, last_login_at: at }).where('id', '=', id).execute();
}

export async function clearLockout(ctx: Ctx, id: number): Promise<void> {
  await ctx.db.updateTable('account').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}

export async function countActiveAdmins(ctx: Ctx): Promise<number> {
  const r = await ctx.db.selectFrom('account').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').where('disabled', '=', 0).executeTakeFirst();
  return Number(r?.n ?? 0);
}

// ---- sessions ----

export async function insertSession(ctx: Ctx, s: { tokenHash: string; accountId: number; at: string; expiresAt: string }): Promise<void> {
  await ctx.db.insertInto('account_session').values({ token_hash: s.tokenHash, account_id: s.accountId, created_at: s.at, last_seen_at: s.at, expires_at: s.expiresAt }).execute();
}

export async function sessionByHash(ctx: Ctx, tokenHash: string) {
  return await ctx.db.selectFrom('account_session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchSession(ctx: Ctx, tokenHash: string, at: string): Promise<void> {
  await ctx.db.updateTable('account_session').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(ctx: Ctx, tokenHash: string): Promise<void> {
  await ctx.db.deleteFrom('account_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOf(ctx: Ctx, accountId: number): Promise<void> {
  await ctx.db.deleteFrom('account_session').where('account_id', '=', accountId).execute();
}

/** Sessions past their end or idle since `idleSince`. */
export async function deleteStaleSessions(ctx: Ctx, now: string, idleSince: string): Promise<number> {
  const r = await ctx.db.deleteFrom('account_session').where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleSince)])).executeTakeFirstOrThrow();
  return Number(r.numDeletedRows);
}

// ---- 拍照点 assignments ----

export async function assignOrder(ctx: Ctx, orderId: number, accountId: number, at: string, by: string): Promise<void> {
  await ctx.db
    .insertInto('order_assignment')
    .values({ order_id: orderId, account_id: accountId, assigned_at: at, assigned_by: by })
    .onConflict((oc) => oc.columns(['order_id', 'account_id']).doNothing())
    .execute();
}

export async function unassignOrder(ctx: Ctx, orderId: number, accountId: number): Promise<number> {
  const r = await ctx.db.deleteFrom('order_assignment').where('order_id', '=', orderId).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(r.numDeletedRows);
}

export async function assignedOrderIds(ctx: Ctx, accountId: number): Promise<number[]> {
  return (await ctx.db.selectFrom('order_assignment').select('order_id').where('account_id', '=', accountId).orderBy('order_id').execute()).map((r) => r.order_id);
}

export async function assigneesOfOrder(ctx: Ctx, orderId: number): Promise<number[]> {
  return (await ctx.db.selectFrom('order_assignment').select('account_id').where('order_id', '=', orderId).orderBy('account_id').execute()).map((r) => r.account_id);
}
