// Opening the store: refuse what is not ours or is newer than this code, then WAL + FULL sync + foreign
// keys, then the pending migrations, each in its own transaction that also sets user_version.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { DeskError } from '../domain/errors';
import { OWNER_FILE_MODE, ownerOnlyDir, ownerOnlyFile } from '../files/ownerOnly';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index';
import type { MigrationProgress, MigrationSteps } from './migrations/steps';
import { openingError, storeError } from './storeError';

export const DB_FILE_NAME = 'beian-desk.sqlite';

export interface OpenOptions {
  /** Path of a better_sqlite3.node built for another runtime's ABI (the Electron shell passes one). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
  /** Told how far a long migration has come (the CLI prints it, the hosts show it). */
  onMigrationProgress?: MigrationProgress;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Reads user_version from the file header without opening a connection, so the file cannot change. */
export function readSchemaVersion(file: string): number {
  const header = readHeader(file);
  if (header.length === 0) return 0; // an empty file is a new database
  if (header.length < 100 || header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
    throw new DeskError('DB_CORRUPT', `文件“${file}”不是 SQLite 数据库，备案助手无法打开；文件未做任何改动。`);
  }
  // user_version is the big-endian 32-bit integer at offset 60 of the header.
  return header.readInt32BE(60);
}

/** 'ok', or what SQLite's integrity_check found in a database file opened read-only (never changed). */
export function integrityCheck(file: string): string {
  try {
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      return rows.length === 1 && rows[0]!.integrity_check === 'ok' ? 'ok' : `发现 ${rows.length} 处问题`;
    } finally {
      db.close();
    }
  } catch {
    // SQLite refuses to read it at all (not a database, or malformed beyond checking).
    return 'SQLite 无法打开它';
  }
}

function sqliteCodeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** The data folder made owner-only; what the system refuses there is said in Chinese, naming the folder. */
export function ownerOnlyDataDir(dir: string): void {
  try {
    ownerOnlyDir(dir);
  } catch (err) {
    throw openingError(err, dir);
  }
}

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  try {
    return openDatabaseIn(file, options);
  } catch (err) {
    throw openingError(err, dirname(file));
  }
}

function openDatabaseIn(file: string, options: OpenOptions): Database.Database {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : LATEST_SCHEMA_VERSION;
  ownerOnlyDir(dirname(file));
  if (existsSync(file)) {
    const found = readSchemaVersion(file);
    if (found > latest) {
      throw new DeskError(
        'DB_TOO_NEW',
        `数据库“${file}”的版本（${found}）比本程序支持的版本（${latest}）新，可能由更新版本的备案助手创建。请升级备案助手后再打开；文件未做任何改动。`,
      );
    }
  } else {
    // Created here rather than by SQLite, so it starts owner-only; SQLite gives the WAL and SHM its mode.
    closeSync(openSync(file, 'a', OWNER_FILE_MODE));
  }
  ownerOnlyFile(file);
  let db: Database.Database;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (err) {
    throw storeError(err, dirname(file)) ?? new DeskError('DB_CORRUPT', `无法打开数据库“${file}”（${sqliteCodeOf(err) ?? '未知原因'}）。`);
  }
  try {
    db.pragma('journal_mode = WAL');
    for (const side of [`${file}-wal`, `${file}-shm`]) ownerOnlyFile(side);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted rows (a client removed under PIPL) are overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    // The header can lag behind a WAL that was never checkpointed; ask the connection too.
    const live = db.pragma('user_version', { simple: true }) as number;
    if (live > latest) {
      throw new DeskError('DB_TOO_NEW', `数据库“${file}”的版本（${live}）比本程序支持的版本（${latest}）新。请升级备案助手后再打开。`);
    }
    // A new store has nothing to upgrade: its creation is not reported as progress.
    migrate(db, migrations, live === 0 ? undefined : options.onMigrationProgress);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function migrate(db: Database.Database, migrations: readonly Migration[], onProgress?: MigrationProgress): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      runSqliteSteps(db, m, onProgress);
      db.pragma(`user_version = ${Number(m.version)}`);
    }).immediate();
  }
}

/** Runs a migration's statements on the SQLite connection, synchronously, sending each query's rows back. */
function runSqliteSteps(db: Database.Database, m: Migration, onProgress: MigrationProgress | undefined): void {
  const steps: MigrationSteps = m.up('sqlite');
  let rows: unknown[] | undefined;
  for (;;) {
    const next = steps.next(rows);
    if (next.done) return;
    const step = next.value;
    rows = undefined;
    if (step.kind === 'progress') onProgress?.({ version: m.version, name: m.name, what: step.what, done: step.done, total: step.total, ...(step.notice ? { notice: true } : {}) });
    else if (step.kind === 'exec') db.exec(step.sql);
    else if (step.kind === 'all') rows = db.prepare(step.sql).all(...step.params);
    else db.prepare(step.sql).run(...step.params);
  }
}
