// The CLI and the hosts run from out/node (electron/node-bundle.mjs): the built CLI is run as a user runs
// it, on a desk of its own, so a bundling fault (a module left out, an asset path computed from the
// bundle's place: fonts, the worker thread, wasm) fails here and not at an agency. The CLI's commands
// keep their runCli tests in-process (test/main/cli*.test.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIR, bundleStaleness, ENTRIES, ensureNodeBundle } from '../../electron/node-bundle.mjs';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createAccount } from '../../main/services/accounts';
import { createClients } from '../../main/services/clients';
import { companyRecord } from '../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE } from '../helpers';

const bundleEnv = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, BEIAN_DESK_PASSPHRASE: TEST_PASSPHRASE, BEIAN_DESK_KDF_LOG2N: '12', ...env });

function runBundle(entry: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, join(BUNDLE_DIR, entry), ...args], { encoding: 'utf8', timeout: 120_000, env: bundleEnv(env) });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/**
 * The packages a bundle file loads before it runs any code: its static imports, followed through our chunks,
 * and the packages bundled into those chunks (INLINED_PACKAGES; esbuild heads each bundled file with a
 * `// node_modules/<package>/…` comment).
 */
function packagesLoadedAtStart(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(BUNDLE_DIR, file), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?:[^'";]*?\s+from\s+)?["']([^"']+)["'];?$/gms)) {
      const spec = m[1]!;
      if (spec.startsWith('./')) walk(spec.slice(2));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
    for (const m of text.matchAll(/^\/\/ node_modules\/((?:@[^/\n]+\/)?[^/\n]+)\//gm)) packages.add(m[1]!);
  };
  walk(entry);
  return packages;
}

// ---- what a start loads and derives, watched from inside the process (test/support/startProbe.mjs) ----

const probeModule = pathToFileURL(join(__dirname, '..', 'support', 'startProbe.mjs')).href;
/** Preloaded to make the flush of an output's temp file slow enough to interrupt (test/support/slowFsync.mjs). */
const slowFsync = pathToFileURL(join(__dirname, '..', 'support', 'slowFsync.mjs')).href;
interface StartProbe {
  /** Packages whose CommonJS files were loaded. */
  packages: Set<string>;
  /** N of each scrypt call. */
  scryptCalls: number[];
}
function readProbe(file: string): StartProbe {
  const { required, scryptCalls } = JSON.parse(readFileSync(file, 'utf8')) as { required: string[]; scryptCalls: number[] };
  const packages = new Set(required.flatMap((f) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []));
  return { packages, scryptCalls };
}
/** Packages a read command or a host must not load to start: PDF, fonts, images, OCR, the worker pool, zip, Excel, PostgreSQL. */
const HEAVY_PACKAGES = ['pdf-lib', '@pdf-lib/fontkit', 'harfbuzzjs', 'sharp', 'fft.js', 'onnxruntime-node', '@gutenye/ocr-node', '@vladmandic/face-api', 'piscina', 'yazl', 'yauzl', 'exceljs', 'pg'];
/** The key's cost in these tests (BEIAN_DESK_KDF_LOG2N=12): a derivation of the data key, told from a password hash. */
const KEY_N = 2 ** 12;

function probedRun(args: string[], env: NodeJS.ProcessEnv = {}) {
  const probe = join(tempDir(), 'probe.json');
  const r = runBundle('cli.js', args, { BEIAN_TEST_START_PROBE: probe, ...env }, ['--import', probeModule]);
  return { ...r, probe: readProbe(probe) };
}

/** Starts a host with the probe, waits for the line that says it is ready, stops it, and reads the probe. */
function probedHost(entry: string, args: string[], ready: RegExp): Promise<StartProbe> {
  const probe = join(tempDir(), 'probe.json');
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', probeModule, join(BUNDLE_DIR, entry), ...args], { env: bundleEnv({ BEIAN_TEST_START_PROBE: probe }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (ready.test(out)) child.kill('SIGTERM');
    });
    child.once('exit', (code, signal) => {
      if (ready.test(out) && existsSync(probe)) ok(readProbe(probe));
      else fail(new Error(`${entry} ended (${code ?? signal}) ${ready.test(out) ? 'without its probe' : 'before it was ready'}:\n${out}\n${err}`));
    });
  });
}

/**
 * A closed desk in `dataDir` holding the clients of these record numbers, written in this process: the
 * built CLI's own `entity add` is run in the test that adds a client, and each other start of it costs
 * about 0.8 s of CPU that a test about something else need not spend.
 */
async function deskWithClients(dataDir: string, ...records: number[]): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const desk = await openTestDesk(dataDir);
  expect(await createClients(desk, records.map((n) => clientRecordSchema.parse(companyRecord(n))))).toHaveLength(records.length);
  await desk.close();
}

beforeAll(async () => {
  // `npm run build` made it; after an edit to main/ the scripts rebuild it, and so does this test
  await ensureNodeBundle();
}, 180_000);

describe('the built CLI (out/node/cli.js)', () => {
  it('prints its help having loaded commander alone: no store, PDF, image, OCR, Excel or zod code', () => {
    expect([...packagesLoadedAtStart('cli.js')]).toEqual(['commander']);
    const dataDir = join(tempDir(), 'never-created');
    const help = runBundle('cli.js', ['--data', dataDir, '--help']);
    expect(help.status).toBe(0);
    for (const command of ['entity', 'search', 'order', 'sheets', 'backup', 'photos', 'intake', 'account']) expect(help.out).toContain(command);
    // the order reject help names the catalog's reasons (read from the JSON, not through zod)
    const reject = runBundle('cli.js', ['order', 'reject', '--help']);
    expect(reject.out).toContain('name-content-mismatch');
    // help and a check without the store open nothing: no data folder, so no key derived
    expect(runBundle('cli.js', ['--data', dataDir, 'validate', 'domain', 'example.com']).status).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('adds a client, lists and shows it masked, and renders its 核验单 on a worker thread with the bundled font', () => {
    const dir = tempDir();
    const dataDir = join(dir, 'desk');
    const recordFile = join(dir, 'client.json');
    writeFileSync(recordFile, JSON.stringify(companyRecord(7)));
    const added = runBundle('cli.js', ['--data', dataDir, '--json', 'entity', 'add', '--file', recordFile]);
    expect(added.err).toBe('');
    const id = (JSON.parse(added.out) as { id: number; websiteIds: number[] }).id;

    const list = runBundle('cli.js', ['--data', dataDir, 'entity', 'list']);
    expect(list.status).toBe(0);
    expect(list.out).toContain('共 1 个客户');
    expect(list.out).toContain(companyRecord(7).entity.name);
    const show = runBundle('cli.js', ['--data', dataDir, 'entity', 'show', String(id)]);
    expect(show.status).toBe(0);
    expect(show.out).toMatch(/证件：\S+ \S*\*{4,}/);

    const sheets = join(dir, 'sheets');
    const batch = runBundle('cli.js', ['--data', dataDir, '--json', 'sheets', '--entity', String(id), '--out', sheets]);
    expect(batch.err).toBe('');
    const files = (JSON.parse(batch.out) as { files: string[] }).files;
    expect(files.length).toBeGreaterThan(0);
    const pdf = readFileSync(files[0]!.startsWith('/') ? files[0]! : join(sheets, files[0]!));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // the CJK font is embedded: a sheet without it would be a few KB of boxes
    expect(pdf.byteLength).toBeGreaterThan(20_000);
  }, 180_000);

  it('a read command loads the store\'s code alone — no PDF, image, worker pool, zip, Excel or PostgreSQL package — and derives the key once', async () => {
    const dataDir = join(tempDir(), 'desk');
    await deskWithClients(dataDir, 8);

    const list = probedRun(['--data', dataDir, 'entity', 'list']);
    expect(list.err).toBe('');
    expect(list.out).toContain('共 1 个客户');
    // the probe sees CommonJS loads: the SQLite driver is one, so a probe that saw nothing fails here
    expect(list.probe.packages).toContain('better-sqlite3');
    expect(HEAVY_PACKAGES.filter((p) => list.probe.packages.has(p))).toEqual([]);
    // the derivation started ahead (secrets/keyAhead.ts) is the one the unlock uses
    expect(list.probe.scryptCalls).toEqual([KEY_N]);

    // a command that opens no store derives nothing
    expect(probedRun(['--data', dataDir, 'validate', 'domain', 'example.com']).probe.scryptCalls).toEqual([]);
    expect(probedRun(['--data', dataDir, '--help']).probe.scryptCalls).toEqual([]);
  }, 180_000);

  it.skipIf(process.platform === 'win32')('writes the whole of a long output into a pipe before it exits (it was cut at 64 KiB, exit 0)', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'desk');
    mkdirSync(dataDir);
    const desk = await openTestDesk(dataDir);
    // in one call (the import's batch write): 200 creations one by one were 200 transactions, each waiting on its fsync
    expect(await createClients(desk, Array.from({ length: 200 }, (_, i) => clientRecordSchema.parse(companyRecord(i + 1))))).toHaveLength(200);
    await desk.close();
    // the reader waits before it reads: the pipe is full (64 KiB) when the CLI has written and the rest is
    // queued in the process, which must not exit before it has gone out
    const cliCall = [process.execPath, join(BUNDLE_DIR, 'cli.js'), '--data', dataDir, '--json', 'entity', 'list', '--limit', '300'].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('sh', ['-c', `{ ${cliCall}; echo $? > '${join(dir, 'status')}'; } | { sleep 3; cat > '${join(dir, 'out.json')}'; }`], { env: bundleEnv(), timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'status'), 'utf8').trim()).toBe('0');
    const bytes = readFileSync(join(dir, 'out.json'));
    expect(bytes.byteLength).toBeGreaterThan(65536);
    expect((JSON.parse(bytes.toString('utf8')) as { items: unknown[] }).items).toHaveLength(200);
  }, 180_000);

  it.skipIf(process.platform === 'win32')('Ctrl-C while an output is written leaves no hidden temp file (a client\'s data in clear) beside it', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'desk');
    await deskWithClients(dataDir, 7);
    const outDir = join(dir, 'exports');
    mkdirSync(outDir);
    const child = spawn(process.execPath, ['--import', slowFsync, join(BUNDLE_DIR, 'cli.js'), '--data', dataDir, 'entity', 'export', '1', '--reveal', '--out', join(outDir, 'client.json')], { env: bundleEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
    let err = '';
    await new Promise<void>((ok) => {
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        if (err.includes('[slowFsync]')) ok();
      });
      void ended.then(() => ok());
    });
    expect(err).toContain('[slowFsync]');
    child.kill('SIGINT');
    // the flush is one synchronous step: the CLI hears the signal after it (130), or ends first having written the file whole (0)
    const { code, signal } = await ended;
    expect(signal).toBeNull();
    expect([0, 130]).toContain(code);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.part'))).toEqual([]);
    if (existsSync(join(outDir, 'client.json'))) expect(JSON.parse(readFileSync(join(outDir, 'client.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(companyRecord(7))));
  }, 180_000);

  it('the team server answers --help without opening anything', () => {
    const help = runBundle('server.js', ['--help']);
    expect(help.status).toBe(0);
    expect(help.out).toContain('--listen');
  });
});

describe('the hosts\' start (out/node/server.js, serve.js)', () => {
  it('load no package before their code runs, and by the time they are ready no PDF, image, worker pool, zip, Excel or PostgreSQL package; the key is derived once', async () => {
    // the store's code is imported after the key derivation has begun (secrets/keyAhead.ts)
    expect([...packagesLoadedAtStart('server.js')]).toEqual([]);
    expect([...packagesLoadedAtStart('serve.js')]).toEqual([]);
    const dataDir = join(tempDir(), 'desk');
    mkdirSync(dataDir);
    const desk = await openTestDesk(dataDir);
    const savedCost = process.env.BEIAN_DESK_PASSWORD_LOG2N;
    process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';
    try {
      expect(await createAccount(desk, { role: 'admin', username: 'admin', displayName: '张经理', password: 'host-start-password' })).toMatchObject({ username: 'admin', role: 'admin' });
    } finally {
      if (savedCost === undefined) delete process.env.BEIAN_DESK_PASSWORD_LOG2N;
      else process.env.BEIAN_DESK_PASSWORD_LOG2N = savedCost;
      await desk.close();
    }

    for (const [entry, args, ready] of [
      ['server.js', ['--data', dataDir, '--listen', '127.0.0.1:0'], /团队服务器已启动/],
      ['serve.js', ['--data', dataDir, '--port', '0'], /浏览器模式）已启动/],
    ] as const) {
      const probe = await probedHost(entry, [...args], ready);
      expect(probe.packages, entry).toContain('better-sqlite3');
      expect(HEAVY_PACKAGES.filter((p) => probe.packages.has(p)), entry).toEqual([]);
      expect(probe.scryptCalls, entry).toEqual([KEY_N]);
    }
  }, 180_000);
});

describe('staleness of out/node', () => {
  /** A project of its own: the builder's sources and an out/node that claims to be built from them. */
  function project(): string {
    const root = tempDir();
    mkdirSync(join(root, 'main', 'web'), { recursive: true });
    mkdirSync(join(root, 'resources', 'data'), { recursive: true });
    mkdirSync(join(root, 'electron'));
    for (const f of ['main/cli.ts', 'main/web/host.ts', 'resources/data/x.json', 'electron/node-bundle.mjs', 'package.json', 'tsconfig.json']) writeFileSync(join(root, f), '');
    return root;
  }
  const past = (root: string, file: string) => utimesSync(join(root, file), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  function stampBuilt(root: string) {
    mkdirSync(join(root, 'out', 'node'), { recursive: true });
    for (const e of Object.keys(ENTRIES)) writeFileSync(join(root, 'out', 'node', `${e}.js`), '');
    writeFileSync(join(root, 'out', 'node', 'bundle.json'), JSON.stringify({ sourcesMtime: Date.now() - 30_000, files: [] }));
  }
  function agedProject(): string {
    const root = project();
    for (const f of ['main/cli.ts', 'main/web/host.ts', 'main/web', 'main', 'resources/data/x.json', 'resources/data', 'electron/node-bundle.mjs', 'package.json', 'tsconfig.json']) past(root, f);
    stampBuilt(root);
    return root;
  }

  it('is missing without a build, fresh after one, stale after an edit', () => {
    const root = project();
    expect(bundleStaleness(root)).toBe('missing');
    const built = agedProject();
    expect(bundleStaleness(built)).toBeUndefined();
    writeFileSync(join(built, 'main', 'web', 'host.ts'), '// edited');
    expect(bundleStaleness(built)).toBe('stale');
  });

  it('is stale after a source file is deleted (its folder changed) or an entry file is gone', () => {
    const deleted = agedProject();
    rmSync(join(deleted, 'main', 'web', 'host.ts'));
    expect(bundleStaleness(deleted)).toBe('stale');
    const noEntry = agedProject();
    rmSync(join(noEntry, 'out', 'node', 'serve.js'));
    expect(bundleStaleness(noEntry)).toBe('missing');
  });

  it('is stale after the JSON data it inlines or the builder itself change', () => {
    const data = agedProject();
    writeFileSync(join(data, 'resources', 'data', 'x.json'), '{}');
    expect(bundleStaleness(data)).toBe('stale');
    const builder = agedProject();
    writeFileSync(join(builder, 'electron', 'node-bundle.mjs'), '// new');
    expect(bundleStaleness(builder)).toBe('stale');
  });
});
