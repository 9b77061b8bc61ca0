// `npm run bench -- checkall --clients 10000`: 检查全部客户 with kept verdicts (services/checkAll.ts) on a
// fresh temporary SQLite store seeded with the benchmark's clients (searchData.ts). The baseline is the
// cold run of the same store in the same run (every client worked out, as after a new rule version);
// against it: a run with nothing changed, a run after one edit, and a run after an edit that gives one
// client another client's domain (two verdicts stale). Target (issue 20): after one edit < 0.5 s at
// 100,000 clients. The cold run is on one thread (the worker-thread check is not built yet).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { entityFieldsOf } from '../../main/db/repositories/entities';
import { websiteFieldsOf } from '../../main/db/repositories/websites';
import { Desk } from '../../main/desk';
import { checkAllClients, type CheckAllResult } from '../../main/services/checkAll';
import { createClients, editWebsite, getClientClear, updateClientEntity } from '../../main/services/clients';
import { benchRecord } from './searchData';

const SEED_BATCH = 1000;
const ONE_EDIT_TARGET_MS = 500;
const control = { progress: () => undefined, cancelled: false };

async function timedCheck(desk: Desk, fresh = false): Promise<{ ms: number; r: CheckAllResult }> {
  const t = performance.now();
  const r = await checkAllClients(desk, control, { fresh });
  return { ms: performance.now() - t, r };
}

const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

export async function benchCheckAll(sizes: readonly number[]): Promise<void> {
  console.log(`check-all with kept verdicts — ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`);
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'beian-desk-bench-checkall-'));
    try {
      const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
      await desk.vault.setup('bench-passphrase');
      for (let start = 1; start <= n; start += SEED_BATCH) await createClients(desk, Array.from({ length: Math.min(SEED_BATCH, n - start + 1) }, (_, i) => benchRecord(start + i)));
      const cold = await timedCheck(desk);
      const unchanged = await timedCheck(desk);
      const a = Math.ceil(n / 3);
      const b = Math.ceil((2 * n) / 3);
      await updateClientEntity(desk, a, { ...entityFieldsOf(await getClientClear(desk, a)), mailingAddress: '广东省深圳市福田区新地址8号' });
      const oneEdit = await timedCheck(desk);
      const site = (await getClientClear(desk, a)).websites[0]!;
      const theirs = (await getClientClear(desk, b)).websites[0]!.domains[0]!;
      await editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, theirs] });
      const shared = await timedCheck(desk);
      const verdict = (ms: number) => (n >= 100_000 ? (ms < ONE_EDIT_TARGET_MS ? 'met' : 'NOT met') : `target stated at 100,000 clients`);
      console.log(`  ${n} clients: cold check-all (every client, one thread) ${s(cold.ms)}, ${(cold.ms / n).toFixed(2)} ms per client, ${cold.r.notReady.length} not ready`);
      console.log(`  ${n} clients: nothing changed ${s(unchanged.ms)} (re-checked ${unchanged.r.rechecked}) = ${(unchanged.ms / cold.ms).toFixed(3)} × cold`);
      console.log(`  ${n} clients: after one edit ${s(oneEdit.ms)} (re-checked ${oneEdit.r.rechecked}) = ${(oneEdit.ms / cold.ms).toFixed(3)} × cold — target < ${ONE_EDIT_TARGET_MS} ms: ${verdict(oneEdit.ms)}`);
      console.log(`  ${n} clients: after a domain taken from another client ${s(shared.ms)} (re-checked ${shared.r.rechecked}) = ${(shared.ms / cold.ms).toFixed(3)} × cold — target < ${ONE_EDIT_TARGET_MS} ms: ${verdict(shared.ms)}`);
      await desk.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
