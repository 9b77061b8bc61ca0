// The UI's production build (out/renderer): rebuilt with electron-vite when any of its sources is newer
// than it. `npm start` (launch.ts) and the UI benchmark (test/bench/ui.ts) both serve that build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the UI when it is stale (`announce` is called first) and returns the build's exit status, 0 when nothing was to do. */
export function ensureRendererBuild(root: string, announce: () => void): number {
  const built = join(root, 'out', 'renderer', 'index.html');
  const sources = Math.max(...['renderer', 'main', 'electron', 'resources'].map((d) => newestMtime(join(root, d))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return 0;
  announce();
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
}
