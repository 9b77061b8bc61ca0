// A team database of today's version opened by a build from before a migration: refused with DB_TOO_NEW, and left as
// it was — the PostgreSQL counterpart of olderStore.ts expectRefusedByBuildBefore.
import { sql } from 'kysely';
import { expect } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../main/db/migrations/index';
import { openPostgresStore } from '../../main/db/openPostgres';
import { openTestDesk, tempDir } from '../helpers';
import { createTestDatabase } from './pgTestDatabase';

/** The schema's version and every table, column and index of the database, as one text. */
async function schemaOf(url: string): Promise<string> {
  const store = await openPostgresStore(url);
  try {
    const { rows } = await sql<{ line: string }>`SELECT 'version ' || version AS line FROM schema_version
      UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = current_schema()
      UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
      ORDER BY 1`.execute(store.db);
    return rows.map((r) => r.line).join('\n');
  } finally {
    await store.close();
  }
}

/** A new team database migrated by today's build, then opened by a build whose last migration is before `version`. */
export async function expectTeamDatabaseRefusedByBuildBefore(version: number): Promise<void> {
  const { url } = await createTestDatabase();
  await (await openTestDesk(tempDir(), { store: await openPostgresStore(url) })).close();
  const before = await schemaOf(url);
  expect(before).toContain(`version ${LATEST_SCHEMA_VERSION}`);
  await expect(openPostgresStore(url, { migrations: MIGRATIONS.filter((m) => m.version < version) })).rejects.toMatchObject({ code: 'DB_TOO_NEW' });
  expect(await schemaOf(url)).toBe(before);
}
