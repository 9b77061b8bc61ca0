// `BENCH_SEED_CACHE=… npx tsx test/bench/checkAllStoreCpu.ts [clients]`: check-all's two cold runs on the pool —
// the first run of a new store (every verdict and key row new) and a cold run again (every verdict worked out
// again, as after a new rule version) — on a copy of the seeded bench store and a fixed day, with the wall time,
// the CPU time of the store's thread alone (/proc/self/task/<pid>/stat) and of the whole process, and a
// SHA-256 over every client_verdict and client_verdict_key row after each run: a change to how the verdicts
// are written must leave both hashes unchanged (8f11213b… at 10 000 clients).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Desk } from '../../main/desk';
import { closeWorkerPool } from '../../main/jobs/pool';
import { checkAllClients } from '../../main/services/checkAll';
import { BENCH_PASSPHRASE, seededCopy } from './seededStores';

const clients = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10000);
const today = new Date('2026-12-05T04:00:00Z');
const processCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The CPU of this (the store's) thread alone, in ms (clock ticks of 10 ms): user and system. */
const threadTimes = () => {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]) * 10, Number(fields[12]) * 10] as const;
};
const threadCpu = () => threadTimes()[0] + threadTimes()[1];

async function main(): Promise<void> {
  const { dir } = await seededCopy(clients, 'beian-desk-storecpu-');
  try {
    const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
    await desk.vault.unlock(BENCH_PASSPHRASE);
    const hashRows = async () => {
      const h = createHash('sha256');
      for (const row of await desk.ctx.db.selectFrom('client_verdict').selectAll().orderBy('entity_id').execute()) h.update(JSON.stringify(row));
      for (const row of await desk.ctx.db.selectFrom('client_verdict_key').selectAll().orderBy('entity_id').orderBy('kind').orderBy('shared').execute()) h.update(JSON.stringify(row));
      for (const row of await desk.ctx.db.selectFrom('client_verdict_top').selectAll().orderBy('entity_id').execute()) h.update(JSON.stringify(row));
      return h.digest('hex');
    };
    for (const [label, fresh] of [['first run of a new store', false], ['cold run again', true]] as const) {
      const load = loadavg()[0]!.toFixed(1);
      // STORE_PROF=<folder>: a CPU profile of the store's thread for each run
      const prof = process.env.STORE_PROF ? new Session() : null;
      if (prof) {
        prof.connect();
        await prof.post('Profiler.enable');
        await prof.post('Profiler.start');
      }
      // STORE_PERF=<folder>: `perf record` of the store's thread alone for each run
      const perf = process.env.STORE_PERF ? spawn('perf', ['record', '-F', '997', '-g', '-t', String(process.pid), '-o', `${process.env.STORE_PERF}/${fresh ? 'again' : 'first'}-${clients}.data`], { stdio: 'ignore' }) : null;
      if (perf) await sleep(1000);
      const [w, t, p, sys] = [performance.now(), threadCpu(), processCpu(), threadTimes()[1]];
      const r = await checkAllClients(desk, { progress: () => undefined, cancelled: false }, { fresh, mode: 'pool', today });
      const [wall, thread, proc, system] = [performance.now() - w, threadCpu() - t, processCpu() - p, threadTimes()[1] - sys];
      if (perf) {
        perf.kill('SIGINT');
        await new Promise((resolve) => perf.on('exit', resolve));
      }
      if (prof) {
        const { profile } = await prof.post('Profiler.stop');
        writeFileSync(`${process.env.STORE_PROF}/${fresh ? 'again' : 'first'}-${clients}.cpuprofile`, JSON.stringify(profile));
        prof.disconnect();
      }
      console.log(
        `${clients} clients, ${label} (pool, load ${load}): ${(wall / 1000).toFixed(2)} s wall; store's thread ${(thread / 1000).toFixed(2)} s CPU (${(thread / clients).toFixed(3)} ms a client; system ${(system / 1000).toFixed(2)} s); process ${(proc / 1000).toFixed(2)} s CPU; ${r.rechecked} re-checked; rows hash ${(await hashRows()).slice(0, 16)}`,
      );
    }
    if (process.env.STORE_STATS) console.log(desk.sql.raw.prepare("SELECT count(*) n, (SELECT avg(length(top_json)) FROM client_verdict_top) t, (SELECT count(*) FROM client_verdict_key) k, (SELECT page_count FROM pragma_page_count()) pages FROM client_verdict").get(), desk.sql.raw.pragma('cache_size'), desk.sql.raw.pragma('page_size'), desk.sql.raw.pragma('wal_autocheckpoint'));
    await desk.close();
    await closeWorkerPool();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
