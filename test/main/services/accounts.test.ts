// Team server accounts: creating them, logging in, lockout after wrong passwords, sessions that end, and
// the log naming the logged-in operator.
import { expect, it, vi } from 'vitest';
import { DeskError } from '../../../main/domain/errors';
import { LOGIN_LOCK_MINUTES, LOGIN_MAX_FAILURES, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } from '../../../main/domain/accounts';
import { createAccount, login, logout, resolveSession, setAccountPassword, unlockAccount, updateAccount } from '../../../main/services/accounts';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import { refusal } from '../../support/refusal';
import { verifyPassword } from '../../../main/secrets/passwordHash';

// counted, not changed: a refusal's scrypt work is what makes it as slow as any other
vi.mock('../../../main/secrets/passwordHash', async (original) => {
  const real = await original<typeof import('../../../main/secrets/passwordHash')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

process.env.BEIAN_DESK_PASSWORD_LOG2N = '12';
const PW = 'Correct-Horse-42';

async function deskWithClock(openDesk: OpenDesk) {
  let now = Date.parse('2026-12-04T02:00:00Z');
  const desk = await openDesk({ clock: () => new Date(now) });
  return { desk, advance: (ms: number) => (now += ms) };
}

describeEachStore('operator accounts', (openDesk) => {
  it('creates an account with a unique user name, stored lower-case, the password only as a scrypt hash', async () => {
    const { desk } = await deskWithClock(openDesk);
    const a = await createAccount(desk, { username: 'zhang.wei', displayName: '张伟', role: 'operator', password: PW });
    expect(a).toMatchObject({ username: 'zhang.wei', displayName: '张伟', role: 'operator', disabled: false });
    const row = await desk.sql.db.selectFrom('account').select('password_hash').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$12\$8\$1\$/);
    expect(row.password_hash).not.toContain(PW);
    const dup = await refusal(createAccount(desk, { username: 'zhang.wei', displayName: '另一个张伟', role: 'photo', password: PW }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toContain('已被使用');
  });

  it('logs in with the right password and refuses a wrong one and an unknown name with the same message', async () => {
    const { desk } = await deskWithClock(openDesk);
    await createAccount(desk, { username: 'li', displayName: '李娜', role: 'admin', password: PW });
    const ok = await login(desk, ' LI ', PW);
    expect(ok.caller).toMatchObject({ username: 'li', role: 'admin' });
    const wrong = await refusal(login(desk, 'li', 'wrong-password-1'));
    const unknown = await refusal(login(desk, 'nobody', 'wrong-password-1'));
    expect(wrong.code).toBe('UNAUTHORIZED');
    expect(unknown.message).toBe(wrong.message);
  });

  it(`locks an account for ${LOGIN_LOCK_MINUTES} minutes after ${LOGIN_MAX_FAILURES} wrong passwords in a row, says so, and refuses even the right one meanwhile`, async () => {
    const { desk, advance } = await deskWithClock(openDesk);
    await createAccount(desk, { username: 'wang', displayName: '王芳', role: 'operator', password: PW });
    for (let i = 1; i < LOGIN_MAX_FAILURES; i++) expect((await refusal(login(desk, 'wang', `bad-${i}-xxxxxxx`))).code).toBe('UNAUTHORIZED');
    const locked = await refusal(login(desk, 'wang', 'bad-5-xxxxxxx'));
    expect(locked.code).toBe('ACCOUNT_LOCKED');
    expect(locked.message).toContain(`锁定 ${LOGIN_LOCK_MINUTES} 分钟`);
    expect(locked.message).toContain('10:15'); // 02:00Z is 10:00 Beijing time
    expect((await refusal(login(desk, 'wang', PW))).code).toBe('ACCOUNT_LOCKED');
    advance(LOGIN_LOCK_MINUTES * 60_000 - 1000);
    expect((await refusal(login(desk, 'wang', PW))).code).toBe('ACCOUNT_LOCKED');
    advance(2000);
    expect((await login(desk, 'wang', PW)).caller.username).toBe('wang');
  });

  it('locks an unknown name as it locks an account, with the same answers after the same scrypt work: a lockout does not tell which names exist', async () => {
    const { desk, advance } = await deskWithClock(openDesk);
    await createAccount(desk, { username: 'admin', displayName: '管理员甲', role: 'admin', password: PW });
    const tries = async (username: string) => {
      const out: { code: string; message: string; scrypt: number }[] = [];
      for (let i = 0; i <= LOGIN_MAX_FAILURES; i++) {
        vi.mocked(verifyPassword).mockClear();
        const e = await refusal(login(desk, username, `wrong-pass-${i}`));
        out.push({ code: e.code, message: e.message, scrypt: vi.mocked(verifyPassword).mock.calls.length });
      }
      return out;
    };
    const known = await tries('admin');
    expect(known.map((t) => t.code)).toEqual([...Array<string>(LOGIN_MAX_FAILURES - 1).fill('UNAUTHORIZED'), 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
    expect(await tries('Nobody')).toEqual(known);
    // a name that is no account is locked for the same time, then counted afresh
    advance(LOGIN_LOCK_MINUTES * 60_000 + 1000);
    expect((await refusal(login(desk, 'nobody', 'wrong-pass-x'))).code).toBe('UNAUTHORIZED');
  });

  it('counts wrong passwords sent at the same time one by one, so a burst locks the account too', async () => {
    const { desk } = await deskWithClock(openDesk);
    await createAccount(desk, { username: 'feng', displayName: '冯涛', role: 'operator', password: PW });
    const codes = await Promise.all(Array.from({ length: LOGIN_MAX_FAILURES }, (_, i) => refusal(login(desk, 'feng', `burst-${i}-xxxxxxx`)).then((e) => e.code)));
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(1);
    expect((await refusal(login(desk, 'feng', PW))).code).toBe('ACCOUNT_LOCKED');
  });

  it('counts failures in a row only: a successful login starts the count again', async () => {
    const { desk } = await deskWithClock(openDesk);
    await createAccount(desk, { username: 'zhao', displayName: '赵强', role: 'operator', password: PW });
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) await refusal(login(desk, 'zhao', 'nope-nope-nope'));
    await login(desk, 'zhao', PW);
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) expect((await refusal(login(desk, 'zhao', 'nope-nope-nope'))).code).toBe('UNAUTHORIZED');
  });

  it('lets a 管理员 lift a lockout, and a new password lifts it too', async () => {
    const { desk } = await deskWithClock(openDesk);
    const a = await createAccount(desk, { username: 'sun', displayName: '孙丽', role: 'operator', password: PW });
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await refusal(login(desk, 'sun', 'nope-nope-nope'));
    await unlockAccount(desk, a.id);
    expect((await login(desk, 'sun', PW)).caller.username).toBe('sun');
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await refusal(login(desk, 'sun', 'nope-nope-nope'));
    await setAccountPassword(desk, a.id, 'Brand-New-Pass-9');
    expect((await login(desk, 'sun', 'Brand-New-Pass-9')).caller.username).toBe('sun');
  });

  it('stores only the hash of a session token; the session ends after its idle time, its lifetime, or logout', async () => {
    const { desk, advance } = await deskWithClock(openDesk);
    await createAccount(desk, { username: 'zhou', displayName: '周杰', role: 'operator', password: PW });
    const { token } = await login(desk, 'zhou', PW);
    expect(token.length).toBeGreaterThanOrEqual(40);
    const stored = await desk.sql.db.selectFrom('account_session').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect((await resolveSession(desk, token))?.username).toBe('zhou');
    expect(await resolveSession(desk, `${token}x`)).toBeNull();

    advance((SESSION_IDLE_MINUTES + 1) * 60_000);
    expect(await resolveSession(desk, token)).toBeNull();

    const second = await login(desk, 'zhou', PW);
    for (let h = 0; h < SESSION_MAX_HOURS; h++) {
      advance(30 * 60_000);
      expect(await resolveSession(desk, second.token)).not.toBeNull();
      advance(30 * 60_000);
      if (h < SESSION_MAX_HOURS - 1) expect(await resolveSession(desk, second.token)).not.toBeNull();
    }
    expect(await resolveSession(desk, second.token)).toBeNull();

    const third = await login(desk, 'zhou', PW);
    await logout(desk, third.token);
    expect(await resolveSession(desk, third.token)).toBeNull();
  });

  it('ends the sessions of a disabled account and refuses its login', async () => {
    const { desk } = await deskWithClock(openDesk);
    await createAccount(desk, { username: 'admin', displayName: '管理员甲', role: 'admin', password: PW });
    const op = await createAccount(desk, { username: 'wu', displayName: '吴磊', role: 'operator', password: PW });
    const { token } = await login(desk, 'wu', PW);
    await updateAccount(desk, op.id, { disabled: true });
    expect(await resolveSession(desk, token)).toBeNull();
    expect((await refusal(login(desk, 'wu', PW))).code).toBe('FORBIDDEN');
  });

  it('never leaves the server without an enabled 管理员', async () => {
    const { desk } = await deskWithClock(openDesk);
    const admin = await createAccount(desk, { username: 'boss', displayName: '老板', role: 'admin', password: PW });
    await expect(updateAccount(desk, admin.id, { role: 'operator' })).rejects.toThrow(/唯一启用的管理员/);
    await expect(updateAccount(desk, admin.id, { disabled: true })).rejects.toThrow(/唯一启用的管理员/);
    await createAccount(desk, { username: 'boss2', displayName: '副手', role: 'admin', password: PW });
    expect((await updateAccount(desk, admin.id, { role: 'operator' })).role).toBe('operator');
  });

  it('logs logins, lockouts and account changes under the operator concerned, never a password', async () => {
    const { desk } = await deskWithClock(openDesk);
    await createAccount(desk, { username: 'qian', displayName: '钱多', role: 'operator', password: PW });
    await login(desk, 'qian', PW);
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await refusal(login(desk, 'qian', 'nope-nope-nope'));
    const log = await desk.sql.db.selectFrom('audit_log').select(['actor', 'action', 'detail']).orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(['account.create', 'account.login', 'account.lockedOut']);
    expect(log[1]!.actor).toBe('钱多（qian）');
    expect(log[2]!.actor).toBe('钱多（qian）');
    expect(JSON.stringify(log)).not.toContain(PW);
    expect(JSON.stringify(log)).not.toContain('nope-nope-nope');
  });
});

describeEachStore('session idle time', (openDesk) => {
  it('is not reset by the window’s own status polls, only by the operator’s requests', async () => {
    const { desk, advance } = await deskWithClock(openDesk);
    await createAccount(desk, { username: 'he', displayName: '何平', role: 'operator', password: PW });
    const { token } = await login(desk, 'he', PW);
    for (let i = 0; i < 4; i++) {
      advance(20 * 60_000);
      if (i < 2) expect(await resolveSession(desk, token, false)).not.toBeNull();
    }
    expect(await resolveSession(desk, token, false)).toBeNull();
    const again = await login(desk, 'he', PW);
    for (let i = 0; i < 4; i++) {
      advance(20 * 60_000);
      expect(await resolveSession(desk, again.token, true)).not.toBeNull();
    }
  });
});
