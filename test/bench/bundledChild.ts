// A bench section that times the desk's own code runs it as the app does: bundled (esbuild, no tsx at run time,
// as electron/node-bundle.mjs builds the CLI, the server and the worker), in a process of its own. The child is
// bundled into out/node beside the built worker (taskWorker.js), so the pool it starts runs the built worker too:
// from the sources each worker would run through tsx, whose `keepNames` names every function made in a hot loop
// again (check-all at 100 000 clients on a team database: ≈ 1–1.5 s of the desk's CPU a cold run, stop 40).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_DIR, ensureNodeBundle, ROOT } from '../../electron/node-bundle.mjs';
import { seedCacheEnv } from './seededStores';

/** `source` (a file beside this one) bundled into out/node, the built bundle made current first; the caller removes the file. */
export async function bundleBenchChild(source: string, name: string): Promise<string> {
  await ensureNodeBundle();
  const { build } = await import('esbuild');
  const outfile = join(BUNDLE_DIR, `.${name}-bench-${process.pid}.js`);
  const entry = fileURLToPath(new URL(source, import.meta.url));
  await build({ absWorkingDir: ROOT, entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'silent' });
  return outfile;
}

/** Runs `source` bundled (bundleBenchChild) with these arguments, its output printed as it comes, the seeded stores shared (seededStores.ts); throws when it fails. */
export async function runBundledSection(source: string, name: string, args: readonly string[]): Promise<void> {
  const child = await bundleBenchChild(source, name);
  try {
    const r = spawnSync(process.execPath, [child, ...args], { stdio: 'inherit', env: { ...process.env, ...seedCacheEnv() } });
    if (r.status !== 0) throw new Error(`${name} bench (bundled) failed: exit ${r.status ?? r.signal}`);
  } finally {
    rmSync(child, { force: true });
  }
}
