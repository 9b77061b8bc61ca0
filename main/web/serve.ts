// `npm start` without an Electron runtime, and the UI tests: open the data folder, serve UI + API.
import { parseArgs } from 'node:util';
import { openingError } from '../db/storeError';
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';
import { resolveDataDir } from '../paths';
import { deriveKeyAhead } from '../secrets/keyAhead';
import { closeOnSignals, rendererDirOf } from './hostProcess';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' }, renderer: { type: 'string' } } });
  const dataDir = resolveDataDir(values.data);
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
  const host = await startWebHost({ router: createRouter(desk), rendererDir: rendererDirOf(values.renderer), port: values.port ? Number(values.port) : 0 });
  process.stdout.write(`数据目录：${dataDir}\n`);
  // The only place the token is shown: the operator needs this address to open the UI.
  process.stdout.write(`备案助手（浏览器模式）已启动，请在浏览器中打开：${host.openUrl}\n`);
  closeOnSignals(host, desk);
}

void main();
