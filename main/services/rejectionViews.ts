// The 驳回 reasons seen from outside the order: a client's open reasons (the red marks on its forms, its
// findings) and the 工作台's list of rejected orders waiting on the agency.
import { REJECTION_KINDS } from '../filings/rejectionReasons';
import type { Desk } from '../desk';
import { getEntity } from '../db/repositories/entities';
import { ordersOfEntity } from '../db/repositories/orders';
import { notFound } from '../domain/errors';
import type { EntityView } from '../domain/views';
import { isOpen } from '../filings/stateMachine';
import type { Finding } from '../rules/types';
import { orderChecklist } from './orders';
import { openReasons, ordersAwaitingCorrection, rejectionFindings, type ReasonState, type WaitingOrder } from './rejections';

/** The open reasons of the client's open order (untouched since the rejection), or none. */
export async function openReasonsOfEntity(desk: Desk, e: EntityView): Promise<{ orderId: number | null; reasons: ReasonState[] }> {
  const open = (await ordersOfEntity(desk.ctx, e.id)).find((o) => isOpen(o.state));
  if (!open) return { orderId: null, reasons: [] };
  return { orderId: open.id, reasons: await openReasons(desk, e, open, await orderChecklist(desk, open, false)) };
}

export async function openReasonsOfClient(desk: Desk, entityId: number) {
  const e = await getEntity(desk.ctx, entityId);
  if (!e) throw notFound('客户', entityId);
  return openReasonsOfEntity(desk, e);
}

/** V-REJ-01 findings of a client: each untouched reason blocks, next to its field. */
export async function clientRejectionFindings(desk: Desk, e: EntityView): Promise<Finding[]> {
  const { orderId, reasons } = await openReasonsOfEntity(desk, e);
  return orderId ? rejectionFindings(reasons, orderId) : [];
}

export async function awaitingCorrection(desk: Desk): Promise<WaitingOrder[]> {
  return await ordersAwaitingCorrection(
    desk,
    (o) => orderChecklist(desk, o, false),
    async (id) => {
      const e = await getEntity(desk.ctx, id);
      if (!e) throw notFound('客户', id);
      return e;
    },
  );
}

/** The catalog of common rejection reasons as the 驳回 dialog offers them. */
export function rejectionCatalog() {
  return REJECTION_KINDS.map(({ id, label, hint, appliesTo, source }) => ({ id, label, hint, appliesTo, source }));
}
