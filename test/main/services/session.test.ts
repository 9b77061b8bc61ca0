import { describe, expect, it } from 'vitest';
import { TEST_PASSPHRASE, testRouter } from '../../helpers';

describe('changing the data passphrase', () => {
  it('refuses a wrong current passphrase on the 当前密码 field, and keeps the old one working', async () => {
    const { router, desk } = testRouter();
    const r = await router.invoke('session.changePassphrase', { current: 'not-the-passphrase', next: 'a-new-passphrase', confirm: 'a-new-passphrase' });
    expect(r).toEqual({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: '当前密码不正确，数据密码未修改', details: [{ path: ['current'], message: '当前密码不正确' }] } });
    desk.vault.lock();
    expect(() => desk.vault.unlock(TEST_PASSPHRASE)).not.toThrow();
  });

  it('puts a too-short new passphrase on the 新密码 field', async () => {
    const { router } = testRouter();
    const r = await router.invoke('session.changePassphrase', { current: TEST_PASSPHRASE, next: 'short', confirm: 'short' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: ['next'] }] } });
  });

  it('changes it when the current one is right', async () => {
    const { router, desk } = testRouter();
    expect(await router.invoke('session.changePassphrase', { current: TEST_PASSPHRASE, next: 'a-new-passphrase', confirm: 'a-new-passphrase' })).toMatchObject({ ok: true });
    desk.vault.lock();
    expect(() => desk.vault.unlock('a-new-passphrase')).not.toThrow();
  });
});
