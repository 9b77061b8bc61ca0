// Issue 11, major: a data folder's database is bound to its data key. A missing keyring is not a first
// run (no new key over sealed data), and a keyring from another folder is refused even when the
// passphrase is the same — before anything can be written under the wrong key.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { Desk } from '../../main/desk';
import { clientRecordSchema } from '../../main/domain/schemas';
import { KEYRING_FILE } from '../../main/secrets/keyring';
import type { OsKeyStore } from '../../main/secrets/vault';
import { createClients, listClients } from '../../main/services/clients';
import { companyRecord } from '../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE, testRouter } from '../helpers';

const everyone = { offset: 0, limit: 50, sortBy: 'name', sortDir: 'asc' } as const;

async function folderWithClients(n = 2): Promise<string> {
  const dataDir = tempDir();
  const desk = await openTestDesk(dataDir);
  await createClients(desk, Array.from({ length: n }, (_, i) => clientRecordSchema.parse(companyRecord(i + 1))));
  await desk.close();
  return dataDir;
}

async function cliWithPassphrase(dataDir: string, ...args: string[]) {
  const saved = process.env.BEIAN_DESK_PASSPHRASE;
  process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
  let err = '';
  try {
    const code = await runCli(['--data', dataDir, ...args], { out: () => undefined, err: (t) => (err += t) });
    return { code, err };
  } finally {
    if (saved === undefined) delete process.env.BEIAN_DESK_PASSPHRASE;
    else process.env.BEIAN_DESK_PASSPHRASE = saved;
  }
}

const dbRows = (desk: Desk) => desk.sql.raw.prepare('SELECT COUNT(*) AS n FROM entity').get() as { n: number };

describe('a missing keyring', () => {
  it('is not taken for a first run: setup in the page is refused and no key is made', async () => {
    const dataDir = await folderWithClients();
    rmSync(join(dataDir, KEYRING_FILE));
    const desk = await Desk.open({ dataDir, kdfLog2n: 12 });
    const { router } = await testRouter(desk);
    const r = await router.invoke('session.setup', { passphrase: TEST_PASSPHRASE, confirm: TEST_PASSPHRASE });
    expect(r).toMatchObject({ ok: false, error: { code: 'KEYRING_MISSING' } });
    expect(!r.ok && r.error.message).toContain(`缺少密钥文件 ${KEYRING_FILE}`);
    expect(!r.ok && r.error.message).toContain('备份');
    expect(existsSync(join(dataDir, KEYRING_FILE))).toBe(false);
    expect(desk.vault.state()).toBe('uninitialised');
    await desk.close();
  });

  it('is refused by the CLI with the passphrase in the environment, and entity add writes nothing', async () => {
    const dataDir = await folderWithClients();
    rmSync(join(dataDir, KEYRING_FILE));
    const record = join(tempDir(), 'c.json');
    writeFileSync(record, JSON.stringify(companyRecord(3)));
    const r = await cliWithPassphrase(dataDir, 'entity', 'add', '--file', record);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`缺少密钥文件 ${KEYRING_FILE}`);
    expect(existsSync(join(dataDir, KEYRING_FILE))).toBe(false);
    const desk = await Desk.open({ dataDir });
    expect(dbRows(desk).n).toBe(2);
    await desk.close();
  });

  it('is refused once the store has its check value, even before any client was added', async () => {
    const dataDir = tempDir();
    await (await openTestDesk(dataDir)).close();
    rmSync(join(dataDir, KEYRING_FILE));
    const desk = await Desk.open({ dataDir, kdfLog2n: 12 });
    await expect(desk.vault.setup(TEST_PASSPHRASE)).rejects.toThrow(expect.objectContaining({ code: 'KEYRING_MISSING' }));
    await desk.close();
  });
});

describe('a keyring from another data folder', () => {
  it('is refused even with the same passphrase, and the right keyring still unlocks', async () => {
    const dataDir = await folderWithClients();
    const other = await folderWithClients(1);
    const own = readFileSync(join(dataDir, KEYRING_FILE));
    copyFileSync(join(other, KEYRING_FILE), join(dataDir, KEYRING_FILE));

    const desk = await Desk.open({ dataDir, kdfLog2n: 12 });
    const { router } = await testRouter(desk);
    const r = await router.invoke('session.unlock', { passphrase: TEST_PASSPHRASE });
    expect(r).toMatchObject({ ok: false, error: { code: 'KEYRING_FOREIGN' } });
    expect(!r.ok && r.error.message).toContain('属于另一个数据目录');
    expect(!r.ok && r.error.message).toContain(`取回原来的 ${KEYRING_FILE}`);
    expect(desk.vault.state()).toBe('locked');
    expect(await router.invoke('entity.create', { record: companyRecord(5) })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await desk.close();

    const record = join(tempDir(), 'c.json');
    writeFileSync(record, JSON.stringify(companyRecord(6)));
    const added = await cliWithPassphrase(dataDir, 'entity', 'add', '--file', record);
    expect(added.code).toBe(1);
    expect(added.err).toContain('属于另一个数据目录');

    writeFileSync(join(dataDir, KEYRING_FILE), own);
    const back = await openTestDesk(dataDir);
    expect((await listClients(back, everyone)).total).toBe(2);
  });

  it('is refused on a store written before the check value existed, which gets one on its first unlock', async () => {
    const dataDir = await folderWithClients();
    const other = await folderWithClients(1);
    const own = readFileSync(join(dataDir, KEYRING_FILE));
    const forget = await Desk.open({ dataDir });
    forget.sql.raw.prepare("DELETE FROM setting WHERE key = 'key_check'").run();
    await forget.close();

    copyFileSync(join(other, KEYRING_FILE), join(dataDir, KEYRING_FILE));
    const foreign = await Desk.open({ dataDir });
    await expect(foreign.vault.unlock(TEST_PASSPHRASE)).rejects.toThrow(expect.objectContaining({ code: 'KEYRING_FOREIGN' }));
    expect(foreign.sql.raw.prepare("SELECT value FROM setting WHERE key = 'key_check'").get()).toBeUndefined();
    await foreign.close();

    writeFileSync(join(dataDir, KEYRING_FILE), own);
    const desk = await openTestDesk(dataDir);
    expect(desk.sql.raw.prepare("SELECT value FROM setting WHERE key = 'key_check'").get()).toMatchObject({ value: expect.stringMatching(/^"[0-9a-f]{64}"$/) });
    expect((await listClients(desk, everyone)).total).toBe(2);
  });

  it('is refused through the OS key store too', async () => {
    const fakeOs: OsKeyStore = { isAvailable: () => true, wrap: (x) => Buffer.from(x).toString('hex'), unwrap: (w) => Buffer.from(w, 'hex').toString() };
    const dataDir = await folderWithClients();
    const other = tempDir();
    const donor = await openTestDesk(other, { osKeyStore: fakeOs });
    donor.vault.setOsUnlock(true);
    await donor.close();
    copyFileSync(join(other, KEYRING_FILE), join(dataDir, KEYRING_FILE));
    const desk = await Desk.open({ dataDir, osKeyStore: fakeOs });
    await expect(desk.vault.unlockWithOs()).rejects.toThrow(expect.objectContaining({ code: 'KEYRING_FOREIGN' }));
    expect(desk.vault.state()).toBe('locked');
    await desk.close();
  });
});
