// 日志 by operator: the filter's list of operators, one operator's entries, and the per-operator report
// of reveals (personal values shown in clear) and exports.
import { EXPORT_ACTIONS, REVEAL_ACTIONS } from '../domain/accounts';
import { addDays, chinaDayStart } from '../domain/dates';
import type { AuditEntry } from '../domain/views';
import type { Desk } from '../desk';
import { auditActors, auditOfActions, auditOfActor } from '../db/repositories/auditByOperator';

export async function logOperators(desk: Desk): Promise<string[]> {
  return await auditActors(desk.ctx);
}

export async function logOfOperator(desk: Desk, actor: string, limit: number): Promise<AuditEntry[]> {
  return await auditOfActor(desk.ctx, actor, limit);
}

/** Days are China (Asia/Shanghai) calendar days: [from 00:00, to 24:00). */
const dayStart = (day: string) => chinaDayStart(day);
const dayAfter = (day: string) => chinaDayStart(addDays(day, 1));

export async function operatorReport(desk: Desk, period: { from?: string; to?: string }) {
  const reveal = new Set<string>(REVEAL_ACTIONS);
  const entries = await auditOfActions(desk.ctx, [...REVEAL_ACTIONS, ...EXPORT_ACTIONS], period.from ? dayStart(period.from) : null, period.to ? dayAfter(period.to) : null);
  const byActor = new Map<string, { actor: string; reveals: number; exports: number; entries: AuditEntry[] }>();
  for (const e of entries) {
    const row = byActor.get(e.actor) ?? { actor: e.actor, reveals: 0, exports: 0, entries: [] };
    if (reveal.has(e.action)) row.reveals++;
    else row.exports++;
    row.entries.push(e);
    byActor.set(e.actor, row);
  }
  return [...byActor.values()].sort((a, b) => b.reveals + b.exports - (a.reveals + a.exports) || a.actor.localeCompare(b.actor));
}
