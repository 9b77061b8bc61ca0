// `npm run bench -- checkall --clients 10000`: 检查全部客户 with kept verdicts (services/checkAll.ts) on a
// fresh temporary SQLite store seeded with the benchmark's clients (searchData.ts). The baseline is the
// cold run of the same store in the same run (every client worked out, as after a new rule version);
// against it: a run with nothing changed, a run after one edit, and a run after an edit that gives one
// client another client's domain (two verdicts stale). Target (issue 20): after one edit < 0.5 s at
// 100,000 clients. The cold run (every verdict worked out again, as after a new rule version) is timed in
// rounds (BENCH_CHECKALL_ROUNDS, default 5) of one in-thread run and one run on the worker pool back to back,
// which of the two goes first alternating, each round's ratio printed: target ≥ 1.7 × the in-thread run with 2
// cores, judged on the median of the rounds' ratios (a shared VM's speed moves by 10–35 % minutes apart, so only
// runs side by side in time are like for like), < 12 s at 100,000 clients. The pool's threads are started and each
// side runs once untimed (a re-check of every client, in one thread and on the pool) before the timing, so neither
// side's first timed run pays for its JIT. The section runs bundled, as the app runs it (run.ts, bundledChild.ts).
// At 100,000 clients the cold run is timed on the pool BENCH_CHECKALL_COLD_RUNS times (default 3) and judged by the
// median, the first check-all of the new store beside it.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { entityFieldsOf } from '../../main/db/repositories/entities';
import { websiteFieldsOf } from '../../main/db/repositories/websites';
import { Desk } from '../../main/desk';
import { closeWorkerPool, POOL_THREADS, runOnWorker } from '../../main/jobs/pool';
import { checkAllClients, checkAllPage, type CheckAllOptions, type CheckAllResult } from '../../main/services/checkAll';
import { editWebsite, getClientClear, updateClientEntity } from '../../main/services/clients';
import { openPostgresStore } from '../../main/db/openPostgres';
import { findPgBinaries, startPgCluster, type PgCluster } from '../support/pgCluster';
import { onAdmin, teamDatabaseCopy } from './search';
import { BENCH_PASSPHRASE, seededCopy } from './seededStores';

const ONE_EDIT_TARGET_MS = 500;
const POOL_RATIO_TARGET = 1.7;
const COLD_TARGET_MS = 12_000;
const control = { progress: () => undefined, cancelled: false };
/** Rounds of the one-thread run against the pool's below 100,000 clients (`BENCH_CHECKALL_ROUNDS`, default 5). */
const RATIO_ROUNDS = Math.max(1, Number(process.env.BENCH_CHECKALL_ROUNDS ?? 5) || 5);
/**
 * Cold runs at 100,000 clients, judged by their median (`BENCH_CHECKALL_COLD_RUNS`, default 3): one run on a shared
 * VM moves by ± 0.7 s from minute to minute (stop 39), and the issue's own figures were medians.
 */
const COLD_RUNS = Math.max(1, Number(process.env.BENCH_CHECKALL_COLD_RUNS ?? 3) || 3);

/** The median (the mean of the middle two of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A /proc stat file (a process's or a thread's): its command name and the fields after it, counted from the state
 * (so utime, stime, cutime and cstime — fields 14 to 17 — are [11] to [14], in clock ticks of 10 ms).
 */
function procStat(path: string): { comm: string; fields: string[] } {
  const stat = readFileSync(path, 'utf8');
  const close = stat.lastIndexOf(')');
  return { comm: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') };
}
/** A stat's own CPU time (utime + stime) in ms. */
const ownCpu = (f: readonly string[]) => (Number(f[11]) + Number(f[12])) * 10;

/** CPU time (ms) of each thread of this process by thread id, from /proc (Linux; empty elsewhere). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) out.set(tid, ownCpu(procStat(`/proc/self/task/${tid}/stat`).fields));
  } catch {
    // no /proc: nothing printed
  }
  return out;
}

/**
 * Samples each thread's CPU every 20 ms while a pool run goes, to say when each worker last worked: its idle
 * time at the end of the run (a worker done with its last share while the other still checks). Printing only.
 */
function idleAtEnd(): { stop(): string } {
  const t0 = performance.now();
  const lastBusy = new Map<string, number>();
  const start = threadCpu();
  let prev = start;
  const timer = setInterval(() => {
    const now = threadCpu();
    const at = performance.now() - t0;
    for (const [tid, ms] of now) if (ms > (prev.get(tid) ?? 0)) lastBusy.set(tid, at);
    prev = now;
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      const end = performance.now() - t0;
      const main = String(process.pid);
      const used = [...threadCpu()].filter(([tid]) => tid !== main).map(([tid, ms]) => [tid, ms - (start.get(tid) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
      // the workers: the busiest threads other than the store's (the sampler's ticks are 10 ms)
      const workers = used.slice(0, POOL_THREADS).map(([tid]) => end - (lastBusy.get(tid) ?? 0));
      return `each worker idle at the end ${workers.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')} of ${(end / 1000).toFixed(2)} s`;
    },
  };
}

/**
 * What each thread used during a run (printing only: the verdict stays the wall time): the store's thread
 * (this process's main thread), the two busiest others (the pool's workers in a pool run) and the rest
 * (V8's helpers: garbage collection, compilation), each in s and ms a client.
 */
function cpuLine(before: Map<string, number>, after: Map<string, number>, clients: number, workers = POOL_THREADS): string {
  if (!after.size) return 'CPU per thread: not available here';
  const main = String(process.pid);
  const used = [...after].map(([tid, ms]) => [tid, ms - (before.get(tid) ?? 0)] as const);
  const store = used.find(([tid]) => tid === main)?.[1] ?? 0;
  const others = used.filter(([tid]) => tid !== main).map(([, ms]) => ms).sort((a, b) => b - a);
  const busiest = others.slice(0, workers);
  const rest = others.slice(workers).reduce((a, b) => a + b, 0);
  const each = (ms: number) => `${(ms / 1000).toFixed(1)} s (${(ms / clients).toFixed(3)} ms a client)`;
  // a worker checks about clients / POOL_THREADS of them
  const perChecked = (ms: number) => `${(ms / 1000).toFixed(1)} s (${(ms / (clients / POOL_THREADS)).toFixed(3)} ms a client it checks)`;
  const workersPart = workers ? `; the ${workers} busiest others (the workers) ${busiest.map(perChecked).join(', ')}` : '';
  return `CPU per thread: store's thread ${each(store)}${workersPart}; the rest ${(rest / 1000).toFixed(1)} s (${(rest / clients).toFixed(3)} ms a client)`;
}

/**
 * The CPU time of the PostgreSQL server, in ms (Linux; null elsewhere): every postgres process's own, and the children
 * each has reaped (a backend that ended — a worker's connection closed with its run — counts in the postmaster's).
 */
function serverCpu(): number | null {
  try {
    let ms = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const { comm, fields } = procStat(`/proc/${pid}/stat`);
        if (comm === 'postgres') ms += ownCpu(fields) + (Number(fields[13]) + Number(fields[14])) * 10;
      } catch {
        // ended meanwhile: its time is in its parent's
      }
    }
    return ms;
  } catch {
    return null;
  }
}

/** The CPU time of this thread (the store's) alone, in ms (Linux; clock ticks of 10 ms): null elsewhere. */
function storeThreadCpu(): number | null {
  try {
    return ownCpu(procStat(`/proc/self/task/${process.pid}/stat`).fields);
  } catch {
    return null;
  }
}

async function timedCheck(desk: Desk, fresh = false, mode?: CheckAllOptions['mode']): Promise<{ ms: number; r: CheckAllResult; storeCpu: number | null; startMs: number }> {
  const t = performance.now();
  const c = storeThreadCpu();
  // the run's first progress (0 done) comes when the stale clients are known, right before the first slice goes out
  let startMs = Number.NaN;
  const timed = { ...control, progress: () => void (Number.isNaN(startMs) && (startMs = performance.now() - t)) };
  const r = await checkAllClients(desk, timed, { fresh, ...(mode ? { mode } : {}) });
  const after = storeThreadCpu();
  return { ms: performance.now() - t, r, storeCpu: c === null || after === null ? null : after - c, startMs };
}

/**
 * The server's CPU over what `run` does, in ms (null off PostgreSQL or without /proc), and its printed part of a
 * CPU line: in one thread the run waits for the server, on the pool the server shares the cores.
 */
async function withServerCpu<T>(store: string, run: () => Promise<T>): Promise<{ value: T; serverMs: number | null; serverLine: string }> {
  const before = store === 'PostgreSQL' ? serverCpu() : null;
  const value = await run();
  const after = before === null ? null : serverCpu();
  const serverMs = before === null || after === null ? null : after - before;
  return { value, serverMs, serverLine: serverMs === null ? '' : `; the server ${(serverMs / 1000).toFixed(1)} s` };
}

/** The store's thread's CPU beside a run's wall time (printed only; the targets are judged on wall time). */
const cpuOf = (runs: readonly { storeCpu: number | null }[], n: number) =>
  runs.every((x) => x.storeCpu !== null) ? `store's thread ${runs.map((x) => `${((x.storeCpu ?? 0) / 1000).toFixed(2)} s`).join(', ')} CPU (${(Math.min(...runs.map((x) => x.storeCpu ?? 0)) / n).toFixed(3)} ms a client)` : "store's thread CPU not read here";

const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/**
 * Every timed run on one store of `n` clients: the first check-all, the cold runs (rounds of one thread against
 * the pool below 100,000, once on the pool at 100,000), nothing changed, one edit, a domain taken from another
 * client and the drawer's pages. `store` names the store in each printed line.
 */
async function benchStore(desk: Desk, n: number, store: string): Promise<void> {
  const cold = await timedCheck(desk);
  // every worker started (and its code loaded) before the timed runs
  const t0 = performance.now();
  await Promise.all(Array.from({ length: POOL_THREADS }, () => runOnWorker({ task: 'rules.checkClients', input: { today: new Date(), validityWarnDays: 30, clients: [] } })));
  const poolStart = performance.now() - t0;
  // from 100,000 clients a one-thread cold run takes minutes on a shared machine: the ratio is taken at the
  // smaller sizes, and the cold run (every verdict worked out again, as after a new rule version) is timed
  // COLD_RUNS times on the pool
  const big = n >= 100_000;
  const thread: number[] = [];
  const pool: number[] = [];
  const poolCpu: string[] = [];
  const poolRuns: { storeCpu: number | null }[] = [];
  /** Each pool run's CPU on every thread of the desk and the server's, in ms (null where /proc is not read). */
  const poolWork: (number | null)[] = [];
  const onThePool = async () => {
    const before = threadCpu();
    const idle = idleAtEnd();
    const { value: run, serverMs, serverLine } = await withServerCpu(store, () => timedCheck(desk, true, 'pool'));
    const idleLine = idle.stop();
    pool.push(run.ms);
    poolRuns.push(run);
    const after = threadCpu();
    // everything this machine's cores did for the run: the desk's threads and, on PostgreSQL, the server
    poolWork.push(after.size ? [...after].reduce((sum, [tid, ms]) => sum + ms - (before.get(tid) ?? 0), 0) + (serverMs ?? 0) : null);
    poolCpu.push(`${cpuLine(before, after, n)}${serverLine}; ${idleLine}; ${s(run.startMs)} before its first slice (the stale clients read)`);
  };
  if (big) for (let run = 0; run < COLD_RUNS; run++) await onThePool();
  // Rounds of one one-thread run and one pool run back to back, the first of the two alternating: two runs of
  // a round see the same machine (a shared VM's speed moves by 10–35 % minutes apart), so each round's ratio is
  // like for like, and the verdict is the median of the rounds' ratios.
  const threadCpus: string[] = [];
  // each side's code run once, untimed, through the very path the rounds time (a re-check of every client whose
  // verdicts are kept): the first check-all of the new store (no verdict kept) leaves the workers' paths of a re-check
  // unoptimised, and the first round's pool run paid for it (stop 40, SQLite at 10 000: round 1 1.32, 1.34, 1.37 × in three
  // runs, its pool 1.06–1.11 s against 0.78–0.91 s in the rounds after)
  if (!big) {
    await timedCheck(desk, true, 'thread');
    await timedCheck(desk, true, 'pool');
  }
  for (let round = 0; round < (big ? 0 : RATIO_ROUNDS); round++) {
    const inThread = async () => {
      const before = threadCpu();
      const { value: run, serverLine } = await withServerCpu(store, () => timedCheck(desk, true, 'thread'));
      thread.push(run.ms);
      threadCpus.push(`${cpuLine(before, threadCpu(), n, 0)}${serverLine}`);
    };
    if (round % 2 === 0) {
      await inThread();
      await onThePool();
    } else {
      await onThePool();
      await inThread();
    }
  }
  const onPool = median(pool);
  const oneThread = big ? onPool : median(thread);
  const pairs = thread.map((t, i) => t / pool[i]!);
  const ratio = big ? 1 : median(pairs);
  const baseline = big ? 'the cold run on the pool' : 'the cold run in one thread';
  const unchanged = await timedCheck(desk);
  const a = Math.ceil(n / 3);
  const b = Math.ceil((2 * n) / 3);
  await updateClientEntity(desk, a, { ...entityFieldsOf(await getClientClear(desk, a)), mailingAddress: '广东省深圳市福田区新地址8号' });
  const oneEdit = await timedCheck(desk);
  const site = (await getClientClear(desk, a)).websites[0]!;
  const theirs = (await getClientClear(desk, b)).websites[0]!.domains[0]!;
  await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, theirs] });
  const shared = await timedCheck(desk);
  // the drawer's next pages, read from the kept verdicts: the second page, and the last
  const t1 = performance.now();
  await checkAllPage(desk, { group: 'notReady', day: shared.r.day, offset: 50, limit: 50 });
  const secondPage = performance.now() - t1;
  const t2 = performance.now();
  const last = await checkAllPage(desk, { group: 'notReady', day: shared.r.day, offset: Math.max(0, shared.r.notReadyCount - 50), limit: 50 });
  const lastPage = performance.now() - t2;
  const verdict = (ms: number) => (n >= 100_000 ? (ms < ONE_EDIT_TARGET_MS ? 'met' : 'NOT met') : `target stated at 100,000 clients`);
  console.log(`  ${store}, ${n} clients: first check-all of a new store (every client, the default: on the pool) ${s(cold.ms)}, ${(cold.ms / n).toFixed(2)} ms per client, ${cold.r.notReadyCount} not ready; ${cpuOf([cold], n)}`);
  const judged = (met: boolean) => (met ? 'met' : 'NOT met');
  console.log(`  ${store}, ${n} clients: cold run again on ${POOL_THREADS} workers: ${cpuOf(poolRuns, n)}`);
  if (big) console.log(`  ${store}, ${n} clients: cold run again (new rule version) on ${POOL_THREADS} workers ${s(onPool)} (median of ${pool.length}: ${pool.map(s).join(', ')}; workers started in ${s(poolStart)} before) — target < ${s(COLD_TARGET_MS)}: ${judged(onPool < COLD_TARGET_MS)} (the one-thread run and the ratio are taken at the smaller sizes)`);
  else {
    // The most the cores could give: the pool's run cannot end before all its CPU (the workers', the store's thread's, V8's
    // helpers', the server's) is spread over them, so one thread's wall over that CPU / cores bounds the ratio from above.
    // Printed beside each round, not judged: a bound under the target says the target needs less CPU, not better packing.
    // Approximate: the CPU counted also holds this bench's 20 ms sampler (idleAtEnd) and every postgres process of the machine.
    const cores = cpus().length;
    const bound = (i: number) => (poolWork[i] ? thread[i]! / (poolWork[i]! / cores) : null);
    const bounds = thread.map((_, i) => bound(i)).filter((b): b is number => b !== null);
    for (const [i, t] of thread.entries()) console.log(`  ${store}, ${n} clients: cold run again, round ${i + 1} (${i % 2 ? 'pool first' : 'one thread first'}): one thread ${s(t)}, on ${POOL_THREADS} workers ${s(pool[i]!)} = ${pairs[i]!.toFixed(2)} ×${bound(i) === null ? '' : ` (the pool's CPU ${s(poolWork[i]!)} over ${cores} cores: at most ≈ ${bound(i)!.toFixed(2)} ×)`}`);
    if (bounds.length) console.log(`  ${store}, ${n} clients: the most ${cores} cores could give with the pool's CPU as it is (one thread's wall / (the pool run's CPU, desk${store === 'PostgreSQL' ? ' and server' : ''}, / ${cores})): median ${median(bounds).toFixed(2)} × (rounds ${bounds.map((b) => b.toFixed(2)).join(', ')})`);
    console.log(`  ${store}, ${n} clients: cold run again (new rule version) in one thread ${s(oneThread)} (median of ${thread.length}), on ${POOL_THREADS} workers ${s(onPool)} (median; workers started in ${s(poolStart)} before): the median of the ${pairs.length} rounds' ratios ${ratio.toFixed(2)} × (the ratio of the medians ${(oneThread / onPool).toFixed(2)} ×, of the best runs ${(Math.min(...thread) / Math.min(...pool)).toFixed(2)} ×) — target ≥ ${POOL_RATIO_TARGET} × with 2 cores: ${cpus().length >= 2 ? judged(ratio >= POOL_RATIO_TARGET) : 'not judged on one core'}; target < ${s(COLD_TARGET_MS)} at 100,000: stated at 100,000 clients`);
  }
  for (const [i, line] of threadCpus.entries()) console.log(`  ${store}, ${n} clients: cold run again in one thread, round ${i + 1}: ${line}`);
  for (const [i, line] of poolCpu.entries()) console.log(`  ${store}, ${n} clients: cold run again on the pool, ${big ? 'run' : 'round'} ${i + 1}: ${line}`);
  console.log(`  ${store}, ${n} clients: nothing changed ${s(unchanged.ms)} (re-checked ${unchanged.r.rechecked}) = ${(unchanged.ms / oneThread).toFixed(3)} × ${baseline}`);
  console.log(`  ${store}, ${n} clients: after one edit ${s(oneEdit.ms)} (re-checked ${oneEdit.r.rechecked}) = ${(oneEdit.ms / oneThread).toFixed(3)} × ${baseline} — target < ${ONE_EDIT_TARGET_MS} ms: ${verdict(oneEdit.ms)}`);
  console.log(`  ${store}, ${n} clients: after a domain taken from another client ${s(shared.ms)} (re-checked ${shared.r.rechecked}) = ${(shared.ms / oneThread).toFixed(3)} × ${baseline} — target < ${ONE_EDIT_TARGET_MS} ms: ${verdict(shared.ms)}`);
  console.log(`  ${store}, ${n} clients: the not-ready list read page by page (${shared.r.notReadyCount} clients; the job's result carries the first ${shared.r.notReady.length}): page 2 ${s(secondPage)}, the last page ${s(lastPage)} (${last.items.length} clients)`);
}

/** The team database of one size: the seeded copy's clients copied in (search.ts copyClients), the desk over it. */
async function onPostgres(cluster: PgCluster, n: number): Promise<void> {
  const { dir } = await seededCopy(n, 'beian-desk-bench-checkall-pg-');
  const database = `bench_checkall_${n}_${process.pid}`;
  try {
    const local = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
    let copy: { url: string; copyMs: number };
    try {
      copy = await teamDatabaseCopy(cluster, database, local);
    } finally {
      await local.close();
    }
    console.log(`  PostgreSQL, ${n} clients: copied from the seeded store in ${s(copy.copyMs)}`);
    const team = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12, store: await openPostgresStore(copy.url) });
    try {
      await team.vault.unlock(BENCH_PASSPHRASE);
      await benchStore(team, n, 'PostgreSQL');
    } finally {
      await team.close();
      await closeWorkerPool();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await onAdmin(cluster, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

/** The stores the section runs on (`BENCH_CHECKALL_STORES`: sqlite, postgres or both, the default). */
const STORES = (process.env.BENCH_CHECKALL_STORES ?? 'sqlite,postgres').split(',');

/** The section in this process: run.ts runs it bundled, in a process of its own (checkAllChild.ts, bundledChild.ts). */
export async function benchCheckAllHere(sizes: readonly number[]): Promise<void> {
  console.log(`check-all with kept verdicts — ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; the desk's code bundled as the app runs it`);
  for (const n of STORES.includes('sqlite') ? sizes : []) {
    const { dir } = await seededCopy(n, 'beian-desk-bench-checkall-');
    try {
      const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
      await desk.vault.unlock(BENCH_PASSPHRASE);
      await benchStore(desk, n, 'SQLite');
      await desk.close();
      await closeWorkerPool();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // the same runs on a team database (issue 20: each point on both stores), skipped with the reason when
  // PostgreSQL's binaries are missing; the server with what initdb writes (shared_buffers 128MB), as search.ts
  if (!STORES.includes('postgres')) return;
  const binaries = findPgBinaries();
  if (!binaries) {
    console.log('  PostgreSQL: SKIPPED — PostgreSQL server binaries (initdb, pg_ctl) not found (BEIAN_DESK_PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/*/bin, PATH)');
    return;
  }
  const cluster = await startPgCluster({ binaries, settings: { shared_buffers: '128MB' } });
  try {
    for (const n of sizes) await onPostgres(cluster, n);
  } finally {
    cluster.stop();
  }
  console.log(`check-all: load ${loadavg()[0]!.toFixed(1)} at the end`);
}
