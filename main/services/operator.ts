// 操作员: the name the log gives for whoever works at this desk (null: the account the app runs as).
import type { Desk } from '../desk';
import { readOperatorName, writeOperatorName } from '../db/repositories/operator';

export function operatorSetting(desk: Desk) {
  return { name: readOperatorName(desk.ctx), account: desk.ctx.actor };
}

export function setOperatorName(desk: Desk, name: string | null) {
  desk.sql.tx(() => writeOperatorName(desk.ctx, name || null));
  return operatorSetting(desk);
}
