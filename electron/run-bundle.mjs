// `npm run cli` / `npm run server`: runs out/node/<name>.js with plain node, rebuilt first when main/ has
// changed since it was built (electron/node-bundle.mjs; checking costs a few milliseconds of stat calls).
//
//   node electron/run-bundle.mjs cli|server|serve [arguments…]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lacksMallocEnv, runsImageWork, withMallocEnv } from './malloc-env.mjs';
import { BUNDLE_DIR, ENTRIES, ensureNodeBundle } from './node-bundle.mjs';

const [name, ...args] = process.argv.slice(2);
if (!name || !(name in ENTRIES) || name === 'taskWorker') {
  process.stderr.write('用法：node electron/run-bundle.mjs cli|server|serve [参数…]\n');
  process.exit(2);
}
// A process that will run photo work starts again with glibc's arena limit (malloc-env.mjs), which counts
// only from a process's start; the other CLI commands skip that second start.
if (lacksMallocEnv() && runsImageWork(name, args)) {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name, ...args], { stdio: 'inherit', env: withMallocEnv() });
  // Ctrl+C reaches the child from the terminal itself (same process group); a SIGTERM sent here is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await runBundle();
}

/** The bundle in this process, rebuilt first when stale. */
async function runBundle() {
  try {
    await ensureNodeBundle();
  } catch (err) {
    process.stderr.write(`[备案助手] 未能构建命令行与服务器：${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  // The bundle sees itself as the program that was started, with its own arguments after it.
  const entry = join(BUNDLE_DIR, `${name}.js`);
  process.argv = [process.argv[0], entry, ...args];
  await import(pathToFileURL(entry).href);
}
