// `npm start` without Electron (main/web/serve.ts): a busy or a bad --port, or a data folder whose store refuses,
// is said in Chinese — which port or folder and what to do — with exit 1 and the store closed; never Node's
// English stack from an unhandled rejection, nor 解锁失败 / 无法打开数据目录 alone.
// Run as `npm start` runs it without Electron: the bundle out/node/serve.js under plain node (rebuilt here
// when main/ is newer than it, as electron/run-bundle.mjs does). Through tsx each start compiled the
// host's sources again: about 2 s of CPU a start, seven starts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIR, ensureNodeBundle } from '../../../electron/node-bundle.mjs';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';
import { folderWithDamagedClientTable } from '../../support/damagedStore';

beforeAll(async () => {
  await ensureNodeBundle();
}, 180_000);

function serve(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(BUNDLE_DIR, 'serve.js'), '--data', dataDir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BEIAN_DESK_PASSPHRASE: TEST_PASSPHRASE, BEIAN_DESK_KDF_LOG2N: '12' },
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
}

describe('browser mode’s --port', () => {
  it('says a busy port is taken, closes the store and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dataDir = join(tempDir(), 'data');
      const r = serve(dataDir, '--port', String(port));
      expect(r.stderr).toContain(`端口 ${port} 已被占用`);
      expect(r.stderr).not.toMatch(/EADDRINUSE|Error:|\n\s+at /);
      expect(r.status).toBe(1);
      // the store was opened, then closed: SQLite folds its write-ahead log back and removes it on a clean close
      expect(existsSync(join(dataDir, 'beian-desk.sqlite'))).toBe(true);
      expect(existsSync(join(dataDir, 'beian-desk.sqlite-wal'))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it.each(['--port abc', '--port 70000', '--port=-1', '--port 8080x', '--prot 8080'])('refuses “%s” with the range it takes, before opening the data folder', (args) => {
    const dataDir = join(tempDir(), 'never-created');
    const r = serve(dataDir, ...args.split(' '));
    expect(r.stderr).toMatch(/端口应为 0–65535 的整数|--port 端口（0–65535 的整数）/);
    expect(r.stderr).not.toMatch(/ERR_SOCKET_BAD_PORT|RangeError|\n\s+at /);
    expect(r.status).toBe(1);
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});

describe('the web host started on a damaged store', () => {
  it('unlocking from BEIAN_DESK_PASSPHRASE meets the damaged page: a damaged database to restore from a backup, and exit 1', async () => {
    const dir = await folderWithDamagedClientTable();
    const run = serve(dir, '--port', '0');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`数据目录“${dir}”中的数据库已损坏（SQLITE_CORRUPT），无法继续使用，请从备份恢复`);
    expect(run.stderr).not.toContain('解锁失败');
    expect(run.stderr).not.toContain('BEIAN_DESK_PASSPHRASE'); // nothing about the passphrase was wrong
  }, 90_000);
});
