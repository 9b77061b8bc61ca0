// 备案授权码 / 备案服务号 recorded on orders.
import type { AuthCodeKind } from '../../domain/enums';
import type { RepoContext } from './context';

export interface AuthCodeRow {
  id: number;
  orderId: number;
  kind: AuthCodeKind;
  code: string;
  resource: string;
  expiresOn: string;
  actor: string;
  createdAt: string;
}

export async function authCodeRows(ctx: RepoContext, orderId: number): Promise<AuthCodeRow[]> {
  return (await ctx.db.selectFrom('order_auth_code').selectAll().where('order_id', '=', orderId).orderBy('id').execute())
    .map((r) => ({ id: r.id, orderId: r.order_id, kind: r.kind, code: r.code, resource: r.resource, expiresOn: r.expires_on, actor: r.actor, createdAt: r.created_at }));
}

export async function insertAuthCode(ctx: RepoContext, r: { orderId: number; kind: AuthCodeKind; code: string; resource: string; expiresOn: string }): Promise<number> {
  return Number((await ctx.db.insertInto('order_auth_code').values({ order_id: r.orderId, kind: r.kind, code: r.code, resource: r.resource, expires_on: r.expiresOn, actor: ctx.actor, created_at: ctx.now() }).returning('id').executeTakeFirstOrThrow()).id);
}

export async function deleteAuthCode(ctx: RepoContext, orderId: number, id: number): Promise<number> {
  return Number((await ctx.db.deleteFrom('order_auth_code').where('order_id', '=', orderId).where('id', '=', id).executeTakeFirstOrThrow()).numDeletedRows);
}
