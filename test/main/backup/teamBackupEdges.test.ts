// A team database's backup at its edges: a pg_dump newer than the server (the backup is written, with
// the warning the restore needs), a target already there, a dump that fails, a database that cannot be
// reached, and a pg_restore too old for the dump. Each leaves nothing behind: no temp file in the data
// folder, no partial backup beside the target, no data folder made for a restore that did not happen.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createBackup } from '../../../main/backup/backup';
import { findPgTool } from '../../../main/backup/pgTools';
import { restoreTeamBackup } from '../../../main/backup/teamBackup';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { inspectTargetDatabase, serverMajorVersion } from '../../../main/db/teamDatabase';
import type { Desk } from '../../../main/desk';
import { openTestDesk, tempDir } from '../../helpers';
import { createTestDatabase, describePostgres, migratedTestDatabase } from '../../support/pgTestDatabase';

async function teamDesk(): Promise<{ desk: Desk; url: string; dataDir: string }> {
  const { url } = await migratedTestDatabase();
  const dataDir = tempDir();
  return { desk: await openTestDesk(dataDir, { store: await openPostgresStore(url, { poolSize: 2 }) }), url, dataDir };
}

/**
 * A backup of a team desk with the real tools, for the tests that only restore one: made once per file (a
 * pg_dump and the backup's verification), its bytes written into each test's own folder.
 */
let madeBackup: Promise<{ bytes: Buffer; server: number }> | undefined;
async function someTeamBackup(): Promise<{ file: string; server: number }> {
  madeBackup ??= (async () => {
    const { desk } = await teamDesk();
    const made = join(tempDir(), 'some.bdbackup');
    await createBackup(desk, made);
    return { bytes: readFileSync(made), server: await serverMajorVersion(desk.sql) };
  })();
  const { bytes, server } = await madeBackup;
  const file = join(tempDir(), 'some.bdbackup');
  writeFileSync(file, bytes);
  return { file, server };
}

/**
 * A bin folder whose pg_dump and pg_restore say they are of `version` and otherwise run the real ones
 * (`fail` replaces a tool's work by its stderr text and exit code 1).
 */
function wrappedTools(serverMajor: number, version: string, fail: { pg_dump?: string; pg_restore?: string } = {}): string {
  const bin = tempDir();
  for (const name of ['pg_dump', 'pg_restore'] as const) {
    const real = findPgTool(name, serverMajor).path;
    const work = fail[name] ? `echo "${fail[name]}" >&2; exit 1` : `exec "${real}" "$@"`;
    writeFileSync(join(bin, name), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${name} (PostgreSQL) ${version}"; exit 0; fi\n${work}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

const savedBinDir = process.env.BEIAN_DESK_PG_BINDIR;
function useBinDir(dir: string): void {
  process.env.BEIAN_DESK_PG_BINDIR = dir;
}
afterEach(() => {
  if (savedBinDir === undefined) delete process.env.BEIAN_DESK_PG_BINDIR;
  else process.env.BEIAN_DESK_PG_BINDIR = savedBinDir;
});

/** What a backup run left in the data folder's tmp/backup and beside its target. */
function leftovers(dataDir: string, target: string): string[] {
  const tmp = join(dataDir, 'tmp', 'backup');
  return [...(existsSync(tmp) ? readdirSync(tmp) : []), ...readdirSync(dirname(target)).filter((n) => n !== 'present.bdbackup')];
}

describePostgres('team database backup at its edges', () => {
  it('writes the backup with a newer pg_dump, warning that the restore needs as new a pg_restore, and records it in the audit log', async () => {
    const { desk, dataDir } = await teamDesk();
    const server = await serverMajorVersion(desk.sql);
    useBinDir(wrappedTools(server, '99.1'));
    const file = join(tempDir(), 'newer.bdbackup');
    const result = await createBackup(desk, file);
    expect(result).toMatchObject({ file, materialFiles: 0, verified: true });
    expect(result.warnings).toEqual([`注意：pg_dump 的版本（99.1）与团队数据库服务器的版本（${server}）不同。备份可以使用，但恢复时需要 99 或更新版本的 pg_restore`]);
    expect(leftovers(dataDir, file)).toEqual(['newer.bdbackup']);
    const audit = await desk.sql.db.selectFrom('audit_log').select(['action', 'target_type', 'detail']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect({ ...audit, detail: JSON.parse(audit.detail) as unknown }).toEqual({ action: 'backup.create', target_type: 'desk', detail: { materialFiles: 0, store: 'postgres' } });

    // the restore through a pg_restore of another version than the server's says so, and works
    const target = await createTestDatabase();
    const restoredDir = join(tempDir(), 'restored');
    const restored = await restoreTeamBackup(file, restoredDir, target.url);
    expect(restored).toMatchObject({ dataDir: restoredDir, materialFiles: 0, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(restored.warnings).toEqual([`注意：pg_restore 的版本（99.1）与团队数据库服务器的版本（${server}）不同`]);
    expect(readdirSync(restoredDir)).toEqual(['keyring.json']);
    expect(readFileSync(join(restoredDir, 'keyring.json')).equals(readFileSync(join(dataDir, 'keyring.json')))).toBe(true);
    expect((await inspectTargetDatabase(target.url)).objects.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a target that is already there, leaving it and the data folder as they were', async () => {
    const { desk, dataDir } = await teamDesk();
    const file = join(tempDir(), 'present.bdbackup');
    writeFileSync(file, 'an earlier backup');
    await expect(createBackup(desk, file)).rejects.toMatchObject({ code: 'CONFLICT', message: `备份文件已存在：${file}` });
    expect(readFileSync(file, 'utf8')).toBe('an earlier backup');
    expect(leftovers(dataDir, file)).toEqual([]);
  });

  it('tells a failed pg_dump in its own words and leaves no dump, password file or partial backup', async () => {
    const { desk, dataDir } = await teamDesk();
    const server = await serverMajorVersion(desk.sql);
    const bin = wrappedTools(server, `${server}.0`, { pg_dump: 'pg_dump: error: connection refused' });
    useBinDir(bin);
    const file = join(tempDir(), 'failed.bdbackup');
    await expect(createBackup(desk, file)).rejects.toMatchObject({ code: 'INTERNAL', message: `团队数据库转储（pg_dump）失败（${join(bin, 'pg_dump')} 退出码 1）：pg_dump: error: connection refused` });
    expect(existsSync(file)).toBe(false);
    expect(leftovers(dataDir, file)).toEqual([]);
  });

  it('refuses a database it cannot reach, without showing the password, and makes no data folder', async () => {
    const { file } = await someTeamBackup();
    const dataDir = join(tempDir(), 'never');
    const url = `postgresql://agency:hunter2@/beian?host=${join(tempDir(), 'no-server')}`;
    const err = (await restoreTeamBackup(file, dataDir, url).catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('DB_MISSING');
    expect(err.message).toMatch(/^无法连接团队数据库 postgresql:\/\/agency:\*\*\*@\/beian\?host=.*：/);
    expect(err.message).not.toContain('hunter2');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('says a pg_restore too old for the dump must be replaced, leaving the database empty and no data folder', async () => {
    const { file, server } = await someTeamBackup();
    const bin = wrappedTools(server, `${server}.0`, { pg_restore: 'pg_restore: error: unsupported version (1.99) in file header' });
    useBinDir(bin);
    const target = await createTestDatabase();
    const dataDir = join(tempDir(), 'not-made');
    await expect(restoreTeamBackup(file, dataDir, target.url)).rejects.toMatchObject({
      code: 'NOT_ON_TEAM_DATABASE',
      message: `${join(bin, 'pg_restore')}（${server}.0）读不了这份转储：它由更新版本的 pg_dump 写出。请安装更新版本的 PostgreSQL 客户端工具，或用 BEIAN_DESK_PG_BINDIR 指定其 bin 目录。恢复团队数据库（pg_restore）失败（${join(bin, 'pg_restore')} 退出码 1）：pg_restore: error: unsupported version (1.99) in file header`,
    });
    expect(existsSync(dataDir)).toBe(false);
    expect((await inspectTargetDatabase(target.url)).objects).toEqual([]);

    // any other failure of pg_restore is passed on as it is
    useBinDir(wrappedTools(server, `${server}.0`, { pg_restore: 'pg_restore: error: out of memory' }));
    await expect(restoreTeamBackup(file, dataDir, target.url)).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/^恢复团队数据库（pg_restore）失败.*out of memory$/) });
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});
