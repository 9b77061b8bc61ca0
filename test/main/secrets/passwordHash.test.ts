// Operator passwords: salted scrypt, cost kept in the stored value, a wrong or damaged value never matches.
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../main/secrets/passwordHash';

const CHEAP = { log2n: 12, r: 8, p: 1 };

describe('operator password hashes', () => {
  it('verifies the password it was made from and nothing else', async () => {
    const stored = await hashPassword('correct horse 11', CHEAP);
    expect(await verifyPassword('correct horse 11', stored)).toBe(true);
    expect(await verifyPassword('correct horse 12', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash: the same password twice gives two different values, neither containing it', async () => {
    const a = await hashPassword('同一个密码-0001', CHEAP);
    const b = await hashPassword('同一个密码-0001', CHEAP);
    expect(a).not.toBe(b);
    expect(a).not.toContain('同一个密码');
    expect(a.split('$').slice(0, 4)).toEqual(['scrypt', '12', '8', '1']);
  });

  it('keeps the default cost at scrypt N = 2^15, r = 8', async () => {
    const stored = await hashPassword('default-cost-pw');
    expect(stored.split('$').slice(1, 4)).toEqual(['15', '8', '1']);
    expect(await verifyPassword('default-cost-pw', stored)).toBe(true);
  });

  it('treats a damaged or foreign stored value as no match instead of throwing', async () => {
    const stored = await hashPassword('pw-0000000001', CHEAP);
    const parts = stored.split('$');
    expect(await verifyPassword('pw-0000000001', parts.slice(0, 5).join('$'))).toBe(false);
    expect(await verifyPassword('pw-0000000001', ['bcrypt', ...parts.slice(1)].join('$'))).toBe(false);
    expect(await verifyPassword('pw-0000000001', [...parts.slice(0, 5), Buffer.alloc(32).toString('base64')].join('$'))).toBe(false);
    expect(await verifyPassword('pw-0000000001', ['scrypt', '40', '8', '1', parts[4], parts[5]].join('$'))).toBe(false);
  });

  it('reads the same password typed in another Unicode normal form as the same', async () => {
    const stored = await hashPassword('cafe\u0301-password', CHEAP);
    expect(await verifyPassword('caf\u00e9-password', stored)).toBe(true);
  });
});
