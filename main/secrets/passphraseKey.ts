// The one scrypt derivation: a 32-byte key from a passphrase (NFC, so the same characters typed on
// another system give the same key), used by the keyring and by transfer archives.
import { scrypt, scryptSync, type ScryptOptions } from 'node:crypto';

const KEY_BYTES = 32;
const costOf = (log2n: number, r: number, p: number): ScryptOptions => {
  const N = 2 ** log2n;
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
};

export function passphraseKey(passphrase: string, salt: Buffer, log2n: number, r = 8, p = 1): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, KEY_BYTES, costOf(log2n, r, p));
}

/** The work factors a keyring may name (keyring.ts validates them; a derivation started ahead checks them too). */
export const KDF_LIMITS = { log2n: [10, 22], r: [1, 32], p: [1, 16] } as const;

const deriveOffThread = (passphrase: string, salt: Buffer, log2n: number, r: number, p: number): Promise<Buffer> =>
  new Promise((ok, fail) => scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, costOf(log2n, r, p), (err, key) => (err ? fail(err) : ok(key))));

interface Inputs {
  passphrase: string;
  salt: Buffer;
  log2n: number;
  r: number;
  p: number;
}
/** The one derivation started before it was asked for (passphraseKeyAhead), until it is taken. */
let ahead: (Inputs & { key: Promise<Buffer> }) | undefined;

/**
 * The same key, derived on libuv's thread pool: the calling thread goes on meanwhile — a starting CLI or
 * host loads its modules while an unlock derives the key (on two cores the two overlap), and a running
 * host keeps answering other requests. A derivation started ahead with the very same inputs is taken
 * (once) instead of derived again; if it failed, the key is derived anew.
 */
export function passphraseKeyOffThread(passphrase: string, salt: Buffer, log2n: number, r = 8, p = 1): Promise<Buffer> {
  const a = ahead;
  if (a && a.passphrase === passphrase && a.salt.equals(salt) && a.log2n === log2n && a.r === r && a.p === p) {
    ahead = undefined;
    // a derivation that failed ahead (the thread pool short of memory while the start loads its code) is
    // tried once more now, rather than refusing the passphrase for it
    return a.key.catch(() => deriveOffThread(passphrase, salt, log2n, r, p));
  }
  return deriveOffThread(passphrase, salt, log2n, r, p);
}

/**
 * Starts the derivation passphraseKeyOffThread will be asked for with these inputs, before the code that
 * asks for it is loaded (secrets/keyAhead.ts). Inputs that differ when it is asked for are derived anew.
 */
export function passphraseKeyAhead(passphrase: string, salt: Buffer, log2n: number, r: number, p: number): void {
  const key = deriveOffThread(passphrase, salt, log2n, r, p);
  // whoever takes the derivation derives again if it failed; one never taken is no error of its own
  key.catch(() => undefined);
  ahead = { passphrase, salt, log2n, r, p, key };
}
