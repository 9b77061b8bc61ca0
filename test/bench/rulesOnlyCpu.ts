// `npx tsx test/bench/rulesOnlyCpu.ts [clients] [--heap]`: checkRecords alone (the rules' side of a worker's
// share: record, rules, checklist, verdict JSON) over every client of the seeded bench store (BENCH_SEED_CACHE),
// read once beforehand, ROUNDS times: its CPU a client (min of the rounds), and a SHA-256 over every checked
// record (counts, top JSON, digest, keys) for a fixed day. With --heap, V8's sampling heap profiler (collected
// objects included) over one more round: KB allocated a client, by function, written to HEAP_OUT when set.
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { Desk } from '../../main/desk';
import { checkRecords, type RecordToCheck } from '../../main/rules/checkRecords';
import { readSlice } from '../../main/services/checkAllSlice';
import { BENCH_PASSPHRASE, seededCopy } from './seededStores';

const args = process.argv.slice(2);
const clients = Number(args.find((a) => /^\d+$/.test(a)) ?? 10000);
const today = new Date('2026-12-05T04:00:00Z');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }

function round(shares: RecordToCheck[][]): { ms: number; hash: string } {
  const h = createHash('sha256');
  const t = cpu();
  for (const share of shares) {
    for (const r of checkRecords({ today, validityWarnDays: 30, clients: share })) h.update(JSON.stringify(r));
  }
  return { ms: cpu() - t, hash: h.digest('hex') };
}

async function main(): Promise<void> {
  const { dir } = await seededCopy(clients, 'beian-desk-rules-');
  try {
    const desk = await Desk.open({ dataDir: dir, actor: 'bench', kdfLog2n: 12 });
    await desk.vault.unlock(BENCH_PASSPHRASE);
    const reader = { ctx: desk.ctx, openOrderFindings: null };
    const shares: RecordToCheck[][] = [];
    let count = 0;
    for (let i = 1; i <= clients; i += 500) {
      const s = (await readSlice(reader, Array.from({ length: Math.min(500, clients - i + 1) }, (_, k) => i + k))).toCheck;
      shares.push(s);
      count += s.length;
    }
    await desk.close();
    const runs: number[] = [];
    let hash = '';
    for (let r = 0; r < Math.max(1, Number(process.env.ROUNDS ?? 5)); r++) {
      const x = round(shares);
      runs.push(x.ms / count);
      hash = x.hash;
    }
    console.log(`${count} records; checkRecords ms a client: ${runs.map((r) => r.toFixed(4)).join(' ')} (min ${Math.min(...runs).toFixed(4)}); hash ${hash.slice(0, 16)}`);
    if (args.includes('--heap')) {
      const s = new Session();
      s.connect();
      const post = (m: string, p?: object) => new Promise<any>((res, rej) => s.post(m, p ?? {}, (e, v) => (e ? rej(e) : res(v))));
      await post('HeapProfiler.enable');
      await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      round(shares);
      const { profile } = await post('HeapProfiler.stopSampling');
      const by = new Map<string, number>();
      let total = 0;
      const walk = (n: Node) => {
        const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
        by.set(k, (by.get(k) ?? 0) + n.selfSize);
        total += n.selfSize;
        n.children.forEach(walk);
      };
      walk(profile.head);
      console.log(`heap: ${(total / count / 1024).toFixed(2)} KB a client`);
      for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${(v / count).toFixed(0).padStart(6)} B  ${k}`);
      if (process.env.HEAP_OUT) writeFileSync(process.env.HEAP_OUT, JSON.stringify(profile));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
