// Operator accounts of a team server: creating and changing them (管理员), logging in with lockout after
// wrong passwords, and the sessions behind the browser's cookie. Every change is one transaction with
// its audit entry; passwords and session tokens are never stored or logged, only their hashes.
import { createHash, randomBytes } from 'node:crypto';
import {
  auditActorOf,
  LOGIN_LOCK_MINUTES,
  LOGIN_MAX_FAILURES,
  ROLE_LABELS,
  SESSION_IDLE_MINUTES,
  SESSION_MAX_HOURS,
  type AccountRole,
  type AccountView,
} from '../domain/accounts';
import { chinaClockTime } from '../domain/dates';
import { DeskError, notFound } from '../domain/errors';
import type { Desk } from '../desk';
import { asActor } from '../db/actorScope';
import { appendAudit } from '../db/repositories/audit';
import * as repo from '../db/repositories/accounts';
import { getOrderRow } from '../db/repositories/orders';
import { decoyHash, DEFAULT_PASSWORD_COST, hashPassword, verifyPassword, type PasswordCost } from '../secrets/passwordHash';

/** The account a request runs as: what the router's role table and the audit log need. */
export interface Caller {
  accountId: number;
  username: string;
  displayName: string;
  role: AccountRole;
}

/** scrypt cost of new hashes; BEIAN_DESK_PASSWORD_LOG2N lowers it for tests (never below 2^12). */
export function passwordCost(env: NodeJS.ProcessEnv = process.env): PasswordCost {
  const v = Number(env.BEIAN_DESK_PASSWORD_LOG2N);
  return Number.isInteger(v) && v >= 12 && v <= DEFAULT_PASSWORD_COST.log2n ? { ...DEFAULT_PASSWORD_COST, log2n: v } : DEFAULT_PASSWORD_COST;
}

const view = (a: repo.AccountRow): AccountView => {
  const { passwordHash: _hidden, ...rest } = a;
  return rest;
};
const callerOf = (a: repo.AccountRow): Caller => ({ accountId: a.id, username: a.username, displayName: a.displayName, role: a.role });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
/** Beijing wall-clock time for messages (HH:mm). */

export async function hasAccounts(desk: Desk): Promise<boolean> {
  return (await repo.countAccounts(desk.ctx)) > 0;
}

export async function listAccounts(desk: Desk): Promise<AccountView[]> {
  return (await repo.listAccounts(desk.ctx)).map(view);
}

const nameTaken = (username: string) => new DeskError('CONFLICT', `用户名“${username}”已被使用`, [{ path: ['username'], message: '该用户名已被使用' }]);

export async function createAccount(desk: Desk, input: { username: string; displayName: string; role: AccountRole; password: string }): Promise<AccountView> {
  if (await repo.accountByUsername(desk.ctx, input.username)) throw nameTaken(input.username);
  const passwordHash = await hashPassword(input.password, passwordCost());
  return await desk.sql.tx(async () => {
    // checked again inside the transaction: two admins may add the same name at once
    if (await repo.accountByUsername(desk.ctx, input.username)) throw nameTaken(input.username);
    const id = await repo.insertAccount(desk.ctx, { ...input, passwordHash, at: desk.ctx.now() });
    await appendAudit(desk.ctx, { action: 'account.create', targetType: 'desk', targetId: id, entityId: null, detail: { username: input.username, role: ROLE_LABELS[input.role] } });
    return view(await mustGet(desk, id));
  });
}

async function mustGet(desk: Desk, id: number): Promise<repo.AccountRow> {
  const a = await repo.accountById(desk.ctx, id);
  if (!a) throw notFound('账户', id);
  return a;
}

/** Name, role, enabled. The last enabled 管理员 can be neither demoted nor disabled: nobody could manage accounts after. */
export async function updateAccount(desk: Desk, id: number, patch: { displayName?: string; role?: AccountRole; disabled?: boolean }): Promise<AccountView> {
  return await desk.sql.tx(
    async () => {
      const before = await mustGet(desk, id);
      const losesAdmin = before.role === 'admin' && !before.disabled && ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
      if (losesAdmin && (await repo.countActiveAdmins(desk.ctx)) <= 1) {
        throw new DeskError('CONFLICT', '这是唯一启用的管理员账户，不能停用或改为其他角色：请先添加另一位管理员');
      }
      await repo.updateAccount(desk.ctx, id, patch, desk.ctx.now());
      // A disabled account or a changed role ends its sessions: the role table is read per request, but a
      // disabled operator must be out at once.
      if (patch.disabled === true || (patch.role !== undefined && patch.role !== before.role)) await repo.deleteSessionsOf(desk.ctx, id);
      const changed = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
      await appendAudit(desk.ctx, { action: 'account.update', targetType: 'desk', targetId: id, entityId: null, detail: { username: before.username, fields: changed, ...(patch.role ? { role: ROLE_LABELS[patch.role] } : {}) } });
      return view(await mustGet(desk, id));
    },
    // two admins demoting each other at once must not both pass the last-admin check
    { serializable: true },
  );
}

/** A new password set by a 管理员 (or by the CLI): ends the account's sessions and lifts a lockout. */
export async function setAccountPassword(desk: Desk, id: number, password: string): Promise<AccountView> {
  await mustGet(desk, id);
  const passwordHash = await hashPassword(password, passwordCost());
  return await desk.sql.tx(async () => {
    const a = await mustGet(desk, id);
    await repo.updateAccount(desk.ctx, id, { passwordHash }, desk.ctx.now());
    await repo.deleteSessionsOf(desk.ctx, id);
    await appendAudit(desk.ctx, { action: 'account.password', targetType: 'desk', targetId: id, entityId: null, detail: { username: a.username } });
    return view(await mustGet(desk, id));
  });
}

export async function unlockAccount(desk: Desk, id: number): Promise<AccountView> {
  return await desk.sql.tx(async () => {
    const a = await mustGet(desk, id);
    await repo.clearLockout(desk.ctx, id);
    await appendAudit(desk.ctx, { action: 'account.unlock', targetType: 'desk', targetId: id, entityId: null, detail: { username: a.username } });
    return view(await mustGet(desk, id));
  });
}

const WRONG = `用户名或密码不正确（连续输错 ${LOGIN_MAX_FAILURES} 次，账户将锁定 ${LOGIN_LOCK_MINUTES} 分钟）`;

function lockedMessage(until: string): string {
  return `密码连续输错 ${LOGIN_MAX_FAILURES} 次，账户已锁定 ${LOGIN_LOCK_MINUTES} 分钟：请于 ${chinaClockTime(until)}（北京时间）后再试，或请管理员解锁`;
}

let decoy: Promise<string> | undefined;

/** scrypt on a hash nobody's password matches: the work a refusal does when there is no password to check. */
async function decoyVerify(password: string): Promise<void> {
  decoy ??= decoyHash(passwordCost());
  await verifyPassword(password, await decoy);
}

/**
 * Wrong logins for names that are no account, counted as an account's are (LOGIN_MAX_FAILURES in a row lock
 * the name for LOGIN_LOCK_MINUTES): otherwise a lockout would tell which names exist. Kept in memory per desk
 * and lower-cased name, at most UNKNOWN_NAMES_KEPT names (the oldest go first), so a flood of made-up names
 * cannot grow it without end; the per-address login throttle (loginThrottle.ts) keeps such a flood slow.
 */
const UNKNOWN_NAMES_KEPT = 10_000;
const unknownNames = new WeakMap<Desk, Map<string, { failures: number; lockedUntil: string | null }>>();

/** The refusal of a wrong login for `name`, which is no account: counted like an account's (login below). */
function refuseUnknownName(desk: Desk, name: string, at: string): DeskError {
  let names = unknownNames.get(desk);
  if (!names) unknownNames.set(desk, (names = new Map()));
  const seen = names.get(name);
  if (seen?.lockedUntil && seen.lockedUntil > at) return new DeskError('ACCOUNT_LOCKED', lockedMessage(seen.lockedUntil));
  const failures = (seen && !seen.lockedUntil ? seen.failures : 0) + 1;
  const lockedUntil = failures >= LOGIN_MAX_FAILURES ? plusMinutes(at, LOGIN_LOCK_MINUTES) : null;
  names.delete(name); // re-inserted last: the oldest entry is the one least recently tried
  names.set(name, { failures: lockedUntil ? 0 : failures, lockedUntil });
  if (names.size > UNKNOWN_NAMES_KEPT) names.delete(names.keys().next().value!);
  return lockedUntil ? new DeskError('ACCOUNT_LOCKED', lockedMessage(lockedUntil)) : new DeskError('UNAUTHORIZED', WRONG);
}

type LoginOutcome = { refused: DeskError } | { token: string; caller: Caller; expiresAt: string };

/**
 * Checks a user name and password. Refused alike for an unknown name and a wrong password, also once they
 * are locked (the same scrypt work is done for all, the unknown names counted in memory): the
 * LOGIN_MAX_FAILURES-th wrong password in a row locks the name for LOGIN_LOCK_MINUTES, and a locked name is
 * refused whatever the password.
 */
export async function login(desk: Desk, username: string, password: string): Promise<{ token: string; caller: Caller; expiresAt: string }> {
  const name = username.trim().toLowerCase();
  const account = await repo.accountByUsername(desk.ctx, name);
  const now = desk.ctx.now();
  if (!account) {
    await decoyVerify(password);
    throw refuseUnknownName(desk, name, desk.ctx.now());
  }
  if (account.lockedUntil && account.lockedUntil > now) {
    // the password is not looked at, but the time it would take is spent: a quick answer would mark the name as an account's
    await decoyVerify(password);
    throw new DeskError('ACCOUNT_LOCKED', lockedMessage(account.lockedUntil));
  }
  // scrypt runs outside the transaction: it takes a while and must not hold the store's write lock
  const ok = await verifyPassword(password, account.passwordHash);
  const at = desk.ctx.now();
  // The failure is counted in a transaction that commits; the refusal is thrown after it (a throw inside
  // would roll the count back and no account would ever lock).
  const outcome = await desk.sql.tx(
    async (): Promise<LoginOutcome> => {
      // Read again: other attempts on the same account may have counted meanwhile.
      const a = await mustGet(desk, account.id);
      if (a.lockedUntil && a.lockedUntil > at) return { refused: new DeskError('ACCOUNT_LOCKED', lockedMessage(a.lockedUntil)) };
      if (!ok) {
        const lockExpired = a.lockedUntil !== null && a.lockedUntil <= at;
        const failures = (lockExpired ? 0 : a.failedLogins) + 1;
        const lockedUntil = failures >= LOGIN_MAX_FAILURES ? plusMinutes(at, LOGIN_LOCK_MINUTES) : null;
        await repo.recordFailedLogin(desk.ctx, a.id, lockedUntil ? 0 : failures, lockedUntil);
        if (!lockedUntil) return { refused: new DeskError('UNAUTHORIZED', WRONG) };
        await asActor(auditActorOf(a), () => appendAudit(desk.ctx, { action: 'account.lockedOut', targetType: 'desk', targetId: a.id, entityId: null, detail: { failures } }));
        return { refused: new DeskError('ACCOUNT_LOCKED', lockedMessage(lockedUntil)) };
      }
      if (a.disabled) return { refused: new DeskError('FORBIDDEN', '该账户已停用，请联系管理员') };
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.parse(at) + SESSION_MAX_HOURS * 3_600_000).toISOString();
      await repo.recordLogin(desk.ctx, a.id, at);
      await repo.insertSession(desk.ctx, { tokenHash: sha256(token), accountId: a.id, at, expiresAt });
      await asActor(auditActorOf(a), () => appendAudit(desk.ctx, { action: 'account.login', targetType: 'desk', targetId: a.id, entityId: null }));
      return { token, caller: callerOf(a), expiresAt };
    },
    // concurrent wrong passwords on one account must each be counted
    { serializable: true },
  );
  if ('refused' in outcome) throw outcome.refused;
  return outcome;
}

/** Seconds between two writes of a session's last-seen time: reads are not turned into writes one for one. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The account behind a session token, or null when the token is unknown, expired, idle too long or its
 * account disabled. `activity: false` for the window's own polling (status checks), which must not keep
 * an unattended session alive.
 */
export async function resolveSession(desk: Desk, token: string, activity = true): Promise<Caller | null> {
  if (!token || token.length > 200) return null;
  const hash = sha256(token);
  const s = await repo.sessionByHash(desk.ctx, hash);
  if (!s) return null;
  const now = desk.ctx.now();
  const idleSince = plusMinutes(now, -SESSION_IDLE_MINUTES);
  const a = await repo.accountById(desk.ctx, s.account_id);
  if (s.expires_at <= now || s.last_seen_at < idleSince || !a || a.disabled) {
    await desk.sql.tx(() => repo.deleteSession(desk.ctx, hash));
    return null;
  }
  if (activity && Date.parse(now) - Date.parse(s.last_seen_at) >= TOUCH_EVERY_MS) await desk.sql.tx(() => repo.touchSession(desk.ctx, hash, now));
  return callerOf(a);
}

export async function logout(desk: Desk, token: string): Promise<void> {
  const hash = sha256(token);
  await desk.sql.tx(async () => {
    const s = await repo.sessionByHash(desk.ctx, hash);
    if (!s) return;
    const a = await repo.accountById(desk.ctx, s.account_id);
    await repo.deleteSession(desk.ctx, hash);
    if (a) await asActor(auditActorOf(a), () => appendAudit(desk.ctx, { action: 'account.logout', targetType: 'desk', targetId: a.id, entityId: null }));
  });
}

export async function sweepSessions(desk: Desk): Promise<number> {
  const now = desk.ctx.now();
  return await desk.sql.tx(() => repo.deleteStaleSessions(desk.ctx, now, plusMinutes(now, -SESSION_IDLE_MINUTES)));
}

// ---- 拍照点 assignments ----

export async function assignedOrders(desk: Desk, accountId: number): Promise<number[]> {
  return await repo.assignedOrderIds(desk.ctx, accountId);
}

export async function isAssigned(desk: Desk, orderId: number, accountId: number): Promise<boolean> {
  return (await repo.assignedOrderIds(desk.ctx, accountId)).includes(orderId);
}

export async function photoPointsOfOrder(desk: Desk, orderId: number): Promise<AccountView[]> {
  const out: AccountView[] = [];
  for (const id of await repo.assigneesOfOrder(desk.ctx, orderId)) {
    const a = await repo.accountById(desk.ctx, id);
    if (a) out.push(view(a));
  }
  return out;
}

/** Gives an order to a 拍照点 account (its curtain photos), or takes it back. */
export async function setOrderAssignment(desk: Desk, orderId: number, accountId: number, assigned: boolean): Promise<AccountView[]> {
  return await desk.sql.tx(async () => {
    const a = await mustGet(desk, accountId);
    if (a.role !== 'photo') throw new DeskError('VALIDATION', `只能把订单分配给拍照点账户；“${a.displayName}”是${ROLE_LABELS[a.role]}`, [{ path: ['accountId'], message: '请选择拍照点账户' }]);
    if (!(await getOrderRow(desk.ctx, orderId))) throw notFound('订单', orderId);
    if (assigned) await repo.assignOrder(desk.ctx, orderId, accountId, desk.ctx.now(), desk.ctx.actor);
    else await repo.unassignOrder(desk.ctx, orderId, accountId);
    await appendAudit(desk.ctx, { action: assigned ? 'order.assign' : 'order.unassign', targetType: 'order', targetId: orderId, entityId: null, detail: { username: a.username } });
    return await photoPointsOfOrder(desk, orderId);
  });
}
