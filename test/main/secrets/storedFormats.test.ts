// What a data folder already holds must keep opening: the keyring, the store's check value and the keys
// derived from the data key are computed here from their written format (README "Data at rest":
// scrypt-wrapped data key, an HMAC of a fixed label, HKDF-SHA-256 per purpose), not by the code under test.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoreKeyBinding } from '../../../main/secrets/vault';
import { deriveKeys } from '../../../main/secrets/fieldCrypto';
import { KEYRING_FILE, newKeyring, readKeyring, unwrapWithPassphrase } from '../../../main/secrets/keyring';
import { passphraseKey } from '../../../main/secrets/passphraseKey';
import { Vault } from '../../../main/secrets/vault';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';

const hmac = (key: Buffer, text: string | Buffer) => createHmac('sha256', key).update(text).digest();

/** HKDF-SHA-256 (RFC 5869) with an empty salt, 32 bytes out: one block of expand. */
function hkdf32(ikm: Buffer, info: string): Buffer {
  const prk = hmac(Buffer.alloc(32), ikm);
  return hmac(prk, Buffer.concat([Buffer.from(info), Buffer.from([1])]));
}

/** A keyring.json as the format describes it, written by hand around a known data key. */
function handWrittenKeyring(dataKey: Buffer, passphrase: string, log2n = 12, r = 8, p = 1) {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kek = scryptSync(passphrase.normalize('NFC'), salt, 32, { N: 2 ** log2n, r, p, maxmem: 1024 * 1024 * 1024 });
  const c = createCipheriv('aes-256-gcm', kek, iv);
  const data = Buffer.concat([c.update(dataKey), c.final()]);
  return {
    format: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    check: hmac(dataKey, 'beian-desk/key-check').toString('hex').slice(0, 32),
    passphrase: { kdf: 'scrypt', log2n, r, p, salt: salt.toString('base64'), iv: iv.toString('base64'), data: data.toString('base64'), tag: c.getAuthTag().toString('base64') },
  };
}

const binding = (check: string | null) => {
  const b = { check, writes: [] as string[] };
  const store: StoreKeyBinding = {
    readCheck: async () => b.check,
    writeCheck: async (v) => {
      b.check = v;
      b.writes.push(v);
    },
    sampleSealed: async () => [],
    holdsSealedData: async () => false,
  };
  return { b, store };
};

describe('keys of an existing data folder', () => {
  it('derive the field, index and file keys by HKDF-SHA-256 with the labels beian-desk/<purpose>/v1', () => {
    const dataKey = randomBytes(32);
    const k = deriveKeys(dataKey);
    expect(k.field).toEqual(hkdf32(dataKey, 'beian-desk/field/v1'));
    expect(k.index).toEqual(hkdf32(dataKey, 'beian-desk/index/v1'));
    expect(k.file).toEqual(hkdf32(dataKey, 'beian-desk/file/v1'));
  });

  it('open a keyring written to the format: scrypt over the base64 salt, AES-256-GCM, the key-check HMAC', () => {
    const dir = tempDir();
    const dataKey = randomBytes(32);
    writeFileSync(join(dir, KEYRING_FILE), JSON.stringify(handWrittenKeyring(dataKey, TEST_PASSPHRASE)));
    expect(unwrapWithPassphrase(readKeyring(dir)!, TEST_PASSPHRASE)).toEqual(dataKey);
  });

  it('write a keyring whose data key opens by the format alone', () => {
    const { keyring, dataKey } = newKeyring(TEST_PASSPHRASE, 12);
    const w = keyring.passphrase;
    const kek = scryptSync(TEST_PASSPHRASE, Buffer.from(w.salt, 'base64'), 32, { N: 2 ** w.log2n, r: w.r, p: w.p, maxmem: 1024 * 1024 * 1024 });
    const d = createDecipheriv('aes-256-gcm', kek, Buffer.from(w.iv, 'base64'));
    d.setAuthTag(Buffer.from(w.tag, 'base64'));
    expect(Buffer.concat([d.update(Buffer.from(w.data, 'base64')), d.final()])).toEqual(dataKey);
    expect(keyring.check).toBe(hmac(dataKey, 'beian-desk/key-check').toString('hex').slice(0, 32));
  });

  it('bind the store with the HMAC of beian-desk/store-key-check/v1, and unlock a store bound that way', async () => {
    const fresh = binding(null);
    const dir = tempDir();
    await new Vault(dir, undefined, 12, fresh.store).setup(TEST_PASSPHRASE);
    const dataKey = unwrapWithPassphrase(readKeyring(dir)!, TEST_PASSPHRASE);
    expect(fresh.b.writes).toEqual([hmac(dataKey, 'beian-desk/store-key-check/v1').toString('hex')]);

    const old = tempDir();
    const oldKey = randomBytes(32);
    writeFileSync(join(old, KEYRING_FILE), JSON.stringify(handWrittenKeyring(oldKey, TEST_PASSPHRASE)));
    const bound = binding(hmac(oldKey, 'beian-desk/store-key-check/v1').toString('hex'));
    const v = new Vault(old, undefined, 12, bound.store);
    await v.unlock(TEST_PASSPHRASE);
    expect(v.state()).toBe('unlocked');
    expect(bound.b.writes).toEqual([]);
  });

  it('derive a key at the smallest work factor a keyring may record (2^10, r = 1)', () => {
    const salt = randomBytes(16);
    expect(passphraseKey(TEST_PASSPHRASE, salt, 10, 1, 1)).toEqual(scryptSync(TEST_PASSPHRASE, salt, 32, { N: 1024, r: 1, p: 1 }));
    const dir = tempDir();
    const dataKey = randomBytes(32);
    writeFileSync(join(dir, KEYRING_FILE), JSON.stringify(handWrittenKeyring(dataKey, TEST_PASSPHRASE, 10, 1, 1)));
    expect(unwrapWithPassphrase(readKeyring(dir)!, TEST_PASSPHRASE)).toEqual(dataKey);
  });
});
