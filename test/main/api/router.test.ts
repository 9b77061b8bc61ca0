import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../../main/api/contract';
import { createRouter, toErrorBody } from '../../../main/api/router';
import { Desk } from '../../../main/desk';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, testRouter, TEST_PASSPHRASE } from '../../helpers';
import { folderWithDamagedClientTable } from '../../support/damagedStore';
import { fillSmallDisk, mountSmallDisk, smallDisksAvailable, unmountSmallDisk } from '../../support/smallDisk';

describe('API router', () => {
  it('creates and returns a client through the contract', async () => {
    const { router } = await testRouter();
    const created = await router.invoke('entity.create', { record: companyRecord(1) });
    expect(created).toMatchObject({ ok: true, value: { id: 1, websiteIds: [1] } });
    const got = await router.invoke('entity.get', { id: 1 });
    expect(got.ok && (got.value as { people: unknown[] }).people).toHaveLength(2);
  });

  it('refuses invalid input before any handler runs, with Chinese messages and field paths', async () => {
    const { router, desk } = await testRouter();
    const rec = companyRecord(1);
    rec.people[0]!.mobile = '12345';
    const r = await router.invoke('entity.create', { record: rec });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: '手机号码应为 11 位数字，以 13–19 开头，例如 13800138000',
        details: [{ path: ['record', 'people', 0, 'mobile'], message: '手机号码应为 11 位数字，以 13–19 开头，例如 13800138000' }],
      },
    });
    expect((desk.sql.raw.prepare('SELECT count(*) AS n FROM entity').get() as { n: number }).n).toBe(0);
  });

  it.each([
    ['an unknown method', 'entity.explode', {}, 'UNKNOWN_METHOD'],
    ['a missing record', 'entity.create', {}, 'VALIDATION'],
    ['a string id', 'entity.get', { id: '1' }, 'VALIDATION'],
    ['a negative id', 'entity.get', { id: -3 }, 'VALIDATION'],
    ['an unknown field', 'entity.get', { id: 1, admin: true }, 'VALIDATION'],
    ['a missing client', 'entity.get', { id: 4242 }, 'NOT_FOUND'],
    ['an array as input', 'entity.list', [1, 2], 'VALIDATION'],
    ['a huge limit', 'entity.list', { limit: 10_000_000 }, 'VALIDATION'],
    ['bad base64', 'material.add', { entityId: 1, kind: 'other', fileName: 'a', contentBase64: '%%%' }, 'VALIDATION'],
  ])('answers %s with a specific code', async (_what, method, input, code) => {
    const { router } = await testRouter();
    const r = await router.invoke(method, input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe(code);
    expect(!r.ok && /[\u4e00-\u9fff]/.test(r.error.message)).toBe(true);
  });

  it('never lets a raw SQLite error or stack reach the caller', async () => {
    const { router, desk, logs } = await testRouter();
    desk.sql.raw.close();
    const r = await router.invoke('entity.list', {});
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: '内部错误，操作未完成；数据未被修改' } });
    expect(logs.join('\n')).not.toMatch(/at .*\.ts:\d+/);
  });

  it('says which folder and why when the system refuses a file, and logs only the kind of failure', () => {
    const logs: string[] = [];
    const err = Object.assign(new Error("EACCES: permission denied, open '/mnt/备份/.1a2b.part'"), { code: 'EACCES', errno: -13, syscall: 'open', path: '/mnt/备份/.1a2b.part' });
    expect(toErrorBody(err, 'backup.create', (line) => logs.push(line), '/data')).toEqual({ code: 'VALIDATION', message: '无法读写文件夹“/mnt/备份”中的文件：没有读写权限。请换一个文件夹，或请管理员开放写入权限' });
    expect(logs).toEqual(['[api] backup.create failed: Error EACCES']);
  });

  it('answers 内部错误 to a thrown null or undefined, not a TypeError of its own', () => {
    for (const thrown of [null, undefined]) {
      expect(toErrorBody(thrown, 'backup.create', () => {}, '/data')).toEqual({ code: 'INTERNAL', message: '内部错误，操作未完成；数据未被修改' });
    }
  });

  it('has an input and output schema for every method', () => {
    for (const [name, spec] of Object.entries(contract)) {
      expect(spec.input, name).toBeTruthy();
      expect(spec.output, name).toBeTruthy();
    }
  });
});

// SQLite's refusals about the file itself: the single desk's own store (a team database is PostgreSQL's to report)
describe('the store refusing, as the operator is told it', () => {
  it('a save on a full disk: the disk is full, naming the data folder, not 内部错误', async () => {
    const { router, desk } = await testRouter();
    await router.invoke('entity.create', { record: companyRecord(1) });
    // the file may not grow any more: to SQLite the disk is full
    desk.sql.raw.pragma(`max_page_count = ${desk.sql.raw.pragma('page_count', { simple: true }) as number}`);
    let r = await router.invoke('entity.create', { record: companyRecord(2) });
    for (let i = 3; r.ok && i < 60; i++) r = await router.invoke('entity.create', { record: companyRecord(i) });
    expect(r).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: `数据目录“${desk.dataDir}”所在的磁盘已满，本次操作未完成，数据未被修改。请腾出磁盘空间后重试。` },
    });
    const saved = (desk.sql.raw.prepare('SELECT count(*) AS n FROM entity').get() as { n: number }).n;
    desk.sql.raw.pragma('max_page_count = 1073741823');
    expect(await router.invoke('entity.create', { record: companyRecord(99) })).toMatchObject({ ok: true });
    expect((desk.sql.raw.prepare('SELECT count(*) AS n FROM entity').get() as { n: number }).n).toBe(saved + 1);
  });

  // a real full disk (a small tmpfs; mounting needs root): SQLite rolls the whole transaction back itself when
  // the WAL cannot grow, so the driver's own ROLLBACK has nothing to undo and must not replace the error
  it.runIf(smallDisksAvailable())('a save on a really full disk (tmpfs) too', async () => {
    const disk = mountSmallDisk(8, 'beian-desk-full-');
    try {
      const dataDir = join(disk, 'desk');
      mkdirSync(dataDir);
      const { router, desk } = await testRouter(await openTestDesk(dataDir));
      fillSmallDisk(disk, 8);
      let r = await router.invoke('entity.create', { record: companyRecord(1) });
      for (let i = 2; r.ok && i < 40; i++) r = await router.invoke('entity.create', { record: companyRecord(i) });
      expect(r).toEqual({ ok: false, error: { code: 'VALIDATION', message: `数据目录“${dataDir}”所在的磁盘已满，本次操作未完成，数据未被修改。请腾出磁盘空间后重试。` } });
      await desk.close();
    } finally {
      unmountSmallDisk(disk);
    }
  });

  it('a damaged page of the client table met while unlocking: a damaged database to restore from a backup, not 内部错误', async () => {
    const dir = await folderWithDamagedClientTable();
    const desk = await Desk.open({ dataDir: dir, kdfLog2n: 12 });
    try {
      const r = await createRouter(desk, () => {}).invoke('session.unlock', { passphrase: TEST_PASSPHRASE });
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'DB_CORRUPT',
          message: `数据目录“${dir}”中的数据库已损坏（SQLITE_CORRUPT），无法继续使用，请从备份恢复：用“npm run cli -- --data 空目录 backup restore 备份文件”把最近的备份恢复到一个新的数据目录；损坏的数据目录请保留，不要删除。`,
        },
      });
      expect(desk.vault.state()).toBe('locked');
    } finally {
      await desk.close();
    }
  });
});
