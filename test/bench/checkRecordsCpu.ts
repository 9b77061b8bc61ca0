// `npx tsx test/bench/checkRecordsCpu.ts [clients] [--prof]`: the CPU time of check-all's per-client work in
// one thread, split into its parts (reading a slice and opening its sealed fields; checkRecords: record,
// rules, checklist, verdict JSON), on a copy of the seeded bench store (BENCH_SEED_CACHE), with a SHA-256
// over every checked record (counts, top findings' JSON, keys) and one over the digests of their whole findings
// lists, for a fixed day: an optimisation of the rules must leave both unchanged. Then, unless --no-store, a full
// cold check-all in one thread ('thread' mode) whose kept verdict rows (all but the digest) and key rows are hashed
// the same way, and their digests apart. (Before migration 0022 a record and a row held the whole findings list's
// JSON instead of its digest: the top/count/key hash leaves it out, so it compares across the change.)
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Desk } from '../../main/desk';
import { checkRecords, type RecordToCheck } from '../../main/rules/checkRecords';
import { checkAllClients } from '../../main/services/checkAll';
import { readSlice } from '../../main/services/checkAllSlice';
import { BENCH_PASSPHRASE, seededCopy } from './seededStores';

const args = process.argv.slice(2);
const clients = Number(args.find((a) => /^\d+$/.test(a)) ?? 10000);
const today = new Date('2026-12-05T04:00:00Z');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

async function main(): Promise<void> {
  const { dir } = await seededCopy(clients, 'beian-desk-cpu-');
  try {
    const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
    await desk.vault.unlock(BENCH_PASSPHRASE);
    const ids = Array.from({ length: clients }, (_, i) => i + 1);
    const reader = { ctx: desk.ctx, openOrderFindings: null };
    // as a worker does: a share of a slice (500 clients) read, then checked; the CPU of each side summed
    let hash = '';
    let digestHash = '';
    let readMs = 0;
    const runs: number[] = [];
    let count = 0;
    for (let round = 0; round < Math.max(1, Number(process.env.ROUNDS ?? 2)); round++) {
      const h = createHash('sha256');
      const d = createHash('sha256');
      let checkMs = 0;
      readMs = 0;
      count = 0;
      for (let i = 0; i < ids.length; i += 500) {
        let t = cpu();
        const records: RecordToCheck[] = (await readSlice(reader, ids.slice(i, i + 500))).toCheck;
        readMs += cpu() - t;
        t = cpu();
        const checked = checkRecords({ today, validityWarnDays: 30, clients: records });
        checkMs += cpu() - t;
        for (const r of checked) {
          if ('incomplete' in r) h.update(JSON.stringify(r));
          else {
            h.update(JSON.stringify([r.id, r.counts, r.topJson, r.keys]));
            d.update(`${r.findingsDigest}\n`);
          }
        }
        count += records.length;
      }
      runs.push(checkMs);
      hash = h.digest('hex');
      digestHash = d.digest('hex');
    }
    console.log(`${count} records: read+open ${readMs.toFixed(0)} ms (${(readMs / count).toFixed(3)} ms a client); checkRecords ${runs.map((r) => r.toFixed(0)).join(', ')} ms (${(Math.min(...runs) / count).toFixed(3)} ms a client); top/count/key hash ${hash.slice(0, 16)}, digests hash ${digestHash.slice(0, 16)}`);
    if (!args.includes('--no-store')) {
      const t = cpu();
      await checkAllClients(desk, { progress: () => undefined, cancelled: false }, { fresh: true, mode: 'thread', today });
      const runMs = cpu() - t;
      const db = desk.ctx.db;
      const h = createHash('sha256');
      const d = createHash('sha256');
      const columns = ['entity_id', 'revision', 'verdict_version', 'settings_json', 'checked_day', 'stale', 'error_count', 'warning_count', 'info_count', 'top_json'] as const;
      const verdicts = db.selectFrom('client_verdict as v').innerJoin('client_verdict_top as t', 't.entity_id', 'v.entity_id');
      for (const row of await verdicts.select(['v.entity_id', 'v.revision', 'v.verdict_version', 'v.settings_json', 'v.checked_day', 'v.stale', 'v.error_count', 'v.warning_count', 'v.info_count', 't.top_json', 'v.findings_digest']).orderBy('v.entity_id').execute()) {
        h.update(JSON.stringify(columns.map((c) => row[c])));
        d.update(`${row.findings_digest}\n`);
      }
      for (const row of await db.selectFrom('client_verdict_key').selectAll().orderBy('entity_id').orderBy('kind').orderBy('shared').execute()) h.update(JSON.stringify(row));
      console.log(`cold check-all in one thread: ${runMs.toFixed(0)} ms CPU; verdict (but the digest) + key rows hash ${h.digest('hex').slice(0, 16)}, digests hash ${d.digest('hex').slice(0, 16)}`);
    }
    await desk.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
