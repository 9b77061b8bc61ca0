// Backup: one file holding a consistent copy of the database (SQLite online backup), the keyring and the
// encrypted file store, with a manifest of SHA-256 sums; verified after writing. Restore: into an empty
// data folder only, every name and sum checked before anything is moved into place; an older schema is
// migrated when the restored store is first opened.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import yazl from 'yazl';
import { z } from 'zod';
import { DeskError } from '../api/errors';
import { appendAudit } from '../db/repositories/audit';
import { DB_FILE_NAME, openDatabase } from '../db/open';
import type { Desk } from '../desk';
import { KEYRING_FILE } from '../secrets/keyring';
import { writeFileAtomic } from '../secrets/atomicWrite';
import { listEntries, openZip, readEntry } from './archive';

export const BACKUP_EXTENSION = '.bdbackup';
const MANIFEST = 'manifest.json';
const FILE_ENTRY = /^files\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

const manifestSchema = z.object({
  format: z.literal(1),
  app: z.literal('beian-desk'),
  createdAt: z.string(),
  schemaVersion: z.number().int().min(0),
  entries: z.array(z.object({ name: z.string(), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(1_000_000),
});
type Manifest = z.infer<typeof manifestSchema>;

const allowedName = (name: string) => name === MANIFEST || name === DB_FILE_NAME || name === KEYRING_FILE || FILE_ENTRY.test(name);

const LIMITS = { maxEntryBytes: 8 * 1024 ** 3, maxTotalBytes: 200 * 1024 ** 3, maxEntries: 1_000_001 };

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export function defaultBackupName(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `备案助手备份-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}${BACKUP_EXTENSION}`;
}

export interface BackupResult {
  file: string;
  bytes: number;
  materialFiles: number;
  verified: true;
}

export async function createBackup(desk: Desk, outFile: string): Promise<BackupResult> {
  const target = resolve(outFile);
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target)) throw new DeskError('CONFLICT', `备份文件已存在：${target}`);
  const tag = randomBytes(6).toString('hex');
  const dbCopy = join(dirname(target), `.${basename(target)}.${tag}.db.part`);
  const zipPart = `${target}.${tag}.part`;
  try {
    await desk.sql.raw.backup(dbCopy);
    const schemaVersion = openDatabaseVersion(dbCopy);
    const zip = new yazl.ZipFile();
    const entries: Manifest['entries'] = [];
    const dbBytes = readFileSync(dbCopy);
    zip.addBuffer(dbBytes, DB_FILE_NAME, { compress: true });
    entries.push({ name: DB_FILE_NAME, size: dbBytes.length, sha256: sha(dbBytes) });
    const keyring = readFileSync(join(desk.dataDir, KEYRING_FILE));
    zip.addBuffer(keyring, KEYRING_FILE);
    entries.push({ name: KEYRING_FILE, size: keyring.length, sha256: sha(keyring) });
    const hashes = desk.files.list();
    for (const h of hashes) {
      const path = desk.files.pathOf(h);
      const bytes = readFileSync(path);
      const name = `files/${h.slice(0, 2)}/${h}`;
      // Stored encrypted: already incompressible, so no deflate.
      zip.addBuffer(bytes, name, { compress: false });
      entries.push({ name, size: bytes.length, sha256: sha(bytes) });
    }
    const manifest: Manifest = { format: 1, app: 'beian-desk', createdAt: new Date().toISOString(), schemaVersion, entries };
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 1)), MANIFEST);
    await new Promise<void>((ok, fail) => {
      const out = createWriteStream(zipPart, { flags: 'wx', mode: 0o600 });
      out.on('close', () => ok());
      out.on('error', fail);
      zip.outputStream.on('error', fail).pipe(out);
      zip.end();
    });
    const fd = openSync(zipPart, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    await verifyBackup(zipPart);
    renameSync(zipPart, target);
    desk.sql.tx(() => appendAudit(desk.ctx, { action: 'backup.create', targetType: 'desk', targetId: null, entityId: null, detail: { materialFiles: hashes.length } }));
    return { file: target, bytes: statSync(target).size, materialFiles: hashes.length, verified: true };
  } finally {
    for (const f of [dbCopy, `${dbCopy}-wal`, `${dbCopy}-shm`, zipPart]) rmSync(f, { force: true });
  }
}

function openDatabaseVersion(file: string): number {
  return readFileSync(file).subarray(60, 64).readInt32BE(0);
}

/** Checks every entry against the manifest and the database copy with integrity_check. */
export async function verifyBackup(file: string): Promise<{ manifest: Manifest }> {
  const { manifest } = await readBackup(file, async () => undefined);
  return { manifest };
}

/**
 * Reads a backup, verifying names, sizes and sums, and hands each verified entry to `sink`. The
 * database copy is integrity-checked from a temporary file that is removed afterwards.
 */
async function readBackup(file: string, sink: (name: string, data: Buffer) => Promise<void>): Promise<{ manifest: Manifest }> {
  if (!existsSync(file)) throw new DeskError('ARCHIVE_INVALID', `找不到备份文件：${file}`);
  const zip = await openZip(file);
  try {
    const entries = await listEntries(zip, allowedName, LIMITS);
    const byName = new Map(entries.map((e) => [e.fileName, e]));
    const mEntry = byName.get(MANIFEST);
    if (!mEntry || mEntry.uncompressedSize > 256 * 1024 * 1024) throw new DeskError('ARCHIVE_INVALID', '备份文件缺少清单（manifest.json），不是备案助手的备份');
    let manifest: Manifest;
    try {
      const parsed = manifestSchema.safeParse(JSON.parse((await readEntry(zip, mEntry)).data.toString('utf8')));
      if (!parsed.success) throw new Error('schema');
      manifest = parsed.data;
    } catch {
      throw new DeskError('ARCHIVE_INVALID', '备份清单无法识别（格式版本不受支持或已损坏）');
    }
    const listed = new Set(manifest.entries.map((e) => e.name));
    for (const name of byName.keys()) if (name !== MANIFEST && !listed.has(name)) throw new DeskError('ARCHIVE_INVALID', `备份中有清单外的文件：${name}`);
    if (!listed.has(DB_FILE_NAME) || !listed.has(KEYRING_FILE)) throw new DeskError('ARCHIVE_INVALID', '备份不完整：缺少数据库或密钥文件');
    for (const m of manifest.entries) {
      if (!allowedName(m.name)) throw new DeskError('ARCHIVE_INVALID', `备份清单中有不允许的文件名：${m.name.slice(0, 120)}`);
      const entry = byName.get(m.name);
      if (!entry) throw new DeskError('ARCHIVE_INVALID', `备份不完整：缺少 ${m.name}`);
      const { data, sha256 } = await readEntry(zip, entry);
      if (sha256 !== m.sha256 || data.length !== m.size) throw new DeskError('ARCHIVE_INVALID', `备份已损坏：${m.name} 的校验和不符`);
      if (m.name === DB_FILE_NAME) checkDatabaseBytes(file, data);
      await sink(m.name, data);
    }
    return { manifest };
  } finally {
    zip.close();
  }
}

function checkDatabaseBytes(backupFile: string, data: Buffer): void {
  const tmp = join(dirname(resolve(backupFile)), `.verify-${randomBytes(6).toString('hex')}.db`);
  try {
    writeFileAtomic(tmp, data);
    const db = new Database(tmp, { readonly: true });
    try {
      const r = db.pragma('integrity_check', { simple: true });
      if (r !== 'ok') throw new DeskError('ARCHIVE_INVALID', `备份中的数据库未通过完整性检查（${String(r).slice(0, 80)}）`);
    } finally {
      db.close();
    }
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}

function isEmptyDir(dir: string): boolean {
  if (!existsSync(dir)) return true;
  return readdirSync(dir).length === 0;
}

/** Restores into an empty (or not yet existing) data folder; nothing is written there unless all checks pass. */
export async function restoreBackup(file: string, dataDir: string): Promise<{ dataDir: string; materialFiles: number; schemaVersion: number }> {
  const target = resolve(dataDir);
  if (!isEmptyDir(target)) throw new DeskError('CONFLICT', `目标数据目录不是空的：${target}。恢复只写入空目录，以免覆盖现有数据`);
  const staging = `${target}.restore-${randomBytes(4).toString('hex')}.part`;
  mkdirSync(staging, { recursive: true });
  let materialFiles = 0;
  try {
    const { manifest } = await readBackup(file, async (name, data) => {
      const dest = join(staging, ...name.split('/'));
      mkdirSync(dirname(dest), { recursive: true });
      writeFileAtomic(dest, data);
      if (name.startsWith('files/')) materialFiles++;
    });
    // Opening migrates an older schema and refuses a newer one, before the folder is put in place.
    openDatabase(join(staging, DB_FILE_NAME)).close();
    if (existsSync(target)) rmSync(target, { recursive: true });
    mkdirSync(dirname(target), { recursive: true });
    renameSync(staging, target);
    return { dataDir: target, materialFiles, schemaVersion: manifest.schemaVersion };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
