// `npm start`: build what is stale, then open the desktop window when the Electron runtime and its
// database build are installed; otherwise serve the same UI through the local web host and say so.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain .mjs helper shared with the postinstall step
import { electronExecutable, prepareElectronSqlite } from './ensure-runtime.mjs';
import { electronSqliteBinding } from './nativeBinding';
import { withMallocEnv } from './malloc-env.mjs';
import { BUNDLE_DIR, ensureNodeBundle } from './node-bundle.mjs';
import { ensureRendererBuild } from './rendererBuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const buildStatus = ensureRendererBuild(root, () => process.stdout.write('[备案助手] 正在构建界面……\n'));
if (buildStatus !== 0) process.exit(buildStatus);
const exe = (electronExecutable as () => string | undefined)();
const desktopReady = exe && (electronSqliteBinding(root) || (prepareElectronSqlite as () => boolean)());
if (exe && desktopReady) {
  // started with glibc's arena limit on Linux (malloc-env.mjs), so the window's process need not restart itself
  const child = spawn(exe, [root, ...process.argv.slice(2)], { stdio: 'inherit', env: withMallocEnv() });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write(
    exe
      ? '[备案助手] 桌面版数据库组件未就绪（需联网准备一次），改为在浏览器中提供同一界面。\n'
      : '[备案助手] 未安装 Electron 运行时（离线安装时无法下载），改为在浏览器中提供同一界面。\n',
  );
  // The web host is the bundle (out/node/serve.js) run by plain node, rebuilt first if main/ changed.
  await ensureNodeBundle();
  const host = spawn(process.execPath, [join(BUNDLE_DIR, 'serve.js'), ...process.argv.slice(2)], { stdio: 'inherit', env: withMallocEnv() });
  // Ctrl+C reaches the host from the terminal itself (same process group): this process only waits for
  // it to close the store. A SIGTERM sent to this process alone is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => host.kill('SIGTERM'));
  host.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
