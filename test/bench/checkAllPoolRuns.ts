// `BENCH_SEED_CACHE=… npx tsx test/bench/checkAllPoolRuns.ts [clients] [rounds]`: check-all's cold run again
// (every verdict worked out again, as after a new rule version) on the worker pool, several times on one copy
// of the seeded bench store and a fixed day, with each run's wall time, each thread's CPU (from
// /proc/self/task/<tid>/stat: the store's thread, the two workers, the rest — V8's helper threads), how long
// each worker sat idle at the end of the run (sampled every 20 ms), and a SHA-256 over every client_verdict and
// client_verdict_key row after each run (8f11213b… at 10 000 clients). Runs alternate with the one-thread run
// (`THREAD=1`) to give the ratio under the same load; `FRESH=1` starts a fresh pool for each run.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Desk } from '../../main/desk';
import { closeWorkerPool, POOL_THREADS, runOnWorker } from '../../main/jobs/pool';
import { checkAllClients } from '../../main/services/checkAll';
import { BENCH_PASSPHRASE, seededCopy } from './seededStores';

const args = process.argv.slice(2).filter((a) => /^\d+$/.test(a));
const clients = Number(args[0] ?? 10000);
const rounds = Number(args[1] ?? 3);
const today = new Date('2026-12-05T04:00:00Z');

/** CPU time (ms, 10 ms ticks) of each thread of this process by thread id. */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const f = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { dir } = await seededCopy(clients, 'beian-desk-poolruns-');
  try {
    const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
    await desk.vault.unlock(BENCH_PASSPHRASE);
    const control = { progress: () => undefined, cancelled: false };
    const hashRows = async () => {
      const h = createHash('sha256');
      for (const row of await desk.ctx.db.selectFrom('client_verdict').selectAll().orderBy('entity_id').execute()) h.update(JSON.stringify(row));
      for (const row of await desk.ctx.db.selectFrom('client_verdict_key').selectAll().orderBy('entity_id').orderBy('kind').orderBy('shared').execute()) h.update(JSON.stringify(row));
      return h.digest('hex');
    };
    await checkAllClients(desk, control, { mode: 'pool', today });
    console.log(`${clients} clients, first run done; rows hash ${(await hashRows()).slice(0, 16)}`);
    // each worker started and its code loaded (from the sources tsx compiles it on the worker) and run once over 200 clients
    const warm = () =>
      Promise.all(
        Array.from({ length: POOL_THREADS }, (_, w) => {
          const derived = desk.vault.derived();
          const keys = { field: new Uint8Array(derived.field), index: new Uint8Array(derived.index) };
          const ids = Array.from({ length: 200 }, (_, i) => w * 200 + i + 1);
          return runOnWorker({ task: 'rules.readAndCheckClients', input: { store: desk.sqliteFile!, keys, ids, today, validityWarnDays: 30 } });
        }),
      );
    const modes: ('pool' | 'thread')[] = process.env.THREAD ? ['thread', 'pool'] : ['pool'];
    // FRESH=1: a fresh pool for each run (its heap and JIT warmed by one untimed run), else one pool throughout
    const fresh = process.env.FRESH === '1';
    for (let round = 0; round < rounds; round++) {
        for (const mode of modes) {
          if (fresh) {
            await closeWorkerPool();
            await warm();
            if (mode === 'pool') await checkAllClients(desk, control, { fresh: true, mode, today });
          } else await warm();
          const load = loadavg()[0]!.toFixed(1);
          const main = String(process.pid);
          const before = threadCpu();
          const lastBusy = new Map<string, number>();
          const firstBusy = new Map<string, number>();
          let prev = before;
          const t0 = performance.now();
          const timer = setInterval(() => {
            const now = threadCpu();
            const at = performance.now() - t0;
            for (const [tid, ms] of now) {
              if (ms <= (prev.get(tid) ?? 0)) continue;
              lastBusy.set(tid, at);
              if (!firstBusy.has(tid)) firstBusy.set(tid, at);
            }
            prev = now;
          }, 20);
          const r = await checkAllClients(desk, control, { fresh: true, mode, today });
          const wall = performance.now() - t0;
          clearInterval(timer);
          const used = [...threadCpu()].map(([tid, ms]) => [tid, ms - (before.get(tid) ?? 0)] as const);
          const store = used.find(([tid]) => tid === main)?.[1] ?? 0;
          const others = used.filter(([tid]) => tid !== main).sort((a, b) => b[1] - a[1]);
          const workers = others.slice(0, mode === 'pool' ? POOL_THREADS : 0);
          const rest = others.slice(workers.length).reduce((a, [, ms]) => a + ms, 0);
          const idle = workers.map(([tid]) => `${((wall - (lastBusy.get(tid) ?? 0)) / 1000).toFixed(2)}`);
          const idleFirst = workers.map(([tid]) => `${((firstBusy.get(tid) ?? 0) / 1000).toFixed(2)}`);
          console.log(
            `${mode} (load ${load}): wall ${(wall / 1000).toFixed(2)} s; store's thread ${(store / 1000).toFixed(2)} s` +
              (workers.length ? `; workers ${workers.map(([, ms]) => (ms / 1000).toFixed(2)).join(' + ')} s, idle at the start ${idleFirst.join(', ')} s, at the end ${idle.join(', ')} s` : '') +
              `; the rest ${(rest / 1000).toFixed(2)} s; all ${((store + rest + workers.reduce((a, [, ms]) => a + ms, 0)) / 1000).toFixed(2)} s CPU; ${r.rechecked} re-checked; rows ${(await hashRows()).slice(0, 16)}`,
          );
        }
    }
    await desk.close();
    await closeWorkerPool();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
