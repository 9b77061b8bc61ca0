// The orders of one client, newest first, for the client page.
import type { Desk } from '../desk';
import { ordersOfEntity } from '../db/repositories/orders';

export function ordersOfClient(desk: Desk, entityId: number) {
  return ordersOfEntity(desk.ctx, entityId);
}
