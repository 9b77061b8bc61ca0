// The SIGKILL tests' writer processes (crash, crashPostgres, pgKill): each test kills a writer 20–50 times,
// and every new writer loads the desk's code again, about half a second of CPU each. The writer is bundled
// once per test file (esbuild) into one CommonJS file started by writerStart.cjs with a V8 code cache, and
// run by node itself: no loader process in between that SIGKILL would miss.
// Measured on the two-core machine, one writer up to its `loaded` point: the ES-module bundle 0.88 s of CPU,
// the CommonJS one 0.68 s, with the code cache 0.57 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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
    minify: true,
    // the desk finds its packages' files (wasm, models, fonts) from its own address
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    external: ['better-sqlite3', 'pg', 'sharp', 'piscina'],
    logLevel: 'silent',
  });
  return bundle;
}

/** Starts a writer; its stdin is a pipe (the writers wait for `go` there). */
export function startWriter(bundle: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [starter, bundle, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function removeWriter(bundle: string): void {
  rmSync(bundle, { force: true });
  rmSync(`${bundle}.v8cache`, { force: true });
}
