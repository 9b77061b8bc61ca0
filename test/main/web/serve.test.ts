// `npm start` in browser mode (serve.ts) given a busy or a bad --port: a Chinese line saying which port and
// what to do, exit 1, and the store closed — not Node's English stack from an unhandled rejection.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers';

const root = join(__dirname, '..', '..', '..');

function serve(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'main', 'web', 'serve.ts'), '--data', dataDir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BEIAN_DESK_PASSPHRASE: 'test-passphrase-1', BEIAN_DESK_KDF_LOG2N: '12' },
    timeout: 60_000,
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
