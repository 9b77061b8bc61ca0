// The orders of one client, newest first, for the client page.
import type { Desk } from '../desk';
import { ordersOfEntity } from '../db/repositories/orders';

export async function ordersOfClient(desk: Desk, entityId: number) {
  return await ordersOfEntity(desk.ctx, entityId);
}
