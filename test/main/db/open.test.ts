import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../../main/domain/errors';
import { DB_FILE_NAME, openDatabase } from '../../../main/db/open';
import { Desk } from '../../../main/desk';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../main/db/migrations/index';
import { postgresSchemaVersion } from '../../../main/db/migratePostgres';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { exec } from '../../../main/db/migrations/steps';
import { tempDir } from '../../helpers';
import { fillSmallDisk, mountSmallDisk, smallDisksAvailable, unmountSmallDisk } from '../../support/smallDisk';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';

function caught(fn: () => unknown): DeskError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DeskError) return err;
    throw err;
  }
  throw new Error('expected a DeskError');
}

describe('opening the store', () => {
  it('creates and migrates a fresh store with WAL, FULL sync and foreign keys', () => {
    const file = join(tempDir(), DB_FILE_NAME);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('matches the checked-in schema snapshot', () => {
    const db = openDatabase(join(tempDir(), DB_FILE_NAME));
    const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string }[];
    db.close();
    expect(rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql};`).join('\n\n')).toMatchSnapshot();
  });

  it('refuses a database from a newer version and leaves it byte-identical', () => {
    const file = join(tempDir(), DB_FILE_NAME);
    const newer = new Database(file);
    newer.exec('CREATE TABLE future_thing (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO future_thing (note) VALUES (\'from the future\');');
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    newer.close();
    const before = readFileSync(file);
    const err = caught(() => openDatabase(file));
    expect(err.code).toBe('DB_TOO_NEW');
    expect(err.message).toContain(`版本（${LATEST_SCHEMA_VERSION + 5}）比本程序支持的版本（${LATEST_SCHEMA_VERSION}）新`);
    expect(err.message).toContain('文件未做任何改动');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not SQLite and leaves it untouched', () => {
    const file = join(tempDir(), DB_FILE_NAME);
    writeFileSync(file, 'this is a spreadsheet, not a database'.repeat(10));
    const before = readFileSync(file);
    expect(caught(() => openDatabase(file)).code).toBe('DB_CORRUPT');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('rolls back a failing migration and keeps the previous version', () => {
    const file = join(tempDir(), DB_FILE_NAME);
    openDatabase(file).close();
    const broken = { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: function* () { yield exec('CREATE TABLE half_done (id INTEGER); SELECT no_such_function();'); } };
    expect(() => openDatabase(file, { migrations: [{ version: 1, name: 'x', up: function* () {} }, broken] })).toThrow();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('opening the store where the disk or another program refuses it', () => {
  it('an older store whose migration waits on another writer: DB_BUSY once busy_timeout has passed, not SQLite\'s English', () => {
    const file = join(tempDir(), DB_FILE_NAME);
    openDatabase(file).close();
    const next = { version: LATEST_SCHEMA_VERSION + 1, name: 'next', up: function* () { yield exec('CREATE TABLE next_thing (id INTEGER)'); } };
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(caught(() => openDatabase(file, { migrations: [...MIGRATIONS, next] }))).toMatchObject({ code: 'DB_BUSY', message: '数据库正被另一个程序使用，请稍后再试' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  }, 20_000);

  // a real read-only or full disk: a small tmpfs (mounting needs root; test/support/smallDisk.ts)
  describe.runIf(smallDisksAvailable())('on a disk of its own', () => {
    const mounts: string[] = [];
    afterEach(() => {
      for (const m of mounts.splice(0)) unmountSmallDisk(m);
    });
    const smallDisk = (mib: number) => {
      const disk = mountSmallDisk(mib);
      mounts.push(disk);
      return disk;
    };

    it('read-only: the data folder named and why, from the desk and from the store (not EROFS from the owner-only chmod)', async () => {
      const disk = smallDisk(16);
      const dir = join(disk, 'desk');
      mkdirSync(dir);
      openDatabase(join(dir, DB_FILE_NAME)).close();
      execFileSync('mount', ['-o', 'remount,ro', disk]);
      const said = { code: 'VALIDATION', message: `无法写入文件夹“${dir}”：磁盘是只读的。请换一个文件夹` };
      await expect(Desk.open({ dataDir: dir, kdfLog2n: 12 })).rejects.toMatchObject(said);
      expect(caught(() => openDatabase(join(dir, DB_FILE_NAME)))).toMatchObject(said);
    });

    it('full: the data folder named and the disk said to be out of room (not SQLITE_IOERR_SHMSIZE)', async () => {
      const disk = smallDisk(8);
      const dir = join(disk, 'desk');
      mkdirSync(dir);
      openDatabase(join(dir, DB_FILE_NAME)).close();
      fillSmallDisk(disk, 8);
      await expect(Desk.open({ dataDir: dir, kdfLog2n: 12 })).rejects.toMatchObject({
        code: 'VALIDATION',
        message: `数据目录“${dir}”中的数据库无法读写（SQLITE_IOERR_SHMSIZE）：磁盘空间不足。本次操作未完成。请检查该磁盘、腾出空间后重试。`,
      });
    });
  });
});

// The same migrations on a team database: the schema PostgreSQL ends up with, read back from its catalog.
async function postgresSchema(pool: pg.Pool): Promise<string> {
  const q = async <R extends object>(text: string) => (await pool.query<R>(text)).rows;
  const columns = await q<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const constraints = await q<{ table_name: string; name: string; def: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname AS name, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
      JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema() ORDER BY 1, 2`,
  );
  const indexes = await q<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`);
  const triggers = await q<{ trigger_name: string; event_manipulation: string; event_object_table: string; action_timing: string; action_statement: string }>(
    `SELECT trigger_name, event_manipulation, event_object_table, action_timing, action_statement FROM information_schema.triggers
      WHERE trigger_schema = current_schema() ORDER BY trigger_name, event_manipulation`,
  );
  const tables = [...new Set(columns.map((c) => c.table_name))];
  const out = tables.map((t) =>
    [
      `-- table ${t}`,
      ...columns
        .filter((c) => c.table_name === t)
        .map((c) => `  ${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' NOT NULL' : ''}${c.is_identity === 'YES' ? ' IDENTITY' : ''}${c.column_default ? ` DEFAULT ${c.column_default}` : ''}`),
      ...constraints.filter((c) => c.table_name === t).map((c) => `  CONSTRAINT ${c.name} ${c.def}`),
    ].join('\n'),
  );
  out.push(...indexes.map((i) => `-- index ${i.indexname}\n${i.indexdef};`));
  out.push(...triggers.map((t) => `-- trigger ${t.trigger_name}\n${t.action_timing} ${t.event_manipulation} ON ${t.event_object_table} ${t.action_statement};`));
  return out.join('\n\n');
}

describePostgres('opening a team database (PostgreSQL)', () => {
  const pools: pg.Pool[] = [];
  const poolOn = (url: string) => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pools.push(pool);
    return pool;
  };
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.end();
  });

  it('creates and migrates a fresh team database, recording its version in schema_version', async () => {
    const { url } = await createTestDatabase();
    const store = await openPostgresStore(url);
    await store.close();
    expect(await postgresSchemaVersion(poolOn(url))).toBe(LATEST_SCHEMA_VERSION);
    // opening it again changes nothing
    await (await openPostgresStore(url)).close();
    expect((await poolOn(url).query('SELECT version FROM schema_version')).rows).toEqual([{ version: LATEST_SCHEMA_VERSION }]);
  });

  it('matches the checked-in PostgreSQL schema snapshot', async () => {
    const { url } = await createTestDatabase();
    await (await openPostgresStore(url)).close();
    expect(await postgresSchema(poolOn(url))).toMatchSnapshot();
  });

  it('keeps the audit log append-only on PostgreSQL too', async () => {
    const { url } = await createTestDatabase();
    await (await openPostgresStore(url)).close();
    const pool = poolOn(url);
    await pool.query(`INSERT INTO audit_log (at, actor, action, target_type) VALUES ('2026-01-01T00:00:00Z', 'desk', 'create', 'entity')`);
    await expect(pool.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow('audit_log is append-only');
    await expect(pool.query(`DELETE FROM audit_log`)).rejects.toThrow('audit_log is append-only');
  });

  it('refuses a team database from a newer version and leaves it unchanged', async () => {
    const { url } = await createTestDatabase();
    await (await openPostgresStore(url)).close();
    const pool = poolOn(url);
    await pool.query('UPDATE schema_version SET version = $1', [LATEST_SCHEMA_VERSION + 5]);
    await pool.query('CREATE TABLE future_thing (id INTEGER PRIMARY KEY, note TEXT)');
    const before = await postgresSchema(pool);
    const err = await openPostgresStore(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeskError);
    expect((err as DeskError).code).toBe('DB_TOO_NEW');
    expect((err as DeskError).message).toContain(`版本（${LATEST_SCHEMA_VERSION + 5}）比本程序支持的版本（${LATEST_SCHEMA_VERSION}）新`);
    expect((err as DeskError).message).toContain('数据库未做任何改动');
    expect(await postgresSchema(pool)).toBe(before);
    expect(await postgresSchemaVersion(pool)).toBe(LATEST_SCHEMA_VERSION + 5);
  });

  it('refuses a database that holds other tables but no desk version, without touching it', async () => {
    const { url } = await createTestDatabase();
    const pool = poolOn(url);
    await pool.query('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    await expect(openPostgresStore(url)).rejects.toMatchObject({ code: 'DB_CORRUPT', message: expect.stringContaining('不是备案助手的团队数据库') });
    expect((await pool.query("SELECT to_regclass('schema_version') AS t")).rows).toEqual([{ t: null }]);
  });

  it('rolls back a failing migration and keeps the previous version', async () => {
    const { url } = await createTestDatabase();
    await (await openPostgresStore(url)).close();
    const broken = { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: function* () { yield exec('CREATE TABLE half_done (id INTEGER); SELECT no_such_function();'); } };
    await expect(openPostgresStore(url, { migrations: [...MIGRATIONS, broken] })).rejects.toThrow('no_such_function');
    const pool = poolOn(url);
    expect(await postgresSchemaVersion(pool)).toBe(LATEST_SCHEMA_VERSION);
    expect((await pool.query("SELECT to_regclass('half_done') AS t")).rows).toEqual([{ t: null }]);
  });

  it('migrates once when two servers open the same new database at the same time', async () => {
    const { url } = await createTestDatabase();
    const stores = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    for (const s of stores) await s.close();
    expect(await postgresSchemaVersion(poolOn(url))).toBe(LATEST_SCHEMA_VERSION);
  });

  it('carries approved orders of a version-6 team database into filed snapshots (migration 0007)', async () => {
    const { url } = await createTestDatabase();
    await (await openPostgresStore(url, { migrations: MIGRATIONS.filter((m) => m.version <= 6) })).close();
    const pool = poolOn(url);
    const t = '2026-01-02T03:04:05.000Z';
    await pool.query(
      `INSERT INTO entity (id, province, city, nature, cert_type, cert_number_sealed, cert_number_index, name, cert_address, mailing_address, icp_number, created_at, updated_at)
       VALUES (1, '广东省', '深圳市', '企业', '营业执照', 'sealed:x', 'ix', '某公司', '地址', '地址', '粤ICP备12345678号', $1, $1)`,
      [t],
    );
    await pool.query(`INSERT INTO website (id, entity_id, name, homepages, service_content, pre_approvals, languages, ips, icp_number, created_at, updated_at) VALUES (7, 1, '官网', '["www.example.cn"]', '企业官网', '[]', '["中文简体"]', '[]', '粤ICP备12345678号-1', $1, $1)`, [t]);
    await pool.query(`INSERT INTO domain (website_id, entity_id, position, name, ascii_name) VALUES (7, 1, 0, 'example.cn', 'example.cn')`);
    for (const [id, provider] of [[1, 'aliyun'], [2, 'tencent'], [3, 'aliyun']] as const) {
      await pool.query(`INSERT INTO filing_order (id, entity_id, type, provider, state, state_changed_at, closed_at, created_at, updated_at) VALUES ($1, 1, '接入备案', $2, '已通过', $3, $3, $3, $3)`, [id, provider, t]);
    }
    await pool.query(`INSERT INTO order_website (order_id, website_id) VALUES (2, 7)`);
    await (await openPostgresStore(url)).close();
    const { rows } = await pool.query<{ entity_id: number; version: number; order_id: number; filed_at: string; providers_json: string; record_json: string }>('SELECT * FROM filed_snapshot');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity_id: '1', version: '1', order_id: '3', filed_at: '2026-01-02' });
    expect((JSON.parse(rows[0]!.providers_json) as string[]).sort()).toEqual(['aliyun', 'tencent']);
    const record = JSON.parse(rows[0]!.record_json) as { websites: { websiteId: number; provider: string; domains: string[] }[] };
    expect(record.websites).toEqual([expect.objectContaining({ websiteId: 7, provider: 'tencent', domains: ['example.cn'] })]);
  });
});
