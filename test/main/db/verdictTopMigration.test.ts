// Migration 0024: a kept verdict's first findings move out of its row into client_verdict_top. A store of version
// 23 with kept verdicts: after the upgrade (with its progress) the verdict rows no longer hold them, every verdict
// kept before is still current and the lists read exactly as before — first findings included —, on PostgreSQL
// the verdict table is rewritten compact; a build from before 0024 refuses the upgraded store (DB_TOO_NEW).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../main/db/migrations/index';
import type { MigrationProgressEvent } from '../../../main/db/migrations/steps';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { keptVerdict } from '../../../main/db/repositories/verdicts';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { checkAllClients, type CheckAllResult } from '../../../main/services/checkAll';
import { createClients } from '../../../main/services/clients';
import { companyRecord, filedRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { expectRefusedByBuildBefore } from '../../support/olderStore';
import { expectTeamDatabaseRefusedByBuildBefore } from '../../support/olderTeamDatabase';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';

const today = new Date();
const control = { cancelled: false, progress: () => undefined };
const RECORDS = [companyRecord(1), filedRecord(companyRecord(2), 2), companyRecord(3), filedRecord(companyRecord(4), 4)].map((r) => clientRecordSchema.parse(r));

/** Kept verdicts, then the store given back its version-23 form: the first findings in the verdict row, no table of their own. */
async function keptThenVersion23(desk: Desk): Promise<{ before: CheckAllResult; tops: Record<number, string> }> {
  const ids = (await createClients(desk, RECORDS)).map((c) => c.id);
  const before = await checkAllClients(desk, control, { today });
  const tops: Record<number, string> = {};
  for (const id of ids) tops[id] = (await keptVerdict(desk.ctx, id))!.topJson;
  await desk.sql.tx(async () => {
    await sql`ALTER TABLE client_verdict ADD COLUMN top_json TEXT NOT NULL DEFAULT ''`.execute(desk.ctx.db);
    await sql`UPDATE client_verdict SET top_json = (SELECT t.top_json FROM client_verdict_top t WHERE t.entity_id = client_verdict.entity_id)`.execute(desk.ctx.db);
    await sql`DROP TABLE client_verdict_top`.execute(desk.ctx.db);
    if (desk.sql.dialect.name === 'postgres') await sql`UPDATE schema_version SET version = 23`.execute(desk.ctx.db);
  });
  if (desk.sql.dialect.name === 'sqlite') desk.sql.raw.pragma('user_version = 23');
  return { before, tops };
}

/** After the upgrade: the same lists from the kept verdicts (no one re-checked), the same first findings, none in the verdict row. */
async function expectKeptAsBefore(desk: Desk, before: CheckAllResult, tops: Record<number, string>, columns: string[]): Promise<void> {
  expect(columns).not.toContain('top_json');
  for (const [id, top] of Object.entries(tops)) expect((await keptVerdict(desk.ctx, Number(id)))?.topJson).toBe(top);
  const again = await checkAllClients(desk, control, { today });
  expect(again.rechecked).toBe(0);
  expect({ ...again, rechecked: 0 }).toEqual({ ...before, rechecked: 0 });
}

describe('moving kept verdicts’ first findings to a table of their own (migration 0024)', () => {
  it('upgrades a store of version 23 with its progress, its verdicts still current and listed as before', async () => {
    const dir = tempDir();
    const old = await openTestDesk(dir);
    const { before, tops } = await keptThenVersion23(old);
    await old.close();
    const events: MigrationProgressEvent[] = [];
    const desk = await openTestDesk(dir, { onMigrationProgress: (e) => events.push(e) });
    try {
      expect(events.filter((e) => e.version === 24).map((e) => [e.name, e.done, e.total])).toEqual([['verdict-top', 0, RECORDS.length], ['verdict-top', RECORDS.length, RECORDS.length]]);
      const columns = (desk.sql.raw.prepare('SELECT name FROM pragma_table_info(?)').all('client_verdict') as { name: string }[]).map((c) => c.name);
      await expectKeptAsBefore(desk, before, tops, columns);
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('is refused by a build from before 0024 (DB_TOO_NEW), the store untouched', async () => {
    await expectRefusedByBuildBefore(24);
  });
});

describePostgres('moving kept verdicts’ first findings on a team database (migration 0024)', () => {
  it('upgrades a database of version 23 with its progress, the verdict table rewritten compact, and runs again over a kept table', async () => {
    const { url } = await createTestDatabase();
    const dir = tempDir();
    const old = await openTestDesk(dir, { store: await openPostgresStore(url) });
    const { before, tops } = await keptThenVersion23(old);
    const fileBefore = (await sql<{ f: string }>`SELECT pg_relation_filenode('client_verdict')::text AS f`.execute(old.ctx.db)).rows[0]!.f;
    await old.close();
    const events: MigrationProgressEvent[] = [];
    const desk = await openTestDesk(dir, { store: await openPostgresStore(url, { onMigrationProgress: (e) => events.push(e) }) });
    try {
      expect(events.filter((e) => e.version === 24).map((e) => [e.name, e.done, e.total])).toEqual([['verdict-top', 0, RECORDS.length], ['verdict-top', RECORDS.length, RECORDS.length]]);
      const columns = (await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'client_verdict'`.execute(desk.ctx.db)).rows.map((c) => c.name);
      await expectKeptAsBefore(desk, before, tops, columns);
      // rewritten (a new file, without the dropped column's bytes), and no index left marked for CLUSTER
      expect((await sql<{ f: string }>`SELECT pg_relation_filenode('client_verdict')::text AS f`.execute(desk.ctx.db)).rows[0]!.f).not.toBe(fileBefore);
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_index WHERE indisclustered`.execute(desk.ctx.db)).rows[0]!.n).toBe(0);
      // set back with the new table kept (as the upgrade tests of 0010, 0018 and 0023 leave later tables): runs again
      await sql`UPDATE schema_version SET version = 23`.execute(desk.ctx.db);
    } finally {
      await desk.close();
    }
    const again = await openTestDesk(dir, { store: await openPostgresStore(url) });
    try {
      for (const [id, top] of Object.entries(tops)) expect((await keptVerdict(again.ctx, Number(id)))?.topJson).toBe(top);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('is refused by a build from before 0024 (DB_TOO_NEW), the database untouched', async () => {
    await expectTeamDatabaseRefusedByBuildBefore(24);
  });
});
