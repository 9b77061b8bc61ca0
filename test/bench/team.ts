// `npm run bench -- team --clients 10000`: both stores at one size (default 10 000 clients) — the client
// search's p95 over the query kinds and the check-all time, each as a ratio to a by-id lookup (one client
// opened) on the same store — then the team server itself (the real web host over TLS on 127.0.0.1, the
// PostgreSQL store behind it) with 10 operators logged in over HTTPS with their session cookies, each
// doing a realistic mix at once for a bounded time (search, open a client, save an edit with its
// rowVersion, list orders): requests per second and p95 latency, against the same mix on a server over
// the SQLite store. Target (issue 14): search p95 < 50 ms on both stores. PostgreSQL is a throwaway
// cluster (test/support/pgCluster.ts); without its binaries that half is skipped and the reason printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRouter } from '../../main/api/router';
import { entityFieldsOf } from '../../main/db/repositories/entities';
import { openPostgresStore } from '../../main/db/openPostgres';
import { Desk } from '../../main/desk';
import { DeskError } from '../../main/domain/errors';
import type { EntityView } from '../../main/domain/views';
import { createAccount } from '../../main/services/accounts';
import { checkAllClients } from '../../main/services/checkAll';
import { getClient, listClients } from '../../main/services/clients';
import { createOrder } from '../../main/services/orders';
import { selfSignedCertificate } from '../../main/web/certificate';
import { startWebHost } from '../../main/web/host';
import { findPgBinaries, startPgCluster } from '../support/pgCluster';
import { teamDatabaseCopy } from './search';
import { seed } from './seededStores';
import { SEARCH_QUERIES } from './searchData';

const SEARCH_TARGET_MS = 50;
const LOOKUPS = 200;
const SEARCHES_PER_KIND = 40;
const OPERATORS = 10;
const ORDERS = 300;
const SERVER_SECONDS = Number(process.env.BENCH_TEAM_SECONDS ?? 20);

function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}
const p95 = (samples: number[]) => quantile(samples, 0.95);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

interface StoreFigures {
  byId: number;
  search: number;
  checkAllMs: number;
}

/** By-id lookup, search and check-all on one store, printed as ratios to the by-id lookup. */
async function measureStore(store: string, desk: Desk, clients: number): Promise<StoreFigures> {
  const byIdSamples: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) byIdSamples.push(await timed(() => getClient(desk, 1 + ((i * 7919) % clients))));
  const byId = p95(byIdSamples);
  const all: number[] = [];
  const perKind: string[] = [];
  for (const q of SEARCH_QUERIES) {
    const texts = Array.from({ length: SEARCHES_PER_KIND }, (_, i) => q.text(i, clients));
    const kind: number[] = [];
    for (const text of texts) kind.push(await timed(() => listClients(desk, { text, offset: 0, limit: 100, sortBy: 'updatedAt', sortDir: 'desc' })));
    all.push(...kind);
    perKind.push(`${q.kind} ${p95(kind).toFixed(1)}`);
  }
  const search = p95(all);
  const checkAllMs = await timed(() => checkAllClients(desk, { progress: () => undefined, cancelled: false }));
  console.log(`team, ${store}, ${clients} clients:`);
  console.log(`  by-id lookup (one client opened) p95 ${byId.toFixed(2)} ms = 1 ×`);
  console.log(`  search p95 over ${SEARCH_QUERIES.length} query kinds × ${SEARCHES_PER_KIND} ${search.toFixed(2)} ms = ${(search / byId).toFixed(2)} × the lookup — target < ${SEARCH_TARGET_MS} ms: ${search < SEARCH_TARGET_MS ? 'met' : 'NOT met'}`);
  console.log(`    per kind, p95 ms: ${perKind.join('; ')}`);
  console.log(`  check-all ${(checkAllMs / 1000).toFixed(2)} s = ${(checkAllMs / byId).toFixed(0)} × the lookup (${(checkAllMs / clients / byId).toFixed(2)} × per client)`);
  return { byId, search, checkAllMs };
}

interface ServerFigures {
  requests: number;
  perSecond: number;
  p95: number;
  conflicts: number;
}

/** The store's desk behind the real web host as a team server; 10 operators logged in, the mix at once. */
async function measureServer(store: string, desk: Desk, dataDir: string, clients: number): Promise<ServerFigures> {
  const certificate = await selfSignedCertificate(dataDir, '127.0.0.1');
  const host = await startWebHost({ router: createRouter(desk, () => undefined), team: { desk, host: '127.0.0.1', tls: { cert: certificate.cert, key: certificate.key } } });
  // one keep-alive agent per operator, as each browser keeps its connections
  const agents: Agent[] = [];
  try {
    const send = (agent: Agent, path: string, body: unknown, cookie?: string) =>
      new Promise<{ status: number; cookie: string; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }>((resolve, reject) => {
        const data = JSON.stringify(body);
        const req = request(
          {
            host: '127.0.0.1',
            port: host.port,
            path,
            method: 'POST',
            agent,
            rejectUnauthorized: false, // desks pin the self-signed certificate by fingerprint
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...(cookie ? { cookie } : {}) },
          },
          (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () => {
              const setCookie = res.headers['set-cookie']?.[0] ?? '';
              resolve({ status: res.statusCode ?? 0, cookie: setCookie.split(';')[0]!, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as never });
            });
          },
        );
        req.on('error', reject);
        req.end(data);
      });

    const operators: { agent: Agent; cookie: string }[] = [];
    for (let k = 1; k <= OPERATORS; k++) {
      const username = `op${String(k).padStart(2, '0')}`;
      await createAccount(desk, { username, displayName: `操作员${k}`, role: 'operator', password: `Bench-Pass-${k}-ok` });
      const agent = new Agent({ keepAlive: true });
      agents.push(agent);
      const login = await send(agent, '/auth/login', { username, password: `Bench-Pass-${k}-ok` });
      if (login.status !== 200 || !login.cookie) throw new Error(`${username} could not log in: ${JSON.stringify(login.body)}`);
      operators.push({ agent, cookie: login.cookie });
    }

    const latencies: number[] = [];
    let conflicts = 0;
    const call = async (op: (typeof operators)[number], method: string, body: unknown) => {
      const t = performance.now();
      const r = await send(op.agent, `/api/${method}`, body, op.cookie);
      latencies.push(performance.now() - t);
      if (!r.body.ok) {
        if (r.body.error?.code === 'EDIT_CONFLICT') conflicts++;
        else throw new Error(`${store} server, ${method}: ${r.status} ${JSON.stringify(r.body.error)}`);
      }
      return r.body.value;
    };
    const deadline = performance.now() + SERVER_SECONDS * 1000;
    const t0 = performance.now();
    await Promise.all(
      operators.map(async (op, k) => {
        for (let i = k * 1000; performance.now() < deadline; i++) {
          const q = SEARCH_QUERIES[i % SEARCH_QUERIES.length]!;
          await call(op, 'entity.list', { query: q.text(i, clients), limit: 50 });
          const id = 1 + ((i * 7919 + k * 104_729) % clients);
          const client = (await call(op, 'entity.get', { id })) as EntityView;
          if (i % 3 === 0) await call(op, 'entity.update', { id, rowVersion: client.rowVersion, entity: { ...entityFieldsOf(client), remark: `操作员${k + 1}的第 ${i} 次修改` } });
          if (i % 2 === 0) await call(op, 'order.list', { openOnly: true });
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const figures = { requests: latencies.length, perSecond: latencies.length / seconds, p95: p95(latencies), conflicts };
    console.log(
      `  team server over ${store}: ${OPERATORS} operators for ${seconds.toFixed(1)} s, ${figures.requests} requests = ${figures.perSecond.toFixed(1)} requests/s, p95 ${figures.p95.toFixed(1)} ms (mix: search, open a client, every 3rd an edit with its rowVersion, every 2nd the open orders; ${conflicts} edit conflicts)`,
    );
    return figures;
  } finally {
    for (const a of agents) a.destroy();
    await host.close();
  }
}

/** Open orders for the first clients without a 备案号 (a 首次备案 is refused for the others), so that the order list has rows to read. */
async function addOrders(desk: Desk, clients: number): Promise<void> {
  let made = 0;
  for (let id = 1; id <= clients && made < ORDERS; id++) {
    try {
      await createOrder(desk, { entityId: id, type: '首次备案', provider: 'tencent' });
      made++;
    } catch (e) {
      if (!(e instanceof DeskError && e.code === 'CONFLICT')) throw e;
    }
  }
}

export async function benchTeam(clients: number): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} at the start`);
  // logins are not what is measured: the test cost of the password hash (2^12) keeps them short
  process.env.BEIAN_DESK_PASSWORD_LOG2N ??= '12';
  const binaries = findPgBinaries();
  const cluster = binaries ? await startPgCluster({ binaries }) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'team-bench-'));
  const database = `team_bench_${process.pid}`;
  try {
    const local = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
    let sqlite: { store: StoreFigures; server: ServerFigures };
    try {
      await local.vault.setup('bench-passphrase');
      const seedMs = await seed(local, clients);
      console.log(`SQLite: seeded ${clients} clients in ${(seedMs / 1000).toFixed(1)} s`);
      if (cluster) {
        const { copyMs } = await teamDatabaseCopy(cluster, database, local);
        console.log(`PostgreSQL: the same clients copied in ${(copyMs / 1000).toFixed(1)} s`);
      }
      await addOrders(local, clients);
      sqlite = { store: await measureStore('SQLite', local, clients), server: await measureServer('SQLite', local, dir, clients) };
    } finally {
      await local.close();
    }
    if (!cluster) {
      console.log('team, PostgreSQL: SKIPPED — PostgreSQL server binaries (initdb, pg_ctl) not found (BEIAN_DESK_PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/*/bin, PATH)');
      return;
    }
    const url = new URL(cluster.adminUrl);
    url.pathname = `/${database}`;
    const team = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12, store: await openPostgresStore(url.toString(), { poolSize: 10 }) });
    try {
      await team.vault.unlock('bench-passphrase');
      await addOrders(team, clients);
      const store = await measureStore('PostgreSQL', team, clients);
      const server = await measureServer('PostgreSQL', team, dir, clients);
      console.log(
        `team, PostgreSQL against SQLite: search p95 ${(store.search / sqlite.store.search).toFixed(2)} ×, check-all ${(store.checkAllMs / sqlite.store.checkAllMs).toFixed(2)} ×, by-id lookup ${(store.byId / sqlite.store.byId).toFixed(2)} ×; team server ${(server.perSecond / sqlite.server.perSecond).toFixed(2)} × the requests/s, p95 ${(server.p95 / sqlite.server.p95).toFixed(2)} ×`,
      );
    } finally {
      await team.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    cluster?.stop();
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} at the end`);
  }
}
