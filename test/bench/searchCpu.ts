// `npx tsx test/bench/searchCpu.ts --dir <copy of a seeded bench store> [--pg <url>] [--kinds a,b] [--runs 100]
// [--prof <file.cpuprofile>]`: what one client-list search costs in CPU, per query kind of the search bench
// (searchData.ts), as the client list runs it (one page of 100, newest first, with its total) — the desk's
// CPU (process.cpuUsage) and, on PostgreSQL, the server backend's (/proc/<backend pid>/schedstat, the pool
// held at one connection), with the rows on the page, so a page's cost per row can be read on a loaded
// machine where wall time is scheduler delay. The store is a copy (the search writes nothing, but opening
// it may migrate it): never a template of BENCH_SEED_CACHE itself.
import { readFileSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { openPostgresStore } from '../../main/db/openPostgres';
import { Desk } from '../../main/desk';
import { listClients } from '../../main/services/clients';
import { SEARCH_QUERIES } from './searchData';
import { BENCH_PASSPHRASE } from './seededStores';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const dir = flag('dir');
if (!dir) {
  console.error('--dir <一个已播种的基准数据目录的副本>');
  process.exit(2);
}
const pgUrl = flag('pg');
const runs = Number(flag('runs') ?? 100);
const rounds = Number(flag('rounds') ?? 3);
const kinds = flag('kinds')?.split(',');
const prof = flag('prof');

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** A process's time on a CPU, ms (the first field of schedstat: nanoseconds run). */
const schedMs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

async function main(): Promise<void> {
  const store = pgUrl ? await openPostgresStore(pgUrl, { poolSize: 1 }) : undefined;
  const desk = await Desk.open({ dataDir: dir!, actor: 'bench', kdfLog2n: 12, ...(store ? { store } : {}) });
  await desk.vault.unlock(BENCH_PASSPHRASE);
  const clients = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM entity`.execute(desk.ctx.db)).rows[0]!.n);
  const backend = store ? Number((await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(desk.ctx.db)).rows[0]!.pid) : undefined;
  console.log(`${store ? 'PostgreSQL' : 'SQLite'}, ${clients} clients, ${runs} texts × ${rounds} rounds per kind, load ${loadavg()[0]!.toFixed(1)}`);
  const session = prof ? new Session() : undefined;
  for (const q of SEARCH_QUERIES.filter((k) => !kinds || kinds.includes(k.kind))) {
    const texts = Array.from({ length: runs }, (_, i) => q.text(i, clients));
    const page = (text: string) => listClients(desk, { text, offset: 0, limit: 100, sortBy: 'updatedAt', sortDir: 'desc' });
    let rows = 0;
    for (const t of texts) rows += (await page(t)).items.length; // warm
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const desk0 = cpuMs();
    const back0 = backend ? schedMs(backend) : 0;
    for (let r = 0; r < rounds; r++) for (const t of texts) await page(t);
    const deskPer = (cpuMs() - desk0) / (runs * rounds);
    const backPer = backend ? (schedMs(backend) - back0) / (runs * rounds) : 0;
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`${prof}.${q.kind.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`, JSON.stringify(profile));
      session.disconnect();
    }
    const perRow = rows ? ` — ${((deskPer + backPer) / (rows / runs)).toFixed(4)} ms a row` : '';
    console.log(`  ${q.kind.padEnd(16)} rows ${(rows / runs).toFixed(1).padStart(5)}; desk CPU ${deskPer.toFixed(3)} ms${backend ? `, backend ${backPer.toFixed(3)} ms` : ''} a search${perRow}`);
  }
  await desk.close();
}

await main();
