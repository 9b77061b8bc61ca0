// The vault on its own (no desk around it): its three states and what each refuses, the keys forgotten
// on lock, the store binding written at setup and checked at unlock, and unlocking with the OS key store.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SensitiveKind } from '../../../main/db/sensitive';
import { sealField } from '../../../main/secrets/fieldCrypto';
import { keyCheck, readKeyring, writeKeyring } from '../../../main/secrets/keyring';
import { storeKeyCheck, Vault, type OsKeyStore, type StoreKeyBinding } from '../../../main/secrets/vault';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';

/** A store binding kept in memory, as the database would keep it. */
function memoryBinding(start: { check?: string | null; sealed?: { kind: SensitiveKind; sealed: string }[]; holds?: boolean } = {}) {
  const b = { check: start.check ?? null, writes: [] as string[] };
  const binding: StoreKeyBinding = {
    readCheck: async () => b.check,
    writeCheck: async (c) => {
      b.check = c;
      b.writes.push(c);
    },
    sampleSealed: async () => start.sealed ?? [],
    holdsSealedData: async () => start.holds ?? false,
  };
  return { b, binding };
}

const os = (available = true): OsKeyStore & { wrapped: string[] } => {
  const wrapped: string[] = [];
  return {
    wrapped,
    isAvailable: () => available,
    wrap: (s) => {
      wrapped.push(s);
      return Buffer.from(s).reverse().toString('base64');
    },
    unwrap: (w) => Buffer.from(w, 'base64').reverse().toString(),
  };
};

describe('the vault', () => {
  it('is uninitialised, then unlocked by setup, locked by lock, unlocked by the passphrase', async () => {
    const dir = tempDir();
    const v = new Vault(dir, undefined, 12);
    expect(v.state()).toBe('uninitialised');
    expect(() => v.derived()).toThrow(expect.objectContaining({ code: 'SETUP_REQUIRED', message: '首次使用请先设置数据密码（用于加密证件号码、手机号和材料文件）' }));
    await expect(v.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'SETUP_REQUIRED', message: '首次使用请先设置数据密码' });
    await v.setup(TEST_PASSPHRASE);
    expect(v.state()).toBe('unlocked');
    v.lock();
    expect(v.state()).toBe('locked');
    expect(() => v.derived()).toThrow(expect.objectContaining({ code: 'LOCKED', message: '备案助手已锁定，请输入数据密码解锁' }));
    await v.unlock(TEST_PASSPHRASE);
    expect(v.state()).toBe('unlocked');
  });

  it('refuses a second setup where a keyring exists', async () => {
    const dir = tempDir();
    await new Vault(dir, undefined, 12).setup(TEST_PASSPHRASE);
    await expect(new Vault(dir, undefined, 12).setup('another-passphrase')).rejects.toMatchObject({ code: 'CONFLICT', message: '数据密码已经设置过；如需更换请使用“修改密码”' });
  });

  it('forgets its keys on lock: the buffers it handed out are zeroed', async () => {
    const v = new Vault(tempDir(), undefined, 12);
    await v.setup(TEST_PASSPHRASE);
    const keys = v.derived();
    expect(keys.field.equals(Buffer.alloc(32))).toBe(false);
    v.lock();
    for (const k of [keys.field, keys.index, keys.file]) expect(k.equals(Buffer.alloc(32))).toBe(true);
  });

  it('tells those waiting for an unlock, each time it unlocks', async () => {
    const v = new Vault(tempDir(), undefined, 12);
    let calls = 0;
    v.onUnlocked(async () => {
      calls++;
    });
    await v.setup(TEST_PASSPHRASE);
    v.lock();
    await v.unlock(TEST_PASSPHRASE);
    expect(calls).toBe(2);
  });

  it('wants a strong new passphrase before it looks at the current one', async () => {
    const v = new Vault(tempDir(), undefined, 12);
    await v.setup(TEST_PASSPHRASE);
    expect(() => v.changePassphrase('wrong-passphrase', 'short')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => v.changePassphrase('wrong-passphrase', 'long-enough-1')).toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
  });
});

describe('the vault’s binding to its store', () => {
  it('writes the store’s check value at setup, and unlocks only with a key that matches it', async () => {
    const dir = tempDir();
    const { b, binding } = memoryBinding();
    const v = new Vault(dir, undefined, 12, binding);
    await v.setup(TEST_PASSPHRASE);
    expect(b.writes).toHaveLength(1);
    expect(b.check).toMatch(/^[0-9a-f]{64}$/);
    v.lock();
    await v.unlock(TEST_PASSPHRASE);
    expect(b.writes).toHaveLength(1);
    b.check = storeKeyCheck(randomBytes(32));
    v.lock();
    await expect(v.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'KEYRING_FOREIGN' });
    expect(v.state()).toBe('locked');
    b.check = 'abcd';
    await expect(v.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'KEYRING_FOREIGN' });
  });

  it('refuses setup where the store holds sealed data or a check value but the keyring is gone', async () => {
    for (const start of [{ holds: true }, { check: storeKeyCheck(randomBytes(32)) }]) {
      const dir = tempDir();
      const { binding } = memoryBinding(start);
      const v = new Vault(dir, undefined, 12, binding);
      await expect(v.setup(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'KEYRING_MISSING' });
      expect(readKeyring(dir)).toBeNull();
    }
  });

  it('binds a store from before the check value on the first unlock whose key opens one of its values', async () => {
    const dir = tempDir();
    await new Vault(dir, undefined, 12).setup(TEST_PASSPHRASE);
    const unlocking = new Vault(dir, undefined, 12, memoryBinding().binding);
    await unlocking.unlock(TEST_PASSPHRASE);
    const field = unlocking.derived().field;
    const sealed = [{ kind: 'cert' as const, sealed: sealField(randomBytes(32), 'cert', 'x') }, { kind: 'mobile' as const, sealed: sealField(field, 'mobile', '13800138000') }];
    const { b, binding } = memoryBinding({ sealed });
    await new Vault(dir, undefined, 12, binding).unlock(TEST_PASSPHRASE);
    expect(b.writes).toHaveLength(1);
    const foreign = memoryBinding({ sealed: [sealed[0]!] });
    await expect(new Vault(dir, undefined, 12, foreign.binding).unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'KEYRING_FOREIGN' });
    expect(foreign.b.writes).toEqual([]);
  });
});

describe('unlocking with the OS key store', () => {
  it('is available only where the store is, and only once enabled', async () => {
    const dir = tempDir();
    const store = os();
    const v = new Vault(dir, store, 12);
    expect(v.osStoreAvailable()).toBe(true);
    expect(new Vault(dir, os(false), 12).osStoreAvailable()).toBe(false);
    expect(new Vault(dir, undefined, 12).osStoreAvailable()).toBe(false);
    await v.setup(TEST_PASSPHRASE);
    expect(v.osUnlockAvailable()).toBe(false);
    v.setOsUnlock(true);
    expect(v.osUnlockAvailable()).toBe(true);
    expect(new Vault(dir, os(false), 12).osUnlockAvailable()).toBe(false);
    v.setOsUnlock(false);
    expect(v.osUnlockAvailable()).toBe(false);
    expect(readKeyring(dir)!.os).toBeUndefined();
  });

  it('cannot be enabled while locked or without the store', async () => {
    const dir = tempDir();
    const v = new Vault(dir, os(), 12);
    await v.setup(TEST_PASSPHRASE);
    v.lock();
    expect(() => v.setOsUnlock(true)).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    const without = new Vault(dir, os(false), 12);
    await without.unlock(TEST_PASSPHRASE);
    expect(() => without.setOsUnlock(true)).toThrow(expect.objectContaining({ code: 'CONFLICT', message: '本机系统钥匙串不可用，无法启用自动解锁' }));
    expect(readKeyring(dir)!.os).toBeUndefined();
  });

  it('refuses what the store gives back unless it is this keyring’s 32-byte key', async () => {
    const dir = tempDir();
    const store = os();
    const v = new Vault(dir, store, 12);
    await v.setup(TEST_PASSPHRASE);
    v.setOsUnlock(true);
    v.lock();
    expect(await v.unlockWithOs()).toBe(true);
    v.lock();
    const k = readKeyring(dir)!;
    const other = randomBytes(32);
    const wrapped = (key: Buffer) => Buffer.from(key.toString('base64')).reverse().toString('base64');
    writeKeyring(dir, { ...k, os: { wrapped: wrapped(other) } });
    expect(await v.unlockWithOs()).toBe(false);
    writeKeyring(dir, { ...k, check: keyCheck(randomBytes(16)), os: { wrapped: wrapped(randomBytes(16)) } });
    expect(await v.unlockWithOs()).toBe(false);
    const throwing: OsKeyStore = { isAvailable: () => true, wrap: (s) => s, unwrap: () => { throw new Error('keychain locked'); } };
    writeKeyring(dir, k);
    expect(await new Vault(dir, throwing, 12).unlockWithOs()).toBe(false);
    expect(await new Vault(dir, os(false), 12).unlockWithOs()).toBe(false);
    expect(v.state()).toBe('locked');
  });
});
