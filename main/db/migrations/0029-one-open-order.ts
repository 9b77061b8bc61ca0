// 0029: one open order per 主体 (V-CHG-07), held by the database. createOrder counts the client's open orders
// before it inserts; on a team database (PostgreSQL, read committed) two operators creating an order for the
// same client at once both counted none and both inserted. A unique index over the open orders' entity_id
// makes the second insert fail instead (services/orders.ts turns that into the V-CHG-07 refusal).
// Which states are closed is written here as they were at this version (a migration never changes with the
// code after it, and the store sits below filings/): the index test holds them equal to CLOSED_STATES.
// A store may already hold clients with more than one open order (made by that race before this version).
// The upgrade does not fail on them, nor does it close anything the operators are still working on: the
// client's oldest open order is under the index, the others are named here by id and left out of it — each
// stays open until it is finished, abandoned or withdrawn; no new order joins them. The upgrade says which
// clients these are (shown where the upgrade's progress is shown).
import type { DialectName } from '../dialect';
import { all, exec, progress, type MigrationSteps } from './steps';

export const version = 29;
export const name = 'one-open-order';

/** The index's name: a unique violation naming it is a second open order (repositories/orders.ts). */
export const ONE_OPEN_ORDER_INDEX = 'order_one_open';

/** The states an order is closed in (filings/stateMachine.ts CLOSED_STATES at version 29). */
export const CLOSED_AT_29 = ['已通过', '已放弃', '已撤回'] as const;

const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

export function* up(_dialect: DialectName): MigrationSteps {
  const open = `state NOT IN (${CLOSED_AT_29.map(sqlText).join(', ')})`;
  const surplus = yield* all<{ id: number; entity_id: number; name: string }>(
    `SELECT o.id, o.entity_id, e.name FROM filing_order o JOIN entity e ON e.id = o.entity_id
     WHERE o.${open} AND EXISTS (SELECT 1 FROM filing_order k WHERE k.entity_id = o.entity_id AND k.${open} AND k.id < o.id)
     ORDER BY o.entity_id, o.id`,
  );
  const exempt = surplus.map((r) => Number(r.id));
  // run again over a store that has it (a test winding the version back): made anew for the rows there now
  yield exec(`DROP INDEX IF EXISTS ${ONE_OPEN_ORDER_INDEX}; CREATE UNIQUE INDEX ${ONE_OPEN_ORDER_INDEX} ON filing_order(entity_id) WHERE ${open}${exempt.length ? ` AND id NOT IN (${exempt.join(', ')})` : ''};`);
  if (exempt.length) yield progress(exempt.length, exempt.length, surplusText(surplus), { notice: true });
}

function surplusText(surplus: readonly { id: number; entity_id: number; name: string }[]): string {
  const byClient = new Map<number, { name: string; ids: number[] }>();
  for (const r of surplus) {
    const c = byClient.get(Number(r.entity_id)) ?? { name: r.name, ids: [] };
    c.ids.push(Number(r.id));
    byClient.set(Number(r.entity_id), c);
  }
  const clients = [...byClient.entries()].map(([id, c]) => `客户“${c.name}”（编号 ${id}，多出的订单 ${c.ids.map((o) => `#${o}`).join('、')}）`);
  return `发现 ${byClient.size} 个客户同时有多个进行中的订单（同一主体同时只能有一个，V-CHG-07）：${clients.join('；')}。升级照常完成，这些订单都保留；请在订单页完成、放弃或撤回多出的订单，这些客户在此之前不能新建订单。`;
}
