// Operator password hashes as stored values: the layout README "Accounts" gives (scrypt, N = 2^log2n, r, p,
// a 16-byte salt and a 32-byte key, base64, joined by "$") checked with scrypt itself, and stored values
// that do not fit that layout — a cost that is no positive whole number, a salt or key of another length —
// answered "no match" rather than tried or thrown on.
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decoyHash, hashPassword, verifyPassword } from '../../../main/secrets/passwordHash';

const stored = (log2n: number | string, r: number | string, p: number | string, salt: Buffer, key: Buffer) =>
  ['scrypt', log2n, r, p, salt.toString('base64'), key.toString('base64')].join('$');

const PASSWORD = 'operator-pw-0001';

describe('stored operator password hashes', () => {
  it('hold scrypt(password, salt, 32 bytes, N = 2^log2n, r, p) of the salt they name', async () => {
    const value = await hashPassword(PASSWORD, { log2n: 12, r: 4, p: 1 });
    const [, , , , salt, key] = value.split('$');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toEqual(scryptSync(PASSWORD, Buffer.from(salt!, 'base64'), 32, { N: 4096, r: 4, p: 1 }));
  });

  it('match a value written to that layout by someone else', async () => {
    const salt = randomBytes(16);
    expect(await verifyPassword(PASSWORD, stored(11, 2, 1, salt, scryptSync(PASSWORD, salt, 32, { N: 2048, r: 2, p: 1 })))).toBe(true);
  });

  it('do not match a cost that is no positive whole number, even when the key would', async () => {
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 2048, r: 1, p: 1 });
    for (const [log2n, r, p] of [[11, 0, 1], [11, 1, 0], [11, 1.5, 1], [11, -1, 1], [11, 1, 'x'], [0, 1, 1]] as const) {
      await expect(verifyPassword(PASSWORD, stored(log2n, r, p, salt, key)), `${log2n} ${r} ${p}`).resolves.toBe(false);
    }
  });

  it('do not match a salt shorter than 16 bytes or a key other than 32 bytes, even made from the password', async () => {
    const shortSalt = randomBytes(8);
    await expect(verifyPassword(PASSWORD, stored(11, 1, 1, shortSalt, scryptSync(PASSWORD, shortSalt, 32, { N: 2048, r: 1, p: 1 })))).resolves.toBe(false);
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 2048, r: 1, p: 1 });
    await expect(verifyPassword(PASSWORD, stored(11, 1, 1, salt, key.subarray(0, 16)))).resolves.toBe(false);
    await expect(verifyPassword(PASSWORD, stored(11, 1, 1, salt, Buffer.concat([key, key])))).resolves.toBe(false);
  });

  it('take a decoy for an unknown name: a hash of the same layout and cost that matches no password tried', async () => {
    const decoy = await decoyHash({ log2n: 11, r: 1, p: 1 });
    const parts = decoy.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '11', '1', '1']);
    expect(Buffer.from(parts[4]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5]!, 'base64')).toHaveLength(32);
    for (const guess of ['', PASSWORD, 'password']) expect(await verifyPassword(guess, decoy)).toBe(false);
    expect(await decoyHash({ log2n: 11, r: 1, p: 1 })).not.toBe(decoy);
  });
});
