// Handlers of the lease methods (leasesContract.ts). Check-out, 归还 and check-in load the archive code on
// their first call (lazyServices.ts); listing does not.
import type { z } from 'zod';
import type { Desk } from '../desk';
import { checkInUpload, checkOutClientsTo, exportCheckinTo, leaseConflicts, servicesOnFirstCall, settleConflict } from './lazyServices';
import type { leaseMethods } from './leasesContract';
import type { BuiltMethods } from './methodSpecs';
// the services load on a handler's first call (issue 20: a host starts without them)
const { cancelLease, leasedClients, listLeases } = servicesOnFirstCall(() => import('../services/leaseList'));

type M = BuiltMethods<typeof leaseMethods>;
type Handlers = { [K in keyof M]: (input: z.output<M[K]['input']>, desk: Desk) => z.output<M[K]['output']> | Promise<z.output<M[K]['output']>> };

export const leaseHandlers: Handlers = {
  'lease.checkout': (i, desk) => checkOutClientsTo(desk, i.entityIds, i.deskName, i.passphrase, i.dir),
  'lease.list': (_i, desk) => listLeases(desk),
  'lease.ofClients': (i, desk) => leasedClients(desk, i.entityIds),
  'lease.exportCheckin': (i, desk) => exportCheckinTo(desk, i.leaseId, i.passphrase, i.dir),
  'lease.checkin': (i, desk) => checkInUpload(desk, Buffer.from(i.contentBase64, 'base64'), i.passphrase),
  'lease.conflicts': (i, desk) => leaseConflicts(desk, i.leaseId, i.revealPurpose),
  'lease.settle': (i, desk) => settleConflict(desk, i.conflictId, i.keep),
  'lease.cancel': async (i, desk) => {
    await cancelLease(desk, i.leaseId);
    return { ok: true as const };
  },
};
