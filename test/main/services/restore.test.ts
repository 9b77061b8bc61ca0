// 设置 → 备份 → 恢复 through the API: a job into an empty folder, refused for a used folder, a bad file
// or the wrong data passphrase, with nothing written to the target then.
// SQLite only: a backup file holds the desk's SQLite database; a team database is backed up with pg_dump
// (its desk's backup.create is refused, test/main/cliTeamDatabase.test.ts).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../../main/backup/backup';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, listClients } from '../../../main/services/clients';
import { addMaterial } from '../../../main/services/materials';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE, testRouter } from '../../helpers';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function finished(router: Awaited<ReturnType<typeof testRouter>>['router'], jobId: string) {
  for (let i = 0; i < 500; i++) {
    const s = await router.invoke('jobs.get', { id: jobId });
    const v = s.ok ? (s.value as { state: string; done: number; total: number; error: string | null; result: unknown }) : null;
    if (v && v.state !== 'running') return v;
    await wait(20);
  }
  throw new Error('restore job did not finish');
}

async function backedUp() {
  const { router, desk } = await testRouter();
  const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
  await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: '幕布.jpg', data: await materialJpeg('幕布照片') });
  const file = join(tempDir(), 'desk.bdbackup');
  await createBackup(desk, file);
  return { router, desk, file };
}

describe('restoring a backup from the desk', () => {
  it('restores into an empty folder as a job with progress; the restored folder opens with the same passphrase', async () => {
    const { router, file } = await backedUp();
    const target = join(tempDir(), '恢复的数据');
    const started = await router.invoke('backup.restore', { file, dataDir: target, passphrase: TEST_PASSPHRASE });
    expect(started.ok).toBe(true);
    const job = await finished(router, (started as { value: { jobId: string } }).value.jobId);
    expect(job).toMatchObject({ state: 'done', done: 3, total: 3, result: { dataDir: target, materialFiles: 1 } });
    const restored = await openTestDesk(target);
    expect((await listClients(restored, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).total).toBe(2);
    expect(readdirSync(join(target, '..')).filter((n) => n.includes('.restore-'))).toEqual([]);
  });

  it('refuses a folder that is not empty, at once, and leaves what is there', async () => {
    const { router, file } = await backedUp();
    const target = tempDir();
    writeFileSync(join(target, 'notes.txt'), 'keep me');
    const r = await router.invoke('backup.restore', { file, dataDir: target, passphrase: TEST_PASSPHRASE });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('目标数据目录不是空的') } });
    expect(readdirSync(target)).toEqual(['notes.txt']);
  });

  it('refuses the data folder in use', async () => {
    const { router, desk, file } = await backedUp();
    const r = await router.invoke('backup.restore', { file, dataDir: join(desk.dataDir, 'sub'), passphrase: TEST_PASSPHRASE });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('当前正在使用的数据目录') } });
  });

  it('refuses a wrong data passphrase and writes nothing into the target', async () => {
    const { router, file } = await backedUp();
    const target = join(tempDir(), 'restored');
    const started = await router.invoke('backup.restore', { file, dataDir: target, passphrase: 'not-the-passphrase' });
    const job = await finished(router, (started as { value: { jobId: string } }).value.jobId);
    expect(job).toMatchObject({ state: 'failed', error: expect.stringContaining('数据密码与这份备份不符') });
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(join(target, '..')).filter((n) => n.includes('.restore-'))).toEqual([]);
  });

  it('refuses a file that is not a backup, and a missing file', async () => {
    const { router } = await backedUp();
    const bogus = join(tempDir(), 'x.bdbackup');
    writeFileSync(bogus, 'not a zip at all');
    const target = join(tempDir(), 'restored');
    const started = await router.invoke('backup.restore', { file: bogus, dataDir: target, passphrase: TEST_PASSPHRASE });
    const job = await finished(router, (started as { value: { jobId: string } }).value.jobId);
    expect(job).toMatchObject({ state: 'failed', error: expect.stringContaining('不是有效的归档文件') });
    expect(existsSync(target)).toBe(false);
    expect(await router.invoke('backup.restore', { file: join(tempDir(), 'none.bdbackup'), dataDir: target, passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
