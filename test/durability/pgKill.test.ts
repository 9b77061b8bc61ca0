// Crash safety of the PostgreSQL server itself: a cluster of this test's own, durable as an agency's
// would be (fsync, synchronous_commit and full_page_writes on; test/support/pgCluster.ts), has its
// postmaster and every backend SIGKILLed while a desk writes through the real services (pgKillWriter.ts),
// over and over, and is started again each time (crash recovery). Afterwards every commit the writer
// saw acknowledged is there, and nothing is half there: each client holds exactly the people, websites
// and domains of its record with its creation entry, each material reads back whole (every chunk,
// decrypted, matching its SHA-256) with its entry, each order's state agrees with its history.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStore } from '../../main/db/openPostgres';
import { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { TRANSITIONS } from '../../main/filings/stateMachine';
import type { OrderState } from '../../main/domain/enums';
import { companyRecord } from '../fixtures/records';
import { tempDir } from '../helpers';
import { startPgCluster, type PgCluster } from '../support/pgCluster';
import { describePostgres } from '../support/pgTestDatabase';
import { PG_KILL_PASSPHRASE } from './pgKillWriter';
import { buildWriter, removeWriter, writerArgs } from './writerBundle';

const KILLS = 20;
const root = resolve(__dirname, '..', '..');
let writerBundle = '';
let cluster: PgCluster | undefined;
/** Every writer started, ended after the file whatever happened. */
const writers = new Set<ChildProcess>();

beforeAll(async () => {
  writerBundle = await buildWriter('pgKillWriter.ts');
});

afterAll(() => {
  for (const w of writers) w.kill('SIGKILL');
  cluster?.stop();
  removeWriter(writerBundle);
});

interface Writer {
  child: ChildProcess;
  /** Its standard output so far. */
  out: () => string;
  err: () => string;
  /** Its code is loaded and it waits for `go`. */
  loaded: Promise<void>;
  exited: Promise<number | null>;
}

/** The writer process (pgKillWriter.ts): one for every life, since it is the server that is killed. */
function spawnWriter(c: PgCluster, dataDir: string, ackLog: string): Writer {
  const child = spawn(process.execPath, writerArgs(writerBundle, [dataDir, c.adminUrl, ackLog]), { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let loaded!: () => void;
  const isLoaded = new Promise<void>((ok) => (loaded = ok));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('loaded\n')) loaded();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  writers.add(child);
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const early = exited.then((code) => Promise.reject(new Error(`the writer ended before it was loaded (${code}): ${err}`)));
  return { child, out: () => out, err: () => err, loaded: Promise.race([isLoaded, early]), exited };
}

const ackCount = (out: string) => out.split('\n').filter((l) => /^(client|material|order) /.test(l)).length;
const failedLine = (out: string) => out.split('\n').find((l) => l.startsWith('failed '));

/**
 * One life of the writer: told to go on the running server (its clients numbered from `first`), which is
 * killed once the writer has had `acksBeforeKill` commits acknowledged, and then up to 300 ms more (a write
 * takes about that long on a loaded machine), so the kill falls anywhere in the next write or the one after.
 * Resolves when the writer has reported the failed query on the dead server and closed its desk.
 */
async function oneLife(c: PgCluster, w: Writer, first: number, acksBeforeKill: number): Promise<void> {
  const from = w.out().length;
  const life = () => w.out().slice(from);
  let exited = false;
  void w.exited.then(() => (exited = true));
  w.child.stdin!.write(`go ${first}\n`);
  while (ackCount(life()) < acksBeforeKill) {
    if (exited || failedLine(life())) throw new Error(`the writer's life ended before the server was killed: ${life()}\n${w.err()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
  await c.killHard();
  // a query failed on the dead server, and the desk closed: anything else — a hang, a crash, a message on
  // stderr — is a fault of the desk
  const deadline = Date.now() + 20_000;
  while (!failedLine(life()) && !exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  expect({ failed: failedLine(life()) !== undefined, exited, err: w.err() }).toEqual({ failed: true, exited: false, err: '' });
}

/** Every state an order can reach from `from` by the moves the state machine allows. */
function reachable(from: OrderState): Set<OrderState> {
  const seen = new Set<OrderState>([from]);
  const todo = [from];
  while (todo.length) for (const e of TRANSITIONS[todo.pop()!]) if (!seen.has(e.to)) (seen.add(e.to), todo.push(e.to));
  return seen;
}

describePostgres('crash safety when the PostgreSQL server is killed', () => {
  it(`keeps every acknowledged commit and no half transaction across ${KILLS} SIGKILLs of the server`, async () => {
    const started = performance.now();
    // syncfs: the data folder is synced before crash recovery in one call rather than file by file
    // (3–4 s per restart on a loaded two-core machine); durable all the same.
    cluster = await startPgCluster({ durable: true, settings: { recovery_init_sync_method: 'syncfs' } });
    const dataDir = tempDir();
    const ackLog = join(tempDir(), 'acks.log');
    // the data folder's keyring and the schema, before the first kill
    const setup = await Desk.open({ dataDir, kdfLog2n: 12, store: await openPostgresStore(cluster.adminUrl, { poolSize: 1 }) });
    await setup.vault.setup(PG_KILL_PASSPHRASE);
    await setup.close();

    // one writer for every life: its code is loaded once
    const writer = spawnWriter(cluster, dataDir, ackLog);
    await writer.loaded;
    for (let i = 0; i < KILLS; i++) {
      if (i > 0) await cluster.restart();
      // 1 to 6 acknowledgements: a kill after one is often in the client's own transaction, later ones
      // in a material's chunks or an order move
      await oneLife(cluster, writer, 1 + i * 1000, 1 + Math.floor(Math.random() * 6));
    }
    // its stdin ends: the writer ends of itself
    writer.child.stdin!.end();
    expect({ code: await writer.exited, err: writer.err() }).toEqual({ code: 0, err: '' });
    await cluster.restart();

    const acks = readFileSync(ackLog, 'utf8').trim().split('\n').map((l) => l.split(' ') as [string, string, string]);
    const ackedClients = acks.filter(([k]) => k === 'client');
    const ackedMaterials = acks.filter(([k]) => k === 'material');
    const ackedOrders = new Map(acks.filter(([k]) => k === 'order').map(([, id, state]) => [Number(id), state as OrderState]));
    expect(ackedClients.length).toBeGreaterThanOrEqual(KILLS);

    const desk = await Desk.open({ dataDir, kdfLog2n: 12, store: await openPostgresStore(cluster.adminUrl, { poolSize: 2 }) });
    await desk.vault.unlock(PG_KILL_PASSPHRASE);
    try {
      const db = desk.sql.db;
      const auditOf = async (action: string) => new Set((await db.selectFrom('audit_log').select('target_id').where('action', '=', action).execute()).map((a) => a.target_id));

      // every acknowledged commit is there
      const names = new Map((await db.selectFrom('entity').select(['id', 'name']).execute()).map((e) => [e.id, e.name]));
      for (const [, id, n] of ackedClients) expect(names.get(Number(id))).toBe(`深圳市示例${n.padStart(6, '0')}科技有限公司`);
      const materials = await db.selectFrom('material').select(['id', 'entity_id', 'sha256']).execute();
      const materialSha = new Map(materials.map((m) => [m.id, m.sha256]));
      for (const [, id, sha] of ackedMaterials) expect(materialSha.get(Number(id))).toBe(sha);
      const orders = await db.selectFrom('filing_order').select(['id', 'entity_id', 'state']).execute();
      const orderState = new Map(orders.map((o) => [o.id, o.state]));
      for (const [id, state] of ackedOrders) expect(reachable(state).has(orderState.get(id)!)).toBe(true);

      // every client is whole: its record's people, websites and domains, and its creation entry
      const created = await auditOf('entity.create');
      expect([...names.keys()].filter((id) => !created.has(id))).toEqual([]);
      expect([...created].filter((id) => !names.has(id!))).toEqual([]);
      const count = async (table: 'person' | 'website', entityId: number) =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('entity_id', '=', entityId).executeTakeFirstOrThrow()).n);
      for (const [id, name] of names) {
        const n = Number(/示例(\d{6})科技/.exec(name)![1]);
        const record = clientRecordSchema.parse(companyRecord(n));
        expect({ id, people: await count('person', id), websites: await count('website', id) }).toEqual({ id, people: record.people.length, websites: record.websites.length });
        const domains = await db.selectFrom('domain').innerJoin('website', 'website.id', 'domain.website_id').select('domain.name').where('website.entity_id', '=', id).execute();
        expect(domains.map((d) => d.name).sort()).toEqual(record.websites.flatMap((w) => w.domains).sort());
      }

      // every material is whole: all its chunks there, decrypting to its SHA-256, with its entry
      const materialEntries = await auditOf('material.create');
      for (const m of materials) {
        expect(materialEntries.has(m.id)).toBe(true);
        expect(names.has(m.entity_id)).toBe(true);
        await expect(desk.blobs.read(m.sha256)).resolves.toBeInstanceOf(Buffer);
      }

      // every order agrees with its history: created with its entry, each move with its entry
      const orderEntries = await auditOf('order.create');
      const moves = await db.selectFrom('audit_log').select('target_id').where('action', '=', 'order.advance').execute();
      for (const o of orders) {
        expect(orderEntries.has(o.id)).toBe(true);
        const events = await db.selectFrom('order_event').select(['to_state']).where('order_id', '=', o.id).orderBy('id').execute();
        expect({ id: o.id, state: events.at(-1)?.to_state, moves: events.length - 1 }).toEqual({ id: o.id, state: o.state, moves: moves.filter((m) => m.target_id === o.id).length });
      }
      console.log(
        `[pgKill] ${KILLS} server kills: ${acks.length} acknowledged commits (${ackedClients.length} clients), ${names.size} clients, ${materials.length} materials, ${orders.length} orders in the store; ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      await desk.close();
    }
  }, 480_000);
});
