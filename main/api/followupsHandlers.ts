// Handlers of followupsContract.ts (issue 15), spread into handlers.ts.
import type { z } from 'zod';
import type { Desk } from '../desk';
import type { followupMethods } from './followupsContract';
import type { BuiltMethods } from './methodSpecs';
import { servicesOnFirstCall } from './lazyServices';
// the services load on a handler's first call (issue 20: a host starts without them)
const { awaitingCorrection, openReasonsOfClient, rejectionCatalog } = servicesOnFirstCall(() => import('../services/rejectionViews'));
const { completeGongan, gonganOfOrder, saveGongan } = servicesOnFirstCall(() => import('../services/gongan'));
const { addAuthCode, authCodesOfOrder, removeAuthCode } = servicesOnFirstCall(() => import('../services/authCodes'));

type M = BuiltMethods<typeof followupMethods>;
type Handlers = { [K in keyof M]: (input: z.output<M[K]['input']>, desk: Desk) => z.output<M[K]['output']> | Promise<z.output<M[K]['output']>> };

export const followupHandlers: Handlers = {
  'rejection.catalog': () => rejectionCatalog(),
  'rejection.openOfEntity': (i, desk) => openReasonsOfClient(desk, i.entityId),
  'order.awaitingCorrection': (_i, desk) => awaitingCorrection(desk),
  'gongan.ofOrder': (i, desk) => gonganOfOrder(desk, i.orderId),
  'gongan.save': (i, desk) => saveGongan(desk, i.orderId, i.websiteId, i.fields, i.rowVersion),
  'gongan.complete': (i, desk) => completeGongan(desk, i.orderId, i.websiteId, i.psbNumber),
  'order.authCodes': (i, desk) => authCodesOfOrder(desk, i.orderId),
  'order.addAuthCode': (i, desk) => addAuthCode(desk, i.orderId, { kind: i.kind, code: i.code, resource: i.resource, expiresOn: i.expiresOn }),
  'order.removeAuthCode': async (i, desk) => {
    await removeAuthCode(desk, i.orderId, i.id);
    return { ok: true as const };
  },
};
