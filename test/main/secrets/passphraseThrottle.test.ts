// Guessing the passphrase: attempts one at a time, each wrong one followed by a wait that doubles from
// 1 s up to a minute, a right one resetting it; other errors cost nothing. Waits are recorded, not slept.
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../main/domain/errors';
import { FIRST_DELAY_MS, MAX_DELAY_MS, PassphraseThrottle, realPause } from '../../../main/secrets/passphraseThrottle';

const wrong = () => {
  throw new DeskError('WRONG_PASSPHRASE', '密码不正确');
};

function recorded() {
  const waits: number[] = [];
  const throttle = new PassphraseThrottle(async (ms) => {
    waits.push(ms);
  });
  return { waits, throttle };
}

describe('passphrase throttle', () => {
  it('waits 1 s after the first wrong passphrase, then twice as long each time, at most a minute', async () => {
    expect(FIRST_DELAY_MS).toBe(1000);
    expect(MAX_DELAY_MS).toBe(60_000);
    const { waits, throttle } = recorded();
    expect(throttle.delayMs()).toBe(1000);
    for (let i = 0; i < 9; i++) await expect(throttle.run(wrong)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(throttle.delayMs()).toBe(60_000);
  });

  it('starts again at 1 s after a right passphrase, and returns what the attempt returned', async () => {
    const { waits, throttle } = recorded();
    await throttle.run(wrong).catch(() => undefined);
    await throttle.run(wrong).catch(() => undefined);
    await expect(throttle.run(() => 'unlocked')).resolves.toBe('unlocked');
    await throttle.run(wrong).catch(() => undefined);
    expect(waits).toEqual([1000, 2000, 1000]);
  });

  it('does not count errors other than a wrong passphrase, and passes them on', async () => {
    const { waits, throttle } = recorded();
    await expect(
      throttle.run(() => {
        throw new DeskError('KEYRING_CORRUPT', '密钥文件格式不正确');
      }),
    ).rejects.toMatchObject({ code: 'KEYRING_CORRUPT' });
    await expect(
      throttle.run(() => {
        throw new Error('disk');
      }),
    ).rejects.toThrow('disk');
    expect(waits).toEqual([]);
    await throttle.run(wrong).catch(() => undefined);
    expect(waits).toEqual([1000]);
  });

  it('runs parallel attempts one after the other, each after the wait of the one before', async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const throttle = new PassphraseThrottle(
      (ms) =>
        new Promise<void>((resolve) => {
          events.push(`wait ${ms}`);
          release = () => {
            events.push(`waited ${ms}`);
            resolve();
          };
        }),
    );
    const attempt = (n: number) => () => {
      events.push(`try ${n}`);
      return wrong();
    };
    const all = [1, 2, 3].map((n) => throttle.run(attempt(n)).catch(() => undefined));
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 5));
      release();
    }
    await Promise.all(all);
    expect(events).toEqual(['try 1', 'wait 1000', 'waited 1000', 'try 2', 'wait 2000', 'waited 2000', 'try 3', 'wait 4000', 'waited 4000']);
  });

  it('really waits with the real pause', async () => {
    const started = Date.now();
    await realPause(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
