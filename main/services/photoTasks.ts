// A 拍照点's work list: the orders given to its account, each with only its curtain-photo slots (no
// other material, no personal number).
import type { Desk } from '../desk';
import { assignedOrders } from './accounts';
import { checkOrderPhotos, getOrder } from './orders';

export async function photoTasks(desk: Desk, accountId: number) {
  const tasks = [];
  for (const orderId of await assignedOrders(desk, accountId)) {
    let o;
    try {
      // as opening an order does: photos not yet measured are checked first, so the slot shows a verdict
      await checkOrderPhotos(desk, orderId);
      o = await getOrder(desk, orderId);
    } catch {
      continue; // deleted with its client since it was assigned
    }
    const slots = o.checklist
      .filter((c) => c.kind === 'curtain')
      .map((c) => ({ id: c.id, label: c.label, status: c.status, note: c.note, photoStatus: c.photo?.status ?? null }));
    tasks.push({ orderId, entityName: o.entityName, type: o.type, state: o.state, slots });
  }
  return tasks;
}

/** Whether a checklist slot id names a curtain photo (website:7:curtain): the only slot a 拍照点 may fill. */
export const isCurtainSlot = (slotId: string) => /^website:\d+:curtain$/.test(slotId);
