// `npm start` without an Electron runtime, and the UI tests: open the data folder, serve UI + API.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeskError } from '../domain/errors';
import { createRouter } from '../api/router';
import { Desk } from '../desk';
import { resolveDataDir } from '../paths';
import { startWebHost } from './host';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_RENDERER_DIR = resolve(here, '../../out/renderer');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string' }, renderer: { type: 'string' } } });
  const dataDir = resolveDataDir(values.data);
  let desk: Desk;
  try {
    desk = await Desk.open({ dataDir });
  } catch (err) {
    process.stderr.write(`${err instanceof DeskError ? err.message : '无法打开数据目录'}\n`);
    process.exit(1);
  }
  if (process.env.BEIAN_DESK_PASSPHRASE) {
    // For scripts: start unlocked. Interactive users unlock in the page.
    try {
      if (desk.vault.state() === 'uninitialised') await desk.vault.setup(process.env.BEIAN_DESK_PASSPHRASE);
      else await desk.vault.unlock(process.env.BEIAN_DESK_PASSPHRASE);
    } catch (err) {
      process.stderr.write(`${err instanceof DeskError ? err.message : '解锁失败'}（BEIAN_DESK_PASSPHRASE）\n`);
      process.exit(1);
    }
  }
  const rendererDir = values.renderer ? resolve(values.renderer) : DEFAULT_RENDERER_DIR;
  if (!existsSync(join(rendererDir, 'index.html'))) process.stderr.write(`提示：未找到已构建的界面（${rendererDir}），请先运行 npm run build。\n`);
  const host = await startWebHost({ router: createRouter(desk), rendererDir, port: values.port ? Number(values.port) : 0 });
  process.stdout.write(`数据目录：${dataDir}\n`);
  // The only place the token is shown: the operator needs this address to open the UI.
  process.stdout.write(`备案助手（浏览器模式）已启动，请在浏览器中打开：${host.openUrl}\n`);
  const stop = () => {
    void host.close().then(async () => {
      await desk.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
