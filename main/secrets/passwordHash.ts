// Operator passwords: scrypt with a random salt per account, the cost stored beside the hash so it can be
// raised later without locking anyone out, compared in constant time. Runs on libuv's thread pool
// (async scrypt), so a login does not stall the server's other requests.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface PasswordCost {
  log2n: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 bytes = 32 MiB and ~50–100 ms per guess: OWASP's scrypt floor is N=2^17 with r=8 at p=1 on servers with room; a shared desk machine gets 2^15. */
export const DEFAULT_PASSWORD_COST: PasswordCost = { log2n: 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, cost: PasswordCost): Promise<Buffer> {
  const N = 2 ** cost.log2n;
  return new Promise((ok, fail) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r }, (err, key) => (err ? fail(err) : ok(key))),
  );
}

export async function hashPassword(password: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.log2n, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** False for a wrong password and for a stored value that is not one of ours (never throws on it). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [log2n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![log2n, r, p].every((n) => Number.isInteger(n) && n > 0) || log2n > 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_BYTES || salt.length < SALT_BYTES) return false;
  const key = await derive(password, salt, { log2n, r, p });
  return timingSafeEqual(key, expected);
}

/**
 * A hash of a random password at the given cost: checked against when the user name is unknown, so an
 * unknown name takes as long as a wrong password and the answer cannot tell names apart.
 */
export function decoyHash(cost: PasswordCost = DEFAULT_PASSWORD_COST): Promise<string> {
  return hashPassword(randomBytes(18).toString('base64'), cost);
}
