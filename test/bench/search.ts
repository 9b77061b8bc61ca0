// `npm run bench -- search --clients 1000,10000,100000`: the client search at each size, on SQLite and on
// PostgreSQL (a throwaway cluster, when its binaries are installed; skipped with the reason otherwise).
// Each size is a fresh temporary store seeded with the benchmark's clients (searchData.ts) through
// createClients, as the desk itself writes them. Every query kind is timed as the client list runs it
// (one page of 100, newest first, with its total, exact up to 1000 and then "more than 1000") through the text index, against the same list
// through the LIKE scan the index replaced, on the same data in the same run (on PostgreSQL: the same
// LIKE with its GIN index switched off, i.e. a sequential scan). Targets (issue 20): p95 < 20 ms at
// 100,000 clients for every query kind, exact personal numbers < 2 ms, growth 10k → 100k ≤ 2×.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import type { DialectName } from '../../main/db/dialect';
import { openPostgresStore } from '../../main/db/openPostgres';
import { Desk } from '../../main/desk';
import { listClients } from '../../main/services/clients';
import { findPgBinaries, startPgCluster, type PgCluster } from '../support/pgCluster';
import { benchRecord, SEARCH_QUERIES } from './searchData';
import { BENCH_PASSPHRASE, seededCopy } from './seededStores';

const INDEX_TARGET_MS = 20;
const PERSONAL_TARGET_MS = 2;
const GROWTH_TARGET = 2;

function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}
const p95 = (samples: number[]) => quantile(samples, 0.95);
const median = (samples: number[]) => quantile(samples, 0.5);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

interface KindResult {
  kind: string;
  personal: boolean;
  index: number;
  scan: number;
  indexMedian: number;
  scanMedian: number;
  /** Rows on the page, mean over the searches through the index: what the same kind shows grows with the store. */
  rows: number;
  /** This process's CPU per search through the index, mean (process.cpuUsage: the desk's part, not the server's). */
  cpu: number;
}

/** Every query kind at this size: p95 through the index and through the LIKE scan. */
async function measureKinds(desk: Desk, dialect: DialectName, clients: number, runs: number, scanRuns: number): Promise<KindResult[]> {
  const page = (text: string, matchBy: 'index' | 'scan') => listClients(desk, { text, offset: 0, limit: 100, sortBy: 'updatedAt', sortDir: 'desc', matchBy });
  const scanPage = async (text: string) => {
    if (dialect === 'sqlite') return await page(text, 'scan');
    // PostgreSQL reads a GIN index only through bitmap scans: without them the same LIKE scans the table
    return await desk.sql.tx(async () => {
      await sql`SET LOCAL enable_bitmapscan = off`.execute(desk.ctx.db);
      return await page(text, 'scan');
    });
  };
  const out: KindResult[] = [];
  for (const q of SEARCH_QUERIES) {
    // same answer both ways, or the comparison means nothing
    for (let i = 0; i < 3; i++) {
      const [a, b] = [await page(q.text(i, clients), 'index'), await scanPage(q.text(i, clients))];
      // the list counts exactly up to its bound, then says "more than": the scan must then find more
      const sameTotal = a.totalCapped ? b.total > a.total : a.total === b.total;
      const samePage = a.items.map((c) => c.id).join() === b.items.map((c) => c.id).join();
      if (!sameTotal || !samePage) throw new Error(`${q.kind} “${q.text(i, clients)}”: the index finds ${a.totalCapped ? 'more than ' : ''}${a.total} clients, the LIKE scan ${b.total}${samePage ? '' : '; their first pages differ'}`);
    }
    // the texts are made before the clock runs (making one builds a whole generated record)
    const texts = Array.from({ length: Math.max(runs, scanRuns) }, (_, i) => q.text(i, clients));
    const index: number[] = [];
    let rows = 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < runs; i++) index.push(await timed(async () => (rows += (await page(texts[i]!, 'index')).items.length)));
    const used = process.cpuUsage(cpu);
    const scan: number[] = [];
    for (let i = 0; i < scanRuns; i++) scan.push(await timed(() => scanPage(texts[i]!)));
    out.push({ kind: q.kind, personal: q.personal === true, index: p95(index), scan: p95(scan), indexMedian: median(index), scanMedian: median(scan), rows: rows / runs, cpu: (used.user + used.system) / 1000 / runs });
  }
  return out;
}

function printSize(store: string, clients: number, results: KindResult[], runs: number, scanRuns: number): void {
  console.log(`search, ${store}, ${clients} clients (p95 of ${runs} searches through the index, ${scanRuns} through the LIKE scan; one page of 100 with its total — the index's exact up to 1000, the scan's always exact):`);
  for (const r of results) {
    const target = r.personal ? PERSONAL_TARGET_MS : INDEX_TARGET_MS;
    const verdict = clients >= 100_000 || r.personal ? ` — target < ${target} ms: ${r.index < target ? 'met' : 'NOT met'}` : '';
    console.log(`  ${r.kind.padEnd(16)} index ${r.index.toFixed(2).padStart(8)} ms (median ${r.indexMedian.toFixed(2)}, ${r.rows.toFixed(1)} rows, desk CPU ${r.cpu.toFixed(2)} ms); LIKE scan ${r.scan.toFixed(2).padStart(8)} ms (median ${r.scanMedian.toFixed(2)}); index = ${(r.index / r.scan).toFixed(3)} × the scan${verdict}`);
  }
}

function printCurve(store: string, bySize: Map<number, KindResult[]>): void {
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  if (sizes.length < 2) return;
  console.log(`search, ${store}: p95 through the index by size (${sizes.join(' / ')} clients)`);
  for (const q of SEARCH_QUERIES) {
    const row = sizes.map((n) => bySize.get(n)!.find((r) => r.kind === q.kind)!.index);
    const at10k = bySize.get(10_000)?.find((r) => r.kind === q.kind)?.index;
    const at100k = bySize.get(100_000)?.find((r) => r.kind === q.kind)?.index;
    const growth = at10k !== undefined && at100k !== undefined ? at100k / at10k : undefined;
    const verdict = growth === undefined ? '' : `; growth 10k → 100k ${growth.toFixed(2)} × — target ≤ ${GROWTH_TARGET} ×: ${growth <= GROWTH_TARGET ? 'met' : 'NOT met'}`;
    // the rows each size's page shows: a kind that finds ten times the clients shows up to ten times the rows
    const rows = sizes.map((n) => bySize.get(n)!.find((r) => r.kind === q.kind)!.rows.toFixed(1)).join(' / ');
    console.log(`  ${q.kind.padEnd(16)} ${row.map((ms) => `${ms.toFixed(2)} ms`).join(' / ')}${verdict} (rows on the page ${rows})`);
  }
}

export async function onAdmin(cluster: PgCluster, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The tables the client list reads, and setting for the data key's check value. */
const LISTED_TABLES = ['setting', 'entity', 'person', 'website', 'domain', 'entity_search', 'entity_list_row'] as const;
const COPY_BATCH = 500;

/**
 * The SQLite store's clients copied row for row into the team database (the same data key, from the
 * same data folder): seeding 100,000 clients through createClients on PostgreSQL takes about an hour
 * on a loaded two-core machine, the copy minutes. The trigram index is built as the rows arrive.
 */
export async function copyClients(from: Desk, url: string): Promise<number> {
  const t = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    // entity and person refer to each other: the copy checks no foreign key (the rows come from a checked store)
    await client.query('SET LOCAL session_replication_role = replica');
    for (const table of LISTED_TABLES) {
      const rows = from.sql.raw.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      if (!rows.length) continue;
      const columns = Object.keys(rows[0]!);
      for (let start = 0; start < rows.length; start += COPY_BATCH) {
        const batch = rows.slice(start, start + COPY_BATCH);
        const values = batch.map((_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ON CONFLICT DO NOTHING`, batch.flatMap((row) => columns.map((c) => row[c])));
      }
    }
    // every client with its list row (migration 0023), or the page would be read without its principal and domains
    const { rows: [counts] } = await client.query<{ clients: string; listed: string }>('SELECT (SELECT count(*) FROM entity) AS clients, (SELECT count(*) FROM entity_list_row) AS listed');
    if (counts!.clients !== counts!.listed) throw new Error(`copy: ${counts!.clients} clients but ${counts!.listed} list rows`);
    // the rows came with their ids: each id sequence moved past them, or the first row the desk adds after the copy
    // (a domain added by check-all's bench) would be given an id a copied row holds
    const { rows: keyed } = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND table_name = ANY($1)`, [[...LISTED_TABLES]]);
    for (const { table_name: table } of keyed) {
      await client.query(`SELECT setval(s.seq, m.top) FROM (SELECT pg_get_serial_sequence($1, 'id') AS seq) AS s, (SELECT max(id) AS top FROM ${table}) AS m WHERE s.seq IS NOT NULL AND m.top IS NOT NULL`, [table]);
    }
    await client.query('COMMIT');
    // VACUUM as well as ANALYZE: a team server's tables are vacuumed by autovacuum in steady state, and a search
    // measured on tables just loaded reads the heap for every index-only lookup (no page is all-visible yet) while
    // autovacuum, which an insert of this size sets off, works through them on the same two cores (stop 35: name
    // fragment at 10 000, 1.58 → 1.30–1.36 ms backend CPU a search once vacuumed)
    await client.query('VACUUM ANALYZE');
    // and the load's dirty pages written out before the searches are timed: a checkpoint the load and the vacuum set
    // off (max_wal_size) would otherwise write them out on the same two cores while the first kinds are measured
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
  return performance.now() - t;
}

/**
 * A new team database `database` on the cluster, migrated (the trigram index included), holding `from`'s clients
 * (copyClients): its address and the copy's time. Dropped by the caller (onAdmin … DROP DATABASE).
 */
export async function teamDatabaseCopy(cluster: PgCluster, database: string, from: Desk): Promise<{ url: string; copyMs: number }> {
  await onAdmin(cluster, `CREATE DATABASE ${database}`);
  const address = new URL(cluster.adminUrl);
  address.pathname = `/${database}`;
  const url = address.toString();
  await (await openPostgresStore(url, { poolSize: 2 })).close();
  return { url, copyMs: await copyClients(from, url) };
}

async function measureSize(store: string, desk: Desk, dialect: DialectName, clients: number, filledMs: number, how: string): Promise<KindResult[]> {
  const websites = Number((await desk.ctx.db.selectFrom('website').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  console.log(`${store}: ${how} ${clients} clients / ${websites} websites in ${(filledMs / 1000).toFixed(1)} s`);
  const runs = 100;
  // the scan grows with the store: fewer runs at 100k keep the run within minutes
  const scanRuns = clients >= 50_000 ? 20 : clients >= 5_000 ? 50 : 100;
  const results = await measureKinds(desk, dialect, clients, runs, scanRuns);
  printSize(store, clients, results, runs, scanRuns);
  return results;
}

/** One size on both stores: the SQLite store seeded through the desk, then its rows in a team database. */
async function benchSize(clients: number, cluster: PgCluster | undefined, curves: Map<string, Map<number, KindResult[]>>): Promise<void> {
  const { dir, seedMs, copied } = await seededCopy(clients, 'search-bench-');
  let database: string | undefined;
  try {
    const local = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
    try {
      await local.vault.unlock(BENCH_PASSPHRASE);
      curves.get('SQLite')!.set(clients, await measureSize('SQLite', local, 'sqlite', clients, seedMs, copied ? 'seeded once for the whole bench, copied' : 'seeded'));
      if (!cluster) return;
      database = `bench_${clients}_${process.pid}`;
      const { url, copyMs } = await teamDatabaseCopy(cluster, database, local);
      await local.close();
      const team = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12, store: await openPostgresStore(url, { poolSize: 2 }) });
      try {
        await team.vault.unlock(BENCH_PASSPHRASE);
        curves.get('PostgreSQL')!.set(clients, await measureSize('PostgreSQL', team, 'postgres', clients, copyMs, 'copied'));
      } finally {
        await team.close();
      }
    } finally {
      await local.close().catch(() => undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (cluster && database) await onAdmin(cluster, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

export async function benchSearch(sizes: number[]): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} at the start`);
  const binaries = findPgBinaries();
  if (!binaries) {
    console.log('search, PostgreSQL: SKIPPED — PostgreSQL server binaries (initdb, pg_ctl) not found (BEIAN_DESK_PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/*/bin, PATH)');
  }
  // A team's server is a PostgreSQL the agency installed, with an empty database it created (README, Team
  // mode): the desk ships no server settings, so the server runs with what initdb writes, shared_buffers
  // 128MB (Debian's packaged cluster, /etc/postgresql/15/main, the same), not the test clusters' 16MB, which
  // keeps many of them cheap on one machine. The search reads 40–60 MB of tables and indexes at 100 000 clients.
  const cluster = binaries ? await startPgCluster({ binaries, settings: { shared_buffers: '128MB' } }) : undefined;
  const curves = new Map([['SQLite', new Map<number, KindResult[]>()], ['PostgreSQL', new Map<number, KindResult[]>()]]);
  try {
    for (const clients of sizes) await benchSize(clients, cluster, curves);
  } finally {
    cluster?.stop();
  }
  for (const [store, bySize] of curves) printCurve(store, bySize);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} at the end`);
}
