// Accounts, login sessions and 拍照点 order assignments of a team server (migration 0009).
import type { AccountRole, AccountView } from '../../domain/accounts';
import { qb } from '../sql';
import type { RepoContext } from './context';

type Ctx = Pick<RepoContext, 'sql'>;

export interface AccountRow extends AccountView {
  passwordHash: string;
}

function toAccount(r: {
  id: number;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
  last_login_at: string | null;
}): AccountRow {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as AccountRole,
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until,
    failedLogins: Number(r.failed_logins),
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
    passwordHash: r.password_hash,
  };
}

export function countAccounts(ctx: Ctx): number {
  return Number(ctx.sql.first(qb.selectFrom('account').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0);
}

export function listAccounts(ctx: Ctx): AccountRow[] {
  return ctx.sql.all(qb.selectFrom('account').selectAll().orderBy('username')).map(toAccount);
}

export function accountById(ctx: Ctx, id: number): AccountRow | undefined {
  const r = ctx.sql.first(qb.selectFrom('account').selectAll().where('id', '=', id));
  return r ? toAccount(r) : undefined;
}

export function accountByUsername(ctx: Ctx, username: string): AccountRow | undefined {
  const r = ctx.sql.first(qb.selectFrom('account').selectAll().where('username', '=', username));
  return r ? toAccount(r) : undefined;
}

export function insertAccount(ctx: Ctx, a: { username: string; displayName: string; role: AccountRole; passwordHash: string; at: string }): number {
  return ctx.sql.run(
    qb.insertInto('account').values({ username: a.username, display_name: a.displayName, role: a.role, password_hash: a.passwordHash, failed_logins: 0, locked_until: null, disabled: 0, created_at: a.at, updated_at: a.at }),
  ).id;
}

export function updateAccount(ctx: Ctx, id: number, patch: { displayName?: string; role?: AccountRole; disabled?: boolean; passwordHash?: string }, at: string): void {
  ctx.sql.run(
    qb
      .updateTable('account')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
        ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash, failed_logins: 0, locked_until: null } : {}),
        updated_at: at,
      })
      .where('id', '=', id),
  );
}

export function recordFailedLogin(ctx: Ctx, id: number, failedLogins: number, lockedUntil: string | null): void {
  ctx.sql.run(qb.updateTable('account').set({ failed_logins: failedLogins, locked_until: lockedUntil }).where('id', '=', id));
}

export function recordLogin(ctx: Ctx, id: number, at: string): void {
  ctx.sql.run(qb.updateTable('account').set({ failed_logins: 0, locked_until: null, last_login_at: at }).where('id', '=', id));
}

export function clearLockout(ctx: Ctx, id: number): void {
  ctx.sql.run(qb.updateTable('account').set({ failed_logins: 0, locked_until: null }).where('id', '=', id));
}

export function countActiveAdmins(ctx: Ctx): number {
  return Number(
    ctx.sql.first(qb.selectFrom('account').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').where('disabled', '=', 0))?.n ?? 0,
  );
}

// ---- sessions ----

export function insertSession(ctx: Ctx, s: { tokenHash: string; accountId: number; at: string; expiresAt: string }): void {
  ctx.sql.run(qb.insertInto('account_session').values({ token_hash: s.tokenHash, account_id: s.accountId, created_at: s.at, last_seen_at: s.at, expires_at: s.expiresAt }));
}

export function sessionByHash(ctx: Ctx, tokenHash: string) {
  return ctx.sql.first(qb.selectFrom('account_session').selectAll().where('token_hash', '=', tokenHash));
}

export function touchSession(ctx: Ctx, tokenHash: string, at: string): void {
  ctx.sql.run(qb.updateTable('account_session').set({ last_seen_at: at }).where('token_hash', '=', tokenHash));
}

export function deleteSession(ctx: Ctx, tokenHash: string): void {
  ctx.sql.run(qb.deleteFrom('account_session').where('token_hash', '=', tokenHash));
}

export function deleteSessionsOf(ctx: Ctx, accountId: number): void {
  ctx.sql.run(qb.deleteFrom('account_session').where('account_id', '=', accountId));
}

/** Sessions past their end or idle since `idleSince`. */
export function deleteStaleSessions(ctx: Ctx, now: string, idleSince: string): number {
  return ctx.sql.run(qb.deleteFrom('account_session').where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleSince)]))).changes;
}

// ---- 拍照点 assignments ----

export function assignOrder(ctx: Ctx, orderId: number, accountId: number, at: string, by: string): void {
  ctx.sql.run(qb.insertInto('order_assignment').values({ order_id: orderId, account_id: accountId, assigned_at: at, assigned_by: by }).onConflict((oc) => oc.columns(['order_id', 'account_id']).doNothing()));
}

export function unassignOrder(ctx: Ctx, orderId: number, accountId: number): number {
  return ctx.sql.run(qb.deleteFrom('order_assignment').where('order_id', '=', orderId).where('account_id', '=', accountId)).changes;
}

export function assignedOrderIds(ctx: Ctx, accountId: number): number[] {
  return ctx.sql.all(qb.selectFrom('order_assignment').select('order_id').where('account_id', '=', accountId).orderBy('order_id')).map((r) => r.order_id);
}

export function assigneesOfOrder(ctx: Ctx, orderId: number): number[] {
  return ctx.sql.all(qb.selectFrom('order_assignment').select('account_id').where('order_id', '=', orderId).orderBy('account_id')).map((r) => r.account_id);
}
