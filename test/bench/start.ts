// The start section of `npm run bench` (`npm run bench -- start` runs it alone): how long the CLI and the
// hosts take to start from their bundles (out/node, through electron/run-bundle.mjs as `npm run cli` and
// `npm run server` run them, staleness check included), each against a baseline measured in the same run,
// interleaved with it so both see the same machine load:
// - `--help` against `node -e 0` (a process that starts and does nothing);
// - a read command and the two hosts against the floor of any command that opens the store: a process
//   that starts and derives the data key from the passphrase (scrypt at the keyring's default cost, 2^17),
//   which no bundle can skip. The targets (a read < 0.6 s, a host ready < 0.6 s) were set on a
//   machine where that floor is about 0.38 s (scrypt 0.33 s + node 0.05 s): ≤ 1.6 × the floor.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureNodeBundle, ROOT } from '../../electron/node-bundle.mjs';
import { kdfLog2n } from '../../main/secrets/keyring';
import { companyRecord } from '../fixtures/records';

const RUNS = Number(process.env.BENCH_START_RUNS ?? 7);
const PASSPHRASE = 'bench-start-passphrase';
const runner = join(ROOT, 'electron', 'run-bundle.mjs');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of a process from spawn to exit; it must succeed. */
function timedRun(args: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

/** Wall time from spawn to the line that says the host is ready; the host is stopped after. */
function timedReady(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<number> {
  return new Promise((ok, fail) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (ready.test(out)) {
        const ms = performance.now() - t;
        child.once('exit', () => ok(ms));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      if (!ready.test(out)) fail(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${out}\n${err}`));
    });
  });
}

export async function benchStart(): Promise<void> {
  await ensureNodeBundle();
  const dir = mkdtempSync(join(tmpdir(), 'beian-desk-bench-start-'));
  try {
    const dataDir = join(dir, 'desk');
    // a desk as an agency has it: the keyring at the default cost, a few clients, one 管理员 for the server
    const env: NodeJS.ProcessEnv = { ...process.env, BEIAN_DESK_PASSPHRASE: PASSPHRASE, BEIAN_DESK_PASSWORD_LOG2N: '12' };
    delete env.BEIAN_DESK_KDF_LOG2N;
    for (let n = 1; n <= 3; n++) {
      const file = join(dir, `client-${n}.json`);
      writeFileSync(file, JSON.stringify(companyRecord(n)));
      timedRun([runner, 'cli', '--data', dataDir, 'entity', 'add', '--file', file], env);
    }
    const account = spawnSync(process.execPath, [runner, 'cli', '--data', dataDir, 'account', 'add', '--role', 'admin', '--username', 'admin', '--name', '张经理'], { env, input: 'bench-admin-password\n', encoding: 'utf8' });
    if (account.status !== 0) throw new Error(`account add failed:\n${account.stderr}`);

    const log2n = kdfLog2n({});
    const floorScript = `require('node:crypto').scryptSync('${PASSPHRASE}', Buffer.alloc(16), 32, { N: 2 ** ${log2n}, r: 8, p: 1, maxmem: 256 * 2 ** ${log2n} * 8 + 1048576 })`;
    const samples = { nodeOnly: [] as number[], floor: [] as number[], help: [] as number[], read: [] as number[], server: [] as number[], serve: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      samples.nodeOnly.push(timedRun(['-e', '0'], env));
      samples.help.push(timedRun([runner, 'cli', '--help'], env));
      samples.floor.push(timedRun(['-e', floorScript], env));
      samples.read.push(timedRun([runner, 'cli', '--data', dataDir, 'entity', 'list'], env));
      samples.server.push(await timedReady([runner, 'server', '--data', dataDir, '--listen', '127.0.0.1:0'], env, /团队服务器已启动/));
      samples.serve.push(await timedReady([runner, 'serve', '--data', dataDir, '--port', '0'], env, /浏览器模式）已启动/));
    }
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<keyof typeof samples, number>;
    const [load1] = loadavg();
    console.log(`start (median of ${RUNS}, load average ${load1!.toFixed(1)}): node -e 0 ${m.nodeOnly.toFixed(0)} ms; node + scrypt 2^${log2n} (the floor of a command that opens the store) ${m.floor.toFixed(0)} ms`);
    const line = (label: string, ms: number, base: number, baseLabel: string, target: number, targetText: string) =>
      console.log(`start: ${label.padEnd(34)} ${ms.toFixed(0).padStart(5)} ms = ${(ms / base).toFixed(2).padStart(5)} × ${baseLabel} — target ≤ ${target} × (${targetText}): ${ms / base <= target ? 'met' : 'NOT met'}`);
    line('npm run cli -- --help', m.help, m.nodeOnly, 'node -e 0', 4, 'the issue\'s 4 ×');
    line('npm run cli -- entity list', m.read, m.floor, 'the floor', 1.6, '< 0.6 s on the issue\'s machine');
    line('npm run server, ready', m.server, m.floor, 'the floor', 1.6, '< 0.6 s on the issue\'s machine');
    line('web host of npm start, ready', m.serve, m.floor, 'the floor', 1.6, '< 0.6 s on the issue\'s machine');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
