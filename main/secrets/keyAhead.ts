// A CLI command or host that will unlock the store with BEIAN_DESK_PASSPHRASE starts deriving the key
// first, off the main thread, and loads the store's code meanwhile: the derivation is most of such a
// start (scrypt at 2^17), and everything loaded before it began would be waited for on top of it.
// Only the keyring's work factors and salt are read here, without zod; the unlock reads and validates the
// keyring as always and takes this derivation only if its inputs are the same (passphraseKeyOffThread).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEYRING_FILE } from './keyringFile';
import { KDF_LIMITS, passphraseKeyAhead } from './passphraseKey';

const within = (v: unknown, [min, max]: readonly [number, number]): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Starts the derivation the unlock of dataDir with this passphrase will need; nothing without a passphrase or a readable keyring. */
export function deriveKeyAhead(dataDir: string, passphrase: string | undefined): void {
  if (!passphrase) return;
  let wrapped: { log2n?: unknown; r?: unknown; p?: unknown; salt?: unknown } | undefined;
  try {
    wrapped = (JSON.parse(readFileSync(join(dataDir, KEYRING_FILE), 'utf8')) as { passphrase?: typeof wrapped }).passphrase;
    // Stryker disable next-line BlockStatement: without the return, `wrapped` is still undefined and the check below returns
  } catch {
    // no keyring yet (a new desk is set up, not unlocked) or one the unlock will refuse with its own message
    return;
  }
  if (!wrapped || typeof wrapped.salt !== 'string' || !within(wrapped.log2n, KDF_LIMITS.log2n) || !within(wrapped.r, KDF_LIMITS.r) || !within(wrapped.p, KDF_LIMITS.p)) return;
  passphraseKeyAhead(passphrase, Buffer.from(wrapped.salt, 'base64'), wrapped.log2n, wrapped.r, wrapped.p);
}
