// The CLI, the team server and the browser-mode host as plain-node bundles in out/node/ (esbuild): our own
// code bundled, one chunk per module group so a command that is not run is not loaded. Packages stay in
// node_modules (native modules, wasm and model files stay where they are and are found from there), but for
// the few plain-JavaScript ones every store-opening start loads (INLINED_PACKAGES): those are bundled too.
// Built by the install step (postinstall) and by `npm run build`; electron/run-bundle.mjs rebuilds a
// stale bundle before it runs one, so an edit to main/ never runs old code.
//
//   node electron/node-bundle.mjs   build now (what postinstall and `npm run build` do)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
export const ROOT = join(dirname(here), '..');
export const BUNDLE_DIR = join(ROOT, 'out', 'node');
/** Written last by a build: what it contains and the newest source it was built from. */
const STAMP = 'bundle.json';

/** Entry name → source; out/node/<name>.js. taskWorker is the worker thread main/jobs/pool.ts starts beside its chunk. */
export const ENTRIES = {
  cli: 'main/cli.ts',
  server: 'main/web/server.ts',
  serve: 'main/web/serve.ts',
  taskWorker: 'main/jobs/taskWorker.ts',
};

/**
 * Plain JavaScript without files of its own to find at run time, loaded by every command that opens the
 * store (commander by every command): bundled into the chunks. Node resolves, reads and compiles a package's
 * files one by one, and kysely is 280 small ES modules: loading it from node_modules took 0.7–0.8 s of a
 * read command's start on the loaded two-core machine, the same code from one chunk about 0.13 s.
 * Everything else (native modules, wasm, models, fonts, and what only some commands load) stays external.
 */
export const INLINED_PACKAGES = ['kysely', 'zod', 'dayjs', 'commander'];

/** The package a bare import names: `dayjs/plugin/utc.js` → dayjs, `@pdf-lib/fontkit` → @pdf-lib/fontkit. */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** Bare imports are left to node_modules unless their package is one of INLINED_PACKAGES. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (INLINED_PACKAGES.includes(packageOf(args.path)) ? undefined : { path: args.path, external: true }));
  },
};

/** What a bundle is made of: main/ (the code), resources/data (JSON inlined), this builder and the package manifest. */
const SOURCES = ['main', join('resources', 'data'), join('electron', 'node-bundle.mjs'), 'package.json', 'tsconfig.json'];

/**
 * Newest mtime of a file or tree. Folders count too: deleting or renaming a file changes its folder's
 * mtime, which no remaining file shows.
 */
function newestMtime(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  let newest = st.mtimeMs;
  if (st.isDirectory()) {
    for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function newestSource(root = ROOT) {
  return Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
}

function readStamp(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Why the bundle cannot be run as it is, or undefined when it can: missing, or built before the newest
 * source was last changed. A few hundred stat calls (a few milliseconds), no hashing.
 */
export function bundleStaleness(root = ROOT) {
  const dir = join(root, 'out', 'node');
  const stamp = readStamp(dir);
  if (!stamp || !Object.keys(ENTRIES).every((e) => existsSync(join(dir, `${e}.js`)))) return 'missing';
  return newestSource(root) > stamp.sourcesMtime ? 'stale' : undefined;
}

/**
 * Builds into a folder of its own, then moves the files into out/node one by one (chunks, then entries,
 * then the stamp), each by rename. Chunk names carry a content hash, so a process still running the
 * previous build finds its chunks: those of the previous build are kept, older ones removed.
 */
export async function buildNodeBundle(root = ROOT) {
  const { build } = await import('esbuild');
  // sources read after this instant may be newer than the stamp says: the next run rebuilds then
  const sourcesMtime = newestSource(root);
  const outDir = join(root, 'out', 'node');
  const work = join(root, 'out', `.node-${process.pid}-${Date.now()}`);
  rmSync(work, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, src]) => [name, join(root, src)])),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      plugins: [externalPackages],
      // an inlined CommonJS package (commander) requires node's own modules: esbuild's shim calls this require
      banner: { js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);" },
      splitting: true,
      outdir: work,
      chunkNames: 'chunk-[hash]',
      logLevel: 'silent',
      metafile: true,
    });
    const files = Object.keys(result.metafile.outputs).map((f) => f.split('/').pop());
    writeFileSync(join(work, STAMP), JSON.stringify({ sourcesMtime, files }));
    mkdirSync(outDir, { recursive: true });
    const previous = readStamp(outDir);
    const entryFiles = new Set(Object.keys(ENTRIES).map((e) => `${e}.js`));
    for (const f of files.filter((f) => !entryFiles.has(f))) renameSync(join(work, f), join(outDir, f));
    for (const f of files.filter((f) => entryFiles.has(f))) renameSync(join(work, f), join(outDir, f));
    renameSync(join(work, STAMP), join(outDir, STAMP));
    const keep = new Set([...files, ...(previous?.files ?? []), STAMP]);
    for (const f of readdirSync(outDir)) if (!keep.has(f)) rmSync(join(outDir, f), { force: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Builds when stale or missing; returns whether it did. */
export async function ensureNodeBundle(root = ROOT, say = (msg) => process.stderr.write(`[备案助手] ${msg}\n`)) {
  const why = bundleStaleness(root);
  if (!why) return false;
  say(why === 'missing' ? '正在构建命令行与服务器……' : '源代码已修改，正在重新构建命令行与服务器……');
  await buildNodeBundle(root);
  return true;
}

if (process.argv[1] && here === process.argv[1]) {
  try {
    await buildNodeBundle();
  } catch (err) {
    // esbuild prints each error with file and line; a missing esbuild (an install without dev
    // dependencies) is said plainly
    const errors = err?.errors ?? [];
    for (const e of errors) process.stderr.write(`${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}\n`);
    if (!errors.length) process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.stderr.write('[备案助手] 未能构建命令行与服务器（out/node）。\n');
    process.exit(1);
  }
}
