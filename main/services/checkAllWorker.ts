// check-all's cold run on a worker thread: the worker opens the store read-only (db/readOnlyStore.ts: the
// desk's file — WAL lets it read beside the store's thread, which writes the verdicts — or a connection of its
// own to the team database), reads its
// share of a slice with the same code the store's thread uses (checkAllSlice.ts), opens the sealed fields
// itself with the data key handed to it for this task alone, and runs the rules (rules/checkRecords.ts).
// What goes back is verdicts only, in columns (db/repositories/verdicts.ts verdictColumns). The key's copy is wiped when the task ends, whatever its outcome;
// the key is never logged, written, or sent anywhere but to this thread. The connection (it holds no key) serves
// every share of one run the worker is given, its prepared statements with it, and is closed when the run ends —
// the store's thread says so on a broadcast channel (`endReaders`), cancelled and failed runs included —, when a
// task of it fails, when a task of another run comes, and, should the word be lost, after a minute without a task.
import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import { repoContext } from '../db/repositories/context';
import { inOneSnapshot, openReadOnlyStore, placeOf, type StoreToRead } from '../db/readOnlyStore';
import type { Store } from '../db/store';
import { verdictColumns, type VerdictColumns } from '../db/repositories/verdicts';
import { checkRecords, type CheckedRecord } from '../rules/checkRecords';
import { encryptedCodec } from '../secrets/fieldCrypto';
import { readSlice, type KeysHeldTwice } from './checkAllSlice';

/** The two derived keys a reader needs: to open sealed fields, and to make a 证件号码's blind index. */
export interface ReaderKeys {
  field: Uint8Array;
  index: Uint8Array;
}

export interface SliceToReadAndCheck {
  store: StoreToRead;
  /** The run the share is of (`newReaderRun`): its shares on this worker read on one connection. None: a connection for this task alone. */
  run?: string;
  keys: ReaderKeys;
  /** The clients of this share of a slice, by id. */
  ids: number[];
  /**
   * The revision each of them (in `ids`' order) was stale at when the run began: one read at another is left out
   * (checkAllSlice.ts SliceReader.revisionOf). check-all always gives them; without them every client read is checked.
   */
  revisions?: number[];
  today: Date;
  validityWarnDays: number;
  /** The run's keys held twice (checkAllSlice.ts keysHeldTwice, shareKeysHeldTwice): holders looked up only for the keys that may be shared. */
  heldTwice?: SharedKeysHeldTwice;
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * The run's keys held twice as a task carries them: their text in shared memory, made once by the store's thread,
 * so that a task hands over a reference, not a copy of thousands of keys (a store whose clients share many people),
 * and a worker makes its sets once a run (keysHeldTwiceOf), not once a share.
 */
export interface SharedKeysHeldTwice {
  lastAudit: number;
  /** PostgreSQL: the run's snapshot they were read in (checkAllSlice.ts holdRunSnapshot), which each share reads in. */
  snapshot?: string;
  /** UTF-8 JSON: [domains, certs]. */
  text: SharedArrayBuffer;
}

export function shareKeysHeldTwice(h: KeysHeldTwice, snapshot?: string): SharedKeysHeldTwice {
  const bytes = Buffer.from(JSON.stringify([[...h.domains], [...h.certs]]));
  const text = new SharedArrayBuffer(bytes.length);
  new Uint8Array(text).set(bytes);
  return { lastAudit: h.lastAudit, text, ...(snapshot !== undefined ? { snapshot } : {}) };
}

/** This thread's sets of a run's keys held twice, made from the first task of the run that carried them. */
let madeFor: { run: string | undefined; lastAudit: number; keys: KeysHeldTwice } | null = null;
function keysHeldTwiceOf(shared: SharedKeysHeldTwice, run: string | undefined): KeysHeldTwice {
  if (run !== undefined && madeFor?.run === run && madeFor.lastAudit === shared.lastAudit) return madeFor.keys;
  // copied out of the shared memory first: a TextDecoder refuses a view on it
  const [domains, certs] = JSON.parse(Buffer.from(new Uint8Array(shared.text).slice()).toString('utf8')) as [string[], string[]];
  const keys = { lastAudit: shared.lastAudit, domains: new Set(domains), certs: new Set(certs) };
  madeFor = { run, lastAudit: shared.lastAudit, keys };
  return keys;
}

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
 * The channel on which the store's thread says a run has ended (`{ ended: run }`), and a worker says it opened
 * and closed a run's connection (`{ opened: run }`, `{ closed: run }`: what the tests count).
 */
export const READERS_CHANNEL = 'beian-desk:check-all-readers';
/** A run's connection left open this long without a task is closed (should the run's end not be heard). */
const READER_IDLE_MS = 60_000;

interface KeptReader {
  run: string;
  /** placeOf the store read. */
  place: string;
  store: Store;
  /** Tasks reading on it now. */
  busy: number;
  /** The run ended, a task of it failed, or another run came: closed as soon as no task reads on it. */
  ended: boolean;
  idle: NodeJS.Timeout | null;
}
/** This thread's connection kept for a run. */
let kept: KeptReader | null = null;
let channel: BroadcastChannel | null = null;

/** Ends a kept connection: closed now, or by its last task. */
async function endKept(k: KeptReader): Promise<void> {
  k.ended = true;
  if (k.idle) clearTimeout(k.idle);
  if (kept === k) kept = null;
  if (k.busy > 0) return;
  await k.store.close();
  channel?.postMessage({ closed: k.run });
}

function listen(): BroadcastChannel {
  if (channel) return channel;
  channel = new BroadcastChannel(READERS_CHANNEL);
  channel.onmessage = (e: unknown) => {
    const ended = (e as { data?: { ended?: unknown } }).data?.ended;
    if (kept && ended === kept.run) void endKept(kept);
  };
  // the channel does not keep a worker (or the process) alive
  channel.unref();
  return channel;
}

/** A connection for a task of `run` on `file`: the run's kept one, or a new one (another run's ended first). */
async function connectionFor(at: StoreToRead, run: string | undefined): Promise<{ store: Store; done(failed: boolean): Promise<void> }> {
  if (run === undefined) {
    const store = openReadOnlyStore(at);
    return { store, done: () => store.close() };
  }
  if (kept && (kept.run !== run || kept.place !== placeOf(at))) await endKept(kept);
  if (!kept) {
    const store = openReadOnlyStore(at);
    kept = { run, place: placeOf(at), store, busy: 0, ended: false, idle: null };
    listen().postMessage({ opened: run });
  }
  const k = kept;
  if (k.idle) clearTimeout(k.idle);
  k.busy++;
  return {
    store: k.store,
    async done(failed) {
      k.busy--;
      if (failed || k.ended) return await endKept(k);
      if (k.busy === 0) (k.idle = setTimeout(() => void endKept(k), READER_IDLE_MS)).unref();
    },
  };
}

/** A new run's name, for its tasks (`SliceToReadAndCheck.run`). */
export const newReaderRun = (): string => randomUUID();

/** Tells every worker the run has ended: each closes its connection of it (now, or when its task of it ends). */
let sender: BroadcastChannel | null = null;
export function endReaders(run: string): void {
  // a channel of its own (a channel does not hear itself: a connection kept on this thread hears it too), kept open
  sender ??= new BroadcastChannel(READERS_CHANNEL);
  sender.unref();
  sender.postMessage({ ended: run });
}

/**
 * Reads and checks one share of a slice. A client with an open order is set aside: its order's checklist is
 * made on the store's thread, as is any client whose rules asked beyond its facts.
 */
export async function readAndCheckSlice(input: SliceToReadAndCheck): Promise<CheckedShare> {
  try {
    const { store, done } = await connectionFor(input.store, input.run);
    let failed = true;
    try {
      // the file key is not handed over: a worker reads no material's bytes
      const codec = encryptedCodec({ field: asBuffer(input.keys.field), index: asBuffer(input.keys.index), file: Buffer.alloc(0) });
      const ctx = repoContext(store, codec, 'check-all', () => new Date().toISOString());
      // the share in one read transaction: one snapshot, which readSlice's first read (the audit log's newest
      // entry) vouches for when it leaves unasked the holders of keys held by their asker alone — on SQLite; on
      // PostgreSQL the keys held twice are used only in the snapshot they were read in, which the share reads in
      const pg = 'postgres' in input.store;
      const snapshot = pg ? input.heldTwice?.snapshot : undefined;
      const heldTwice = input.heldTwice && (!pg || snapshot !== undefined) ? keysHeldTwiceOf(input.heldTwice, input.run) : undefined;
      const { revisions } = input;
      const expected = revisions && new Map(input.ids.map((id, i) => [id, revisions[i]!]));
      const revisionOf = expected && ((id: number) => expected.get(id));
      const read = await inOneSnapshot(store, () => readSlice({ ctx, openOrderFindings: null, ...(revisionOf ? { revisionOf } : {}), ...(heldTwice ? { heldTwice } : {}) }, input.ids), snapshot);
      const checked = checkRecords({ today: input.today, validityWarnDays: input.validityWarnDays, clients: read.toCheck });
      const aside = [...read.aside];
      const complete: Exclude<CheckedRecord, { incomplete: true }>[] = [];
      for (const c of checked) {
        if ('incomplete' in c) aside.push(c.id);
        else complete.push(c);
      }
      failed = false;
      return { columns: verdictColumns(complete), aside };
    } finally {
      await done(failed);
    }
  } finally {
    wipeKeys(input.keys);
  }
}
