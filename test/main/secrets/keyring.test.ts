// The keyring on its own: the work factor a variable may lower only within bounds, the minimum length of
// a passphrase, the same key from the same characters however they were composed, and a keyring that
// is missing, unreadable or malformed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPassphraseStrength, kdfLog2n, KEYRING_FILE, MIN_PASSPHRASE, newKeyring, readKeyring, unwrapWithPassphrase, writeKeyring } from '../../../main/secrets/keyring';
import { passphraseKey } from '../../../main/secrets/passphraseKey';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';

describe('keyring', () => {
  it('uses scrypt 2^17 unless BEIAN_DESK_KDF_LOG2N names a whole number from 12 to 20', () => {
    expect(kdfLog2n({})).toBe(17);
    expect(kdfLog2n({ BEIAN_DESK_KDF_LOG2N: '12' })).toBe(12);
    expect(kdfLog2n({ BEIAN_DESK_KDF_LOG2N: '20' })).toBe(20);
    for (const weak of ['11', '4', '0', '21', '12.5', 'abc', '']) expect(kdfLog2n({ BEIAN_DESK_KDF_LOG2N: weak }), weak).toBe(17);
  });

  it('wants a passphrase of at least 8 characters', () => {
    expect(MIN_PASSPHRASE).toBe(8);
    expect(() => checkPassphraseStrength('1234567')).toThrow(expect.objectContaining({ code: 'VALIDATION', message: '密码至少 8 个字符', details: [{ path: ['passphrase'], message: '密码至少 8 个字符' }] }));
    expect(() => checkPassphraseStrength('12345678')).not.toThrow();
    expect(() => newKeyring('1234567', 12)).toThrow('密码至少 8 个字符');
  });

  it('derives the same key from the same characters typed composed or decomposed (NFC)', () => {
    const salt = Buffer.alloc(16, 7);
    const composed = passphraseKey('caf\u00e9-passphrase', salt, 12);
    expect(passphraseKey('cafe\u0301-passphrase', salt, 12)).toEqual(composed);
    expect(composed).toHaveLength(32);
    expect(passphraseKey('cafe-passphrase', salt, 12)).not.toEqual(composed);
    expect(passphraseKey('caf\u00e9-passphrase', Buffer.alloc(16, 8), 12)).not.toEqual(composed);
    expect(passphraseKey('caf\u00e9-passphrase', salt, 13)).not.toEqual(composed);
  });

  it('unwraps the data key with the right passphrase only, and records the work factor it used', () => {
    const { keyring, dataKey } = newKeyring(TEST_PASSPHRASE, 12);
    expect(keyring.passphrase).toMatchObject({ kdf: 'scrypt', log2n: 12, r: 8, p: 1 });
    expect(Buffer.from(keyring.passphrase.salt, 'base64')).toHaveLength(16);
    expect(unwrapWithPassphrase(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    expect(() => unwrapWithPassphrase(keyring, 'wrong-passphrase')).toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE', message: '密码不正确' }));
  });

  it('refuses a keyring whose wrapped key opens but is not the one its check value names', () => {
    const { keyring } = newKeyring(TEST_PASSPHRASE, 12);
    const other = newKeyring(TEST_PASSPHRASE, 12).keyring;
    expect(() => unwrapWithPassphrase({ ...keyring, check: other.check }, TEST_PASSPHRASE)).toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
  });

  it('reads back what it wrote; a folder without one has none', () => {
    const dir = tempDir();
    expect(readKeyring(dir)).toBeNull();
    const { keyring } = newKeyring(TEST_PASSPHRASE, 12);
    writeKeyring(dir, keyring);
    expect(readKeyring(dir)).toEqual(keyring);
  });

  it('refuses a keyring that does not parse, or parses to something else, pointing to a backup', () => {
    const dir = tempDir();
    const file = join(dir, KEYRING_FILE);
    writeFileSync(file, '{"format":1,');
    expect(() => readKeyring(dir)).toThrow(expect.objectContaining({ code: 'KEYRING_CORRUPT', message: `密钥文件 ${file} 无法读取；请从备份恢复（没有它，加密的数据无法解开）` }));
    const { keyring } = newKeyring(TEST_PASSPHRASE, 12);
    for (const odd of [{ ...keyring, format: 2 }, { ...keyring, check: 'x' }, { ...keyring, passphrase: { ...keyring.passphrase, iv: 'not base64!' } }]) {
      writeFileSync(file, JSON.stringify(odd));
      expect(() => readKeyring(dir)).toThrow(expect.objectContaining({ code: 'KEYRING_CORRUPT', message: `密钥文件 ${file} 格式不正确；请从备份恢复` }));
    }
  });
});
