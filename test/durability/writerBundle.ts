// The SIGKILL tests' writer processes (crash, crashPostgres, pgKill): crash and crashPostgres kill a writer 50
// and 20 times, and every new writer loads the desk's code again, about half a second of CPU each (pgKill kills
// the server, and its one writer lives through every kill). The writer is bundled
// once per test file (esbuild) into one CommonJS file started by writerStart.cjs with a V8 code cache, and
// run by node itself: no loader process in between that SIGKILL would miss.
// Measured on the two-core machine, one writer up to its `loaded` point: the ES-module bundle 0.88 s of CPU,
// the CommonJS one 0.68 s (minified too), with the code cache 0.57 s (minified or not).
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const starter = join(here, 'writerStart.cjs');

/** Bundles a writer (a .ts file in this folder) for this test process; returns the bundle's path. */
export async function buildWriter(entry: string): Promise<string> {
  const name = entry.replace(/\.ts$/, '');
  // inside the project so the bundle's `require('better-sqlite3')` resolves from node_modules
  const bundle = join(root, 'node_modules', '.cache', 'beian-desk', `${name}-${process.pid}.cjs`);
  await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    // not minified: with the code cache a minified bundle started no faster, and it took esbuild longer to make
    // the desk finds its packages' files (wasm, models, fonts) from its own address
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    external: ['better-sqlite3', 'pg', 'sharp', 'piscina'],
    logLevel: 'silent',
    plugins: [loadedOnFirstUse],
  });
  return bundle;
}

/**
 * Packages the desk imports that a writer's loop never calls: each is a stub in the bundle that loads the
 * real package the first time one of its exports is read (the same code, so a writer that does need it —
 * a PDF material, say — still runs it). pdf-lib builds its standard fonts' tables when it is loaded: a
 * writer up to its `loaded` point took 0.71 s of CPU with it and 0.59 s without (six runs each, alternated,
 * load 19), and the SIGKILL files start 90 writers.
 */
const LOADED_ON_FIRST_USE = new Set(['pdf-lib']);
const requireHere = createRequire(join(root, 'package.json'));
const loadedOnFirstUse: Plugin = {
  name: 'loaded-on-first-use',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) => {
      if (!LOADED_ON_FIRST_USE.has(a.path)) return undefined;
      // the stub's own require is the real package, left to node (it resolves from node_modules/.cache)
      if (a.namespace === 'loaded-on-first-use') return { path: a.path, external: true };
      return { path: a.path, namespace: 'loaded-on-first-use' };
    });
    b.onLoad({ filter: /.*/, namespace: 'loaded-on-first-use' }, (a) => {
      const names = Object.keys(requireHere(a.path) as object);
      const get = (name: string) => `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`;
      const contents = ['let real;', `const load = () => (real ??= require(${JSON.stringify(a.path)}));`, "Object.defineProperty(exports, '__esModule', { value: true });", ...names.map(get)].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

/** A writer started ahead of its life: its code loads while the previous writer runs. */
export interface Writer {
  child: ChildProcess;
  /** Its code is loaded and it waits for `go`; rejects if it ended before. */
  loaded: Promise<void>;
  /** Each line it prints after `loaded`. */
  onLine: (line: string) => void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  err: () => string;
}

/** Every writer started by this test process, killed by killWriters() whatever happened. */
const writers = new Set<ChildProcess>();

/** node's arguments that start a writer bundle with its code cache. */
export const writerArgs = (bundle: string, args: string[]): string[] => [starter, bundle, ...args];

/** Starts a writer (its stdin a pipe: it waits for `go` there, writerLoaded.ts). */
export function spawnWriter(bundle: string, args: string[]): Writer {
  const child = spawn(process.execPath, writerArgs(bundle, args), { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  writers.add(child);
  let buf = '';
  let err = '';
  let loaded!: () => void;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.on('exit', (code, signal) => ok({ code, signal })));
  const early = exited.then(({ code }) => Promise.reject(new Error(`writer ended before it was loaded (${code}): ${err}`)));
  const w: Writer = { child, loaded: Promise.race([new Promise<void>((ok) => (loaded = ok)), early]), onLine: () => {}, exited, err: () => err };
  // a writer started ahead and killed after the test (it timed out or failed) is never waited for
  w.loaded.catch(() => {});
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const line of lines) {
      if (line === 'loaded') loaded();
      else w.onLine(line);
    }
  });
  return w;
}

/**
 * One life of a crash test's writer: told to go with its clients numbered from start + 1, killed lifeMs
 * after it is ready, or (afterFirstCommit) lifeMs after its first committed client. Every line it prints
 * goes to onReport as kind, id, value. Resolves with the last client number it reported.
 */
export async function runAndKill(w: Writer, start: number, lifeMs: number, afterFirstCommit: boolean, onReport: (kind: string, id: string, value: string) => void): Promise<number> {
  await w.loaded;
  let last = start;
  w.onLine = (line) => {
    const [kind, id, value] = line.split(' ') as [string, string, string];
    if (kind === 'ready' && !afterFirstCommit) setTimeout(() => w.child.kill('SIGKILL'), lifeMs);
    else if (kind === 'client') {
      if (afterFirstCommit && last === start) setTimeout(() => w.child.kill('SIGKILL'), lifeMs);
      last = Math.max(last, Number(value));
    }
    onReport(kind, id, value);
  };
  w.child.stdin!.write(`go ${start}\n`);
  const { code, signal } = await w.exited;
  if (signal !== 'SIGKILL') throw new Error(`writer ended by itself (${code}): ${w.err()}`);
  return last;
}

export function killWriters(): void {
  for (const w of writers) w.kill('SIGKILL');
  writers.clear();
}

export function removeWriter(bundle: string): void {
  rmSync(bundle, { force: true });
  rmSync(`${bundle}.v8cache`, { force: true });
}
