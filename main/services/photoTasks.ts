// A 拍照点's work list: the orders given to it, each with only its curtain-photo slots (no
// other material, no personal number).
import type { Desk } from '../desk';
import { entityName } from '../db/repositories/entities';
import { getOrderRow } from '../db/repositories/orders';
import type { PhotoCheckStatus } from '../domain/enums';
import { DeskError } from '../domain/errors';
import { assignedOrders } from './accounts';
import { checkOrderPhotos, getOrder } from './orders';

export interface PhotoTask {
  orderId: number;
  entityName: string;
  type: string;
  state: string;
  slots: { id: string; label: string; status: string; note: string; photoStatus: PhotoCheckStatus | 'unchecked' | null }[];
  /** What keeps the order from being shown in full, for the 拍照点 to pass on; null when nothing does. */
  problem: string | null;
}

const told = (err: unknown) => (err instanceof DeskError ? err.message : '内部错误');

export async function photoTasks(desk: Desk, accountId: number): Promise<PhotoTask[]> {
  const tasks: PhotoTask[] = [];
  for (const orderId of await assignedOrders(desk, accountId)) {
    // an order that cannot be read is listed with why, never left out: the 拍照点 would not know it has it
    let problem: string | null = null;
    try {
      // as opening an order does: photos not yet measured are checked first, so the slot shows a verdict
      await checkOrderPhotos(desk, orderId);
    } catch (err) {
      if (err instanceof DeskError && err.code === 'NOT_FOUND') continue; // deleted with its client since it was assigned
      // a damaged scan of another slot: the curtain slots are still there to fill, shown unchecked
      problem = `该订单的材料照片未能检查，请告知操作员：${told(err)}`;
    }
    let o;
    try {
      o = await getOrder(desk, orderId);
    } catch (err) {
      if (err instanceof DeskError && err.code === 'NOT_FOUND') continue;
      const row = await getOrderRow(desk.ctx, orderId);
      if (!row) continue;
      tasks.push({ orderId, entityName: (await entityName(desk.ctx, row.entityId)) ?? '', type: row.type, state: row.state, slots: [], problem: `无法读取该订单，请告知操作员：${told(err)}` });
      continue;
    }
    const slots = o.checklist
      .filter((c) => c.kind === 'curtain')
      .map((c) => ({ id: c.id, label: c.label, status: c.status, note: c.note, photoStatus: c.photo?.status ?? null }));
    tasks.push({ orderId, entityName: o.entityName, type: o.type, state: o.state, slots, problem });
  }
  return tasks;
}

/** Whether a checklist slot id names a curtain photo (website:7:curtain): the only slot a 拍照点 may fill. */
export const isCurtainSlot = (slotId: string) => /^website:\d+:curtain$/.test(slotId);
