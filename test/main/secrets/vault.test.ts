import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Desk } from '../../../main/desk';
import { KEYRING_FILE } from '../../../main/secrets/keyring';
import type { OsKeyStore } from '../../../main/secrets/vault';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE, testRouter } from '../../helpers';

const fakeOs = (): OsKeyStore => ({
  isAvailable: () => true,
  wrap: (s) => Buffer.from(s).reverse().toString('base64'),
  unwrap: (w) => Buffer.from(w, 'base64').reverse().toString(),
});

describe('vault', () => {
  it('refuses client data until the passphrase is set up, then until it is given', async () => {
    const dataDir = tempDir();
    const desk = await Desk.open({ dataDir, kdfLog2n: 12 });
    const { router } = await testRouter(desk);
    expect(await router.invoke('entity.list', {})).toMatchObject({ ok: false, error: { code: 'SETUP_REQUIRED' } });
    expect(await router.invoke('session.setup', { passphrase: 'short', confirm: 'short' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '密码至少 8 个字符' } });
    expect(await router.invoke('session.setup', { passphrase: 'abcdefgh1', confirm: 'abcdefgh2' })).toMatchObject({ ok: false, error: { details: [{ path: ['confirm'] }] } });
    expect(await router.invoke('session.setup', { passphrase: TEST_PASSPHRASE, confirm: TEST_PASSPHRASE })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect((await router.invoke('entity.create', { record: companyRecord(1) })).ok).toBe(true);
    await router.invoke('session.lock', {});
    expect(await router.invoke('entity.get', { id: 1 })).toMatchObject({ ok: false, error: { code: 'LOCKED', message: '备案助手已锁定，请输入数据密码解锁' } });
    expect(await router.invoke('session.unlock', { passphrase: 'wrong-passphrase' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(await router.invoke('session.unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect((await router.invoke('entity.get', { id: 1 })).ok).toBe(true);
  });

  it('changes the passphrase by re-wrapping the key, without rewriting data', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    const dbBefore = desk.sql.raw.prepare('SELECT cert_number_sealed FROM person ORDER BY id').all();
    desk.vault.changePassphrase(TEST_PASSPHRASE, 'a-new-passphrase');
    desk.vault.lock();
    await expect(desk.vault.unlock(TEST_PASSPHRASE)).rejects.toThrow('密码不正确');
    await desk.vault.unlock('a-new-passphrase');
    expect(desk.sql.raw.prepare('SELECT cert_number_sealed FROM person ORDER BY id').all()).toEqual(dbBefore);
    expect((await getClientClear(desk, 1)).people[0]!.mobile).toBe('13800000001');
  });

  it('unlocks with the OS key store once enabled, and only then', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir, { osKeyStore: fakeOs() });
    desk.vault.lock();
    expect(await desk.vault.unlockWithOs()).toBe(false);
    await desk.vault.unlock(TEST_PASSPHRASE);
    desk.vault.setOsUnlock(true);
    desk.vault.lock();
    expect(await desk.vault.unlockWithOs()).toBe(true);
    expect(desk.vault.state()).toBe('unlocked');
  });

  it('locks itself after the configured idle time', async () => {
    let now = Date.parse('2026-11-24T09:00:00Z');
    const desk = await openTestDesk(tempDir(), { clock: () => new Date(now) });
    const { router } = await testRouter(desk);
    expect((await router.invoke('settings.update', { idleLockMinutes: 10, rowVersion: 0 })).ok).toBe(true);
    now += 9 * 60_000;
    expect((await router.invoke('entity.list', {})).ok).toBe(true);
    now += 11 * 60_000;
    expect(await router.invoke('entity.list', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });

  it('refuses a damaged keyring with a clear message', async () => {
    const dataDir = tempDir();
    await (await openTestDesk(dataDir)).close();
    const file = join(dataDir, KEYRING_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"format": 1', '"format": 9'));
    const desk = await Desk.open({ dataDir });
    expect(() => desk.vault.state()).toThrow(/密钥文件 .* 格式不正确/);
    await desk.close();
  });
});
