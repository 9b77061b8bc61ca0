// What the vault says when it refuses, and the OS-key-store paths where a part is missing: no keyring
// yet, no key store on this machine. The words are the README's ("put the right keyring.json back from a
// backup"); a refusal names the file, the folder and the way back.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeKeyCheck, Vault, type OsKeyStore, type StoreKeyBinding } from '../../../main/secrets/vault';
import { KEYRING_FILE, newKeyring, readKeyring, unwrapWithPassphrase } from '../../../main/secrets/keyring';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';

const binding = (start: { check?: string | null; holds?: boolean }): StoreKeyBinding => ({
  readCheck: async () => start.check ?? null,
  writeCheck: async () => undefined,
  sampleSealed: async () => [],
  holdsSealedData: async () => start.holds ?? false,
});

const reversingStore = (): OsKeyStore => ({
  isAvailable: () => true,
  wrap: (s) => Buffer.from(s).reverse().toString('base64'),
  unwrap: (w) => Buffer.from(w, 'base64').reverse().toString(),
});

describe('the vault refusing', () => {
  it('a new passphrase over sealed data whose keyring is gone, naming the keyring, the folder and the restore', async () => {
    const dir = tempDir();
    await expect(new Vault(dir, undefined, 12, binding({ holds: true })).setup(TEST_PASSPHRASE)).rejects.toMatchObject({
      code: 'KEYRING_MISSING',
      message: `数据目录“${dir}”缺少密钥文件 ${KEYRING_FILE}，但其中已有加密的数据：不能重新设置数据密码（新的密钥解不开已有数据）。请从该目录的备份中取回 ${KEYRING_FILE} 放回此目录，或用“npm run cli -- --data 空目录 backup restore 备份文件”恢复整个备份；未做任何改动。`,
    });
  });

  it('a second set-up at the same moment (two tabs on the first-run screen, a CLI beside the window): the first keyring stays, the second is refused', async () => {
    const dir = tempDir();
    // each look at the store (assertSetupAllowed) takes a turn of the event loop, as a real store's does
    const slow: StoreKeyBinding = { ...binding({}), readCheck: () => new Promise((ok) => setTimeout(() => ok(null), 20)) };
    const first = new Vault(dir, undefined, 12, slow);
    const second = new Vault(dir, undefined, 12, slow);
    const [a, b] = await Promise.allSettled([first.setup('first-pass-AAAA'), second.setup('second-pass-BBBB')]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT', message: '数据密码已经设置过；如需更换请使用“修改密码”' } });
    // the passphrase the first operator was told opens the desk is the one that does
    expect(() => unwrapWithPassphrase(readKeyring(dir)!, 'first-pass-AAAA')).not.toThrow();
    expect(() => unwrapWithPassphrase(readKeyring(dir)!, 'second-pass-BBBB')).toThrow();
    expect(second.state()).toBe('locked'); // its page can now offer the unlock form
  });

  it('a keyring from another folder, naming the keyring, the folder and the restore', async () => {
    const dir = tempDir();
    await new Vault(dir, undefined, 12).setup(TEST_PASSPHRASE);
    await expect(new Vault(dir, undefined, 12, binding({ check: storeKeyCheck(randomBytes(32)) })).unlock(TEST_PASSPHRASE)).rejects.toMatchObject({
      code: 'KEYRING_FOREIGN',
      message: `密钥文件 ${KEYRING_FILE} 与数据目录“${dir}”中的数据库不匹配：它属于另一个数据目录（即使密码相同也不能使用）。请从此目录的备份中取回原来的 ${KEYRING_FILE} 放回，或用“npm run cli -- --data 空目录 backup restore 备份文件”恢复整个备份；数据未做任何改动。`,
    });
  });

  it('修改密码 and the OS unlock setting while unlocked, the keyring gone since: the missing file and the way back, not 首次使用 (set-up is refused there)', async () => {
    const dir = tempDir();
    const sealed = { holds: false };
    const v = new Vault(dir, reversingStore(), 12, { ...binding({}), holdsSealedData: async () => sealed.holds });
    await v.setup(TEST_PASSPHRASE);
    sealed.holds = true; // clients saved since
    rmSync(join(dir, KEYRING_FILE)); // a sync tool, an antivirus, a clean-up
    const missing = expect.objectContaining({
      code: 'KEYRING_MISSING',
      message: `数据目录“${dir}”中的密钥文件 ${KEYRING_FILE} 不见了（可能被同步软件、杀毒软件或清理工具移走），无法修改密码或自动解锁设置。请从该目录的备份中取回 ${KEYRING_FILE} 放回此目录后重试；放回之前请不要锁定或关闭备案助手（没有它，下次无法解锁）。未做任何改动。`,
    });
    expect(() => v.changePassphrase(TEST_PASSPHRASE, 'another-pass-2')).toThrow(missing);
    expect(() => v.setOsUnlock(true)).toThrow(missing);
    expect(() => v.setOsUnlock(false)).toThrow(missing);
    // no keyring written from the key in memory: that would take a new passphrase without the current one
    expect(existsSync(join(dir, KEYRING_FILE))).toBe(false);
    expect(v.state()).toBe('unlocked');
    // locked, the folder reads as never set up: unlocking asks for the set-up, which then refuses as before
    v.lock();
    await expect(v.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'SETUP_REQUIRED' });
    await expect(v.setup(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'KEYRING_MISSING' });
  });

  it('a wrong passphrase as an issue of the passphrase field', () => {
    const { keyring } = newKeyring(TEST_PASSPHRASE, 12);
    expect(() => unwrapWithPassphrase(keyring, 'not-the-passphrase')).toThrow(
      expect.objectContaining({ code: 'WRONG_PASSPHRASE', message: '密码不正确', details: [{ path: ['passphrase'], message: '密码不正确' }] }),
    );
  });
});

describe('the OS key store where a part is missing', () => {
  it('offers no OS unlock, and unlocks nothing, in a folder without a keyring', async () => {
    const v = new Vault(tempDir(), reversingStore(), 12);
    expect(v.osUnlockAvailable()).toBe(false);
    expect(await v.unlockWithOs()).toBe(false);
    expect(v.state()).toBe('uninitialised');
  });

  it('unlocks nothing through a vault without a key store, even where the keyring has the OS unlock enabled', async () => {
    const dir = tempDir();
    const v = new Vault(dir, reversingStore(), 12);
    await v.setup(TEST_PASSPHRASE);
    v.setOsUnlock(true);
    const without = new Vault(dir, undefined, 12);
    expect(await without.unlockWithOs()).toBe(false);
    expect(without.state()).toBe('locked');
  });

  it('refuses the data key with a zero byte appended, though HMAC pads keys with zeros and its check value matches', async () => {
    const dir = tempDir();
    const store = reversingStore();
    const v = new Vault(dir, store, 12);
    await v.setup(TEST_PASSPHRASE);
    v.setOsUnlock(true);
    v.lock();
    const padding: OsKeyStore = { ...store, unwrap: (w) => Buffer.concat([Buffer.from(store.unwrap(w), 'base64'), Buffer.alloc(1)]).toString('base64') };
    const padded = new Vault(dir, padding, 12);
    expect(await padded.unlockWithOs()).toBe(false);
    expect(padded.state()).toBe('locked');
  });

  it('cannot be enabled by a vault without a key store', async () => {
    const dir = tempDir();
    const v = new Vault(dir, undefined, 12);
    await v.setup(TEST_PASSPHRASE);
    expect(() => v.setOsUnlock(true)).toThrow(expect.objectContaining({ code: 'CONFLICT', message: '本机系统钥匙串不可用，无法启用自动解锁' }));
    expect(readKeyring(dir)!.os).toBeUndefined();
  });
});
