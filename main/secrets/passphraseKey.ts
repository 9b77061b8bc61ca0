// The one scrypt derivation: a 32-byte key from a passphrase (NFC, so the same characters typed on
// another system give the same key), used by the keyring and by transfer archives.
import { scryptSync } from 'node:crypto';

export function passphraseKey(passphrase: string, salt: Buffer, log2n: number, r = 8, p = 1): Buffer {
  const N = 2 ** log2n;
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}
