import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findPgBinaries, launchPgCluster, PgClusterError, startPgCluster } from './pgCluster';
import { setupPostgresForRun } from './pgGlobalSetup';
import { postgresRequired } from './pgProvided';
import { createTestDatabase, describePostgres, type TestDatabase } from './pgTestDatabase';

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const postgresProcessesFor = (dir: string) =>
  spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' }).stdout.trim();

describePostgres('the throwaway PostgreSQL cluster of the unit run', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    first = await createTestDatabase();
    second = await createTestDatabase();
  }, 240_000);

  it('gives a database a client can create a table in, write to and read back', async () => {
    const rows = await withClient(first.url, async (c) => {
      await c.query('CREATE TABLE entity (id text PRIMARY KEY, name text NOT NULL)');
      await c.query('INSERT INTO entity (id, name) VALUES ($1, $2), ($3, $4)', ['e1', '北京某某科技有限公司', 'e2', '上海某某网络有限公司']);
      return (await c.query<{ id: string; name: string }>('SELECT id, name FROM entity ORDER BY id')).rows;
    });
    expect(rows).toEqual([
      { id: 'e1', name: '北京某某科技有限公司' },
      { id: 'e2', name: '上海某某网络有限公司' },
    ]);
  });

  it('keeps two test databases apart: a table in one does not exist in the other', async () => {
    await withClient(first.url, (c) => c.query('CREATE TABLE only_in_first (n int)'));
    const seen = await withClient(second.url, async (c) =>
      (await c.query<{ name: string | null }>("SELECT to_regclass('only_in_first')::text AS name")).rows[0]?.name,
    );
    expect(seen).toBeNull();
    const current = await withClient(second.url, async (c) => (await c.query<{ db: string }>('SELECT current_database() AS db')).rows[0]?.db);
    expect(current).toBe(second.name);
  });

  it('drops a test database, open connections and all', async () => {
    const third = await createTestDatabase();
    const lingering = new pg.Client({ connectionString: third.url });
    await lingering.connect();
    lingering.on('error', () => {}); // its backend is terminated by the forced drop
    await third.drop();
    await expect(withClient(third.url, (c) => c.query('SELECT 1'))).rejects.toThrow(/does not exist/);
    await lingering.end().catch(() => {});
  });
});

describe('a test cluster that cannot start says why', () => {
  it('names the missing binary', async () => {
    await expect(startPgCluster({ binaries: { bindir: '/nonexistent', initdb: '/nonexistent/initdb', pgCtl: '/nonexistent/pg_ctl' } })).rejects.toThrow(
      /PostgreSQL binary not found or not executable: \/nonexistent\/initdb/,
    );
  });

  const binaries = findPgBinaries();
  describe.skipIf(!binaries)('with PostgreSQL installed', () => {
    const launched: string[] = [];
    afterAll(() => {
      for (const dir of launched) expect(postgresProcessesFor(dir)).toBe('');
    });

    it("quotes the server's own words, removes the folder and leaves no server behind", async () => {
      const cluster = await launchPgCluster({ binaries: binaries!, settings: { shared_buffers: "'plenty'" } });
      launched.push(cluster.dir);
      const failure = await cluster.ready.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(PgClusterError);
      expect((failure as Error).message).toMatch(/pg_ctl start failed/);
      expect((failure as Error).message).toMatch(/invalid value for parameter "shared_buffers"/);
      expect(existsSync(cluster.dir)).toBe(false);
      expect(postgresProcessesFor(cluster.dir)).toBe('');
    }, 240_000);

    it('starts and stops a cluster of its own, leaving neither folder nor process', async () => {
      const cluster = await startPgCluster({ binaries: binaries! });
      launched.push(cluster.dir);
      expect(await withClient(cluster.adminUrl, async (c) => (await c.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one)).toBe(1);
      expect(postgresProcessesFor(cluster.dir)).not.toBe('');
      cluster.stop();
      expect(existsSync(cluster.dir)).toBe(false);
      expect(postgresProcessesFor(cluster.dir)).toBe('');
    }, 240_000);
  });
});

describe('a run on a machine without PostgreSQL', () => {
  const provided = () => {
    const values: Record<string, unknown> = {};
    return { values, project: { provide: (key: string, value: unknown) => (values[key] = value) } as never };
  };

  it('skips the PostgreSQL tests on a developer machine and says why', async () => {
    const { values, project } = provided();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const teardown = await setupPostgresForRun(project, null, {});
      await teardown();
      expect(values.pgTest).toEqual({ skipReason: expect.stringMatching(/initdb, pg_ctl\) not found.*apt-get install postgresql/) });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/PostgreSQL tests are SKIPPED/));
    } finally {
      warn.mockRestore();
    }
  });

  it.each([{ CI: 'true' }, { CI: '1' }, { BEIAN_DESK_REQUIRE_POSTGRES: '1' }])('fails the run instead of skipping in CI (%o)', async (env) => {
    const { values, project } = provided();
    await expect(setupPostgresForRun(project, null, env)).rejects.toThrow(/never skips the PostgreSQL tests/);
    expect(values.pgTest).toBeUndefined();
  });

  it('does not take CI=false for CI', () => {
    expect(postgresRequired({ CI: 'false' })).toBe(false);
    expect(postgresRequired({})).toBe(false);
  });
});
