// What a 拍照点 may do inside the methods the role table lets it call: only its own orders' curtain
// photos. Every method open to 拍照点 is either listed here or in PHOTO_UNSCOPED (why
// it needs no narrowing); test/main/api/roles.test.ts holds the two lists against the role table.
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';
import { isAssigned, type Caller } from '../services/accounts';
import type { Method, MethodInput } from './contract';
import { servicesOnFirstCall } from './lazyServices';

// photoTasks pulls in the order services: loaded when a 拍照点 first uploads, not when a host starts
const { isCurtainSlot } = servicesOnFirstCall(() => import('../services/photoTasks'));

export interface PhotoScope<M extends Method = Method> {
  /** Refuses the call before it runs (async: the store's reads are, once the store is async). */
  before?(input: MethodInput<M>, desk: Desk, caller: Caller): void | Promise<void>;
  /** Refuses what the call would hand back. */
  after?(output: unknown): void;
}

const forbid = (message: string) => new DeskError('FORBIDDEN', message);

export const PHOTO_SCOPE: { [M in Method]?: PhotoScope<M> } = {
  'order.attach': {
    async before(i, desk, caller) {
      if (!(await isCurtainSlot(i.slot))) throw forbid('拍照点只能上传幕布照片');
      if (!(await isAssigned(desk, i.orderId, caller.accountId))) throw forbid('该订单未分配给此拍照点');
    },
  },
};

/** Methods open to 拍照点 that need no narrowing, and why. */
export const PHOTO_UNSCOPED: Partial<Record<Method, string>> = {
  'session.status': 'whether the server is unlocked; no client data',
  'session.ping': 'activity only',
  'account.me': 'its own account',
  'providers.list': 'public provider profiles',
  'photo.tasks': 'lists only the orders given to the caller',
};
