// Opening the vault runs its unlock listeners (sealing a legacy store's clear values and files) before
// setup or unlock returns: when one of them fails, the vault must not stay unlocked with its keys in
// memory while the caller is told the unlock failed.
import { describe, expect, it } from 'vitest';
import type { DerivedKeys } from '../../../main/secrets/fieldCrypto';
import { Vault } from '../../../main/secrets/vault';
import { tempDir, TEST_PASSPHRASE } from '../../helpers';

const failing = (v: Vault, seen: DerivedKeys[], fail: () => boolean) =>
  v.onUnlocked(async () => {
    seen.push(v.derived());
    if (fail()) throw new Error('封存旧数据失败');
  });

const zeroed = (k: DerivedKeys) => Object.values(k).every((b) => (b as Buffer).every((x) => x === 0));

describe('a vault whose opening fails', () => {
  it('is locked again, its keys wiped, when setup fails after the keyring was written', async () => {
    const v = new Vault(tempDir(), undefined, 12);
    const seen: DerivedKeys[] = [];
    failing(v, seen, () => true);
    await expect(v.setup(TEST_PASSPHRASE)).rejects.toThrow('封存旧数据失败');
    expect(v.state()).toBe('locked');
    expect(() => v.derived()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    expect(seen).toHaveLength(1);
    expect(zeroed(seen[0]!)).toBe(true);
  });

  it('is locked after a failed unlock, and unlocks once the listener succeeds', async () => {
    const dir = tempDir();
    await new Vault(dir, undefined, 12).setup(TEST_PASSPHRASE);
    const v = new Vault(dir, undefined, 12);
    let fail = true;
    const seen: DerivedKeys[] = [];
    failing(v, seen, () => fail);
    await expect(v.unlock(TEST_PASSPHRASE)).rejects.toThrow('封存旧数据失败');
    expect(v.state()).toBe('locked');
    expect(zeroed(seen[0]!)).toBe(true);
    fail = false;
    await v.unlock(TEST_PASSPHRASE);
    expect(v.state()).toBe('unlocked');
    expect(zeroed(seen[1]!)).toBe(false);
  });
});
