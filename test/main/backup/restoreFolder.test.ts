// What a restore puts in place, judged on hand-made backups (craftBackup.ts): an owner-only folder (README
// "Where the data lives": the folder and its subfolders 0700, the database, keyring and stored files 0600),
// never a database newer than this version, never a team backup in a desk's folder, and nothing over what
// another program wrote meanwhile, naming what it found.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreBackup, TEAM_DUMP } from '../../../main/backup/backup';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { tempDir } from '../../helpers';
import { craftBackup, DB, listedAs, sha, soundParts } from './craftBackup';
import { deflated } from './craftZip';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('a restored data folder', () => {
  it('is owner-only: the folder and its subfolders 0700, the database, keyring and material files 0600', async () => {
    const { entries, listed } = soundParts();
    const material = Buffer.from('BDESKENC1\n加密的材料');
    const hash = sha(material);
    const name = `files/${hash.slice(0, 2)}/${hash}`;
    const file = craftBackup([...entries, { name, stored: material }], [...listed, listedAs(name, material)]);
    const target = join(tempDir(), 'new', 'desk');
    await expect(restoreBackup(file, target)).resolves.toEqual({ dataDir: target, materialFiles: 1, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(readdirSync(target).sort()).toEqual([DB, 'files', 'keyring.json']);
    expect([target, join(target, 'files'), join(target, 'files', hash.slice(0, 2))].map(mode)).toEqual([0o700, 0o700, 0o700]);
    expect([DB, 'keyring.json', name].map((n) => mode(join(target, n)))).toEqual([0o600, 0o600, 0o600]);
  });

  it('never holds a database written by a newer version: it is refused and nothing is put in place', async () => {
    const { db, keyring } = soundParts();
    // user_version: the big-endian 32-bit integer at offset 60 of the SQLite header
    db.writeUInt32BE(LATEST_SCHEMA_VERSION + 1, 60);
    const file = craftBackup([{ name: DB, deflated: deflated(db) }, { name: 'keyring.json', stored: keyring }], [listedAs(DB, db), listedAs('keyring.json', keyring)]);
    const target = join(tempDir(), 'target');
    await expect(restoreBackup(file, target)).rejects.toMatchObject({ code: 'DB_TOO_NEW' });
    expect(existsSync(target)).toBe(false);
  });

  it('is never a team database’s backup: that one is refused with how to restore it, and nothing is written', async () => {
    const { keyring } = soundParts();
    const dump = Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(200, 1)]);
    const file = craftBackup([{ name: TEAM_DUMP, stored: dump }, { name: 'keyring.json', stored: keyring }], null, {
      format: 1, app: 'beian-desk', createdAt: '2026-01-01T00:00:00Z', schemaVersion: LATEST_SCHEMA_VERSION, store: 'postgres',
      entries: [listedAs(TEAM_DUMP, dump), listedAs('keyring.json', keyring)],
    });
    const target = join(tempDir(), 'target');
    await expect(restoreBackup(file, target)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '这是团队数据库（PostgreSQL）的备份：请用 --database postgres://… 指定一个空的团队数据库来恢复（backup restore 文件 --database … --data 空目录）',
    });
    expect(existsSync(target)).toBe(false);
  });

  it('is not put in place over what another program wrote meanwhile; the refusal names three of its files', async () => {
    const { entries, listed } = soundParts();
    const file = craftBackup(entries, listed);
    const target = join(tempDir(), 'target');
    const restoring = restoreBackup(file, target);
    const theirs = ['a.txt', 'b.txt', 'c.txt', 'd.txt'];
    for (const n of theirs) writeFileSync(join(target, n), 'theirs');
    const err = (await restoring.then(() => null, (e: unknown) => e)) as { code: string; message: string };
    expect(err.code).toBe('CONFLICT');
    const m = /^恢复期间有其他程序写入了目标数据目录 (.+)（(.+)），恢复已中止，这些文件未被改动。请确认没有程序在使用该目录后，换一个空目录重试$/.exec(err.message);
    expect(m?.[1]).toBe(target);
    const named = m![2]!.split('、');
    expect(named).toHaveLength(3);
    expect(new Set(named).size).toBe(3);
    for (const n of named) expect(theirs).toContain(n);
    expect(readdirSync(target).sort()).toEqual(theirs);
  });

  // inotify reports the links and renames into the folder in the order they were made.
  it.runIf(process.platform === 'linux')('gets its database last, so a folder with a database in it is a complete one', async () => {
    const { entries, listed } = soundParts();
    const material = Buffer.from('BDESKENC1\n材料');
    const hash = sha(material);
    const name = `files/${hash.slice(0, 2)}/${hash}`;
    const file = craftBackup([...entries, { name, stored: material }], [...listed, listedAs(name, material)]);
    const target = tempDir();
    const order: string[] = [];
    const watcher = watch(target, (_event, n) => {
      if (n && [DB, 'files', 'keyring.json'].includes(n) && !order.includes(n)) order.push(n);
    });
    try {
      await restoreBackup(file, target);
      await new Promise((ok) => setTimeout(ok, 200));
    } finally {
      watcher.close();
    }
    expect(order).toHaveLength(3);
    expect(order[2]).toBe(DB);
  });

  it('clears what a killed restore left (its lock and staging, its process gone) and restores', async () => {
    const { entries, listed } = soundParts();
    const file = craftBackup(entries, listed);
    const target = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    writeFileSync(join(target, '.restore.lock'), String(dead));
    mkdirSync(join(target, `.restore-${dead}-0123456789ab`, 'files'), { recursive: true });
    await expect(restoreBackup(file, target)).resolves.toMatchObject({ dataDir: target });
    expect(readdirSync(target).filter((n) => n.startsWith('.restore'))).toEqual([]);
    expect(existsSync(join(target, DB))).toBe(true);
  });

  it('is not written where an earlier restore’s lock is left, even beside other files', async () => {
    const { entries, listed } = soundParts();
    const file = craftBackup(entries, listed);
    const target = tempDir();
    writeFileSync(join(target, '.restore.lock'), String(process.pid)); // a restore still running
    writeFileSync(join(target, 'notes.txt'), 'theirs');
    await expect(restoreBackup(file, target)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`目标数据目录 ${target} 中有另一次恢复的文件（.restore.lock）`) });
    expect(readdirSync(target).sort()).toEqual(['.restore.lock', 'notes.txt']);
  });
});
