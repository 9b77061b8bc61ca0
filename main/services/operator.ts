// 操作员: the name the log gives for whoever works at this desk (null: the account the app runs as).
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { readOperatorName, writeOperatorName } from '../db/repositories/operator';

export async function operatorSetting(desk: Desk) {
  return { name: await readOperatorName(desk.ctx), account: desk.ctx.account };
}

export async function setOperatorName(desk: Desk, name: string | null) {
  const next = name?.trim() || null;
  await desk.sql.tx(async () => {
    if ((await readOperatorName(desk.ctx)) === next) return;
    await writeOperatorName(desk.ctx, next);
    // written after the name: the entry is the new operator's first, and where the earlier one's end
    await appendAudit(desk.ctx, { action: 'desk.operator', targetType: 'desk', targetId: 0, entityId: null, detail: { named: next !== null } });
  });
  desk.operatorName = next;
  return operatorSetting(desk);
}
