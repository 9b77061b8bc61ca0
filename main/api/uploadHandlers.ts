// The upload methods (uploads.ts) run on the archive the web host received into a file: the same services
// as their JSON handlers, given the file instead of bytes held in memory.
import type { Desk } from '../desk';
import { checkInLease, importTransfer } from './lazyServices';
import type { UploadMethod } from './uploads';

export const uploadHandlers: { [M in UploadMethod]: (input: { passphrase: string }, file: string, desk: Desk) => Promise<unknown> } = {
  'lease.checkin': (i, file, desk) => checkInLease(desk, file, i.passphrase),
  'transfer.import': (i, file, desk) => importTransfer(desk, file, i.passphrase),
};
