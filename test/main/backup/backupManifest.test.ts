// A backup is used only when its manifest is 备案助手's and agrees with every entry: each flaw below is
// made on purpose in an otherwise sound backup, and verify and restore both refuse it, writing nothing.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { restoreBackup, verifyBackup } from '../../../main/backup/backup';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { tempDir } from '../../helpers';
import { craftBackup, DB, listedAs, sha, soundParts } from './craftBackup';
import { deflated, writeCraftedZip } from './craftZip';

async function expectRefused(file: string, message: string) {
  await expect(verifyBackup(file), 'verify').rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message });
  const target = join(tempDir(), 'target');
  await expect(restoreBackup(file, target), 'restore').rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message });
  expect(existsSync(target)).toBe(false);
}

describe('a backup’s manifest', () => {
  it('is verified when sound, and says which schema the database has', async () => {
    const { entries, listed } = soundParts();
    const { manifest } = await verifyBackup(craftBackup(entries, listed));
    expect(manifest).toMatchObject({ format: 1, app: 'beian-desk', schemaVersion: LATEST_SCHEMA_VERSION, entries: listed });
  });

  it('a backup file that is not there is named in the refusal', async () => {
    const file = join(tempDir(), '不存在.bdbackup');
    await expect(verifyBackup(file)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: `找不到备份文件：${file}` });
  });

  it('must be there', async () => {
    const { entries } = soundParts();
    const file = join(tempDir(), 'none.bdbackup');
    writeCraftedZip(file, entries);
    await expectRefused(file, '备份文件缺少清单（manifest.json），不是备案助手的备份');
  });

  it('must parse, and be format 1 of beian-desk with well-formed lines', async () => {
    const { entries, listed } = soundParts();
    const base = { format: 1, app: 'beian-desk', createdAt: '2026-01-01T00:00:00Z', schemaVersion: LATEST_SCHEMA_VERSION, entries: listed };
    const flawed: unknown[] = [
      '{"format":1,',
      { ...base, format: 2 },
      { ...base, app: 'other-app' },
      { ...base, schemaVersion: -1 },
      { ...base, createdAt: 5 },
      { ...base, entries: [{ ...listed[0], sha256: 'A'.repeat(64) }, listed[1]] },
      { ...base, entries: [{ ...listed[0], size: -1 }, listed[1]] },
    ];
    for (const m of flawed) await expectRefused(craftBackup(entries, null, m), '备份清单无法识别（格式版本不受支持或已损坏）');
  });

  it('must list each file once', async () => {
    const { entries, listed } = soundParts();
    await expectRefused(craftBackup(entries, [...listed, listed[1]!]), '备份清单中有重复的文件');
  });

  it('must list the database and the keyring', async () => {
    const { db, keyring, listed } = soundParts();
    await expectRefused(craftBackup([{ name: DB, deflated: deflated(db) }], [listed[0]!]), '备份不完整：缺少数据库或密钥文件');
    await expectRefused(craftBackup([{ name: 'keyring.json', stored: keyring }], [listed[1]!]), '备份不完整：缺少数据库或密钥文件');
  });

  it('must not list a file the archive lacks, itself, or a name 备案助手 does not write', async () => {
    const { entries, listed } = soundParts();
    const material = Buffer.from('BDESKENC1\n加密的材料');
    const name = `files/${sha(material).slice(0, 2)}/${sha(material)}`;
    await expectRefused(craftBackup(entries, [...listed, listedAs(name, material)]), `备份不完整：缺少 ${name}`);
    await expectRefused(craftBackup(entries, [...listed, listedAs('manifest.json', Buffer.from('{}'))]), '备份清单中有不允许的文件名：manifest.json');
    await expectRefused(craftBackup(entries, [...listed, listedAs('notes.txt', Buffer.from('x'))]), '备份清单中有不允许的文件名：notes.txt');
  });

  it('must give each file’s true checksum', async () => {
    const { entries, listed, keyring } = soundParts();
    await expectRefused(craftBackup(entries, [listed[0]!, { ...listedAs('keyring.json', keyring), sha256: sha(Buffer.from('other')) }]), '备份已损坏：keyring.json 的校验和不符');
    await expectRefused(craftBackup(entries, [{ ...listed[0]!, sha256: sha(Buffer.from('other')) }, listed[1]!]), `备份已损坏：${DB} 的校验和不符`);
  });

  it('counts the material files it holds, stored uncompressed', async () => {
    const { entries, listed } = soundParts();
    const files = ['甲', '乙'].map((t) => Buffer.from(`BDESKENC1\n${t}`));
    const named = files.map((f) => ({ name: `files/${sha(f).slice(0, 2)}/${sha(f)}`, data: f }));
    const file = craftBackup([...entries, ...named.map((n) => ({ name: n.name, stored: n.data }))], [...listed, ...named.map((n) => listedAs(n.name, n.data))]);
    const target = join(tempDir(), 'target');
    await expect(restoreBackup(file, target)).resolves.toMatchObject({ materialFiles: 2, schemaVersion: LATEST_SCHEMA_VERSION, dataDir: target });
    expect(readdirSync(join(target, 'files')).sort()).toEqual(named.map((n) => n.name.split('/')[1]).sort());
    expect(readdirSync(target).sort()).toEqual([DB, 'files', 'keyring.json']);
  });
});

describe('a backup’s keyring and database', () => {
  it('refuse a keyring larger than 64 KiB before reading it', async () => {
    const { db, entries } = soundParts();
    const big = Buffer.alloc(64 * 1024 + 1, 0x20);
    await expectRefused(craftBackup([entries[0]!, { name: 'keyring.json', stored: big }], [listedAs(DB, db), listedAs('keyring.json', big)]), '备份文件中的密钥文件（keyring.json）大于 65536 字节，不是备案助手的密钥文件');
  });

  it('take a keyring of exactly 64 KiB (the limit is “larger than”)', async () => {
    const { db, keyring } = soundParts();
    // the sound keyring, padded with JSON whitespace to 65536 bytes: it still parses
    const padded = Buffer.concat([keyring, Buffer.alloc(64 * 1024 - keyring.length, 0x20)]);
    expect(padded).toHaveLength(65536);
    const { manifest } = await verifyBackup(craftBackup([{ name: DB, deflated: deflated(db) }, { name: 'keyring.json', stored: padded }], [listedAs(DB, db), listedAs('keyring.json', padded)]));
    expect(manifest.entries.map((e) => e.name)).toContain('keyring.json');
  });

  it('refuse a wrapped key whose tag or salt is too short, and accept a 16-byte salt', async () => {
    const { db, keyring } = soundParts();
    const good = JSON.parse(keyring.toString('utf8')) as { passphrase: Record<string, string> };
    expect(Buffer.from(good.passphrase.salt!, 'base64')).toHaveLength(16);
    const bad = [{ tag: Buffer.alloc(15).toString('base64') }, { tag: Buffer.alloc(17).toString('base64') }, { salt: Buffer.alloc(15).toString('base64') }, { iv: Buffer.alloc(16).toString('base64') }, { data: Buffer.alloc(33).toString('base64') }];
    for (const change of bad) {
      const k = Buffer.from(JSON.stringify({ ...good, passphrase: { ...good.passphrase, ...change } }));
      await expectRefused(craftBackup([{ name: DB, deflated: deflated(db) }, { name: 'keyring.json', stored: k }], [listedAs(DB, db), listedAs('keyring.json', k)]), '备份文件中的密钥文件（keyring.json）已损坏或不是备案助手的密钥文件：没有它，备份中加密的数据无法解开。请换用另一份备份');
    }
  });

  /** The migrated database with an odd number of pages (a table or two more if need be), so that twice its page size divides no size of it. */
  function withOddPageCount(sound: Buffer): Buffer {
    if ((sound.length / sound.readUInt16BE(16)) % 2 === 1) return sound;
    const file = join(tempDir(), DB);
    writeFileSync(file, sound);
    const d = new Database(file);
    // a new table takes one page, or two when the schema page overflows too: add until the count is odd
    for (let i = 0; i < 4 && (d.pragma('page_count', { simple: true }) as number) % 2 === 0; i++) d.exec(`CREATE TABLE odd_page_count_${i} (x)`);
    d.pragma('wal_checkpoint(TRUNCATE)');
    d.close();
    return readFileSync(file);
  }

  it('refuse a database header whose page size or page count disagrees with the entry’s size', async () => {
    const { db: sound, keyring } = soundParts();
    const db = withOddPageCount(sound);
    const pageSize = db.readUInt16BE(16);
    const variants: [string, (h: Buffer) => void][] = [
      ['page size not a power of two', (h) => h.writeUInt16BE(pageSize + 512, 16)],
      ['page size below 512', (h) => h.writeUInt16BE(256, 16)],
      ['a size not a whole number of pages', (h) => h.writeUInt16BE(pageSize * 2, 16)],
      ['a page count (valid by its version number) that is not the size', (h) => h.writeUInt32BE(db.length / pageSize + 1, 28)],
    ];
    expect(db.length / pageSize % 2).toBe(1); // an odd number of pages: twice the page size does not divide it
    for (const [what, change] of variants) {
      const d = Buffer.from(db);
      change(d);
      const file = craftBackup([{ name: DB, deflated: deflated(d) }, { name: 'keyring.json', stored: keyring }], [listedAs(DB, d), listedAs('keyring.json', keyring)]);
      await expect(verifyBackup(file), what).rejects.toMatchObject({ message: `备份文件中的数据库（${DB}）文件头与其大小不符（${d.length} 字节），已停止读取` });
    }
  });

  it('take the page count on trust only when its version number matches the change counter', async () => {
    const { db, keyring } = soundParts();
    const d = Buffer.from(db);
    d.writeUInt32BE(d.readUInt32BE(24) + 1, 92); // the count is stale: SQLite itself ignores it then
    d.writeUInt32BE(999, 28);
    const file = craftBackup([{ name: DB, deflated: deflated(d) }, { name: 'keyring.json', stored: keyring }], [listedAs(DB, d), listedAs('keyring.json', keyring)]);
    await expect(verifyBackup(file)).resolves.toMatchObject({ manifest: { format: 1 } });
  });

  it('accept a database with 64 KiB pages (stored as 1 in the header)', async () => {
    const { keyring } = soundParts();
    const dir = tempDir();
    const raw = new Database(join(dir, DB));
    raw.pragma('page_size = 65536');
    raw.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    raw.close();
    const d = readFileSync(join(dir, DB));
    expect(d.readUInt16BE(16)).toBe(1);
    const file = craftBackup([{ name: DB, deflated: deflated(d) }, { name: 'keyring.json', stored: keyring }], [listedAs(DB, d), listedAs('keyring.json', keyring)]);
    await expect(verifyBackup(file)).resolves.toMatchObject({ manifest: { format: 1 } });
  });
});

describe('the kind of database a backup holds', () => {
  const dump = Buffer.from('PGDMP\u0001 a team database dump');

  it('must be what its manifest says: a desk’s SQLite file, or a team database’s dump marked postgres', async () => {
    const { entries, listed } = soundParts();
    const base = { format: 1, app: 'beian-desk', createdAt: '2026-01-01T00:00:00Z', schemaVersion: LATEST_SCHEMA_VERSION, entries: listed };
    await expectRefused(craftBackup(entries, null, { ...base, store: 'postgres' }), '备份清单与其中的数据库类型不符');
    const teamEntries = [{ name: 'team.pgdump', stored: dump }, entries[1]!];
    const teamListed = [listedAs('team.pgdump', dump), listed[1]!];
    for (const store of [undefined, 'sqlite']) {
      await expectRefused(craftBackup(teamEntries, null, { ...base, entries: teamListed, ...(store ? { store } : {}) }), '备份清单与其中的数据库类型不符');
    }
    await expect(verifyBackup(craftBackup(teamEntries, null, { ...base, entries: teamListed, store: 'postgres' }))).resolves.toMatchObject({ manifest: { store: 'postgres' } });
  });

  it('is never both: a SQLite file beside a team dump is refused', async () => {
    const { entries, listed } = soundParts();
    const base = { format: 1, app: 'beian-desk', createdAt: '2026-01-01T00:00:00Z', schemaVersion: LATEST_SCHEMA_VERSION };
    for (const store of ['sqlite', 'postgres']) {
      await expectRefused(craftBackup([...entries, { name: 'team.pgdump', stored: dump }], null, { ...base, store, entries: [...listed, listedAs('team.pgdump', dump)] }), '备份不完整：缺少数据库或密钥文件');
    }
  });

  it('a team dump must start as pg_dump’s custom format does', async () => {
    const { entries, listed } = soundParts();
    const notDump = Buffer.from('PGDMX not a dump');
    const base = { format: 1, app: 'beian-desk', createdAt: '2026-01-01T00:00:00Z', schemaVersion: LATEST_SCHEMA_VERSION, store: 'postgres' };
    const file = craftBackup([{ name: 'team.pgdump', stored: notDump }, entries[1]!], null, { ...base, entries: [listedAs('team.pgdump', notDump), listed[1]!] });
    await expect(verifyBackup(file)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: '备份文件中的团队数据库转储（team.pgdump）不是 pg_dump 的自定义格式，已停止读取' });
  });

  it('accepts a database of 512-byte pages, the smallest SQLite writes', async () => {
    const { keyring } = soundParts();
    const dir = tempDir();
    const raw = new Database(join(dir, DB));
    raw.pragma('page_size = 512');
    raw.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    raw.close();
    const d = readFileSync(join(dir, DB));
    expect(d.readUInt16BE(16)).toBe(512);
    const file = craftBackup([{ name: DB, deflated: deflated(d) }, { name: 'keyring.json', stored: keyring }], [listedAs(DB, d), listedAs('keyring.json', keyring)]);
    await expect(verifyBackup(file)).resolves.toMatchObject({ manifest: { format: 1 } });
  });
});

describe('restoring into a folder', () => {
  it('keeps an empty folder that was there before a refused restore', async () => {
    const { entries, listed } = soundParts();
    const target = join(tempDir(), 'chosen');
    mkdirSync(target);
    const file = craftBackup(entries, [...listed, listed[0]!]);
    await expect(restoreBackup(file, target)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
    expect(readdirSync(target)).toEqual([]);
  });

  it('names an interrupted earlier restore, by its lock or its staging folder', async () => {
    const { entries, listed } = soundParts();
    const file = craftBackup(entries, listed);
    // a staging folder of a process still running (this one): never taken for a killed restore's
    for (const left of ['.restore.lock', `.restore-${process.pid}-abcdef`]) {
      const target = tempDir();
      mkdirSync(join(target, left));
      await expect(restoreBackup(file, target), left).rejects.toMatchObject({ code: 'CONFLICT', message: `目标数据目录 ${target} 中有另一次恢复的文件（.restore.lock）：可能正在恢复，或上次恢复被中断。确认没有恢复在进行后，删除该目录再重试` });
      expect(readdirSync(target)).toEqual([left]);
    }
  });
});
