// Two desks for the lease suites (issue 14): a server that lent clients to a laptop which imported the
// check-out archive, and the steps both sides take.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entityFieldsOf } from '../../main/db/repositories/entities';
import { personFieldsOf } from '../../main/db/repositories/people';
import type { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients, editPerson, getClientClear, listClients, updateClientEntity } from '../../main/services/clients';
import { checkInLease } from '../../main/services/leaseCheckin';
import { checkOutClients, exportCheckin } from '../../main/services/leases';
import { importTransfer } from '../../main/services/transferImport';
import { companyRecord } from '../fixtures/records';
import { tempDir } from '../helpers';
import { type DeskSnapshot, type OpenDesk, openSnapshot, snapshotDesk } from './eachStore';
import { afterEveryFile } from './testCleanup';

export const PASS = 'transfer-pass-1';
export const LAPTOP = '拍照点笔记本';

export function archiveFile(bytes: Buffer): string {
  const file = join(tempDir(), 'x.bdtransfer');
  writeFileSync(file, bytes);
  return file;
}

/** The client on a desk by its 证件号码 (ids differ between server and laptop). */
export async function clientByCert(desk: Desk, certNumber: string) {
  for (const s of (await listClients(desk, { offset: 0, limit: 100, sortBy: 'name', sortDir: 'asc' })).items) {
    const e = await getClientClear(desk, s.id);
    if (e.certNumber === certNumber) return e;
  }
  throw new Error(`no client ${certNumber}`);
}

const SERVER_ACTOR = '张经理（zhang）';
const LAPTOP_ACTOR = '外勤小王';

type Lent = Awaited<ReturnType<typeof lendToLaptop>>;
interface LentSnapshot {
  server: DeskSnapshot;
  laptop: DeskSnapshot;
  lent: Omit<Lent, 'server' | 'laptop'>;
}

/**
 * The pairs lentToLaptop built in this file, by the store's openDesk and the set-up's name: a file's tests
 * lend the same clients (many with the same order or material set up before), and building the pair — the
 * clients written, the check-out archive sealed, imported on the laptop, a filled order's photos checked — was
 * most of such a test's work. Each test gets a copy of both desks (eachStore.ts: openSnapshot), so a desk of
 * its own as before. Dropped after the file with the file's databases (the template ones among them).
 */
const lentPairs = new Map<OpenDesk, Map<string, Promise<LentSnapshot>>>();
afterEveryFile('leases: the lent pairs of the file', () => lentPairs.clear());

/**
 * A server with two clients, both checked out to a laptop that imported the archive (`beforeCheckout` run on
 * the server first). With a `pair` name (and always without `beforeCheckout`), the pair is built once per file
 * and store and every call gets a copy of both desks: the same name must mean the same `beforeCheckout`.
 */
export async function lentToLaptop(openDesk: OpenDesk, beforeCheckout?: (server: Desk, ids: number[]) => Promise<void>, pair?: string) {
  const key = pair ?? (beforeCheckout ? undefined : 'plain');
  if (!key) return await lendToLaptop(openDesk, beforeCheckout);
  const { server, laptop, lent } = await lentPair(openDesk, key, beforeCheckout);
  return { server: await openSnapshot(server, { actor: SERVER_ACTOR }), laptop: await openSnapshot(laptop, { actor: LAPTOP_ACTOR }), ...structuredClone(lent) };
}

/**
 * lentToLaptop's server alone, for a test that never touches the laptop: the same copy of the server (the pair
 * built once per file and store, or found built), without opening a copy of the laptop it would not use (on
 * PostgreSQL a database copied and dropped, a pool, an unlock).
 */
export async function lentServer(openDesk: OpenDesk, beforeCheckout?: (server: Desk, ids: number[]) => Promise<void>, pair?: string) {
  if (beforeCheckout && !pair) throw new Error('lentServer: a set-up before the check-out needs the pair’s name');
  const { server, lent } = await lentPair(openDesk, pair ?? 'plain', beforeCheckout);
  return { server: await openSnapshot(server, { actor: SERVER_ACTOR }), ...structuredClone(lent) };
}

function lentPair(openDesk: OpenDesk, key: string, beforeCheckout?: (server: Desk, ids: number[]) => Promise<void>): Promise<LentSnapshot> {
  let pairs = lentPairs.get(openDesk);
  if (!pairs) lentPairs.set(openDesk, (pairs = new Map()));
  let made = pairs.get(key);
  if (!made) {
    made = (async () => {
      const { server, laptop, ...lent } = await lendToLaptop(openDesk, beforeCheckout);
      return { server: await snapshotDesk(server), laptop: await snapshotDesk(laptop), lent };
    })();
    pairs.set(key, made);
    made.catch(() => pairs.delete(key));
  }
  return made;
}

/**
 * The pair's keyrings wrap their data key under scrypt at 2^10 (KDF_LIMITS' floor, which a keyring may name)
 * rather than the tests' 2^12: every copy of either desk is unlocked again, two derivations a test that were
 * about 10 ms of CPU each (2 ms at 2^10). What is locked and how is the same; no lease test is about its cost.
 */
const PAIR_KDF_LOG2N = 10;

async function lendToLaptop(openDesk: OpenDesk, beforeCheckout?: (server: Desk, ids: number[]) => Promise<void>) {
  const server = await openDesk({ actor: SERVER_ACTOR, kdfLog2n: PAIR_KDF_LOG2N });
  const made = await createClients(server, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
  const ids = made.map((c) => c.id);
  if (beforeCheckout) await beforeCheckout(server, ids);
  const { leaseId, archive } = await checkOutClients(server, ids, LAPTOP, PASS);
  const laptop = await openDesk({ actor: LAPTOP_ACTOR, kdfLog2n: PAIR_KDF_LOG2N });
  await importTransfer(laptop, archiveFile(archive), PASS);
  const certs = await Promise.all(ids.map(async (id) => (await getClientClear(server, id)).certNumber));
  return { server, laptop, ids, leaseId, certs };
}

export async function checkIn(server: Desk, laptop: Desk, leaseId: string) {
  return await checkInLease(server, archiveFile(await exportCheckin(laptop, leaseId, PASS)), PASS);
}

export async function editMobile(desk: Desk, entityId: number, mobile: string) {
  const p = (await getClientClear(desk, entityId)).people[0]!;
  await editPerson(desk, p.id, { ...personFieldsOf(p), mobile }, p.rowVersion);
}

export async function editRemark(desk: Desk, entityId: number, remark: string) {
  const e = await getClientClear(desk, entityId);
  await updateClientEntity(desk, entityId, { ...entityFieldsOf(e), remark }, e.rowVersion);
}

