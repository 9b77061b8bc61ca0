import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { backupTempDir, createBackup, restoreBackup, verifyBackup } from '../../../main/backup/backup';
import { DB_FILE_NAME, openDatabase } from '../../../main/db/open';
import * as m0001 from '../../../main/db/migrations/0001-clients';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { newKeyring, writeKeyring } from '../../../main/secrets/keyring';
import { createClients, getClientClear, listClients } from '../../../main/services/clients';
import { addMaterial, readMaterial } from '../../../main/services/materials';
import { materialJpeg } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE } from '../../helpers';
import { craftBackup, DB, listedAs, realParts, sha } from './craftBackup';
import { deflated, deflatedZeros, peakBufferGrowth, shaOfZeros } from './craftZip';

const PHOTO = await materialJpeg('幕布照片 '.repeat(20_000));

async function deskWithData() {
  const desk = await openTestDesk();
  const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
  const m = await addMaterial(desk, { entityId: c!.id, kind: 'curtain', fileName: '幕布.jpg', data: PHOTO });
  return { desk, clientId: c!.id, materialId: m.id };
}

function zipOf(file: string, entries: [string, Buffer][]): Promise<void> {
  return new Promise((ok, fail) => {
    const z = new yazl.ZipFile();
    for (const [name, data] of entries) z.addBuffer(data, name);
    z.outputStream.pipe(createWriteStream(file)).on('close', () => ok()).on('error', fail);
    z.end();
  });
}

describe('backup and restore', () => {
  it('writes one verified file and restores it into an empty folder', async () => {
    const { desk, clientId, materialId } = await deskWithData();
    const out = join(tempDir(), '备份', 'desk.bdbackup');
    const r = await createBackup(desk, out);
    expect(r).toMatchObject({ file: out, materialFiles: 1, verified: true });
    expect(readdirSync(join(out, '..'))).toEqual(['desk.bdbackup']); // no temp files left beside it
    expect(readFileSync(out).includes(Buffer.from('幕布照片'))).toBe(false); // still encrypted

    const target = join(tempDir(), 'restored');
    const restored = await restoreBackup(out, target);
    expect(restored).toMatchObject({ materialFiles: 1, schemaVersion: LATEST_SCHEMA_VERSION });
    const again = await openTestDesk(target); // unlocks with the same passphrase
    expect(await getClientClear(again, clientId)).toEqual(await getClientClear(desk, clientId));
    expect((await readMaterial(again, materialId)).data.equals(PHOTO)).toBe(true);
    expect((await listClients(again, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).total).toBe(2);
  });

  it('refuses to restore over a folder that holds anything', async () => {
    const { desk } = await deskWithData();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    const target = tempDir();
    writeFileSync(join(target, 'notes.txt'), 'keep me');
    await expect(restoreBackup(out, target)).rejects.toThrow('目标数据目录不是空的');
    expect(readdirSync(target)).toEqual(['notes.txt']);
  });

  it('refuses a damaged backup and writes nothing', async () => {
    const { desk } = await deskWithData();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    const bytes = readFileSync(out);
    const at = bytes.indexOf(Buffer.from('BDESKENC1')) + 400; // inside the stored (uncompressed) material file
    bytes[at]! ^= 0xff;
    writeFileSync(out, bytes);
    const target = join(tempDir(), 'x');
    await expect(restoreBackup(out, target)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
    expect(existsSync(target)).toBe(false);
    await expect(verifyBackup(join(tempDir(), 'missing.bdbackup'))).rejects.toThrow('找不到备份文件');
    const notZip = join(tempDir(), 'n.bdbackup');
    writeFileSync(notZip, 'plain text');
    await expect(verifyBackup(notZip)).rejects.toThrow('不是有效的归档文件');
  });

  it('refuses an archive with a path-traversal name', async () => {
    const dir = tempDir();
    const file = join(dir, 'evil.bdbackup');
    await zipOf(file, [['AAAAAAAAAAAAAA.txt', Buffer.from('x')]]);
    const bytes = readFileSync(file);
    let at = bytes.indexOf('AAAAAAAAAAAAAA');
    while (at >= 0) {
      bytes.write('../../../../ev', at, 'latin1');
      at = bytes.indexOf('AAAAAAAAAAAAAA', at + 1);
    }
    writeFileSync(file, bytes);
    const target = join(dir, 'target');
    await expect(restoreBackup(file, target)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(dir, '..', '..', '..', 'ev.txt'))).toBe(false);
  });

  it('migrates a backup from an older schema when restoring it', async () => {
    const src = tempDir();
    const db = openDatabase(join(src, DB_FILE_NAME), { migrations: [m0001] });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const { keyring } = newKeyring(TEST_PASSPHRASE, 12);
    writeKeyring(src, keyring);
    const dbBytes = readFileSync(join(src, DB_FILE_NAME));
    const keyBytes = readFileSync(join(src, 'keyring.json'));
    const manifest = { format: 1, app: 'beian-desk', createdAt: '2026-01-01T00:00:00Z', schemaVersion: 1, entries: [
      { name: DB_FILE_NAME, size: dbBytes.length, sha256: sha(dbBytes) },
      { name: 'keyring.json', size: keyBytes.length, sha256: sha(keyBytes) },
    ] };
    const file = join(tempDir(), 'old.bdbackup');
    await zipOf(file, [[DB_FILE_NAME, dbBytes], ['keyring.json', keyBytes], ['manifest.json', Buffer.from(JSON.stringify(manifest))]]);
    const target = join(tempDir(), 'new');
    mkdirSync(target);
    const r = await restoreBackup(file, target);
    expect(r.schemaVersion).toBe(1);
    const restored = openDatabase(join(target, DB_FILE_NAME));
    expect(restored.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    restored.close();
  });
});

const MiB = 1024 * 1024;

/** Runs verify and restore on `file`; both must refuse with `message`, holding little memory, writing nothing. */
async function expectRefusedLean(file: string, message: string | RegExp, maxBuffered = 32 * MiB) {
  const target = join(tempDir(), 'target');
  const runs: [string, () => Promise<unknown>][] = [['verify', () => verifyBackup(file)], ['restore', () => restoreBackup(file, target)]];
  for (const [what, run] of runs) {
    const { outcome, peakBytes } = await peakBufferGrowth(run);
    expect(peakBytes, what).toBeLessThan(maxBuffered);
    expect(outcome.status, what).toBe('rejected');
    const reason = (outcome as PromiseRejectedResult).reason as Error & { code: string };
    expect(reason.code, what).toBe('ARCHIVE_INVALID');
    if (typeof message === 'string') expect(reason.message, what).toBe(message);
    else expect(reason.message, what).toMatch(message);
  }
  expect(existsSync(target)).toBe(false);
}

describe('hostile backups', () => {
  it('refuses a database entry that would inflate to far more than the manifest declares, before inflating it', async () => {
    const { db, keyring } = realParts();
    // 256 MiB of zeros in 265 KB, declared honestly in the zip, the manifest saying the real size
    const file = craftBackup([{ name: DB, deflated: deflatedZeros(256) }, { name: 'keyring.json', stored: keyring }], [listedAs(DB, db), listedAs('keyring.json', keyring)]);
    await expectRefusedLean(file, `备份文件中的“${DB}”大小与清单不符（清单 ${db.length} 字节，归档声明 ${256 * MiB} 字节），已拒绝，未解压`);
  });

  it('stops reading a database entry of zeros at its first bytes, even when the manifest agrees with it', async () => {
    const { keyring } = realParts();
    const file = craftBackup([{ name: DB, deflated: deflatedZeros(128) }, { name: 'keyring.json', stored: keyring }], [{ name: DB, size: 128 * MiB, sha256: shaOfZeros(128) }, listedAs('keyring.json', keyring)]);
    await expectRefusedLean(file, `备份文件中的数据库（${DB}）不是 SQLite 数据库，已停止读取`);
    const tiny = Buffer.from('SQLite format 3\0');
    const short = craftBackup([{ name: DB, stored: tiny }, { name: 'keyring.json', stored: keyring }], [listedAs(DB, tiny), listedAs('keyring.json', keyring)]);
    await expectRefusedLean(short, `备份文件中的数据库（${DB}）不是 SQLite 数据库，已停止读取`);
  });

  it('streams a large database entry to disk with little memory, and refuses it when it is not a sound database', async () => {
    const { db, keyring } = realParts();
    // a real database followed by 95 MiB of zeros, its header claiming every page
    const head = Buffer.from(db);
    const pageSize = head.readUInt16BE(16);
    head.writeUInt32BE((96 * MiB) / pageSize, 28);
    const file = craftBackup([{ name: DB, deflated: deflatedZeros(96, head) }, { name: 'keyring.json', stored: keyring }], [{ name: DB, size: 96 * MiB, sha256: shaOfZeros(96, head) }, listedAs('keyring.json', keyring)]);
    // Collected garbage lags behind; reading the entry whole would hold 96 MiB at least.
    await expectRefusedLean(file, /^备份中的数据库未通过完整性检查（发现 \d+ 处问题）/, 48 * MiB);
  });

  it('refuses, before reading anything, an entry declaring more than the 8 GiB limit', async () => {
    const { keyring } = realParts();
    const nine = 9 * 1024 ** 3;
    const file = craftBackup([{ name: DB, deflated: deflatedZeros(1), declaredSize: nine }, { name: 'keyring.json', stored: keyring }], [{ name: DB, size: nine, sha256: shaOfZeros(1) }, listedAs('keyring.json', keyring)]);
    await expectRefusedLean(file, `备份文件中的“${DB}”解压后有 ${nine} 字节，超过单个文件的上限 ${8 * 1024 ** 3} 字节（可能是压缩炸弹），已拒绝，未解压`);
  });

  it('stops inflating a database entry that inflates past the size both the zip and the manifest declare', async () => {
    const { db, keyring } = realParts();
    const file = craftBackup([{ name: DB, deflated: deflatedZeros(64, db), declaredSize: db.length }, { name: 'keyring.json', stored: keyring }], [listedAs(DB, db), listedAs('keyring.json', keyring)]);
    await expectRefusedLean(file, `备份文件中的“${DB}”解压后超过了声明的大小（可能是压缩炸弹），已停止解压`);
  });

  it('refuses a well-formed name outside its list, a file left out of the manifest, and a compressed material file', async () => {
    const { db, keyring } = realParts();
    const parts = [{ name: DB, deflated: deflated(db) }, { name: 'keyring.json', stored: keyring }];
    const listed = [listedAs(DB, db), listedAs('keyring.json', keyring)];
    const notes = craftBackup([...parts, { name: 'notes.txt', stored: Buffer.from('x') }], listed);
    await expectRefusedLean(notes, '备份文件中含有不允许的文件名：“notes.txt”（不属于此类文件），已拒绝，未写入任何文件');
    // Names yauzl's strictFileNames lets through (no "..", no backslash, relative) that are still not
    // what 备案助手 writes: a WAL or journal beside the database, a keyring copy, material files named
    // other than files/<2 hex>/<64 hex>.
    const hash = sha(Buffer.from('x'));
    for (const odd of [`${DB}-wal`, `${DB}-journal`, 'keyring.json.bak', `files/${hash.slice(0, 2)}/${hash}.exe`, `files/${hash.slice(0, 2)}/${hash.slice(0, 63)}`, `FILES/${hash.slice(0, 2)}/${hash}`, `files/${hash.slice(0, 2)}/${hash.toUpperCase()}`, `files/${hash}`, `x/files/${hash.slice(0, 2)}/${hash}`]) {
      await expectRefusedLean(craftBackup([...parts, { name: odd, stored: Buffer.from('x') }], [...listed, listedAs(odd, Buffer.from('x'))]), `备份文件中含有不允许的文件名：“${odd}”（不属于此类文件），已拒绝，未写入任何文件`);
    }
    const material = Buffer.from('BDESKENC1\n加密的材料');
    const name = `files/${sha(material).slice(0, 2)}/${sha(material)}`;
    await expectRefusedLean(craftBackup([...parts, { name, stored: material }], listed), `备份中有清单外的文件：${name}`);
    await expectRefusedLean(craftBackup([...parts, { name, deflated: deflated(material) }], [...listed, listedAs(name, material)]), `备份中的材料文件“${name}”是压缩存放的，备案助手写出的备份不会这样，已拒绝`);
  });

  it('refuses a backup whose keyring does not parse or holds a malformed wrapped key', async () => {
    const { db } = realParts();
    const good = JSON.parse(realParts().keyring.toString('utf8')) as { passphrase: Record<string, string> };
    const broken = [Buffer.from('{}'), Buffer.from(JSON.stringify({ ...good, passphrase: { ...good.passphrase, data: Buffer.alloc(5).toString('base64') } })), Buffer.from(JSON.stringify({ ...good, passphrase: { ...good.passphrase, iv: '' } }))];
    for (const keyring of broken) {
      const file = craftBackup([{ name: DB, deflated: deflated(db) }, { name: 'keyring.json', stored: keyring }], [listedAs(DB, db), listedAs('keyring.json', keyring)]);
      await expectRefusedLean(file, '备份文件中的密钥文件（keyring.json）已损坏或不是备案助手的密钥文件：没有它，备份中加密的数据无法解开。请换用另一份备份');
    }
  });
});

describe('restore beside other programs', () => {
  it('aborts without deleting anything when another program writes into the target while it runs', async () => {
    const { desk } = await deskWithData();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    const target = join(tempDir(), 'target');
    const restoring = restoreBackup(out, target);
    // The restore has claimed the empty folder and is reading; another program writes its own file.
    writeFileSync(join(target, 'notes.txt'), 'keep me');
    await expect(restoring).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('恢复期间有其他程序写入了目标数据目录') });
    expect(readdirSync(target)).toEqual(['notes.txt']);
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses a target where another restore is under way', async () => {
    const { desk } = await deskWithData();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    const target = join(tempDir(), 'target');
    const first = restoreBackup(out, target);
    await expect(restoreBackup(out, target)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('中有另一次恢复的文件（.restore.lock）') });
    await expect(first).resolves.toMatchObject({ materialFiles: 1 });
    expect(readdirSync(target).sort()).toEqual([DB, 'files', 'keyring.json']);
  });

  it('leaves no temp file in the data folder or beside the backup, and writes the backup 0600', async () => {
    const { desk } = await deskWithData();
    const out = join(tempDir(), 'b.bdbackup');
    await createBackup(desk, out);
    expect(readdirSync(backupTempDir(desk.dataDir))).toEqual([]);
    expect(readdirSync(join(out, '..'))).toEqual(['b.bdbackup']);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});
