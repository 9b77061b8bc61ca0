// What the derivation started ahead (secrets/keyAhead.ts) saves: a start that unlocks runs scrypt once,
// not twice. The unlock's result is the same with or without it by design, so these tests count the
// scrypt runs themselves — as the start probe of the bundles does (test/support/startProbe.mjs) — by
// wrapping node:crypto's scrypt, which every derivation goes through.
import crypto, { type ScryptOptions } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { deriveKeyAhead } from '../../../main/secrets/keyAhead';
import { KEYRING_FILE, newKeyring, readKeyring, unwrapWithPassphraseOffThread, writeKeyring, type Keyring } from '../../../main/secrets/keyring';
import { passphraseKey, passphraseKeyAhead, passphraseKeyOffThread } from '../../../main/secrets/passphraseKey';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';

interface ScryptRun {
  passphrase: string;
  salt: string;
  N: number;
  r: number;
  p: number;
}

type ScryptCallback = (err: Error | null, key: Buffer) => void;

/**
 * Counts the off-thread scrypt runs until the test ends; `failFirst` makes the first one fail as the pool
 * would, `failAll` every one; `keys` receives each derived key as handed to its caller.
 */
function scryptRuns(options: { failFirst?: boolean; failAll?: boolean; keys?: Buffer[] } = {}): ScryptRun[] {
  const runs: ScryptRun[] = [];
  const original = crypto.scrypt;
  const counting = (password: crypto.BinaryLike, salt: crypto.BinaryLike, keylen: number, opts: ScryptOptions, callback: ScryptCallback): void => {
    runs.push({ passphrase: String(password), salt: Buffer.from(salt as Buffer).toString('base64'), N: opts.N!, r: opts.r!, p: opts.p! });
    if (options.failAll || (options.failFirst && runs.length === 1)) {
      setImmediate(() => callback(new Error('ENOMEM: the thread pool could not allocate'), Buffer.alloc(0)));
      return;
    }
    original(password, salt, keylen, opts, (err, key) => {
      if (!err) options.keys?.push(key);
      callback(err, key);
    });
  };
  crypto.scrypt = counting as typeof crypto.scrypt;
  // `import { scrypt } from 'node:crypto'` in passphraseKey.ts sees the counting function
  syncBuiltinESMExports();
  onTestFinished(() => {
    crypto.scrypt = original;
    syncBuiltinESMExports();
  });
  return runs;
}

function deskWithKeyring() {
  const dir = tempDir();
  const { keyring, dataKey } = newKeyring(TEST_PASSPHRASE, 12);
  writeKeyring(dir, keyring);
  return { dir, keyring, dataKey };
}

/** A keyring file whose passphrase part names these work factors (the unlock would refuse those outside the bounds). */
function keyringNaming(keyring: Keyring, passphrase: Record<string, unknown>): string {
  const dir = tempDir();
  writeFileSync(join(dir, KEYRING_FILE), JSON.stringify({ ...keyring, passphrase: { ...keyring.passphrase, ...passphrase } }));
  return dir;
}

describe('a start that unlocks derives the key once', () => {
  it('the derivation ahead runs scrypt with the keyring\'s salt and work factors, and the unlock runs none of its own', async () => {
    const { dir, keyring, dataKey } = deskWithKeyring();
    const runs = scryptRuns();
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    // started at once, before anything asks for it
    expect(runs).toEqual([{ passphrase: TEST_PASSPHRASE, salt: keyring.passphrase.salt, N: 2 ** 12, r: 8, p: 1 }]);
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    expect(runs).toHaveLength(1);
  });

  it('is taken by one unlock only: the next derives its own', async () => {
    const { dir, keyring, dataKey } = deskWithKeyring();
    const runs = scryptRuns();
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    expect(runs).toHaveLength(2);
  });

  it('is not served to an unlock with another passphrase, and waits for the one it was started for', async () => {
    const { dir, keyring, dataKey } = deskWithKeyring();
    const runs = scryptRuns();
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    await expect(unwrapWithPassphraseOffThread(keyring, 'not-the-passphrase')).rejects.toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
    expect(runs.map((r) => r.passphrase)).toEqual([TEST_PASSPHRASE, 'not-the-passphrase']);
    // still there for the right passphrase: no third run
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    expect(runs).toHaveLength(2);
  });

  it('is not served to a keyring re-wrapped since (another salt)', async () => {
    const { dir, dataKey } = deskWithKeyring();
    const runs = scryptRuns();
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    const { keyring: other } = newKeyring(TEST_PASSPHRASE, 12);
    await expect(unwrapWithPassphraseOffThread(other, TEST_PASSPHRASE)).resolves.toHaveLength(32);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.salt).toBe(other.passphrase.salt);
    // the first keyring's own unlock still takes the derivation started for it
    expect(await unwrapWithPassphraseOffThread(readKeyring(dir)!, TEST_PASSPHRASE)).toEqual(dataKey);
    expect(runs).toHaveLength(2);
  });

  it('serves only the very inputs it was started with: another salt, N, r or p derives anew, with the right key', async () => {
    const salt = Buffer.alloc(16, 7);
    for (const [log2n, r, p, askedSalt] of [
      [13, 8, 1, salt],
      [12, 4, 1, salt],
      [12, 8, 2, salt],
      [12, 8, 1, Buffer.alloc(16, 8)],
    ] as const) {
      const runs = scryptRuns();
      passphraseKeyAhead(TEST_PASSPHRASE, salt, 12, 8, 1);
      expect(await passphraseKeyOffThread(TEST_PASSPHRASE, askedSalt, log2n, r, p)).toEqual(passphraseKey(TEST_PASSPHRASE, askedSalt, log2n, r, p));
      expect(runs, `asked for 2^${log2n}, r ${r}, p ${p}`).toHaveLength(2);
      // the one started is taken by the inputs it was started with
      expect(await passphraseKeyOffThread(TEST_PASSPHRASE, salt, 12, 8, 1)).toEqual(passphraseKey(TEST_PASSPHRASE, salt, 12, 8, 1));
      expect(runs).toHaveLength(2);
    }
  });

  it('a derivation ahead that failed is derived again by the unlock, which opens', async () => {
    const { dir, keyring, dataKey } = deskWithKeyring();
    const runs = scryptRuns({ failFirst: true });
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    expect(runs).toHaveLength(2);
  });

  it('a derivation ahead that is never taken, and failed, is no error of its own', async () => {
    const { dir } = deskWithKeyring();
    const runs = scryptRuns({ failFirst: true });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    onTestFinished(() => {
      process.off('unhandledRejection', onUnhandled);
    });
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    await new Promise((done) => setTimeout(done, 50));
    expect(runs).toHaveLength(1);
    expect(unhandled).toEqual([]);
    // replaced by the next one started, which is taken
    const { dir: next, keyring, dataKey } = deskWithKeyring();
    deriveKeyAhead(next, TEST_PASSPHRASE);
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    expect(runs).toHaveLength(2);
  });
});

describe('a derivation ahead is started only when the unlock will need it', () => {
  it('nothing without a passphrase, an empty one included', () => {
    const { dir } = deskWithKeyring();
    const runs = scryptRuns();
    deriveKeyAhead(dir, undefined);
    deriveKeyAhead(dir, '');
    expect(runs).toEqual([]);
  });

  it('nothing without a keyring, or one that is no JSON or names no passphrase part', () => {
    const { keyring } = deskWithKeyring();
    const runs = scryptRuns();
    deriveKeyAhead(tempDir(), TEST_PASSPHRASE);
    const broken = tempDir();
    writeFileSync(join(broken, KEYRING_FILE), '{ not json');
    deriveKeyAhead(broken, TEST_PASSPHRASE);
    const osOnly = tempDir();
    writeFileSync(join(osOnly, KEYRING_FILE), JSON.stringify({ ...keyring, passphrase: undefined }));
    deriveKeyAhead(osOnly, TEST_PASSPHRASE);
    const nullPart = tempDir();
    writeFileSync(join(nullPart, KEYRING_FILE), JSON.stringify({ ...keyring, passphrase: null }));
    deriveKeyAhead(nullPart, TEST_PASSPHRASE);
    expect(runs).toEqual([]);
  });

  it('nothing for a salt that is no text', () => {
    const { keyring } = deskWithKeyring();
    const runs = scryptRuns();
    deriveKeyAhead(keyringNaming(keyring, { salt: 12 }), TEST_PASSPHRASE);
    deriveKeyAhead(keyringNaming(keyring, { salt: undefined }), TEST_PASSPHRASE);
    expect(runs).toEqual([]);
  });

  it('nothing for work factors outside the bounds a keyring may name (a cost of 2^30 would hold the machine for minutes)', () => {
    const { keyring } = deskWithKeyring();
    const runs = scryptRuns();
    for (const factors of [
      { log2n: 9 },
      { log2n: 23 },
      { log2n: 30 },
      { log2n: 12.5 },
      { log2n: '12' },
      { log2n: undefined },
      { r: 0 },
      { r: 33 },
      { r: 2.5 },
      { r: '8' },
      { p: 0 },
      { p: 17 },
      { p: 1.5 },
      { p: null },
    ]) {
      deriveKeyAhead(keyringNaming(keyring, factors), TEST_PASSPHRASE);
      expect(runs, JSON.stringify(factors)).toEqual([]);
    }
  });

  it('started at the bounds themselves: 2^10 with r 1 and p 1, and r 32 with p 16', async () => {
    const { keyring } = deskWithKeyring();
    const runs = scryptRuns();
    const salt = Buffer.from(keyring.passphrase.salt, 'base64');
    deriveKeyAhead(keyringNaming(keyring, { log2n: 10, r: 1, p: 1 }), TEST_PASSPHRASE);
    expect(runs).toEqual([{ passphrase: TEST_PASSPHRASE, salt: keyring.passphrase.salt, N: 1024, r: 1, p: 1 }]);
    expect(await passphraseKeyOffThread(TEST_PASSPHRASE, salt, 10, 1, 1)).toEqual(passphraseKey(TEST_PASSPHRASE, salt, 10, 1, 1));
    deriveKeyAhead(keyringNaming(keyring, { log2n: 10, r: 32, p: 16 }), TEST_PASSPHRASE);
    expect(runs.slice(1)).toEqual([{ passphrase: TEST_PASSPHRASE, salt: keyring.passphrase.salt, N: 1024, r: 32, p: 16 }]);
    expect(await passphraseKeyOffThread(TEST_PASSPHRASE, salt, 10, 32, 16)).toEqual(passphraseKey(TEST_PASSPHRASE, salt, 10, 32, 16));
    expect(runs).toHaveLength(2);
  });
});

describe('the key an unlock derives from the passphrase', () => {
  it('is wiped once the data key is opened with it, taken ahead or not', async () => {
    const { dir, keyring, dataKey } = deskWithKeyring();
    const keys: Buffer[] = [];
    scryptRuns({ keys });
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    await expect(unwrapWithPassphraseOffThread(keyring, 'not-the-passphrase')).rejects.toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k.equals(Buffer.alloc(32))).toBe(true);
  });

  it('that cannot be derived at all leaves the store locked with WRONG_PASSPHRASE, as a wrong passphrase does', async () => {
    const { dir, keyring } = deskWithKeyring();
    const runs = scryptRuns({ failAll: true });
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    await expect(unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).rejects.toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
    expect(runs).toHaveLength(2);
  });
});
