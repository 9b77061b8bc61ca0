// What a team backup and restore promise beyond their main path (README "Backup", "Where the data lives"):
// the backup needs the team database's address and is checked inside the data folder (no system temp
// folder needed); pg_dump's custom format is compressed already and the keyring is small, so both are
// stored in the zip as they are; the restore makes an owner-only data folder, unpacks into an owner-only
// staging folder, says nothing when pg_restore and the server share a major version, leaves no connection
// open to the restored database, and never removes an empty data folder it did not make.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createBackup } from '../../../main/backup/backup';
import { findPgTool } from '../../../main/backup/pgTools';
import { restoreTeamBackup } from '../../../main/backup/teamBackup';
import { postgresDialect, postgresKysely, postgresPool } from '../../../main/db/dialect';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { Store } from '../../../main/db/store';
import { inspectTargetDatabase, serverMajorVersion } from '../../../main/db/teamDatabase';
import type { Desk } from '../../../main/desk';
import { openTestDesk, tempDir } from '../../helpers';
import { createTestDatabase, describePostgres, migratedTestDatabase } from '../../support/pgTestDatabase';

async function teamDesk(): Promise<{ desk: Desk; url: string; dataDir: string }> {
  const { url } = await migratedTestDatabase();
  const dataDir = tempDir();
  return { desk: await openTestDesk(dataDir, { store: await openPostgresStore(url, { poolSize: 2 }) }), url, dataDir };
}

const saved = { TMPDIR: process.env.TMPDIR, BEIAN_DESK_PG_BINDIR: process.env.BEIAN_DESK_PG_BINDIR };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const mode = (path: string) => statSync(path).mode & 0o777;

/** Each entry's zip compression method (0 stored, 8 deflated), from the central directory. */
function compressionMethods(file: string): Promise<Record<string, number>> {
  return new Promise((ok, fail) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return fail(err ?? new Error('no zip'));
      const out: Record<string, number> = {};
      zip.on('entry', (e: yauzl.Entry) => {
        out[e.fileName] = e.compressionMethod;
        zip.readEntry();
      });
      zip.on('end', () => {
        zip.close();
        ok(out);
      });
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

/**
 * A bin folder whose pg_restore says it is of `version`, writes the mode of the folder holding the dump it
 * is given (its last argument) to `record`, and runs the real one.
 */
function recordingRestore(serverMajor: number, version: string, record: string): string {
  const bin = tempDir();
  const real = findPgTool('pg_restore', serverMajor).path;
  writeFileSync(
    join(bin, 'pg_restore'),
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pg_restore (PostgreSQL) ${version}"; exit 0; fi\nfor a; do last="$a"; done\nstat -c '%a' "$(dirname "$last")" > "${record}"\nexec "${real}" "$@"\n`,
  );
  chmodSync(join(bin, 'pg_restore'), 0o755);
  return bin;
}

describePostgres('team database backup: its smaller promises', () => {
  it('refuses a team store whose address it does not know (pg_dump would not know where to connect), writing nothing', async () => {
    const { url } = await migratedTestDatabase();
    const pool = postgresPool(url, 2);
    const desk = await openTestDesk(tempDir(), { store: new Store(postgresDialect, postgresKysely(pool)) });
    const dir = tempDir();
    await expect(createBackup(desk, join(dir, 'x.bdbackup'))).rejects.toMatchObject({ code: 'NOT_ON_TEAM_DATABASE', message: '团队数据库的地址未知，无法备份' });
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(desk.dataDir, 'tmp', 'backup'))).toBe(false);
  });

  it('stores the dump and the keyring undeflated, and verifies inside the data folder: a missing system temp folder does not stop it', async () => {
    const { desk, dataDir } = await teamDesk();
    const file = join(tempDir(), 'team.bdbackup');
    process.env.TMPDIR = join(tempDir(), 'gone');
    await expect(createBackup(desk, file)).resolves.toMatchObject({ file, verified: true });
    delete process.env.TMPDIR;
    expect(await compressionMethods(file)).toMatchObject({ 'team.pgdump': 0, 'keyring.json': 0 });
    expect(readdirSync(join(dataDir, 'tmp', 'backup'))).toEqual([]);
    expect(readdirSync(dirname(file))).toEqual(['team.bdbackup']);
  }, 60_000);

  it('restores into an owner-only data folder through an owner-only staging folder, without a warning when the major versions match, and closes its connections', async () => {
    const { desk } = await teamDesk();
    const server = await serverMajorVersion(desk.sql);
    const file = join(tempDir(), 'team.bdbackup');
    await createBackup(desk, file);
    const record = join(tempDir(), 'staging-mode');
    process.env.BEIAN_DESK_PG_BINDIR = recordingRestore(server, `${server}.99`, record);
    const target = await createTestDatabase();
    const dataDir = join(tempDir(), 'restored');
    const r = await restoreTeamBackup(file, dataDir, target.url);
    expect(r).toMatchObject({ dataDir, materialFiles: 0 });
    expect(r.warnings).toBeUndefined();
    expect(mode(dataDir)).toBe(0o700);
    expect(readFileSync(record, 'utf8').trim()).toBe('700');
    expect(readdirSync(dataDir)).toEqual(['keyring.json']);
    // nobody is left connected to the restored database (its store's pool was ended)
    const connected = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${target.name}`.execute(desk.sql.db)).rows[0]!.n;
    let n = await connected();
    for (let i = 0; i < 30 && n > 0; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      n = await connected();
    }
    expect(n).toBe(0);
  }, 120_000);

  it('refuses a desk backup and a used data folder with CONFLICT and its words, and keeps an empty data folder it did not make', async () => {
    const deskBackup = join(tempDir(), 'desk.bdbackup');
    await createBackup(await openTestDesk(), deskBackup);
    const empty = await createTestDatabase();
    const theirs = tempDir();
    await expect(restoreTeamBackup(deskBackup, theirs, empty.url)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '这是单机数据目录（SQLite）的备份，不是团队数据库的备份：不加 --database，把它恢复到一个空的数据目录',
    });
    expect(existsSync(theirs)).toBe(true);
    expect(readdirSync(theirs)).toEqual([]);
    expect((await inspectTargetDatabase(empty.url)).objects).toEqual([]);

    mkdirSync(join(theirs, 'sub'));
    await expect(restoreTeamBackup(deskBackup, theirs, empty.url)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `目标数据目录不是空的：${theirs}。恢复只写入空目录（密钥文件放在这里），以免覆盖现有数据`,
    });
    expect(readdirSync(theirs)).toEqual(['sub']);
  }, 60_000);
});
