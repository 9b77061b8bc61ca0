// Backup: one file holding a consistent copy of the database (SQLite online backup), the keyring and the
// encrypted file store, with a manifest of SHA-256 sums; verified after writing. Restore: into an empty
// data folder only, every name, size and sum checked while streaming into a staging folder inside it,
// moved into place only while nobody else has written there; an older schema is migrated on the way.
import { fileStamp, type Instant } from '../domain/dates';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import yazl from 'yazl';
import { z } from 'zod';
import { DeskError } from '../domain/errors';
import { syncDir } from '../files/atomicWrite';
import { ensureOutputFolder, fileSystemError, makeFolderLevels } from '../files/outputFolder';
import { RESTORE_LOCK, RESTORE_STAGING, restoreLeftovers } from '../files/dataFolder';
import { alive } from '../files/writers';
import { appendAudit } from '../db/repositories/audit';
import { DB_FILE_NAME, integrityCheck, openDatabase, readSchemaVersion } from '../db/open';
import type { Desk } from '../desk';
import { KEYRING_FILE, readKeyring, type Keyring } from '../secrets/keyring';
import { SafeArchive } from './archive';
import { createTeamBackup } from './teamBackup';
import { backupTempDir, sweepBackupLeftovers } from './tempFiles';

export { backupTempDir, sweepBackupLeftovers } from './tempFiles';

export const BACKUP_EXTENSION = '.bdbackup';
const MANIFEST = 'manifest.json';
const FILE_ENTRY = /^files\/[0-9a-f]{2}\/[0-9a-f]{64}$/;
/** A team database's backup holds its pg_dump (custom format) instead of the SQLite file (teamBackup.ts). */
export const TEAM_DUMP = 'team.pgdump';
const PG_DUMP_MAGIC = Buffer.from('PGDMP');
const LABEL = '备份文件';

const manifestSchema = z.object({
  format: z.literal(1),
  app: z.literal('beian-desk'),
  createdAt: z.string(),
  schemaVersion: z.number().int().min(0),
  /** Which store it was taken from; absent in backups of a desk's SQLite file from before team mode. */
  store: z.enum(['sqlite', 'postgres']).optional(),
  entries: z.array(z.object({ name: z.string(), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(1_000_000),
});
export type Manifest = z.infer<typeof manifestSchema>;

const allowedName = (name: string) => name === MANIFEST || name === DB_FILE_NAME || name === TEAM_DUMP || name === KEYRING_FILE || FILE_ENTRY.test(name);

const LIMITS = { maxEntryBytes: 8 * 1024 ** 3, maxTotalBytes: 200 * 1024 ** 3, maxEntries: 1_000_001 };
/** A million entries of about 180 bytes each. */
const MANIFEST_MAX_BYTES = 256 * 1024 ** 2;
const KEYRING_MAX_BYTES = 64 * 1024;


/** Named for the moment it was taken, China time, so backups sort by name. */
export function defaultBackupName(now: Instant = new Date()): string {
  return `备案助手备份-${fileStamp(now)}${BACKUP_EXTENSION}`;
}

export interface BackupResult {
  file: string;
  bytes: number;
  materialFiles: number;
  verified: true;
  /** What the operator should know about a backup that was written all the same (a pg_dump of another version). */
  warnings?: string[];
}

/** A read stream of `path` that reports its size and SHA-256 once it has been read to the end. */
function hashedFile(path: string, done: (size: number, sha256: string) => void): Readable {
  const hash = createHash('sha256');
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, next) {
      hash.update(chunk);
      size += chunk.length;
      next(null, chunk);
    },
    flush(next) {
      done(size, hash.digest('hex'));
      next();
    },
  });
  const source = createReadStream(path);
  source.on('error', (err) => t.destroy(err));
  return source.pipe(t);
}

/** Writes a new file (a lock, a marker) and flushes it; one whose write failed (a full disk) is removed, not left empty. */
export function writeSmallFile(file: string, text: string): void {
  const fd = openSync(file, 'wx', 0o600);
  let written = false;
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    written = true;
  } finally {
    closeSync(fd);
    if (!written) rmSync(file, { force: true });
  }
}

/**
 * Streams the parts into the zip at `zipPart` (already opened as `out`), each hashed on the way, the
 * manifest last, and flushes it to disk.
 */
export async function writeBackupZip(
  out: NodeJS.WritableStream,
  zipPart: string,
  parts: { path: string; name: string; compress: boolean }[],
  meta: { schemaVersion: number; store: 'sqlite' | 'postgres' },
): Promise<void> {
  const entries: Manifest['entries'] = [];
  const zip = new yazl.ZipFile();
  for (const { path, name, compress } of parts) {
    zip.addReadStreamLazy(name, { compress }, (cb) => {
      const s = hashedFile(path, (size, sha256) => entries.push({ name, size, sha256 }));
      s.on('error', (err) => zip.emit('error', err));
      cb(null, s);
    });
  }
  // Read last, when every entry before it has been streamed and hashed.
  zip.addReadStreamLazy(MANIFEST, (cb) => {
    const manifest: Manifest = { format: 1, app: 'beian-desk', createdAt: new Date().toISOString(), schemaVersion: meta.schemaVersion, store: meta.store, entries };
    cb(null, Readable.from([Buffer.from(JSON.stringify(manifest, null, 1))]));
  });
  await new Promise<void>((ok, fail) => {
    out.on('close', () => ok());
    out.on('error', fail);
    zip.on('error', fail);
    zip.outputStream.on('error', fail).pipe(out);
    zip.end();
  });
  // flushed off this thread: an fsync of a few hundred MB would hold the window for as long
  const fh = await open(zipPart, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Refuses a backup of a data folder whose keyring.json has gone (a sync tool, an antivirus, a clean-up took it
 * while the desk was unlocked): without it nothing sealed in the backup could be opened again.
 */
function assertKeyringPresent(dataDir: string): void {
  if (existsSync(join(dataDir, KEYRING_FILE))) return;
  throw new DeskError(
    'KEYRING_MISSING',
    `数据目录“${dataDir}”缺少密钥文件 ${KEYRING_FILE}（可能被同步软件、杀毒软件或清理工具移走了），没有它，备份中加密的数据无法解开，因此没有做备份。` +
      `请从回收站或该目录以前的备份中取回 ${KEYRING_FILE} 放回此目录后重试（取回的密钥文件用做那份备份时的数据密码解锁）。未做任何改动。`,
  );
}

/**
 * A step writing into the data folder (the database copy and the verify copy in its tmp/backup): a full or
 * failing disk there is named as the data folder's, not the backup folder's, where freeing space would not help.
 */
export async function inDataFolder<T>(dataDir: string, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    // SQLite's online backup says a full disk in its own words
    const systemErr = (err as { code?: unknown } | null)?.code === 'SQLITE_FULL' ? { code: 'ENOSPC' } : err;
    throw fileSystemError(systemErr, dataDir) ?? err;
  }
}

export async function createBackup(desk: Desk, outFile: string): Promise<BackupResult> {
  assertKeyringPresent(desk.dataDir);
  // a team database is dumped by PostgreSQL's own pg_dump (teamBackup.ts)
  if (desk.sql.dialect.name === 'postgres') return await createTeamBackup(desk, outFile);
  const target = resolve(outFile);
  ensureOutputFolder(dirname(target));
  if (existsSync(target)) throw new DeskError('CONFLICT', `备份文件已存在：${target}`);
  const dataDir = resolve(desk.dataDir);
  const tmp = backupTempDir(dataDir);
  const tag = `${process.pid}-${randomBytes(6).toString('hex')}`;
  // The partial backup has to sit beside its target to be renamed into place; the marker tells the next
  // start where it is, should this process be killed.
  const marker = join(tmp, `${tag}.target`);
  const dbCopy = join(tmp, `${tag}.db`);
  const zipPart = `${target}.${tag}.part`;
  const leftovers = [dbCopy, `${dbCopy}-journal`, `${dbCopy}-wal`, `${dbCopy}-shm`, zipPart, marker];
  try {
    await inDataFolder(dataDir, () => {
      mkdirSync(tmp, { recursive: true, mode: 0o700 });
      writeSmallFile(marker, zipPart);
    });
    const out = createWriteStream(zipPart, { flags: 'wx', mode: 0o600 });
    await new Promise<void>((ok, fail) => out.once('open', () => ok()).once('error', fail));
    const schemaVersion = await inDataFolder(dataDir, async () => {
      // Created here with 0600: SQLite keeps the mode of an existing file (and gives its journal the same).
      closeSync(openSync(dbCopy, 'wx', 0o600));
      await desk.sql.backupTo(dbCopy);
      return readSchemaVersion(dbCopy);
    });
    const hashes = desk.files.list();
    await writeBackupZip(out, zipPart, [
      { path: dbCopy, name: DB_FILE_NAME, compress: true },
      { path: join(dataDir, KEYRING_FILE), name: KEYRING_FILE, compress: false },
      // Stored encrypted: already incompressible, so no deflate.
      ...hashes.map((h) => ({ path: desk.files.pathOf(h), name: `files/${h.slice(0, 2)}/${h}`, compress: false })),
    ], { schemaVersion, store: 'sqlite' });
    await inDataFolder(dataDir, () => verifyBackup(zipPart, { workDir: tmp, tag, folder: dataDir }));
    renameSync(zipPart, target);
    // the rename survives a power cut only once the folder holding it is flushed
    syncDir(dirname(target));
    await desk.sql.tx(() => appendAudit(desk.ctx, { action: 'backup.create', targetType: 'desk', targetId: null, entityId: null, detail: { materialFiles: hashes.length } }));
    return { file: target, bytes: statSync(target).size, materialFiles: hashes.length, verified: true };
  } catch (err) {
    // a full disk or a folder taken away half-way through is the operator's to fix, so it is told how
    throw fileSystemError(err, dirname(target)) ?? err;
  } finally {
    for (const f of leftovers) rmSync(f, { force: true });
  }
}

/** Checks every entry against the manifest, the keyring's form and the database with integrity_check. */
export async function verifyBackup(file: string, options: { workDir?: string; tag?: string; folder?: string } = {}): Promise<{ manifest: Manifest }> {
  // The database is checked from a private copy that is removed afterwards.
  const dir = options.workDir ? join(options.workDir, `${options.tag ?? `${process.pid}-${randomBytes(6).toString('hex')}`}.verify`) : mkdtempSync(join(tmpdir(), 'beian-desk-verify-'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    const { manifest } = await readBackup(file, dir, false, options.folder);
    return { manifest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `backup verify` from the CLI: the private copy (the database and keyring.json) goes into the data folder's
 * tmp/backup under this process's `<pid>-<hex>` tag, never the OS temp folder, so what a run killed mid-way
 * (Ctrl-C) leaves is removed by the next start or verify (sweepBackupLeftovers, which this runs first).
 * Folders it had to create are removed again when empty, so verifying before a restore into a new data
 * folder leaves that folder as empty as it found it.
 */
export async function verifyBackupIn(dataDir: string, file: string): Promise<{ manifest: Manifest }> {
  sweepBackupLeftovers(dataDir);
  const tmp = backupTempDir(dataDir);
  const firstMade = makeFolderLevels(tmp, { mode: 0o700 });
  try {
    return await inDataFolder(resolve(dataDir), () => verifyBackup(file, { workDir: tmp, tag: `${process.pid}-${randomBytes(6).toString('hex')}`, folder: resolve(dataDir) }));
  } finally {
    if (firstMade) {
      for (let d = tmp; ; d = dirname(d)) {
        try {
          rmdirSync(d);
        } catch {
          break; // not empty: something else of the folder's is in it
        }
        if (d === firstMade) break;
      }
    }
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** A database copy must look like one from its first 100 bytes on: a bomb of zeros stops there. */
function checkDatabaseHeader(declared: number) {
  return (h: Buffer) => {
    if (h.length < 100 || !h.subarray(0, 16).equals(SQLITE_MAGIC)) throw new DeskError('ARCHIVE_INVALID', `${LABEL}中的数据库（${DB_FILE_NAME}）不是 SQLite 数据库，已停止读取`);
    const raw = h.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    const pages = h.readUInt32BE(28);
    // The page count in the header is valid when its version number matches the change counter.
    const countValid = h.readUInt32BE(24) === h.readUInt32BE(92);
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0 || declared % pageSize !== 0 || (countValid && pages * pageSize !== declared)) {
      throw new DeskError('ARCHIVE_INVALID', `${LABEL}中的数据库（${DB_FILE_NAME}）文件头与其大小不符（${declared} 字节），已停止读取`);
    }
  };
}

/** A keyring that parses and whose wrapped key has the sizes AES-256-GCM gives a 32-byte key. */
function checkKeyring(dir: string): void {
  let k: Keyring | null = null;
  try {
    k = readKeyring(dir);
  } catch {
    k = null;
  }
  const len = (b64: string) => Buffer.from(b64, 'base64').length;
  const p = k?.passphrase;
  if (!p || len(p.data) !== 32 || len(p.iv) !== 12 || len(p.tag) !== 16 || len(p.salt) < 16) {
    throw new DeskError('ARCHIVE_INVALID', `${LABEL}中的密钥文件（${KEYRING_FILE}）已损坏或不是备案助手的密钥文件：没有它，备份中加密的数据无法解开。请换用另一份备份`);
  }
}

/**
 * Reads a backup, verifying names, sizes and sums while streaming: the database and keyring go into
 * `dir` (and the material files too when `everything`), the material files are otherwise only hashed.
 * `folder` is the one named should its disk refuse them (the operator's, not the private `dir`).
 */
export async function readBackup(file: string, dir: string, everything: boolean, folder: string = dir): Promise<{ manifest: Manifest; materialFiles: number }> {
  if (!existsSync(file)) throw new DeskError('ARCHIVE_INVALID', `找不到备份文件：${file}`);
  const archive = await SafeArchive.open(file, { label: LABEL, allowed: allowedName, limits: LIMITS });
  const invalid = (message: string) => new DeskError('ARCHIVE_INVALID', message);
  try {
    const mEntry = archive.entries.get(MANIFEST);
    if (!mEntry) throw invalid('备份文件缺少清单（manifest.json），不是备案助手的备份');
    let manifest: Manifest;
    try {
      const parsed = manifestSchema.safeParse(JSON.parse((await archive.read(mEntry, MANIFEST_MAX_BYTES)).data.toString('utf8')));
      if (!parsed.success) throw new Error('schema');
      manifest = parsed.data;
    } catch (err) {
      if (err instanceof DeskError) throw err;
      throw invalid('备份清单无法识别（格式版本不受支持或已损坏）');
    }
    const listed = new Set(manifest.entries.map((e) => e.name));
    if (listed.size !== manifest.entries.length) throw invalid('备份清单中有重复的文件');
    for (const name of archive.entries.keys()) if (name !== MANIFEST && !listed.has(name)) throw invalid(`备份中有清单外的文件：${name}`);
    if (listed.has(DB_FILE_NAME) === listed.has(TEAM_DUMP) || !listed.has(KEYRING_FILE)) throw invalid('备份不完整：缺少数据库或密钥文件');
    if (listed.has(TEAM_DUMP) !== (manifest.store === 'postgres')) throw invalid('备份清单与其中的数据库类型不符');
    let materialFiles = 0;
    for (const m of manifest.entries) {
      if (!allowedName(m.name) || m.name === MANIFEST) throw invalid(`备份清单中有不允许的文件名：${m.name.slice(0, 120)}`);
      const entry = archive.entries.get(m.name);
      if (!entry) throw invalid(`备份不完整：缺少 ${m.name}`);
      const isMaterial = m.name.startsWith('files/');
      // 备案助手 stores material files (already encrypted) without compression, so none can inflate.
      if (isMaterial && entry.compressionMethod !== 0) throw invalid(`备份中的材料文件“${m.name}”是压缩存放的，备案助手写出的备份不会这样，已拒绝`);
      let to: string | undefined;
      if (m.name === KEYRING_FILE) to = join(dir, KEYRING_FILE);
      else if (m.name === DB_FILE_NAME) to = join(dir, DB_FILE_NAME);
      else if (m.name === TEAM_DUMP) to = join(dir, TEAM_DUMP);
      else if (everything) {
        to = join(dir, ...m.name.split('/'));
        mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
      }
      const head = m.name === DB_FILE_NAME ? { bytes: 100, check: checkDatabaseHeader(m.size) } : m.name === TEAM_DUMP ? { bytes: PG_DUMP_MAGIC.length, check: checkDumpHeader } : undefined;
      const maxed = m.name === KEYRING_FILE && entry.uncompressedSize > KEYRING_MAX_BYTES;
      if (maxed) throw invalid(`${LABEL}中的密钥文件（${KEYRING_FILE}）大于 ${KEYRING_MAX_BYTES} 字节，不是备案助手的密钥文件`);
      const { sha256 } = await archive.stream(entry, { expectedSize: m.size, folder, ...(to ? { to } : {}), ...(head ? { head } : {}) });
      if (sha256 !== m.sha256) throw invalid(`备份已损坏：${m.name} 的校验和不符`);
      if (m.name === DB_FILE_NAME) checkDatabase(to!);
      if (m.name === KEYRING_FILE) checkKeyring(dir);
      if (isMaterial) materialFiles++;
    }
    return { manifest, materialFiles };
  } finally {
    archive.close();
  }
}

/** A team backup's dump starts like one of pg_dump's custom format. */
function checkDumpHeader(h: Buffer): void {
  if (!h.subarray(0, PG_DUMP_MAGIC.length).equals(PG_DUMP_MAGIC)) throw new DeskError('ARCHIVE_INVALID', `${LABEL}中的团队数据库转储（${TEAM_DUMP}）不是 pg_dump 的自定义格式，已停止读取`);
}

function checkDatabase(file: string): void {
  const result = integrityCheck(file);
  if (result !== 'ok') throw new DeskError('ARCHIVE_INVALID', `备份中的数据库未通过完整性检查（${String(result)}），这份备份不能使用`);
}

/** Moves one staged file or folder to where nothing is yet: a file already there is never replaced. */
function placeNew(from: string, to: string): void {
  if (lstatSync(from).isDirectory()) {
    if (existsSync(to)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    renameSync(from, to);
  } else {
    linkSync(from, to);
    unlinkSync(from);
  }
}

/** Flushes `dir` and every folder under it: the names of the files unpacked there survive a power cut only then. */
function syncTree(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) syncTree(join(dir, e.name));
  syncDir(dir);
}

/**
 * Makes `dir` and its missing parents as ensureOutputFolder does; `durable()` then flushes the folders that
 * hold the new levels, so that a restored folder does not vanish in a power cut with everything in it.
 */
export function madeFolder(dir: string, options: { mode?: number } = {}): { created: boolean; durable: () => void } {
  const firstMade = makeFolderLevels(dir, options);
  return {
    created: firstMade !== undefined,
    durable: () => {
      if (firstMade === undefined) return;
      for (let d = resolve(dir); ; d = dirname(d)) {
        syncDir(dirname(d));
        if (d === firstMade) break;
      }
    },
  };
}

/**
 * Restores into an empty (or not yet existing) data folder. The backup is streamed into a staging folder
 * inside it, under a lock; its parts are moved into place only if nobody else has written there meanwhile,
 * and nothing anyone else wrote is ever removed. A disk that refuses the files (full, no permission, failing)
 * is told as such, naming `options.folder` (the folder the operator chose, when `dataDir` is a staging folder
 * beside it), never as a damaged backup.
 */
export async function restoreBackup(file: string, dataDir: string, options: { folder?: string } = {}): Promise<{ dataDir: string; materialFiles: number; schemaVersion: number }> {
  const target = resolve(dataDir);
  const folder = options.folder ?? target;
  try {
    return await restoreInto(file, target, folder);
  } catch (err) {
    throw fileSystemError(err, folder) ?? err;
  }
}

async function restoreInto(file: string, target: string, folder: string): Promise<{ dataDir: string; materialFiles: number; schemaVersion: number }> {
  const made = madeFolder(target, { mode: 0o700 });
  // what a restore killed here left (its lock and staging, its process gone) is cleared, nothing else
  const left = restoreLeftovers(target);
  if (left.names.length && left.pids.every((pid) => Number.isInteger(pid) && pid !== process.pid && !alive(pid))) {
    for (const name of left.names) rmSync(join(target, name), { recursive: true, force: true });
    syncDir(target);
  }
  const present = readdirSync(target);
  if (present.length) {
    const interrupted = present.some((n) => n === RESTORE_LOCK || n.startsWith(RESTORE_STAGING));
    throw new DeskError(
      'CONFLICT',
      interrupted
        ? `目标数据目录 ${target} 中有另一次恢复的文件（${RESTORE_LOCK}）：可能正在恢复，或上次恢复被中断。确认没有恢复在进行后，删除该目录再重试`
        : `目标数据目录不是空的：${target}。恢复只写入空目录，以免覆盖现有数据`,
    );
  }
  const lock = join(target, RESTORE_LOCK);
  try {
    writeSmallFile(lock, String(process.pid));
  } catch (err) {
    // only a lock taken meanwhile is another restore's; a full or read-only disk is told as such (restoreBackup)
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new DeskError('CONFLICT', `目标数据目录 ${target} 正在由另一次恢复写入，请等它结束`);
    if (made.created && readdirSync(target).length === 0) rmdirSync(target);
    throw err;
  }
  const stagingName = `${RESTORE_STAGING}${process.pid}-${randomBytes(6).toString('hex')}`;
  const staging = join(target, stagingName);
  const placed: string[] = [];
  try {
    mkdirSync(staging, { mode: 0o700 });
    const { manifest, materialFiles } = await readBackup(file, staging, true, folder);
    if (manifest.store === 'postgres') {
      throw new DeskError('CONFLICT', '这是团队数据库（PostgreSQL）的备份：请用 --database postgres://… 指定一个空的团队数据库来恢复（backup restore 文件 --database … --data 空目录）');
    }
    // Opening migrates an older schema and refuses a newer one, before anything is put in place.
    openDatabase(join(staging, DB_FILE_NAME)).close();
    // every file was flushed as it was written; their names, in the folders made for them, only now
    syncTree(staging);
    const others = () => readdirSync(target).filter((n) => n !== RESTORE_LOCK && n !== stagingName && !placed.includes(n));
    // What was already moved stays: it may hold what the other program has written since.
    const foreign = (names: string[]) =>
      new DeskError(
        'CONFLICT',
        `恢复期间有其他程序写入了目标数据目录 ${target}（${names.slice(0, 3).join('、')}），恢复已中止，这些文件未被改动${placed.length ? `（已放入的部分：${placed.join('、')}）` : ''}。请确认没有程序在使用该目录后，换一个空目录重试`,
      );
    if (others().length) throw foreign(others());
    // The database last: a folder with a database in it is a complete one.
    const parts = readdirSync(staging).sort((a, b) => Number(a === DB_FILE_NAME) - Number(b === DB_FILE_NAME));
    for (const name of parts) {
      try {
        placeNew(join(staging, name), join(target, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST' || (err as NodeJS.ErrnoException).code === 'ENOTEMPTY') throw foreign([name]);
        throw err;
      }
      placed.push(name);
    }
    // the moves, and the folder itself where it was made, survive a power cut only once flushed
    syncDir(target);
    made.durable();
    return { dataDir: target, materialFiles, schemaVersion: manifest.schemaVersion };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(lock, { force: true });
    if (made.created && readdirSync(target).length === 0) rmdirSync(target);
  }
}
