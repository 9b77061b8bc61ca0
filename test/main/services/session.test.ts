// Wrong passphrases through the page or the API: attempts are served one at a time and each wrong one
// makes the next wait twice as long (1 s, 2 s, 4 s … at most a minute). The waits go through an injected
// pause, so the test sees them without taking real time.
// On one store only: the throttle and the passphrase live in the vault (keyring.json in the data folder),
// whatever store holds the data.
import { describe, expect, it, vi } from 'vitest';
import { MAX_DELAY_MS } from '../../../main/secrets/passphraseThrottle';
import { join } from 'node:path';
import { DB_FILE_NAME } from '../../../main/db/open';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE, testRouter } from '../../helpers';
import { storeWithDuplicateEntity } from '../../support/olderStore';

/** A pause that records each wait and ends only when the test releases it. */
function heldPause() {
  const waits: number[] = [];
  const pending: (() => void)[] = [];
  return {
    waits,
    pause: (ms: number) => {
      waits.push(ms);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
    release: () => pending.shift()?.(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function lockedDesk(pause: (ms: number) => Promise<void>) {
  const desk = await openTestDesk(tempDir(), { pause });
  desk.vault.lock();
  return desk;
}

describe('wrong passphrases', () => {
  it('are tried one at a time, each after the previous one’s growing wait, even from parallel requests', async () => {
    const held = heldPause();
    const desk = await lockedDesk(held.pause);
    const tried = vi.spyOn(desk.vault, 'unlock');
    const { router } = await testRouter(desk);
    const answers = Array.from({ length: 8 }, (_, i) => router.invoke('session.unlock', { passphrase: `wrong-guess-${i}` }));
    // each guess's key is derived off the main thread (secrets/keyAhead.ts): wait for its answer, i.e. its
    // held wait, and see that the next guess has not been tried meanwhile
    const answered = async (n: number) => {
      await vi.waitFor(() => expect(held.waits).toHaveLength(n), { timeout: 10_000, interval: 5 });
      await settle();
      expect(tried).toHaveBeenCalledTimes(n);
    };
    await answered(1);
    for (let i = 1; i < 8; i++) {
      held.release();
      await answered(i + 1);
    }
    held.release();
    for (const a of await Promise.all(answers)) expect(a).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(held.waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, MAX_DELAY_MS, MAX_DELAY_MS]);
  });

  it('the right passphrase still gets in after the wait, and starts the count again', async () => {
    const waits: number[] = [];
    const desk = await lockedDesk(async (ms) => void waits.push(ms));
    const { router } = await testRouter(desk);
    await router.invoke('session.unlock', { passphrase: 'wrong-guess-1' });
    await router.invoke('session.unlock', { passphrase: 'wrong-guess-2' });
    expect(await router.invoke('session.unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    await router.invoke('session.lock', {});
    await router.invoke('session.unlock', { passphrase: 'wrong-guess-3' });
    expect(waits).toEqual([1000, 2000, 1000]);
  });

  it('changing the passphrase with a wrong current one is throttled the same way', async () => {
    const waits: number[] = [];
    const desk = await openTestDesk(tempDir(), { pause: async (ms) => void waits.push(ms) });
    const { router } = await testRouter(desk);
    for (let i = 0; i < 3; i++) {
      expect(await router.invoke('session.changePassphrase', { current: `wrong-guess-${i}`, next: 'another-passphrase', confirm: 'another-passphrase' })).toMatchObject({
        ok: false,
        error: { code: 'WRONG_PASSPHRASE' },
      });
    }
    expect(waits).toEqual([1000, 2000, 4000]);
  });
});

describe('changing the data passphrase', () => {
  it('refuses a wrong current passphrase on the 当前密码 field, and keeps the old one working', async () => {
    const { router, desk } = await testRouter();
    const r = await router.invoke('session.changePassphrase', { current: 'not-the-passphrase', next: 'a-new-passphrase', confirm: 'a-new-passphrase' });
    expect(r).toEqual({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: '当前密码不正确，数据密码未修改', details: [{ path: ['current'], message: '当前密码不正确' }] } });
    desk.vault.lock();
    await desk.vault.unlock(TEST_PASSPHRASE);
  });

  it('puts a too-short new passphrase on the 新密码 field', async () => {
    const { router } = await testRouter();
    const r = await router.invoke('session.changePassphrase', { current: TEST_PASSPHRASE, next: 'short', confirm: 'short' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: ['next'] }] } });
  });

  it('changes it when the current one is right', async () => {
    const { router, desk } = await testRouter();
    expect(await router.invoke('session.changePassphrase', { current: TEST_PASSPHRASE, next: 'a-new-passphrase', confirm: 'a-new-passphrase' })).toMatchObject({ ok: true });
    desk.vault.lock();
    await desk.vault.unlock('a-new-passphrase');
  });
});

describe('what the store’s upgrade found', () => {
  it('is told to the window once unlocked (one 主体 as two clients, found by migration 0030), and only once', async () => {
    const dir = tempDir();
    let desk = await openTestDesk(dir);
    await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    await desk.close();
    storeWithDuplicateEntity(join(dir, DB_FILE_NAME)); // a second client for the same 主体, as builds before 0030 allowed
    desk = await openTestDesk(dir, { onMigrationProgress: () => undefined });
    const { router } = await testRouter(desk);
    const first = (await router.invoke('session.status', {})) as { ok: true; value: { upgradeNotices?: string[] } };
    expect(first.value.upgradeNotices).toHaveLength(1);
    expect(first.value.upgradeNotices![0]).toContain('同一主体只能是一个客户');
    expect(first.value.upgradeNotices![0]).not.toMatch(/\d{15}/); // names clients, never a number
    const again = (await router.invoke('session.status', {})) as { ok: true; value: { upgradeNotices?: string[] } };
    expect(again.value.upgradeNotices).toBeUndefined();
  });
});
