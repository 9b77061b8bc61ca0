// check-all's cold run on a worker thread, SQLite only: the worker opens the store's file read-only
// (db/readOnlyStore.ts; WAL lets it read beside the store's thread, which writes the verdicts), reads its
// share of a slice with the same code the store's thread uses (checkAllSlice.ts), opens the sealed fields
// itself with the data key handed to it for this task alone, and runs the rules (rules/checkRecords.ts).
// What goes back is verdicts only, in columns (db/repositories/verdicts.ts verdictColumns). The key's copy is wiped when the task ends, whatever its outcome, and
// the connection closed; the key is never logged, written, or sent anywhere but to this thread.
import { repoContext } from '../db/repositories/context';
import { openReadOnlyStore, type ReadOnlyFile } from '../db/readOnlyStore';
import { verdictColumns, type VerdictColumns } from '../db/repositories/verdicts';
import { checkRecords, type CheckedRecord } from '../rules/checkRecords';
import { encryptedCodec } from '../secrets/fieldCrypto';
import { readSlice } from './checkAllSlice';

/** The two derived keys a reader needs: to open sealed fields, and to make a 证件号码's blind index. */
export interface ReaderKeys {
  field: Uint8Array;
  index: Uint8Array;
}

export interface SliceToReadAndCheck {
  store: ReadOnlyFile;
  keys: ReaderKeys;
  /** The clients of this share of a slice, by id. */
  ids: number[];
  today: Date;
  validityWarnDays: number;
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Fills the key bytes with zeros (the worker's copy after its task; the store thread's copies after the task settles). */
export function wipeKeys(keys: ReaderKeys): void {
  keys.field.fill(0);
  keys.index.fill(0);
}

/**
 * A share's verdicts as the worker hands them back: in columns (`verdictColumns`: a few arrays and one text,
 * moved to the store's thread, not copied (jobs/taskWorker.ts), which only binds them), and the clients left to check there.
 */
export interface CheckedShare {
  columns: VerdictColumns;
  /** Clients with an open order, or whose rules asked beyond their facts: checked alone on the store's thread. */
  aside: number[];
}

/**
 * Reads and checks one share of a slice. A client with an open order is set aside: its order's checklist is
 * made on the store's thread, as is any client whose rules asked beyond its facts.
 */
export async function readAndCheckSlice(input: SliceToReadAndCheck): Promise<CheckedShare> {
  try {
    const store = openReadOnlyStore(input.store);
    try {
      // the file key is not handed over: a worker reads no material's bytes
      const codec = encryptedCodec({ field: asBuffer(input.keys.field), index: asBuffer(input.keys.index), file: Buffer.alloc(0) });
      const ctx = repoContext(store, codec, 'check-all', () => new Date().toISOString());
      const read = await readSlice({ ctx, openOrderFindings: null }, input.ids);
      const checked = checkRecords({ today: input.today, validityWarnDays: input.validityWarnDays, clients: read.toCheck });
      const aside = [...read.aside];
      const complete: Exclude<CheckedRecord, { incomplete: true }>[] = [];
      for (const c of checked) {
        if ('incomplete' in c) aside.push(c.id);
        else complete.push(c);
      }
      return { columns: verdictColumns(complete), aside };
    } finally {
      await store.close();
    }
  } finally {
    wipeKeys(input.keys);
  }
}
