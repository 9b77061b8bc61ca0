// Worker side of the test cluster: a fresh database per test file, so files run in parallel without
// seeing each other's rows; every database made here is dropped after the file.
//
//   import { createTestDatabase, describePostgres } from '../support/pgTestDatabase';
//   describePostgres('clients on PostgreSQL', () => {
//     let db: TestDatabase;
//     beforeAll(async () => { db = await createTestDatabase(); });   // db.url → pg / Kysely
//   });
//
// Without PostgreSQL binaries on a developer machine, describePostgres skips (the reason is in the
// suite name and printed once by the globalSetup); in CI the run fails instead (pgProvided.ts).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { afterEveryFile } from './testCleanup';
import { postgresRequired, type PgClusterStatus, type PgTestContext } from './pgProvided';

const context: PgTestContext | undefined = inject('pgTest');

/** Why the PostgreSQL tests are skipped in this run, or undefined when they run. */
export const pgSkipReason: string | undefined =
  context && 'skipReason' in context
    ? context.skipReason
    : !context && !postgresRequired()
      ? 'no PostgreSQL test cluster in this run (its globalSetup is in test/vitest.config.ts)'
      : undefined;

/** describe() for suites that need PostgreSQL: skipped, with the reason in its name, when there is none. */
export function describePostgres(name: string, fn: () => void): void {
  if (pgSkipReason) describe.skip(`${name} (skipped: ${pgSkipReason})`, fn);
  else describe(name, fn);
}

export interface TestDatabase {
  /** postgresql:// URL of this database (unix socket of the test cluster), for pg / Kysely. */
  url: string;
  name: string;
  /** Drops it now (open connections are closed by force); also done after the file. */
  drop(): Promise<void>;
}

const WAIT_FOR_CLUSTER_MS = 240_000;

async function clusterAdminUrl(): Promise<string> {
  if (!context) throw new Error('no PostgreSQL test cluster: run with test/vitest.config.ts, whose globalSetup starts it');
  if ('skipReason' in context) throw new Error(`PostgreSQL tests are skipped: ${context.skipReason}`);
  const deadline = Date.now() + WAIT_FOR_CLUSTER_MS;
  for (;;) {
    let status: PgClusterStatus | undefined;
    try {
      status = JSON.parse(readFileSync(context.statusFile, 'utf8')) as PgClusterStatus;
    } catch {
      // not written yet: the cluster is still starting
    }
    if (status?.state === 'ready') return context.adminUrl;
    if (status?.state === 'failed') throw new Error(`the test PostgreSQL cluster did not start: ${status.message}`);
    if (Date.now() > deadline) throw new Error(`the test PostgreSQL cluster did not start within ${WAIT_FOR_CLUSTER_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * One connection to the cluster's admin database for the CREATE and DROP statements of this file, instead
 * of one per statement: a new connection is a new server process, 90–130 ms at a load of 12, and a desk's
 * database took two (its CREATE, its DROP). Closed after the file; one that broke is opened again.
 */
let admin: { url: string; client: Promise<pg.Client> } | undefined;
async function onAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  if (admin?.url !== adminUrl) {
    const client = new pg.Client({ connectionString: adminUrl });
    const opened = { url: adminUrl, client: client.connect().then(() => client) };
    admin = opened;
    // a broken connection is dropped here (never an unhandled 'error'), and the next statement opens another
    client.on('error', () => {
      if (admin === opened) admin = undefined;
    });
    opened.client.catch(() => {
      if (admin === opened) admin = undefined;
    });
  }
  return await work(await admin.client);
}

async function closeAdmin(): Promise<void> {
  const open = admin;
  admin = undefined;
  if (open) await (await open.client.catch(() => undefined))?.end().catch(() => {});
}

const created = new Set<TestDatabase>();

// One DROP per database the file made, one after the other (leases.test.ts made twenty desks).
afterEveryFile('pgTestDatabase: the file\'s databases', async () => {
  try {
    for (const db of [...created]) await db.drop();
  } finally {
    await closeAdmin();
  }
});

export interface TestDatabaseOptions {
  /**
   * An ICU locale (e.g. 'zh-CN') for the database's collation, as an agency's own team database may
   * have; the cluster's default is C (code point order, as SQLite's BINARY).
   */
  icuLocale?: string;
  /** A database of this cluster to copy (CREATE DATABASE … TEMPLATE): nobody may be connected to it. */
  template?: string;
}

/**
 * PostgreSQL 15 copies a template block by block through the write-ahead log (CREATE DATABASE's default
 * STRATEGY WAL_LOG): for a new database (its own catalogs, ≈ 9 MB with the desk's schema) that is about
 * 8 MB of WAL, 580 ms per database at a load of 13 against 200 ms copying the files (FILE_COPY, the only way
 * before 15: a checkpoint, cheap on this cluster, which runs with fsync off). The copy is the same database
 * either way. Asked once per worker; older servers have no STRATEGY and copy files anyway.
 */
let fileCopyStrategy: Promise<boolean> | undefined;
function copiesByFile(c: pg.Client): Promise<boolean> {
  fileCopyStrategy ??= c.query<{ v: string }>('SHOW server_version_num').then((r) => Number(r.rows[0]!.v) >= 150000);
  return fileCopyStrategy;
}

/** A new, empty database on the test cluster (waits for the cluster if it is still starting). */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = await clusterAdminUrl();
  const name = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
  const locale = options.icuLocale;
  if (locale !== undefined && !/^[A-Za-z0-9-]+$/.test(locale)) throw new Error(`not an ICU locale: ${locale}`);
  const template = options.template;
  if (template !== undefined && !/^t_[0-9a-z_]+$/.test(template)) throw new Error(`not a test database: ${template}`);
  if (locale && template) throw new Error('a database copied from a template keeps its collation');
  await onAdmin(adminUrl, async (c) => {
    const strategy = (await copiesByFile(c)) ? ' STRATEGY FILE_COPY' : '';
    await c.query(
      locale
        ? `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${locale}'${strategy}`
        : `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}${strategy}`,
    );
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db: TestDatabase = {
    url: url.toString(),
    name,
    drop: async () => {
      if (!created.delete(db)) return;
      await onAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
  created.add(db);
  return db;
}

/** This worker's migrated, otherwise empty database, copied by migratedTestDatabase (made once, never dropped: the cluster goes with the run). */
let migratedTemplate: Promise<string> | undefined;

/**
 * A new database already migrated to the latest schema, as a desk's first open leaves it: a copy of one
 * migrated once per worker (CREATE DATABASE … TEMPLATE) instead of running every migration again per
 * desk — that was most of a PostgreSQL desk's set-up. Migrating a new database is still what made the
 * copy, and the migration suites migrate their own databases.
 */
export async function migratedTestDatabase(): Promise<TestDatabase> {
  migratedTemplate ??= (async () => {
    const adminUrl = await clusterAdminUrl();
    const name = `t_${process.pid}_migrated_${randomBytes(4).toString('hex')}`;
    await onAdmin(adminUrl, async (c) => c.query(`CREATE DATABASE ${name}${(await copiesByFile(c)) ? ' STRATEGY FILE_COPY' : ''}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    // loaded here, not at the top: most files using this module never migrate a database through it
    const { openPostgresStore } = await import('../../main/db/openPostgres');
    const store = await openPostgresStore(url.toString(), { poolSize: 1 });
    await store.close();
    return name;
  })();
  let template: string;
  try {
    template = await migratedTemplate;
  } catch (err) {
    migratedTemplate = undefined;
    throw err;
  }
  return await createTestDatabase({ template });
}
