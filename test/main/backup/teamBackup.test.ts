// A team database's backup: `backup create` on a PostgreSQL desk runs pg_dump (custom format) into the
// desk's one-file backup with the keyring, verified; `backup restore --database` puts it into an EMPTY
// team database with pg_restore and the keyring into an empty data folder; a desk opened on the restored
// pair reads the same clients and the same material bytes. A used database, a pg_dump older than the
// server and a desk backup given to the team restore are refused in Chinese.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inspectTargetDatabase } from '../../../main/db/teamDatabase';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createBackup, verifyBackup } from '../../../main/backup/backup';
import { connectionEnv, dumpVersionProblem, findPgTool } from '../../../main/backup/pgTools';
import { restoreTeamBackup } from '../../../main/backup/teamBackup';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { addMaterial, listMaterials, readMaterial } from '../../../main/services/materials';
import { randomBytes } from 'node:crypto';
import { CHUNK } from '../../../main/secrets/fileCrypto';
import { materialJpeg, withComment } from '../../fixtures/materials';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { createTestDatabase, describePostgres, migratedTestDatabase } from '../../support/pgTestDatabase';
import type { Desk } from '../../../main/desk';
import { runCli } from '../../../main/cli';

async function teamDesk(): Promise<{ desk: Desk; url: string; dataDir: string }> {
  const { url } = await migratedTestDatabase();
  const dataDir = tempDir();
  return { desk: await openTestDesk(dataDir, { store: await openPostgresStore(url, { poolSize: 2 }) }), url, dataDir };
}

async function counts(desk: Desk): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['entity', 'person', 'website', 'material', 'material_chunk', 'audit_log']) {
    out[t] = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(desk.sql.db)).rows[0]!.n);
  }
  return out;
}

describePostgres('team database backup', () => {
  /** A team desk with two clients and two materials (one of several chunks), and its backup. */
  async function backedUp() {
    const source = await teamDesk();
    const [a, b] = await createClients(source.desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const photo = withComment(await materialJpeg('team'), randomBytes(3 * CHUNK));
    await addMaterial(source.desk, { entityId: a!.id, kind: 'licence', fileName: '执照.jpg', data: photo });
    await addMaterial(source.desk, { entityId: b!.id, kind: 'other', fileName: 'b.jpg', data: await materialJpeg('b') });
    const backupFile = join(tempDir(), 'team.bdbackup');
    const result = await createBackup(source.desk, backupFile);
    return { source, photo, backupFile, result };
  }

  it('writes one verified, owner-only backup with the dump and the keyring, and restores it into an empty team database: the same counts and material bytes', async () => {
    const { source, photo, backupFile, result } = await backedUp();
    expect(result).toMatchObject({ file: backupFile, materialFiles: 2, verified: true });
    expect(result.warnings).toBeUndefined();
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(dirname(backupFile))).toEqual(['team.bdbackup']); // the partial file was renamed, the dump and pass file removed
    expect(readdirSync(join(source.dataDir, 'tmp', 'backup'))).toEqual([]);
    const { manifest } = await verifyBackup(backupFile);
    expect(manifest.store).toBe('postgres');
    expect(manifest.entries.map((e) => e.name).sort()).toEqual(['keyring.json', 'team.pgdump']);
    // the material's bytes are in the dump only as sealed chunks
    expect(readFileSync(backupFile).includes(photo.subarray(CHUNK, CHUNK + 64))).toBe(false);

    const target = await createTestDatabase();
    const dataDir = join(tempDir(), 'restored');
    const r = await restoreTeamBackup(backupFile, dataDir, target.url);
    expect(r.materialFiles).toBe(2);
    const restored = await openTestDesk(dataDir, { store: await openPostgresStore(target.url, { poolSize: 2 }) });
    const before = await counts(source.desk);
    const after = await counts(restored);
    // the backup's own audit entry was written after the dump
    expect({ ...after, audit_log: after.audit_log! + 1 }).toEqual(before);
    expect(after.material_chunk).toBeGreaterThan(4);
    const entity = (await restored.sql.db.selectFrom('entity').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const [m] = await listMaterials(restored, entity);
    expect((await readMaterial(restored, m!.id)).data.equals(photo)).toBe(true);

    // a used team database and a used data folder are refused, unchanged
    const beforeUsed = await counts(source.desk);
    await expect(restoreTeamBackup(backupFile, join(tempDir(), 'x'), source.url)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/不是空的.*恢复只写入空数据库/) });
    expect(await counts(source.desk)).toEqual(beforeUsed);
    const empty = await createTestDatabase();
    const full = tempDir();
    writeFileSync(join(full, 'note.txt'), 'x');
    await expect(restoreTeamBackup(backupFile, full, empty.url)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('目标数据目录不是空的') });

    // the desk's restore (no --database) says what the file is
    const out: string[] = [];
    const code = await runCli(['--data', join(tempDir(), 'z'), 'backup', 'restore', backupFile], { out: (t) => out.push(t), err: (t) => out.push(t) });
    expect(code).toBe(1);
    expect(out.join('')).toContain('团队数据库（PostgreSQL）的备份');
  }, 120_000);

  it('refuses a desk (SQLite) backup given to the team restore, leaving the database empty', async () => {
    const desk = await openTestDesk();
    const deskBackup = join(tempDir(), 'desk.bdbackup');
    await createBackup(desk, deskBackup);
    const empty = await createTestDatabase();
    await expect(restoreTeamBackup(deskBackup, join(tempDir(), 'y'), empty.url)).rejects.toMatchObject({ message: expect.stringContaining('单机数据目录（SQLite）的备份') });
    expect((await inspectTargetDatabase(empty.url)).objects).toEqual([]);
  }, 60_000);

  it('refuses a backup a newer build wrote before pg_restore commits: the database stays empty for the retry with that build', async () => {
    const { url } = await migratedTestDatabase();
    const desk = await openTestDesk(tempDir(), { store: await openPostgresStore(url, { poolSize: 2 }) });
    await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    await sql`UPDATE schema_version SET version = ${LATEST_SCHEMA_VERSION + 1}`.execute(desk.sql.db); // as the newer build leaves it
    const file = join(tempDir(), 'newer.bdbackup');
    await createBackup(desk, file);
    await desk.close();
    const empty = await createTestDatabase();
    const dataDir = join(tempDir(), 'restored');
    await expect(restoreTeamBackup(file, dataDir, empty.url)).rejects.toMatchObject({ code: 'DB_TOO_NEW', message: expect.stringContaining(`这份备份的数据库版本（${LATEST_SCHEMA_VERSION + 1}）比本程序支持的版本（${LATEST_SCHEMA_VERSION}）新`) });
    expect((await inspectTargetDatabase(empty.url)).objects).toEqual([]);
  }, 120_000);

  it('refuses, in Chinese and before writing anything, a pg_dump older than the server; a newer one is named as different', async () => {
    const bin = tempDir();
    for (const tool of ['pg_dump', 'pg_restore']) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} (PostgreSQL) 9.6.24"\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    const old = process.env.BEIAN_DESK_PG_BINDIR;
    process.env.BEIAN_DESK_PG_BINDIR = bin;
    try {
      const file = join(tempDir(), 'old.bdbackup');
      const { desk } = await teamDesk();
      await expect(createBackup(desk, file)).rejects.toMatchObject({ code: 'NOT_ON_TEAM_DATABASE', message: expect.stringMatching(/版本（9\.6）低于团队数据库服务器的版本（\d+）.*未写出备份/) });
      expect(() => statSync(file)).toThrow();
    } finally {
      if (old === undefined) delete process.env.BEIAN_DESK_PG_BINDIR;
      else process.env.BEIAN_DESK_PG_BINDIR = old;
    }
    expect(dumpVersionProblem({ path: 'pg_dump', major: 17, version: '17.2' }, 16).warn).toMatch(/版本（17\.2）与团队数据库服务器的版本（16）不同.*17 或更新版本的 pg_restore/);
    expect(dumpVersionProblem({ path: 'pg_dump', major: 16, version: '16.4' }, 16)).toEqual({});
    expect(() => findPgTool('pg_dump', 16, { PATH: '', BEIAN_DESK_PG_BINDIR: tempDir() })).toThrow(/找不到 PostgreSQL 的 pg_dump.*postgresql-client-16/);
  });

  it('hands the password to pg_dump in an owner-only PGPASSFILE, never in the environment or arguments', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const { env, database } = connectionEnv('postgresql://agency:s3cr:et@db.example:6543/beian?sslmode=verify-full', dir, 'x.pgpass');
    expect(database).toBe('beian');
    expect(env).toMatchObject({ PGHOST: 'db.example', PGPORT: '6543', PGUSER: 'agency', PGDATABASE: 'beian', PGSSLMODE: 'verify-full' });
    expect(JSON.stringify(env)).not.toContain('s3cr');
    expect(env.PGPASSWORD).toBeUndefined();
    expect(readFileSync(env.PGPASSFILE!, 'utf8')).toBe('*:*:*:*:s3cr\\:et\n');
    expect(statSync(env.PGPASSFILE!).mode & 0o777).toBe(0o600);
  });
});
