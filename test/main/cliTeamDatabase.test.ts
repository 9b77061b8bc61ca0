// `--database postgres://…`: the CLI (and `npm run server`, through the same opener) works on a team
// database, the keyring staying in the data folder; the first 管理员 made this way logs in on the server's store.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { DB_FILE_NAME } from '../../main/db/open';
import { openPostgresStore } from '../../main/db/openPostgres';
import { redactDatabaseUrl } from '../../main/db/storeLocation';
import { Desk } from '../../main/desk';
import { login } from '../../main/services/accounts';
import { tempDir, TEST_PASSPHRASE } from '../helpers';
import { createTestDatabase, describePostgres } from '../support/pgTestDatabase';

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';

function io(stdin: string) {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => (out += t), err: (t: string) => (err += t), stdin: async () => stdin }, text: () => out + err };
}

describe('naming the database', () => {
  it('refuses an address that is neither SQLite nor postgres://, without creating the data folder, and never prints a password', async () => {
    const dataDir = `${tempDir()}/never-created`;
    const r = io('');
    expect(await runCli(['--data', dataDir, '--database', 'mysql://admin:s3cret@db/desk', 'account', 'list'], r.io)).toBe(1);
    expect(r.text()).toContain('无法识别的数据库地址');
    expect(r.text()).not.toContain('s3cret');
    expect(existsSync(dataDir)).toBe(false);
    expect(redactDatabaseUrl('postgres://desk:s3cret@10.0.0.5:5432/beian')).toBe('postgres://desk:***@10.0.0.5:5432/beian');
  });
});

describe('a database password on the command line', () => {
  for (const [name, args] of [
    ['account list', ['account', 'list']],
    ['move-to-server', ['move-to-server']],
    ['backup restore', ['backup', 'restore', 'x.bdbackup']],
  ] as const) {
    it(`refuses ${name} with a password in --database (user:password@ or ?password=), saying to use PGPASSWORD or PGPASSFILE, before anything is opened`, async () => {
      for (const url of ['postgres://desk:s3cret@10.0.0.5:5432/beian', 'postgresql://desk@10.0.0.5/beian?password=s3cret']) {
        const dataDir = `${tempDir()}/never-created`;
        const r = io('');
        expect(await runCli(['--data', dataDir, '--database', url, ...args], r.io)).toBe(1);
        expect(r.text()).toContain('数据库地址中含有密码');
        expect(r.text()).toContain('PGPASSWORD');
        expect(r.text()).toContain('PGPASSFILE');
        expect(r.text()).not.toContain('s3cret');
        expect(existsSync(dataDir)).toBe(false);
      }
    });
  }

  it('lets an address without a password through to the opener (an empty password is none)', async () => {
    const r = io('');
    expect(await runCli(['--data', `${tempDir()}/never-created`, '--database', 'postgres://desk:@10.0.0.5:1/beian', 'move-to-server'], r.io)).toBe(1);
    expect(r.text()).not.toContain('数据库地址中含有密码');
  });
});

describePostgres('the CLI on a team database', () => {
  it('creates the first 管理员 in the team database, migrating it on first use, and the server’s store lets it log in', async () => {
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    const { url } = await createTestDatabase();
    const dataDir = tempDir();
    const add = io('First-Admin-Pass\n');
    expect(await runCli(['--data', dataDir, '--database', url, 'account', 'add', '--role', 'admin', '--username', 'Boss', '--name', '老板'], add.io)).toBe(0);
    expect(add.text()).toContain('已新建账户 boss（老板，管理员）');
    const list = io('');
    expect(await runCli(['--data', dataDir, '--database', url, 'account', 'list'], list.io)).toBe(0);
    expect(list.text()).toContain('boss  老板  管理员');
    // the folder holds the keyring; the account is in PostgreSQL, no SQLite file was made beside it
    expect(existsSync(join(dataDir, 'keyring.json'))).toBe(true);
    expect(existsSync(join(dataDir, DB_FILE_NAME))).toBe(false);
    // the desk's backup command covers a team database: pg_dump into one verified file, restored with
    // --database into an empty team database, where the account logs in again
    const out = join(tempDir(), 'team.bdbackup');
    const backup = io('');
    expect(await runCli(['--data', dataDir, '--database', url, 'backup', 'create', '--out', out], backup.io)).toBe(0);
    expect(backup.text()).toContain('已写出并校验备份');
    expect(existsSync(out)).toBe(true);
    const copy = await createTestDatabase();
    const copyDir = join(tempDir(), 'restored');
    const restore = io('');
    expect(await runCli(['--data', copyDir, '--database', copy.url, 'backup', 'restore', out], restore.io)).toBe(0);
    expect(restore.text()).toContain('已恢复团队数据库');
    const again = io('');
    expect(await runCli(['--data', join(tempDir(), 'again'), '--database', copy.url, 'backup', 'restore', out], again.io)).toBe(1);
    expect(again.text()).toContain('恢复只写入空数据库');
    const restored = await Desk.open({ dataDir: copyDir, kdfLog2n: 12, store: await openPostgresStore(copy.url) });
    try {
      await restored.vault.unlock(TEST_PASSPHRASE);
      expect((await login(restored, 'boss', 'First-Admin-Pass')).caller.role).toBe('admin');
    } finally {
      await restored.close();
    }
    const desk = await Desk.open({ dataDir, kdfLog2n: 12, store: await openPostgresStore(url) });
    try {
      await desk.vault.unlock(TEST_PASSPHRASE);
      expect((await login(desk, 'boss', 'First-Admin-Pass')).caller.role).toBe('admin');
    } finally {
      await desk.close();
    }
  });
});
