// 备案授权码 / 备案服务号 recorded on orders.
import { qb } from '../sql';
import type { RepoContext } from './context';

export interface AuthCodeRow {
  id: number;
  orderId: number;
  kind: string;
  code: string;
  resource: string;
  expiresOn: string;
  actor: string;
  createdAt: string;
}

export function authCodeRows(ctx: RepoContext, orderId: number): AuthCodeRow[] {
  return ctx.sql
    .all(qb.selectFrom('order_auth_code').selectAll().where('order_id', '=', orderId).orderBy('id'))
    .map((r) => ({ id: r.id, orderId: r.order_id, kind: r.kind, code: r.code, resource: r.resource, expiresOn: r.expires_on, actor: r.actor, createdAt: r.created_at }));
}

export function insertAuthCode(ctx: RepoContext, r: { orderId: number; kind: string; code: string; resource: string; expiresOn: string }): number {
  return ctx.sql.run(qb.insertInto('order_auth_code').values({ order_id: r.orderId, kind: r.kind, code: r.code, resource: r.resource, expires_on: r.expiresOn, actor: ctx.actor, created_at: ctx.now() })).id;
}

export function deleteAuthCode(ctx: RepoContext, orderId: number, id: number): number {
  return ctx.sql.run(qb.deleteFrom('order_auth_code').where('order_id', '=', orderId).where('id', '=', id)).changes;
}
