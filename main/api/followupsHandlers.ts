// Handlers of followupsContract.ts (issue 15), spread into handlers.ts.
import type { z } from 'zod';
import type { Desk } from '../desk';
import { REJECTION_KINDS } from '../filings/rejectionReasons';
import { awaitingCorrection, openReasonsOfClient } from '../services/rejectionViews';
import type { followupMethods } from './followupsContract';
import { completeGongan, gonganOfOrder, saveGongan } from '../services/gongan';
import { addAuthCode, authCodesOf, removeAuthCode } from '../services/authCodes';
import { getOrderRow } from '../db/repositories/orders';
import { notFound } from '../domain/errors';

type M = typeof followupMethods;
type Handlers = { [K in keyof M]: (input: z.output<M[K]['input']>, desk: Desk) => z.output<M[K]['output']> | Promise<z.output<M[K]['output']>> };

export const followupHandlers: Handlers = {
  'rejection.catalog': () => REJECTION_KINDS.map(({ id, label, hint, appliesTo, source }) => ({ id, label, hint, appliesTo, source })),
  'rejection.openOfEntity': (i, desk) => openReasonsOfClient(desk, i.entityId),
  'order.awaitingCorrection': (_i, desk) => awaitingCorrection(desk),
  'gongan.ofOrder': (i, desk) => gonganOfOrder(desk, i.orderId),
  'gongan.save': (i, desk) => saveGongan(desk, i.orderId, i.websiteId, i.fields),
  'gongan.complete': (i, desk) => completeGongan(desk, i.orderId, i.websiteId, i.psbNumber),
  'order.authCodes': (i, desk) => {
    const o = getOrderRow(desk.ctx, i.orderId);
    if (!o) throw notFound('订单', i.orderId);
    return authCodesOf(desk, o);
  },
  'order.addAuthCode': (i, desk) => addAuthCode(desk, i.orderId, { kind: i.kind, code: i.code, resource: i.resource, expiresOn: i.expiresOn }),
  'order.removeAuthCode': (i, desk) => {
    removeAuthCode(desk, i.orderId, i.id);
    return { ok: true as const };
  },
};
