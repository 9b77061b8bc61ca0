// `npm start` without an Electron runtime, and the UI tests: open the data folder, serve UI + API.
import { parseArgs } from 'node:util';
import { openingError } from '../db/storeError';
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';
import { resolveDataDir } from '../paths';
import { deriveKeyAhead } from '../secrets/keyAhead';
import { closeOnSignals, rendererDirOf } from './hostProcess';

/** --port as given (0 or none: a free port, printed at start); refused before the data folder is opened. */
function portOf(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (Number.isInteger(port) && port <= 65535) return port;
  process.stderr.write(`端口应为 0–65535 的整数（收到“${value.slice(0, 20)}”），例如 --port 8080；0 表示任选一个空闲端口\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { data?: string; port?: string; renderer?: string };
  try {
    ({ values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' }, renderer: { type: 'string' } } }));
  } catch {
    process.stderr.write('命令行参数有误：可用 --data 数据目录、--port 端口（0–65535 的整数）、--renderer 界面目录\n');
    process.exit(1);
  }
  const dataDir = resolveDataDir(values.data);
  const port = portOf(values.port);
  let desk: Desk;
  try {
    // the store's code is loaded only after the derivation has begun
    deriveKeyAhead(dataDir, process.env.BEIAN_DESK_PASSPHRASE);
    const [{ Desk }, { migrationProgressPrinter }] = await Promise.all([import('../desk'), import('../db/migrations/progressText')]);
    desk = await Desk.open({ dataDir, onMigrationProgress: migrationProgressPrinter((t) => process.stdout.write(t)) });
  } catch (err) {
    const known = openingError(err, dataDir);
    process.stderr.write(`${known instanceof DeskError ? known.message : `无法打开数据目录“${dataDir}”`}\n`);
    process.exit(1);
  }
  // For scripts: start unlocked. Interactive users unlock in the page.
  const unlockFromEnv = async (passphrase = process.env.BEIAN_DESK_PASSPHRASE) => {
    if (!passphrase) return;
    if (desk.vault.state() === 'uninitialised') await desk.vault.setup(passphrase);
    else await desk.vault.unlock(passphrase);
  };
  const unlocked = unlockFromEnv();
  // the key is derived off this thread (Vault.unlock): the router, every service and the contract's
  // schemas load meanwhile instead of after it
  const serving = Promise.all([import('../api/router'), import('./host')]);
  try {
    await unlocked;
  } catch (err) {
    // the vault's refusals are about the passphrase given; unlocking also writes (the re-seal of a legacy
    // store), so a full disk or a damaged store is said as such
    const known = openingError(err, dataDir);
    const said = err instanceof DeskError ? `${err.message}（BEIAN_DESK_PASSPHRASE）` : known instanceof DeskError ? known.message : '解锁失败（BEIAN_DESK_PASSPHRASE）';
    process.stderr.write(`${said}\n`);
    process.exit(1);
  }
  const [{ createRouter }, { startWebHost }] = await serving;
  let host;
  try {
    host = await startWebHost({ router: createRouter(desk), rendererDir: rendererDirOf(values.renderer), port });
  } catch (err) {
    await desk.close();
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(
      `${code === 'EADDRINUSE' ? `端口 ${port} 已被占用：请关闭占用它的程序，或用 --port 换一个端口（0 表示任选空闲端口）` : code === 'EACCES' ? `没有权限监听端口 ${port}（1024 以下的端口需要管理员权限）：请用 --port 换一个端口` : `无法在 127.0.0.1:${port} 上启动浏览器模式${code ? `（${code}）` : ''}：请用 --port 换一个端口后重试`}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`数据目录：${dataDir}\n`);
  // The only place the token is shown: the operator needs this address to open the UI.
  process.stdout.write(`备案助手（浏览器模式）已启动，请在浏览器中打开：${host.openUrl}\n`);
  closeOnSignals(host, desk);
}

void main();
