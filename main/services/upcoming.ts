// 工作台 → 即将到期: the deadlines of open orders that fall due soon and are not yet overdue, soonest
// first. The deadlines themselves are the orders' (main/services/orders.ts deadlinesOf); this only
// chooses which count as "soon".
import type { Desk } from '../desk';
import { listOrders, type Deadline } from './orders';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * How far ahead each kind of deadline is listed. 短信核验 runs 24 hours from the moment it starts and 公安备案
 * to the end of the 30th China day after the approval's (up to 31 days off right after it), so every one
 * still running is listed; a change is listed once its apply-by date (30 days before it takes effect) is at
 * most 30 days away.
 */
export const UPCOMING_WINDOW_MS: Record<Deadline['kind'], number> = { 短信核验: 24 * HOUR, 公安备案: 31 * DAY, 变更提前: 30 * DAY };

export interface UpcomingDeadline {
  orderId: number;
  entityId: number;
  entityName: string;
  type: string;
  state: string;
  kind: Deadline['kind'];
  dueAt: string;
  message: string;
}

export async function upcomingDeadlines(desk: Desk): Promise<UpcomingDeadline[]> {
  const now = Date.parse(desk.ctx.now());
  const out: UpcomingDeadline[] = [];
  for (const o of await listOrders(desk, { openOnly: true })) {
    for (const d of o.deadlines) {
      const left = Date.parse(d.dueAt) - now;
      if (d.overdue || left < 0 || left > UPCOMING_WINDOW_MS[d.kind]) continue;
      out.push({ orderId: o.id, entityId: o.entityId, entityName: o.entityName, type: o.type, state: o.state, kind: d.kind, dueAt: d.dueAt, message: d.message });
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.orderId - b.orderId);
}
