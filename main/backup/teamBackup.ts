// Backup and restore of a team database: the same one-file backup as a desk's (a zip with SHA-256 sums
// in its manifest, verified after writing, written beside its target and renamed into place), holding
// PostgreSQL's own dump (pg_dump --format=custom: clients, orders, audit and the materials' encrypted
// chunks) and the data folder's keyring, which the sealed values and chunks need. Nothing in it is
// decrypted: personal values and material bytes stay sealed under the data key, as in a desk's backup.
// Restore goes only into an EMPTY team database (pg_restore in one transaction) and an empty data folder.
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, linkSync, mkdirSync, openSync, readdirSync, rmdirSync, rmSync, statSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { appendAudit } from '../db/repositories/audit';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index';
import { openPostgresStore, teamDatabaseUrl } from '../db/openPostgres';
import { redactDatabaseUrl } from '../db/storeLocation';
import { emptyTargetDatabase, materialsWithChunks, serverMajorVersion, teamSchemaVersion } from '../db/teamDatabase';
import { DeskError } from '../domain/errors';
import { syncDir } from '../files/atomicWrite';
import { ensureOutputFolder, fileSystemError } from '../files/outputFolder';
import type { Desk } from '../desk';
import { KEYRING_FILE } from '../secrets/keyring';
import { inDataFolder, madeFolder, readBackup, TEAM_DUMP, verifyBackup, writeBackupZip, writeSmallFile, type BackupResult } from './backup';
import { connectionEnv, dumpVersionProblem, findPgTool, runPgTool } from './pgTools';
import { backupTempDir } from './tempFiles';

export async function createTeamBackup(desk: Desk, outFile: string): Promise<BackupResult> {
  const url = teamDatabaseUrl(desk.sql);
  if (!url) throw new DeskError('NOT_ON_TEAM_DATABASE', '团队数据库的地址未知，无法备份');
  const target = resolve(outFile);
  ensureOutputFolder(dirname(target));
  if (existsSync(target)) throw new DeskError('CONFLICT', `备份文件已存在：${target}`);
  const serverMajor = await serverMajorVersion(desk.sql);
  const pgDump = findPgTool('pg_dump', serverMajor);
  const versions = dumpVersionProblem(pgDump, serverMajor);
  if (versions.refuse) throw new DeskError('NOT_ON_TEAM_DATABASE', versions.refuse);
  const pgRestore = findPgTool('pg_restore', pgDump.major);

  const dataDir = resolve(desk.dataDir);
  const tmp = backupTempDir(dataDir);
  const tag = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const marker = join(tmp, `${tag}.target`);
  const dump = join(tmp, `${tag}.pgdump`);
  const passFile = `${tag}.pgpass`;
  const zipPart = `${target}.${tag}.part`;
  const leftovers = [dump, join(tmp, passFile), zipPart, marker];
  try {
    await inDataFolder(dataDir, () => {
      mkdirSync(tmp, { recursive: true, mode: 0o700 });
      writeSmallFile(marker, zipPart);
    });
    const { env } = connectionEnv(url, tmp, passFile);
    // created owner-only here: pg_dump truncates an existing file and keeps its mode
    await inDataFolder(dataDir, () => closeSync(openSync(dump, 'wx', 0o600)));
    await runPgTool(pgDump, ['--format=custom', '--file', dump], env, '团队数据库转储（pg_dump）');
    // the dump's table of contents must read back before it is called a backup
    await runPgTool(pgRestore, ['--list', dump], env, '读取转储目录（pg_restore --list）');
    const schemaVersion = await teamSchemaVersion(desk.sql);
    const materials = await materialsWithChunks(desk.sql);
    const out = createWriteStream(zipPart, { flags: 'wx', mode: 0o600 });
    await new Promise<void>((ok, fail) => out.once('open', () => ok()).once('error', fail));
    await writeBackupZip(
      out,
      zipPart,
      [
        // pg_dump's custom format is compressed already
        { path: dump, name: TEAM_DUMP, compress: false },
        { path: join(dataDir, KEYRING_FILE), name: KEYRING_FILE, compress: false },
      ],
      { schemaVersion, store: 'postgres' },
    );
    await inDataFolder(dataDir, () => verifyBackup(zipPart, { workDir: tmp, tag, folder: dataDir }));
    renameSync(zipPart, target);
    // the rename survives a power cut only once the folder holding it is flushed
    syncDir(dirname(target));
    const warnings = versions.warn ? [versions.warn] : [];
    await desk.sql.tx(() => appendAudit(desk.ctx, { action: 'backup.create', targetType: 'desk', targetId: null, entityId: null, detail: { materialFiles: materials, store: 'postgres' } }));
    return { file: target, bytes: statSync(target).size, materialFiles: materials, verified: true, ...(warnings.length ? { warnings } : {}) };
  } catch (err) {
    // as a desk's backup (backup.ts): a full disk or a folder taken away half-way through is told how
    throw fileSystemError(err, dirname(target)) ?? err;
  } finally {
    for (const f of leftovers) rmSync(f, { force: true });
  }
}

export interface TeamRestoreResult {
  dataDir: string;
  database: string;
  materialFiles: number;
  schemaVersion: number;
  warnings?: string[];
}

/**
 * Restores a team backup into the EMPTY team database at url and the empty data folder dataDir (which
 * gets the keyring). The backup is verified while it is unpacked into a staging folder; pg_restore runs
 * in one transaction, so a failure leaves the database empty; an older schema is then migrated.
 */
export async function restoreTeamBackup(file: string, dataDir: string, url: string): Promise<TeamRestoreResult> {
  const shown = redactDatabaseUrl(url);
  const target = resolve(dataDir);
  if (existsSync(target) && readdirSync(target).length) throw new DeskError('CONFLICT', `目标数据目录不是空的：${target}。恢复只写入空目录（密钥文件放在这里），以免覆盖现有数据`);
  const inspected = await emptyTargetDatabase(url, '恢复');
  const pgRestore = findPgTool('pg_restore', inspected.serverMajor);
  const warnings =
    pgRestore.major === inspected.serverMajor ? [] : [`注意：pg_restore 的版本（${pgRestore.version}）与团队数据库服务器的版本（${inspected.serverMajor}）不同`];
  const made = madeFolder(target, { mode: 0o700 });
  const staging = join(target, `.restore-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(staging, { mode: 0o700 });
    const { manifest } = await readBackup(file, staging, false, target);
    if (manifest.store !== 'postgres') {
      throw new DeskError('CONFLICT', '这是单机数据目录（SQLite）的备份，不是团队数据库的备份：不加 --database，把它恢复到一个空的数据目录');
    }
    // refused before pg_restore commits: after it the database would hold every table (and could only be
    // refused, not emptied), and a retry with the newer build would find it not empty
    if (manifest.schemaVersion > LATEST_SCHEMA_VERSION) {
      throw new DeskError('DB_TOO_NEW', `这份备份的数据库版本（${manifest.schemaVersion}）比本程序支持的版本（${LATEST_SCHEMA_VERSION}）新：它由更新版本的备案助手写出。请升级备案助手后再恢复；团队数据库和数据目录未做任何改动。`);
    }
    const { env, database } = connectionEnv(url, staging, 'restore.pgpass');
    try {
      await runPgTool(pgRestore, ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', '--dbname', database, join(staging, TEAM_DUMP)], env, '恢复团队数据库（pg_restore）');
    } catch (err) {
      if (err instanceof DeskError && /unsupported version|不支持的版本/i.test(err.message)) {
        throw new DeskError('NOT_ON_TEAM_DATABASE', `${pgRestore.path}（${pgRestore.version}）读不了这份转储：它由更新版本的 pg_dump 写出。请安装更新版本的 PostgreSQL 客户端工具，或用 BEIAN_DESK_PG_BINDIR 指定其 bin 目录。${err.message}`);
      }
      throw err;
    }
    // opening migrates an older schema (and refuses a newer one)
    const store = await openPostgresStore(url);
    let materials: number;
    try {
      materials = await materialsWithChunks(store);
    } finally {
      await store.close();
    }
    linkSync(join(staging, KEYRING_FILE), join(target, KEYRING_FILE));
    // the keyring's name, and the folder where it was made, survive a power cut only once flushed
    syncDir(target);
    made.durable();
    return { dataDir: target, database: shown, materialFiles: materials, schemaVersion: manifest.schemaVersion, ...(warnings.length ? { warnings } : {}) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    if (made.created && readdirSync(target).length === 0) rmdirSync(target);
  }
}
