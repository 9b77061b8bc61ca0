// better-sqlite3 is not N-API: the desktop app loads a copy built for Electron's ABI, prepared at install
// time by electron/ensure-runtime.mjs, while Node (CLI, tests) keeps the default build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ELECTRON_NATIVE_DIR = join('node_modules', '.cache', 'beian-desk', 'electron-native');

export function electronSqliteBinding(appRoot: string): string | undefined {
  const dir = join(appRoot, ELECTRON_NATIVE_DIR);
  const stamp = join(dir, 'electron-version.txt');
  const file = join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(file) || !existsSync(stamp)) return undefined;
  return readFileSync(stamp, 'utf8').trim() === process.versions.electron ? file : undefined;
}
