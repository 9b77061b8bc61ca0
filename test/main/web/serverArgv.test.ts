// `npm run server -- --database …`: a password in the address would be readable by every local user in
// the process list, so the server refuses to start with one and says where the password goes instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers';

const root = join(__dirname, '..', '..', '..');

describe('the team server’s command line', () => {
  it('refuses to start with a password in --database, without opening the data folder, and does not print the password', () => {
    const dataDir = join(tempDir(), 'never-created');
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'main', 'web', 'server.ts'), '--data', dataDir, '--database', 'postgres://desk:s3cret@127.0.0.1:5432/beian', '--listen', '127.0.0.1:0'], {
      encoding: 'utf8',
      env: { ...process.env, BEIAN_DESK_PASSPHRASE: 'never-used-passphrase' },
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('数据库地址中含有密码');
    expect(r.stderr).toContain('PGPASSWORD');
    expect(r.stdout + r.stderr).not.toContain('s3cret');
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});
