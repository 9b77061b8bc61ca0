// The key derivation a starting CLI command or host begins before it loads the store's code
// (secrets/keyAhead.ts): the unlock takes it only when its inputs are the unlock's own — a derivation
// from another passphrase or an older keyring must never open (or refuse) the store in place of the real one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveKeyAhead } from '../../../main/secrets/keyAhead';
import { KEYRING_FILE, newKeyring, readKeyring, unwrapWithPassphraseOffThread, wrapWithPassphrase, writeKeyring } from '../../../main/secrets/keyring';
import { passphraseKey, passphraseKeyOffThread } from '../../../main/secrets/passphraseKey';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';

function deskWithKeyring() {
  const dir = tempDir();
  const { keyring, dataKey } = newKeyring(TEST_PASSPHRASE, 12);
  writeKeyring(dir, keyring);
  return { dir, keyring, dataKey };
}

describe('the key derived ahead of the unlock', () => {
  it('derives off the main thread the same key as the derivation on it', async () => {
    const salt = Buffer.alloc(16, 3);
    expect(await passphraseKeyOffThread('cafe\u0301-passphrase', salt, 12)).toEqual(passphraseKey('caf\u00e9-passphrase', salt, 12));
  });

  it('opens the keyring it was started for', async () => {
    const { dir, keyring, dataKey } = deskWithKeyring();
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
  });

  it('is not used for another passphrase: the right one still opens, a wrong one is still refused', async () => {
    const { dir, keyring, dataKey } = deskWithKeyring();
    deriveKeyAhead(dir, 'not-the-passphrase');
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    await expect(unwrapWithPassphraseOffThread(keyring, 'not-the-passphrase')).rejects.toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
  });

  it('is not used for a keyring re-wrapped since it was started (new salt or work factor)', async () => {
    const { dir, keyring, dataKey } = deskWithKeyring();
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    const rewrapped = { ...keyring, passphrase: wrapWithPassphrase(dataKey, TEST_PASSPHRASE, 13) };
    writeKeyring(dir, rewrapped);
    expect(await unwrapWithPassphraseOffThread(readKeyring(dir)!, TEST_PASSPHRASE)).toEqual(dataKey);
  });

  it('is taken once: a second unlock derives again', async () => {
    const { dir, keyring, dataKey } = deskWithKeyring();
    deriveKeyAhead(dir, TEST_PASSPHRASE);
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
    // the first unlock wiped the key it was handed: the second must derive its own
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
  });

  it('starts nothing without a passphrase, a keyring, or with work factors outside the keyring\'s bounds', async () => {
    const none = tempDir();
    expect(() => deriveKeyAhead(none, TEST_PASSPHRASE)).not.toThrow();
    const { dir, keyring, dataKey } = deskWithKeyring();
    expect(() => deriveKeyAhead(dir, undefined)).not.toThrow();
    writeFileSync(join(dir, KEYRING_FILE), '{ not json');
    expect(() => deriveKeyAhead(dir, TEST_PASSPHRASE)).not.toThrow();
    // a keyring naming a cost of 2^30 would hold the machine for minutes: not started, the unlock's own check refuses it
    writeFileSync(join(dir, KEYRING_FILE), JSON.stringify({ ...keyring, passphrase: { ...keyring.passphrase, log2n: 30 } }));
    expect(() => deriveKeyAhead(dir, TEST_PASSPHRASE)).not.toThrow();
    expect(await unwrapWithPassphraseOffThread(keyring, TEST_PASSPHRASE)).toEqual(dataKey);
  });
});
