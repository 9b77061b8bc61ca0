// postinstall: fetch the Electron runtime ourselves, tolerating failure. package.json's allowScripts keeps
// npm from running electron's own download script, which fails the whole install on a machine without
// internet. Here a failed download only means `npm start` serves the same UI in the browser instead.
// When the runtime is present, prepare a better-sqlite3 build for Electron's ABI beside the Node one.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const say = (msg) => process.stdout.write(`[备案助手] ${msg}\n`);

export function electronExecutable() {
  try {
    const rel = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const exe = join(electronDir, 'dist', rel);
    return existsSync(exe) ? exe : undefined;
  } catch {
    return undefined;
  }
}

function electronVersion() {
  return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
}

function downloadRuntime() {
  if (electronExecutable()) return true;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || process.env.CI) {
    say('跳过 Electron 运行时下载（ELECTRON_SKIP_BINARY_DOWNLOAD 或 CI）。npm start 将在浏览器中提供界面。');
    return false;
  }
  say('正在下载 Electron 运行时……');
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  if (r.status === 0 && electronExecutable()) return true;
  say('未能下载 Electron 运行时（可能处于离线环境）。npm start 将改为在浏览器中提供同一界面；联网后重新运行 npm install 即可使用桌面窗口。');
  return false;
}

/** better-sqlite3 built for Electron's ABI in node_modules/.cache, loaded by the desktop app only. */
export function prepareElectronSqlite() {
  const version = electronVersion();
  const target = join(root, 'node_modules', '.cache', 'beian-desk', 'electron-native');
  const stamp = join(target, 'electron-version.txt');
  const binary = join(target, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === version) return true;
  const work = `${target}.part`;
  rmSync(work, { recursive: true, force: true });
  const pkgDir = join(work, 'node_modules', 'better-sqlite3');
  mkdirSync(dirname(pkgDir), { recursive: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), pkgDir, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
  for (const dep of ['bindings', 'file-uri-to-path']) {
    const from = join(root, 'node_modules', dep);
    if (existsSync(from)) cpSync(from, join(work, 'node_modules', dep), { recursive: true });
  }
  const env = { ...process.env, npm_config_nodedir: '' };
  let r = spawnSync(process.execPath, [join(root, 'node_modules', 'prebuild-install', 'bin.js'), '--runtime', 'electron', '--target', version, '--arch', process.arch], { cwd: pkgDir, env, stdio: 'ignore', timeout: 300_000 });
  if (r.status !== 0) {
    const gyp = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    r = existsSync(gyp)
      ? spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: pkgDir, env, stdio: 'ignore', timeout: 600_000 })
      : r;
  }
  if (r.status !== 0 || !existsSync(join(pkgDir, 'build', 'Release', 'better_sqlite3.node'))) {
    rmSync(work, { recursive: true, force: true });
    say('未能为桌面版准备数据库组件（better-sqlite3 / Electron）。npm start 将在浏览器中提供界面。');
    return false;
  }
  writeFileSync(join(work, 'electron-version.txt'), version);
  rmSync(target, { recursive: true, force: true });
  renameSync(work, target);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (existsSync(electronDir) && downloadRuntime()) {
      if (prepareElectronSqlite()) say('桌面版已就绪：npm start 将打开备案助手窗口。');
    }
  } catch (err) {
    say(`准备桌面运行时出错（${err instanceof Error ? err.message : err}）；npm start 将在浏览器中提供界面。`);
  }
  process.exit(0);
}
