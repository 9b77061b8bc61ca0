// 备案授权码 / 备案服务号 on an order: recorded with the resource it covers and its expiry, listed with
// their state (warned within the days set in 设置), and an expired one keeps the order from being submitted.
import { DeskError, notFound } from '../domain/errors';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { authCodeRows, deleteAuthCode, insertAuthCode } from '../db/repositories/authCodes';
import { appendOrderEvent, getOrderRow, type OrderRow } from '../db/repositories/orders';
import { readSettings } from '../db/repositories/settings';
import { authCodeInputProblems, authCodeMessage, authCodeState, type AuthCodeInput, type AuthCodeState } from '../filings/authCodes';
import { readOnlyReason } from '../filings/stateMachine';

export interface AuthCodeView {
  id: number;
  kind: string;
  code: string;
  resource: string;
  expiresOn: string;
  state: AuthCodeState;
  daysLeft: number;
  /** the warning or refusal in words, null while valid */
  message: string | null;
  actor: string;
  createdAt: string;
}

export async function authCodesOf(desk: Desk, o: OrderRow): Promise<AuthCodeView[]> {
  const today = new Date(desk.ctx.now());
  const { validityWarnDays } = await readSettings(desk.ctx);
  return (await authCodeRows(desk.ctx, o.id)).map((r) => {
    const s = authCodeState(r.expiresOn, today, validityWarnDays);
    return { id: r.id, kind: r.kind, code: r.code, resource: r.resource, expiresOn: r.expiresOn, ...s, message: authCodeMessage(r.kind, r.code, r.resource, s, r.expiresOn), actor: r.actor, createdAt: r.createdAt };
  });
}

/** Expired codes, as the order's blocking problems (submission and export are refused with them). */
export async function authCodeProblems(desk: Desk, o: OrderRow): Promise<string[]> {
  return (await authCodesOf(desk, o)).flatMap((c) => (c.state === 'expired' ? [c.message!] : []));
}

async function openOrder(desk: Desk, orderId: number): Promise<OrderRow> {
  const o = await getOrderRow(desk.ctx, orderId);
  if (!o) throw notFound('订单', orderId);
  const why = readOnlyReason(o.state);
  if (why) throw new DeskError('CONFLICT', `订单 #${o.id}：${why}`);
  return o;
}

export async function addAuthCode(desk: Desk, orderId: number, input: AuthCodeInput): Promise<AuthCodeView> {
  const clean = { kind: input.kind, code: input.code.trim(), resource: input.resource.trim(), expiresOn: input.expiresOn.trim() };
  const problems = authCodeInputProblems(clean);
  if (problems.length) throw new DeskError('VALIDATION', problems[0]!.message, problems);
  const id = await desk.sql.tx(async () => {
    const o = await openOrder(desk, orderId);
    const id = await insertAuthCode(desk.ctx, { orderId, ...clean });
    await appendOrderEvent(desk.ctx, orderId, o.state, o.state, `记录${clean.kind}（${clean.resource}，有效期至 ${clean.expiresOn}）`);
    await appendAudit(desk.ctx, { action: 'order.authCode.add', targetType: 'order', targetId: orderId, entityId: o.entityId, detail: { kind: clean.kind } });
    return id;
  });
  return (await authCodesOf(desk, (await getOrderRow(desk.ctx, orderId))!)).find((c) => c.id === id)!;
}

export async function removeAuthCode(desk: Desk, orderId: number, id: number): Promise<void> {
  await desk.sql.tx(async () => {
    const o = await openOrder(desk, orderId);
    const row = (await authCodeRows(desk.ctx, orderId)).find((r) => r.id === id);
    if (!row || await deleteAuthCode(desk.ctx, orderId, id) === 0) throw notFound('授权码', id);
    await appendOrderEvent(desk.ctx, orderId, o.state, o.state, `删除${row.kind}（${row.resource}）`);
    await appendAudit(desk.ctx, { action: 'order.authCode.remove', targetType: 'order', targetId: orderId, entityId: o.entityId, detail: { kind: row.kind } });
  });
}

/** The order's codes, by order id (the API's entry). */
export async function authCodesOfOrder(desk: Desk, orderId: number): Promise<AuthCodeView[]> {
  const o = await getOrderRow(desk.ctx, orderId);
  if (!o) throw notFound('订单', orderId);
  return authCodesOf(desk, o);
}
