// 检查全部客户 with kept verdicts (issue 20). Each client's findings — rules, materials and photo results —
// are kept with what they were worked out from (client_verdict, migration 0014), and a run re-checks only
// the clients whose verdict is stale:
// - its client's revision moved (every write to the client's data moves it: db/repositories/revision.ts),
//   or the client is new;
// - the verdict version (rule catalog + photo checker) or the settings the rules read differ;
// - it was worked out on another Asia/Shanghai day: the date rules (expiry of IDs and licences, 授权码,
//   reminders) read today, so a verdict holds for the day it was made. The first run of a day is a full one;
// - it is marked stale: another client that shares a key it asked about (a domain, a 证件号码's blind index)
//   changed, was added or was deleted. A changed client marks, in the transaction that keeps its own new
//   verdict, every verdict that asked about one of its old or new keys; those are re-checked in the same run.
// A cancelled run keeps what it finished; nothing it skipped is left looking current.
import type { Desk } from '../desk';
import { getEntity } from '../db/repositories/entities';
import { ordersOfEntity } from '../db/repositories/orders';
import { allCertHolders } from '../db/repositories/people';
import { readSettings } from '../db/repositories/settings';
import {
  clientsToRecheck,
  anyVerdictKept,
  deleteVerdicts,
  keysInColumns,
  keysOfVerdicts,
  markSharingStale,
  orphanVerdictIds,
  restoreKeyIndex,
  setAsideKeyIndex,
  revisionsOf,
  saveVerdicts,
  tallyVerdicts,
  verdictPage,
  type NewVerdict,
  type VerdictBasis,
  type VerdictColumns,
  type VerdictGroup,
  type VerdictKey,
} from '../db/repositories/verdicts';
import { allDomainHolders } from '../db/repositories/websites';
import { chinaDay } from '../domain/dates';
import { isOpen } from '../filings/stateMachine';
import { recordOf } from '../export/record';
import type { JobControl } from '../jobs/jobs';
import { awaitedLater, yieldToLoop } from '../jobs/jobs';
import { DeskError } from '../domain/errors';
import { CHECK_ALL_PAGE } from '../domain/jobResults';
import { checkRecords, heldKeys, keptOfFindings, type CheckedRecord, type RecordToCheck, type RecordsToCheck } from '../rules/checkRecords';
import { holdRunSnapshot, keysHeldTwice, readSlice, type KeysHeldTwice, type RunSnapshot, type SliceReader } from './checkAllSlice';
import { endReaders, newReaderRun, shareKeysHeldTwice, wipeKeys, type CheckedShare, type SharedKeysHeldTwice } from './checkAllWorker';
import { inOneSnapshot, openReadOnlyStore, type StoreToRead } from '../db/readOnlyStore';
import { repoContext } from '../db/repositories/context';
import { teamDatabaseUrl } from '../db/openPostgres';
import { PHOTO_CHECKER_VERSION } from '../photos/checkerVersion';
import { toDraft } from '../rules/draft';
import { RULE_CATALOG_VERSION, runRules, sortFindings } from '../rules/engine';
import type { Finding, Severity } from '../rules/types';
import { recordAsOrder, withStoreLookup, type Preloaded } from './checks';
import { materialFindings } from './readiness';

/**
 * The version of what check-all hands the rules — which record each client is checked as — and of what a verdict
 * keeps beside its findings to go stale by (its keys), apart from the rules themselves (RULE_CATALOG_VERSION) and the
 * photo checker: bump it when that changes, so that every verdict kept before is worked out afresh once (the first
 * run after the upgrade is a cold one, as the first run of a day is).
 * 1 (unnamed): every client's own record, no filing. 2: a client with an open order is checked as the order is
 * (rules/orderRecord.ts: its type, provider and websites, a change against the filed snapshot). 3: a verdict's keys
 * hold the keys its client holds too (rules/checkRecords.ts heldKeys) — the key rows kept under 2 lack the domains
 * of a client with an open order on its other websites, and a change of it would mark no one by them.
 */
export const CHECK_INPUTS_VERSION = 3;

/** What a kept verdict was worked out by: the rule catalog, the photo checker whose results it reads, and the record it checked. */
export const VERDICT_VERSION = `rules ${RULE_CATALOG_VERSION}, photos ${PHOTO_CHECKER_VERSION}, record ${CHECK_INPUTS_VERSION}`;

/** Above this many clients to re-check, every domain and 证件号码 is read once instead of per client. */
const PRELOAD_FROM = 200;
const SLICE = 250;
/** From this many clients to re-check, the rules run on the worker pool (below, a worker's start costs more than it saves). */
const POOL_FROM = 500;

/** The client counts that decide how a run goes: CHECK_ALL_LIMITS in the product, smaller in tests (CheckAllOptions.limits). */
export interface CheckAllLimits {
  /** From this many clients worked out one by one, every domain and 证件号码 is read once (PRELOAD_FROM). */
  preloadFrom: number;
  /** Clients per slice of the one-by-one path (SLICE). */
  oneByOneSlice: number;
  /** From this many stale clients, the pool by default and, on a first run, the key rows kept without their index (POOL_FROM). */
  poolFrom: number;
}
export const CHECK_ALL_LIMITS: Readonly<CheckAllLimits> = Object.freeze({ preloadFrom: PRELOAD_FROM, oneByOneSlice: SLICE, poolFrom: POOL_FROM });
/**
 * Clients per slice of a run in slices (read, checked and kept together, shared between the workers): at
 * most BATCH_SLICE, large enough that a slice's queries and its commit are cheap next to its rules, small
 * enough to cancel promptly; and at least BATCH_SLICES slices, so that this thread reads and keeps slices
 * while the workers check the one between.
 */
const BATCH_SLICE = 1000;
const BATCH_SLICES = 8;
const batchSlice = (clients: number) => Math.min(BATCH_SLICE, Math.max(100, Math.ceil(clients / BATCH_SLICES)));
/** The smallest slice of a run's tail (below, a slice's queries and commit cost more than the balance gains). */
const TAIL_SLICE = 50;

/**
 * Where a run's slices end: slices of `size`, but the last `size` clients in halving slices (500, 250, 125, 63,
 * 62 of 1000), so that the pool's last tasks are small and both workers finish together, and the slice kept
 * after the workers are done — the one step of the run they wait on — is small too.
 */
export function sliceEnds(count: number, size: number): number[] {
  const ends: number[] = [];
  let at = 0;
  while (count - at > size) ends.push((at += size));
  while (at < count) {
    const half = Math.ceil((count - at) / 2);
    ends.push((at += half >= TAIL_SLICE ? half : count - at));
  }
  return ends;
}

export interface NotReadyClient {
  id: number;
  name: string;
  counts: Record<Severity, number>;
  /** The first few findings, most severe first, to show in the list. */
  top: Finding[];
}

export interface CheckAllResult {
  /** How many clients have a current verdict (all of them unless the run was cancelled). */
  checked: number;
  /** How many clients this run worked out afresh; the others' kept verdicts were current. */
  rechecked: number;
  /** The Asia/Shanghai day the verdicts hold for: the further pages are read from the kept verdicts of this day. */
  day: string;
  notReadyCount: number;
  warnedCount: number;
  /** The first page of each list; the rest is read page by page (checkAllPage). */
  notReady: NotReadyClient[];
  warned: NotReadyClient[];
}

export interface CheckAllOptions {
  /** Re-check every client, whatever is kept (the verdicts are replaced). */
  fresh?: boolean;
  today?: Date;
  /**
   * How the stale clients are worked out: 'oneByOne' against the store (a few clients after edits), 'pool'
   * in slices whose rules run on the worker pool (a cold run), 'thread' the same slices in this thread (the
   * bench's single-thread baseline). By default the pool from POOL_FROM clients on.
   */
  mode?: 'oneByOne' | 'pool' | 'thread';
  /** Clients per slice (tests make slices small to cancel or fail between them). */
  sliceSize?: number;
  /**
   * Tests only: the counts of CHECK_ALL_LIMITS made smaller, so that a run over a few dozen clients goes the way
   * one over hundreds does (preloaded, in several one-by-one slices, on the pool with the key index set aside).
   */
  limits?: Partial<CheckAllLimits>;
}

/** What a verdict worked out on this day with these settings is made from (the settings the rules read, as JSON). */
const basisOf = (validityWarnDays: number, day: string): VerdictBasis => ({ verdictVersion: VERDICT_VERSION, settingsJson: JSON.stringify({ validityWarnDays }), checkedDay: day });

/**
 * One client's findings, the keys its verdict keeps — those of other clients they depended on, and those it holds
 * (rules/checkRecords.ts heldKeys) —, and its revision, read after everything else: equal to the revision the run
 * started from, it vouches that no write to the client came between the reads (each write moves it in its own
 * transaction), so the keys are those of that revision. Exported for tests: what a kept verdict must equal.
 */
export async function checkOne(desk: Desk, id: number, validityWarnDays: number, today: Date, preloaded: Preloaded | undefined): Promise<{ name: string; findings: Finding[]; keys: VerdictKey[]; revision: number } | null> {
  const e = await getEntity(desk.ctx, id);
  if (!e) return null;
  const orders = await ordersOfEntity(desk.ctx, id);
  const open = orders.find((o) => isOpen(o.state));
  // a client with an open order is judged as the order is (services/orders.ts checkOrder): its type, provider and
  // websites, a change against the filed snapshot — what blocks the order is what check-all lists
  const record = open ? await recordAsOrder(desk, e, open) : recordOf(e);
  const { draft, findings } = toDraft(record);
  const ruled = await withStoreLookup(desk, id, (store) => runRules(draft, { store, validityWarnDays, today }), preloaded);
  // materials as they are kept: photo results read as stored, not compared with the whole store
  const all = sortFindings([...findings, ...ruled.out, ...(await materialFindings(desk, e, false, orders))]);
  const held = heldKeys(e, (n) => desk.ctx.codec.index('cert', n))!;
  const revision = (await revisionsOf(desk.ctx, [id])).get(id);
  if (revision === undefined) return null;
  return { name: e.name, findings: all, keys: [...ruled.asked, ...held], revision };
}

export async function checkAllClients(desk: Desk, control: JobControl, options: CheckAllOptions = {}): Promise<CheckAllResult> {
  const today = options.today ?? new Date();
  const { preloadFrom, oneByOneSlice, poolFrom } = { ...CHECK_ALL_LIMITS, ...options.limits };
  const day = chinaDay(today);
  const { validityWarnDays } = await readSettings(desk.ctx);
  const basis = basisOf(validityWarnDays, day);
  const { settingsJson } = basis;
  // a first run cut short by a crash left the key rows without their index: built again before anything reads them
  await restoreKeyIndex(desk.ctx);

  // a deleted client's verdict: the clients that shared its keys named it, or were named by it
  const orphans = await orphanVerdictIds(desk.ctx);
  if (orphans.length) {
    const keys = await keysOfVerdicts(desk.ctx, orphans);
    await desk.sql.tx(async () => {
      await markSharingStale(desk.ctx, keys, new Set(orphans));
      await deleteVerdicts(desk.ctx, orphans);
    });
  }

  // the store picks the stale clients: a run after one edit reads a few rows, not every client's verdict
  const dirty: number[] = [];
  const revisions = new Map<number, number>();
  // the client's own data changed (or it is new): others' verdicts that shared its keys go stale with it
  const changed = new Set<number>();
  for (const c of await clientsToRecheck(desk.ctx, basis, options.fresh === true)) {
    dirty.push(c.id);
    revisions.set(c.id, c.revision);
    if (c.changed) changed.add(c.id);
  }
  // Only a verdict worked out before a changed client changed can miss that change, and the run's own are
  // worked out afresh (any kept while it runs is worked out after the change). With no verdict kept at all
  // — the first run of a new store — none can be marked, and the changed clients' keys are not looked up
  // slice by slice.
  if (changed.size && !(await anyVerdictKept(desk.ctx))) changed.clear();

  let preloaded: Preloaded | undefined;
  const preload = async () => (preloaded ??= { domains: await allDomainHolders(desk.ctx), certs: await allCertHolders(desk.ctx) });
  // done: the clients the run has been through (its progress, up to total); rechecked: those whose verdict it kept —
  // fewer when a client was deleted or written to while the run went (left to the next run)
  let done = 0;
  let rechecked = 0;
  let total = dirty.length;
  const inRun = new Set(dirty);
  // the clients whose verdicts this run has kept (or is keeping): the only ones a changed client's keys need not
  // mark. A client still to come in the run is marked too — its verdict, worked out later, clears the mark —, so
  // that a run cancelled before reaching it leaves it stale rather than current and wrong.
  const worked = new Set<number>();
  // verdicts this run marked stale, to re-check after the changed clients
  const marked = new Set<number>();

  const revisionOf = (id: number) => revisions.get(id);
  const newVerdict = (id: number, v: Omit<NewVerdict, 'entityId' | 'revision' | 'verdictVersion' | 'settingsJson' | 'checkedDay'>): NewVerdict => ({ entityId: id, revision: revisions.get(id)!, verdictVersion: VERDICT_VERSION, settingsJson, checkedDay: day, ...v });

  /**
   * One slice's verdicts kept — one by one, and in columns as the workers hand them back —, with the marks they
   * cause, in one transaction: a cancelled or failed run keeps whole slices.
   */
  const keep = async (slice: readonly number[], kept: NewVerdict[], columns: readonly VerdictColumns[] = []) => {
    const isChanged = (id: number) => changed.has(id);
    const sharedKeys = changed.size
      ? [...(await keysOfVerdicts(desk.ctx, slice.filter(isChanged))), ...kept.filter((v) => isChanged(v.entityId)).flatMap((v) => v.keys), ...keysInColumns(columns, isChanged)]
      : [];
    for (const id of slice) worked.add(id);
    await desk.sql.tx(async () => {
      if (sharedKeys.length) for (const id of await markSharingStale(desk.ctx, sharedKeys, worked)) marked.add(id);
      await saveVerdicts(desk.ctx, kept, { basis, revisionOf: (id) => revisions.get(id)!, parts: columns });
    });
    done += slice.length;
    rechecked += kept.length;
    for (const c of columns) rechecked += c.ids.length;
    control.progress(done, total);
    await yieldToLoop();
  };

  /** A client worked out against the store itself, one query at a time (few clients, or a record the slice's facts did not cover). */
  const checkAlone = async (id: number): Promise<NewVerdict | null> => {
    const r = await checkOne(desk, id, validityWarnDays, today, preloaded);
    // deleted meanwhile: the next run finds its verdict orphaned. Written to since the run began (revisionOf): not
    // kept, lest its keys, read after the write, hide from the next run those it held before
    if (!r || r.revision !== revisions.get(id)) return null;
    return newVerdict(id, { ...keptOfFindings(r.findings), keys: r.keys });
  };

  const oneByOne = async (ids: number[]) => {
    if (ids.length >= preloadFrom) await preload();
    for (let i = 0; i < ids.length; i += oneByOneSlice) {
      if (control.cancelled) return;
      const slice = ids.slice(i, i + oneByOneSlice);
      const kept: NewVerdict[] = [];
      for (const id of slice) {
        const v = await checkAlone(id);
        if (v) kept.push(v);
      }
      await keep(slice, kept);
    }
  };

  /** The slice's checked records as verdicts; one whose rules asked beyond its facts is checked alone. */
  const keptOf = async (checked: CheckedRecord[]): Promise<NewVerdict[]> => {
    const kept: NewVerdict[] = [];
    for (const c of checked) {
      if ('incomplete' in c) {
        const v = await checkAlone(c.id);
        if (v) kept.push(v);
        continue;
      }
      kept.push(newVerdict(c.id, { counts: c.counts, topJson: c.topJson, findingsDigest: c.findingsDigest, keys: c.keys }));
    }
    return kept;
  };

  /**
   * Slices read with one query per table and checked on the pool's workers, each slice split between
   * them, while this thread keeps the slice before. Each worker reads its share itself, on a read-only
   * connection of its own (the desk's file, or the team database), and opens the sealed fields with the data
   * key handed to it for that task (services/checkAllWorker.ts): this thread only writes verdicts. (A
   * PostgreSQL store opened without an address, which no desk is, has its slices read here and the records
   * handed to the workers.) In-thread (`mode` 'thread') the same slices are read and checked here. A slice is
   * kept whole or not at all; a worker that dies fails the run after the slices before it are kept.
   */
  const inSlices = async (ids: number[], onPool: boolean, sliceSize: number) => {
    // The run's keys held twice, read once: a slice looks up the holders only of the keys that may be shared.
    // SQLite: read in one snapshot; each slice reads itself in one transaction whose snapshot readSlice checks them
    // against. PostgreSQL: read in a snapshot held open for the run (holdRunSnapshot), which every slice reads in.
    // On the pool they are read beside the first slices, which look every key up (onThePool).
    const sqlite = desk.sql.dialect.name === 'sqlite';
    const teamUrl = sqlite ? undefined : teamDatabaseUrl(desk.sql);
    // where a reader beside this thread reads: the desk's file, or the team database at the address the store was
    // opened on (a store opened otherwise is read here and its records handed over)
    const place: StoreToRead | null = sqlite ? desk.sqliteFile : teamUrl ? { postgres: teamUrl } : null;
    let heldTwice: KeysHeldTwice | undefined;
    let sharedHeldTwice: SharedKeysHeldTwice | undefined;
    let runSnapshot: RunSnapshot | undefined;
    let keysAsked = false;
    const readHeldTwice = async () => {
      if (keysAsked) return;
      keysAsked = true;
      let keys: KeysHeldTwice;
      if (sqlite) keys = await desk.sql.tx(() => keysHeldTwice(desk.ctx));
      else if (teamUrl) {
        // a shortcut only: a team database that will not give the snapshot its connection is read key by key
        runSnapshot = await holdRunSnapshot({ postgres: teamUrl }, desk.ctx.codec).catch(() => undefined);
        if (!runSnapshot) return;
        keys = runSnapshot.keys;
      } else return;
      heldTwice = keys;
      if (onPool) sharedHeldTwice = shareKeysHeldTwice(keys, runSnapshot?.id);
    };
    const reader = (ctx = desk.ctx): SliceReader => ({ ctx, openOrderFindings: (e) => materialFindings(desk, e, false), revisionOf, ...(heldTwice ? { heldTwice } : {}) });
    const input = (clients: RecordToCheck[]): RecordsToCheck => ({ today, validityWarnDays, clients });
    const slices = sliceEnds(ids.length, sliceSize).map((end, k, ends) => ids.slice(k ? ends[k - 1] : 0, end));
    try {
      if (onPool) await onThePool(slices, readHeldTwice, () => sharedHeldTwice, reader, input, place);
      else {
        await readHeldTwice();
        // PostgreSQL: the slices read in the run's snapshot, on a connection of its own (as a worker reads its share)
        const own = runSnapshot && place ? openReadOnlyStore(place) : null;
        try {
          for (const slice of slices) {
            if (control.cancelled) break;
            const read = sqlite
              ? await desk.sql.tx(() => readSlice(reader(), slice))
              : own
                ? await inOneSnapshot(own, () => readSlice(reader(repoContext(own, desk.ctx.codec, 'check-all', desk.ctx.now)), slice), runSnapshot!.id)
                : await readSlice(reader(), slice);
            await keep(slice, await keptOf(checkRecords(input(read.toCheck))));
          }
        } finally {
          await own?.close();
        }
      }
    } finally {
      await runSnapshot?.end();
    }
  };

  /** inSlices on the pool: the slices handed out, each split between the workers, one kept while the next is checked. */
  const onThePool = async (
    slices: number[][],
    readHeldTwice: () => Promise<void>,
    sharedHeldTwice: () => SharedKeysHeldTwice | undefined,
    reader: () => SliceReader,
    input: (clients: RecordToCheck[]) => RecordsToCheck,
    ownStore: StoreToRead | null,
  ) => {
    // the pool (piscina) loads when a run uses it, not with every command that can start one
    const { POOL_THREADS, runOnWorker } = await import('../jobs/pool');
    const shares = <T,>(list: readonly T[]): T[][] => {
      const share = Math.ceil(list.length / POOL_THREADS);
      const out: T[][] = [];
      for (let i = 0; i < list.length; i += share) out.push(list.slice(i, i + share));
      return out;
    };
    // each worker reads this run's shares on one connection of its own, closed when the run ends however it ends (below)
    const run = newReaderRun();
    /** One share read and checked on a worker, with its own copy of the keys, wiped when the task settles. */
    const readOnWorker = (at: StoreToRead, part: number[]) => {
      const derived = desk.vault.derived();
      const keys = { field: new Uint8Array(derived.field), index: new Uint8Array(derived.index) };
      const heldTwice = sharedHeldTwice();
      const input = { store: at, run, keys, ids: part, revisions: part.map((id) => revisions.get(id)!), today, validityWarnDays, ...(heldTwice ? { heldTwice } : {}) };
      return runOnWorker({ task: 'rules.readAndCheckClients', input }).finally(() => wipeKeys(keys));
    };
    /** Their shares' verdicts in columns; the workers' checked records when this thread read the slice (no store to read). */
    type Checked = CheckedRecord[] | CheckedShare;
    type Settled = { slice: number[]; checked: Checked[] } | { failure: unknown };
    /** A slice's tasks handed out; settles with the slice's records, or the first failure (never rejects). */
    const onWorkers = async (slice: number[], handOut: () => Promise<Checked>[]): Promise<Settled> => {
      try {
        const settled = await Promise.allSettled(handOut());
        const failed = settled.find((p): p is PromiseRejectedResult => p.status === 'rejected');
        return failed ? { failure: failed.reason } : { slice, checked: settled.flatMap((p) => (p.status === 'fulfilled' ? [p.value] : [])) };
      } catch (failure) {
        return { failure }; // a locked vault: no key to hand out
      }
    };
    let failure: unknown = null;
    const keepSettled = async (s: Settled) => {
      if ('failure' in s) failure ??= s.failure;
      else if (failure === null) {
        const kept: NewVerdict[] = [];
        const columns: VerdictColumns[] = [];
        for (const c of s.checked) {
          if (Array.isArray(c)) kept.push(...(await keptOf(c)));
          else {
            columns.push(c.columns);
            kept.push(...(await keptOf(c.aside.map((id) => ({ id, incomplete: true as const })))));
          }
        }
        await keep(s.slice, kept, columns);
      }
    };
    let inFlight: Promise<Settled> | null = null;
    // the run's keys held twice, read beside the first slices rather than before the second: slices handed out
    // before they are in look every key up (at 100 000 clients the keys take 0.1–0.3 s, a slice's share 0.07 s)
    let keys: Promise<void> | undefined;
    try {
      for (const slice of slices) {
        if (control.cancelled || failure !== null) break;
        let next: Promise<Settled>;
        if (ownStore) {
          next = onWorkers(slice, () => shares(slice).map((part) => readOnWorker(ownStore, part)));
          if (!keys) {
            keys = awaitedLater(readHeldTwice());
          }
        } else {
          const read = await readSlice(reader(), slice);
          next = onWorkers(slice, () => shares(read.toCheck).map((part) => runOnWorker({ task: 'rules.checkClients', input: input(part) })));
        }
        if (inFlight) await keepSettled(await inFlight);
        inFlight = next;
      }
      // after a failure the slice in flight is let go unkept: a task handed out while a worker was dying may never settle
      if (inFlight && failure === null) await keepSettled(await inFlight);
      await keys; // a failure to read them is the run's
    } finally {
      if (ownStore) endReaders(run);
      // never past the run: the snapshot they hold open is ended when the run ends (inSlices)
      await keys?.catch(() => undefined);
    }
    if (failure !== null) {
      // a damaged client read on a worker is named as the store's thread would name it
      if (failure instanceof DeskError && failure.code !== 'INTERNAL') throw failure;
      const why = failure instanceof Error ? failure.message : String(failure);
      throw new DeskError('INTERNAL', `检查全部客户中断：后台检查进程出错，已检查的 ${rechecked} 个客户的结果已保存，重新运行会从中断处继续（${why}）`);
    }
  };

  const recheck = async (ids: number[]) => {
    const mode = options.mode ?? (ids.length >= poolFrom ? 'pool' : 'oneByOne');
    if (mode === 'oneByOne') await oneByOne(ids);
    else await inSlices(ids, mode === 'pool', options.sliceSize ?? batchSlice(ids.length));
  };

  control.progress(0, total);
  // The first run of a new store in slices writes every client's key rows into an empty table: without the
  // (kind, shared) index, built once when the run ends, however it ends (db/repositories/verdicts.ts).
  const withoutKeyIndex = dirty.length >= poolFrom && options.mode !== 'oneByOne' && (await setAsideKeyIndex(desk.ctx));
  try {
    await recheck(dirty);
    // the verdicts the changed clients' keys made stale (their own records did not change: one round)
    const markedOnly = control.cancelled ? [] : [...marked].filter((id) => !inRun.has(id));
    for (const [id, revision] of await revisionsOf(desk.ctx, markedOnly)) revisions.set(id, revision);
    const dependents = markedOnly.filter((id) => revisions.has(id)).sort((a, b) => a - b);
    total += dependents.length;
    for (const id of dependents) inRun.add(id);
    await recheck(dependents);
  } finally {
    if (withoutKeyIndex) await restoreKeyIndex(desk.ctx);
  }

  // the lists come from the kept verdicts that are current: after a cancelled run what is still stale is left out
  const tally = await tallyVerdicts(desk.ctx, basis);
  const firstPage = async (group: VerdictGroup) => listed(await verdictPage(desk.ctx, basis, group, 0, CHECK_ALL_PAGE));
  return { checked: tally.checked, rechecked, day, notReadyCount: tally.notReady, warnedCount: tally.warned, notReady: await firstPage('notReady'), warned: await firstPage('warned') };
}

const listed = (rows: Awaited<ReturnType<typeof verdictPage>>): NotReadyClient[] => rows.map((r) => ({ id: r.id, name: r.name, counts: r.counts, top: JSON.parse(r.topJson) as Finding[] }));

/**
 * A page of check-all's list of clients not ready (or ready with warnings), read from the kept verdicts
 * that are current for the run's day: clients changed since the run are left out until the next one.
 */
export async function checkAllPage(desk: Desk, page: { group: VerdictGroup; day: string; offset: number; limit: number }): Promise<{ total: number; items: NotReadyClient[] }> {
  const basis = basisOf((await readSettings(desk.ctx)).validityWarnDays, page.day);
  const tally = await tallyVerdicts(desk.ctx, basis);
  return { total: page.group === 'notReady' ? tally.notReady : tally.warned, items: listed(await verdictPage(desk.ctx, basis, page.group, page.offset, page.limit)) };
}
