// `account add` / `account list` / `account password`: the first 管理员 of a team server made from the
// CLI, the password read from standard input (never an argument), never echoed.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { listAccounts, recordFailedLogin } from '../../main/db/repositories/accounts';
import { Desk } from '../../main/desk';
import { login } from '../../main/services/accounts';
import { tempDir, TEST_PASSPHRASE } from '../helpers';

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';

function io(stdin: string) {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => (out += t), err: (t: string) => (err += t), stdin: async () => stdin }, text: () => out + err };
}

describe('account commands', () => {
  it('creates the first 管理员 with the password from standard input, and it can log in', async () => {
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    const dataDir = tempDir();
    const a = io('First-Admin-Pass\nignored second line\n');
    expect(await runCli(['--data', dataDir, 'account', 'add', '--role', 'admin', '--username', 'Boss', '--name', '老板'], a.io)).toBe(0);
    expect(a.text()).toContain('已新建账户 boss（老板，管理员）');
    expect(a.text()).not.toContain('First-Admin-Pass');
    const list = io('');
    expect(await runCli(['--data', dataDir, 'account', 'list'], list.io)).toBe(0);
    expect(list.text()).toContain('boss  老板  管理员');
    const desk = await Desk.open({ dataDir, kdfLog2n: 12 });
    try {
      await desk.vault.unlock(TEST_PASSPHRASE);
      expect((await login(desk, 'boss', 'First-Admin-Pass')).caller.role).toBe('admin');
    } finally {
      await desk.close();
    }
  });

  it('lists a locked account with the time its lock ends in China time, not the UTC the store keeps', async () => {
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    const dataDir = tempDir();
    expect(await runCli(['--data', dataDir, 'account', 'add', '--role', 'admin', '--username', 'boss', '--name', '老板'], io('First-Admin-Pass\n').io)).toBe(0);
    const desk = await Desk.open({ dataDir, kdfLog2n: 12 });
    try {
      await desk.vault.unlock(TEST_PASSPHRASE);
      const [boss] = await listAccounts(desk.ctx);
      // 17:30 UTC is 01:30 the next day in China
      await desk.sql.tx(() => recordFailedLogin(desk.ctx, boss!.id, 0, '2099-03-01T17:30:00.000Z'));
    } finally {
      await desk.close();
    }
    const list = io('');
    expect(await runCli(['--data', dataDir, 'account', 'list'], list.io)).toBe(0);
    expect(list.text()).toContain('boss  老板  管理员  锁定至 2099-03-02 01:30（北京时间）');
  });

  it('refuses a short password, an unknown role and an empty standard input with the reason', async () => {
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    const dataDir = tempDir();
    const short = io('short\n');
    expect(await runCli(['--data', dataDir, 'account', 'add', '--username', 'op', '--name', '操作员甲'], short.io)).toBe(1);
    expect(short.text()).toContain('密码至少 10 个字符');
    const role = io('Long-Enough-Pass\n');
    expect(await runCli(['--data', dataDir, 'account', 'add', '--role', 'root', '--username', 'op', '--name', '操作员甲'], role.io)).toBe(2);
    expect(role.text()).toContain('角色应为 admin（管理员）、operator（操作员）或 photo（拍照点）');
    const empty = io('');
    expect(await runCli(['--data', dataDir, 'account', 'add', '--username', 'op', '--name', '操作员甲'], empty.io)).toBe(1);
    expect(empty.text()).toContain('标准输入的第一行应为密码');
  });

  it('sets a new password for an account by user name', async () => {
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    const dataDir = tempDir();
    expect(await runCli(['--data', dataDir, 'account', 'add', '--username', 'op', '--name', '操作员甲'], io('Old-Password-01\n').io)).toBe(0);
    const reset = io('New-Password-02\n');
    expect(await runCli(['--data', dataDir, 'account', 'password', 'OP'], reset.io)).toBe(0);
    expect(reset.text()).toContain('已重设 op 的密码');
    expect(await runCli(['--data', dataDir, 'account', 'password', 'nobody'], io('New-Password-02\n').io)).toBe(1);
  });
});
