// Handlers of team mode's methods (accountsContract.ts). `caller` is the logged-in account on a team
// server and absent on the single desk.
import type { z } from 'zod';
import type { Desk } from '../desk';
import type { accountMethods } from './accountsContract';
import type { BuiltMethods } from './methodSpecs';
import type { Caller } from '../services/accounts';
import { servicesOnFirstCall } from './lazyServices';
// the services load on a handler's first call (issue 20: a host starts without them)
const { createAccount, listAccounts, photoPointsOfOrder, setAccountPassword, setOrderAssignment, unlockAccount, updateAccount } = servicesOnFirstCall(() => import('../services/accounts'));
const { logOfOperator, logOperators, operatorReport } = servicesOnFirstCall(() => import('../services/auditByOperator'));
const { photoTasks } = servicesOnFirstCall(() => import('../services/photoTasks'));

type M = BuiltMethods<typeof accountMethods>;
type Handlers = { [K in keyof M]: (input: z.output<M[K]['input']>, desk: Desk, caller?: Caller | null) => z.output<M[K]['output']> | Promise<z.output<M[K]['output']>> };

/** Set by the team server's host so account.me can say it is one; the single desk leaves it false. */
export const teamModeFlag = { on: false };

export const accountHandlers: Handlers = {
  'account.me': (_i, _desk, caller) => ({ teamMode: teamModeFlag.on, caller: caller ?? null }),
  'account.list': (_i, desk) => listAccounts(desk),
  'account.create': (i, desk) => createAccount(desk, { username: i.username, displayName: i.displayName, role: i.role, password: i.password }),
  'account.update': (i, desk) => updateAccount(desk, i.id, { ...(i.displayName !== undefined ? { displayName: i.displayName } : {}), ...(i.role ? { role: i.role } : {}), ...(i.disabled !== undefined ? { disabled: i.disabled } : {}) }),
  'account.setPassword': (i, desk) => setAccountPassword(desk, i.id, i.password),
  'account.unlock': (i, desk) => unlockAccount(desk, i.id),
  'order.assignments': (i, desk) => photoPointsOfOrder(desk, i.orderId),
  'order.assign': (i, desk) => setOrderAssignment(desk, i.orderId, i.accountId, i.assigned),
  'photo.tasks': (_i, desk, caller) => (caller ? photoTasks(desk, caller.accountId) : []),
  'audit.operators': (_i, desk) => logOperators(desk),
  'audit.byOperator': (i, desk) => logOfOperator(desk, i.actor, i.limit),
  'audit.operatorReport': (i, desk) => operatorReport(desk, { ...(i.from ? { from: i.from } : {}), ...(i.to ? { to: i.to } : {}) }),
};
