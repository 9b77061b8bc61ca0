// `npx tsx test/bench/workerShareCpu.ts [clients] [--keep]`: what one of check-all's workers does for every share
// of a cold run on SQLite (services/checkAllWorker.ts readAndCheckSlice: a read-only connection, the share
// read and its sealed fields opened, then checkRecords), in this one thread, over every share of 500 of the
// seeded bench store (BENCH_SEED_CACHE), with its CPU time per client split into the share's parts and a
// SHA-256 over every share's columns as the worker hands them back (a fixed day). The rounds alternate: odd rounds
// read every share on one connection kept for the round, as a worker keeps one for a run (`run`), even ones on a
// connection of each share's own, as before.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Desk } from '../../main/desk';
import { keysHeldTwice } from '../../main/services/checkAllSlice';
import { endReaders, newReaderRun, readAndCheckSlice, shareKeysHeldTwice } from '../../main/services/checkAllWorker';
import { BENCH_PASSPHRASE, seededCopy } from './seededStores';

const args = process.argv.slice(2);
const clients = Number(args.find((a) => /^\d+$/.test(a)) ?? 10000);
const share = Number(process.env.SHARE ?? 500);
const today = new Date('2026-12-05T04:00:00Z');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

async function main(): Promise<void> {
  const { dir } = await seededCopy(clients, 'beian-desk-share-');
  try {
    const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
    await desk.vault.unlock(BENCH_PASSPHRASE);
    const file = desk.sqliteFile!;
    const ids = Array.from({ length: clients }, (_, i) => i + 1);
    const rounds = Math.max(1, Number(process.env.ROUNDS ?? 2));
    // the run's keys held twice, as check-all reads them before its first slice (HELD=0: every key's holders looked up, as before)
    const heldTwice = process.env.HELD === '0' ? undefined : shareKeysHeldTwice(await desk.sql.tx(() => keysHeldTwice(desk.ctx)));
    for (let round = 0; round < rounds; round++) {
      const h = createHash('sha256');
      const run = round % 2 === 0 ? newReaderRun() : undefined;
      const t = cpu();
      let count = 0;
      for (let i = 0; i < ids.length; i += share) {
        const derived = desk.vault.derived();
        const keys = { field: new Uint8Array(derived.field), index: new Uint8Array(derived.index) };
        const checked = await readAndCheckSlice({ store: file, keys, ids: ids.slice(i, i + share), today, validityWarnDays: 30, ...(run ? { run } : {}), ...(heldTwice ? { heldTwice } : {}) });
        // the share as the worker hands it back: verdicts in columns, and the clients set aside
        const c = checked.columns;
        for (const part of [c.ids, c.counts, c.digests, c.ends, c.json]) h.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
        h.update(c.keys);
        h.update(JSON.stringify(checked.aside));
        count += c.ids.length + checked.aside.length;
      }
      if (run) endReaders(run);
      const ms = cpu() - t;
      console.log(`round ${round + 1} (${run ? 'one connection for the round' : 'a connection a share'}): ${count} records, ${ms.toFixed(0)} ms CPU = ${(ms / count).toFixed(3)} ms a client; hash ${h.digest('hex')}`);
    }
    await desk.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
