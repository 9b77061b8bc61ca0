// 操作员: the name the log gives for whoever works at this desk (null: the account the app runs as).
import type { Desk } from '../desk';
import { readOperatorName, writeOperatorName } from '../db/repositories/operator';

export async function operatorSetting(desk: Desk) {
  return { name: await readOperatorName(desk.ctx), account: desk.ctx.actor };
}

export async function setOperatorName(desk: Desk, name: string | null) {
  await desk.sql.tx(() => writeOperatorName(desk.ctx, name || null));
  return operatorSetting(desk);
}
