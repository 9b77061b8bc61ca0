// One open data folder: the SQLite store, the encrypted file store, the vault that holds the data key
// while unlocked, and what the repositories need to run.
import { addDays, chinaDay } from './domain/dates';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { sweepBackupLeftovers } from './backup/tempFiles';
import { DB_FILE_NAME, openDatabase, ownerOnlyDataDir } from './db/open';
import type { ReadOnlyFile } from './db/readOnlyStore';
import type { MigrationProgress } from './db/migrations/steps';
import { repoContext, type RepoContext } from './db/repositories/context';
import { readKeyCheck, sampleSealedValues, writeKeyCheck } from './db/repositories/keyCheck';
import { allMaterialHashes, materialsWithHashes } from './db/repositories/materials';
import { appendAudit } from './db/repositories/audit';
import { checkpointTruncate, resealColumns } from './db/repositories/reseal';
import { readOperatorName } from './db/repositories/operator';
import { readSettings } from './db/repositories/settings';
import { plainCodec, type SensitiveCodec } from './db/sensitive';
import { sqliteDialect, sqliteKysely } from './db/dialect';
import { Store } from './db/store';
import { assertNotBereftOfDatabase, FILES_DIR_NAME, hasDatabase } from './files/dataFolder';
import { FileStore, QUARANTINE_DIR } from './files/store';
import { MATERIAL_KINDS } from './domain/enums';
import { databaseBlobs, fileBlobs, type MaterialBlobs } from './files/materialBlobs';
import { holdsMaterialChunks } from './db/repositories/materialChunks';
import { JobRegistry } from './jobs/jobs';
import { WriterRegistry } from './files/writers';
import { encryptedCodec } from './secrets/fieldCrypto';
import { PassphraseThrottle, type Pause } from './secrets/passphraseThrottle';
import { Vault, type OsKeyStore, type StoreKeyBinding } from './secrets/vault';

/** Days an unreferenced material file stays in files/quarantine/ before a later sweep removes it. */
export const QUARANTINE_DAYS = 30;

export interface DeskOptions {
  dataDir: string;
  /** Operator recorded in the audit log; defaults to the OS user name. */
  actor?: string;
  /** better_sqlite3.node for the Electron ABI, passed by the Electron shell. */
  nativeBinding?: string;
  /** Electron's safeStorage, for unlocking with the OS account instead of the passphrase. */
  osKeyStore?: OsKeyStore;
  /** scrypt work factor (log2 N) for a new keyring; tests use a small one. */
  kdfLog2n?: number;
  clock?: () => Date;
  /** How the passphrase throttle waits; tests pass one that does not take real time. */
  pause?: Pause;
  /**
   * An open store to use instead of the folder's SQLite file: a team database (main/db/openPostgres.ts).
   * The folder still holds the keyring; the material bytes go into the database; the desk closes the store.
   */
  store?: Store;
  /** Told how far a long migration of the folder's SQLite file has come (CLI and hosts show it). */
  onMigrationProgress?: MigrationProgress;
}

export class Desk {
  readonly ctx: RepoContext;
  readonly vault: Vault;
  readonly jobs = new JobRegistry();
  /** Every passphrase check from the page or the API goes through here, one at a time. */
  readonly passphraseThrottle: PassphraseThrottle;
  /**
   * A team server holds the data key for all its operators: one idle browser must not lock everyone
   * out, so the idle lock is off there (its operators' sessions time out instead).
   */
  keepUnlocked = false;
  /** Where material bytes are kept: files in the data folder, or chunks in a team database (files/materialBlobs.ts). */
  readonly blobs: MaterialBlobs;
  /**
   * The desk's own SQLite file, for a worker that reads it beside this thread (check-all's cold run:
   * services/checkAllWorker.ts); null on a team database.
   */
  sqliteFile: ReadOnlyFile | null = null;
  private lastActivity: number;
  /** Messages for the operator from unlocking, until takeNotices() hands them over. */
  /**
   * The name set in 设置 → 操作员 (null: none), kept so that every write names it as the log does — an order's
   * history, a photo acceptance, a 公安备案 done, a lease (they named the OS account while the log named this).
   */
  operatorName: string | null = null;
  private readonly notices: string[] = [];
  /** What opening the store upgraded and found for the operator to act on (0029 / 0030's surplus), until takeUpgradeNotices(). */
  private readonly upgradeNotices: string[] = [];
  private readonly writers: WriterRegistry;

  private constructor(
    readonly dataDir: string,
    readonly sql: Store,
    readonly files: FileStore,
    vault: Vault,
    actor: string,
    private readonly clock: () => Date,
    /** The database file did not exist before this run: its emptiness proves nothing about files/. */
    private readonly databaseCreatedNow: boolean,
    pause?: Pause,
  ) {
    this.vault = vault;
    this.passphraseThrottle = new PassphraseThrottle(pause);
    this.writers = new WriterRegistry(dataDir);
    // Every personal value goes through the vault's keys; while locked, any attempt is refused.
    const codec: SensitiveCodec = {
      seal: (kind, value) => encryptedCodec(vault.derived()).seal(kind, value),
      open: (kind, sealed) => encryptedCodec(vault.derived()).open(kind, sealed),
      index: (kind, value) => encryptedCodec(vault.derived()).index(kind, value),
    };
    // actor: a team server's request names its logged-in operator (db/actorScope.ts), else the desk's own.
    this.ctx = repoContext(sql, codec, actor, () => clock().toISOString(), () => this.operatorName);
    // Chosen once: a team database holds its materials' bytes itself, so one pg_dump is the agency's backup.
    this.blobs = sql.dialect.name === 'postgres' ? databaseBlobs(this.ctx, files, () => vault.derived().file) : fileBlobs(files);
    this.lastActivity = clock().getTime();
    vault.onUnlocked(async () => {
      this.lastActivity = this.clock().getTime();
      // another program on the folder (the CLI, another window) may have set it since this one started
      this.operatorName = await readOperatorName(this.ctx);
      await this.encryptLegacyData();
      // a team database from before migration 0012 takes its materials' files in (files/materialBlobs.ts)
      await this.blobs.adoptFolderFiles();
    });
  }

  static async open(options: DeskOptions): Promise<Desk> {
    // Before anything is created: a folder whose database is gone but whose keyring or files remain is refused untouched.
    // (A team database is not in the folder: its keyring and files stand beside a database elsewhere.)
    if (!options.store) assertNotBereftOfDatabase(options.dataDir);
    const databaseCreatedNow = !options.store && !hasDatabase(options.dataDir);
    ownerOnlyDataDir(options.dataDir);
    // what the upgrade found for the operator to act on (0029 / 0030's surplus): the desktop app prints its
    // progress where nobody sees it, so it also waits for the window after unlock
    const upgradeNotices: string[] = [];
    const onMigrationProgress: MigrationProgress = (event) => {
      if (event.notice) upgradeNotices.push(event.what);
      options.onMigrationProgress?.(event);
    };
    const sql = options.store ?? openSqliteStore({ ...options, onMigrationProgress });
    const files = new FileStore(join(options.dataDir, FILES_DIR_NAME), () => vault.derived().file);
    const binding: StoreKeyBinding = {
      readCheck: () => readKeyCheck(sql),
      writeCheck: (check) => writeKeyCheck(sql, check),
      sampleSealed: () => sampleSealedValues(sql),
      holdsSealedData: async () => (await sampleSealedValues(sql, 1)).length > 0 || files.holdsEncrypted() || (await holdsMaterialChunks(sql)),
    };
    const vault = new Vault(options.dataDir, options.osKeyStore, options.kdfLog2n, binding);
    const desk = new Desk(options.dataDir, sql, files, vault, options.actor ?? safeUserName(), options.clock ?? (() => new Date()), databaseCreatedNow, options.pause);
    desk.upgradeNotices.push(...upgradeNotices);
    if (!options.store) desk.sqliteFile = { file: join(options.dataDir, DB_FILE_NAME), ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) };
    await desk.sweepFiles();
    sweepBackupLeftovers(options.dataDir);
    return desk;
  }

  /**
   * After a crash: drop half-written temp files, and set aside files no material refers to in the
   * quarantine folder (removed after QUARANTINE_DAYS). Skipped while another process has the folder open,
   * since its file may be waiting for its row to commit; orphans are left alone in the run that created
   * the database, whose emptiness says nothing about the files.
   */
  async sweepFiles(): Promise<{ temp: number; orphans: number; expired: number }> {
    if (this.writers.othersAlive()) return { temp: 0, orphans: 0, expired: 0 };
    const temp = this.files.sweepTemp();
    if (this.databaseCreatedNow) return { temp, orphans: 0, expired: 0 };
    const now = this.clock();
    const expired = this.files.expireQuarantine(addDays(chinaDay(now), -QUARANTINE_DAYS));
    const referenced = await allMaterialHashes(this.ctx);
    let orphans = 0;
    for (const h of this.files.list()) {
      if (!referenced.has(h) && this.files.quarantine(h, chinaDay(now))) orphans++;
    }
    return { temp, orphans, expired };
  }

  /**
   * A store written before encryption existed holds personal values and files in clear: on the first
   * unlock they are re-sealed in one transaction, the files re-written encrypted one by one, the WAL
   * emptied. A clear file that no longer matches its hash (damaged on disk) stops nothing: it is set aside
   * encrypted in files/quarantine/<day>/ (files/store.ts), each material it held gets a 材料文件损坏 entry in
   * its client's 日志, and what to tell the operator waits in takeNotices() — the other files are encrypted.
   */
  async encryptLegacyData(): Promise<{ rows: number; files: number; damaged: string[] }> {
    const rows = await this.sql.tx(() => resealColumns(this.ctx, plainCodec, 'plain:'));
    let files = 0;
    const day = chinaDay(this.clock());
    const damaged: string[] = [];
    for (const h of this.files.list()) {
      const outcome = this.files.encryptLegacy(h, day);
      if (outcome === 'encrypted') files++;
      else if (outcome === 'damaged') damaged.push(h);
    }
    if (rows > 0) await checkpointTruncate(this.ctx);
    if (damaged.length) this.notices.push(...(await this.reportDamagedLegacyFiles(damaged, day)));
    return { rows, files, damaged };
  }

  /** Logs each material whose legacy file was set aside as damaged; the operator's message for each (names, never numbers). */
  private async reportDamagedLegacyFiles(hashes: string[], day: string): Promise<string[]> {
    const where = `${FILES_DIR_NAME}/${QUARANTINE_DIR}/${day}/`;
    const materials = await materialsWithHashes(this.ctx, hashes);
    await this.sql.tx(async () => {
      for (const m of materials) {
        await appendAudit(this.ctx, { action: 'material.damaged', targetType: 'material', targetId: m.id, entityId: m.entityId, detail: { kind: m.kind, quarantine: where } });
      }
    });
    const named = new Set(materials.map((m) => m.sha256));
    return [
      ...materials.map(
        (m) => `客户“${m.entityName}”的材料“${MATERIAL_KINDS[m.kind]}”（${m.fileName}）的文件已损坏（与其记录不符），已加密移至数据目录的 ${where}（${QUARANTINE_DAYS} 天后删除），该材料已无法打开：请从备份恢复或重新上传`,
      ),
      ...hashes.filter((h) => !named.has(h)).map((h) => `材料文件 ${h.slice(0, 12)}… 已损坏（与其名称不符）且没有材料引用它，已移至数据目录的 ${where}`),
    ];
  }

  /** What the last unlocks found that the operator must be told (a damaged legacy file), once: the list empties. */
  takeNotices(): string[] {
    return this.notices.splice(0);
  }

  /** What this start's upgrade of the store found for the operator to act on, once: the list empties. */
  takeUpgradeNotices(): string[] {
    return this.upgradeNotices.splice(0);
  }

  /**
   * Called before each request that touches client data: locks the desk when it sat idle longer than
   * the configured time, otherwise records the activity.
   */
  async touch(): Promise<void> {
    await this.checkIdle();
    this.lastActivity = this.clock().getTime();
  }

  /** Locks when idle longer than the configured time, without counting this as activity. */
  async checkIdle(): Promise<void> {
    // a desk writing is not idle; and on SQLite reading the setting would wait for the open transaction
    if (this.vault.state() !== 'unlocked' || this.keepUnlocked || this.sql.writing) return;
    const minutes = (await readSettings(this.ctx)).idleLockMinutes;
    if (minutes > 0 && this.clock().getTime() - this.lastActivity > minutes * 60_000) this.vault.lock();
  }

  async close(): Promise<void> {
    this.vault.lock();
    await this.sql.close();
    this.writers.release();
  }
}

function openSqliteStore(options: DeskOptions): Store {
  const raw = openDatabase(join(options.dataDir, DB_FILE_NAME), {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.onMigrationProgress ? { onMigrationProgress: options.onMigrationProgress } : {}),
  });
  return new Store(sqliteDialect, sqliteKysely(raw), raw);
}

function safeUserName(): string {
  try {
    return userInfo().username || '操作员';
  } catch {
    return '操作员';
  }
}
