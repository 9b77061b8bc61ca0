// Migration 0025: on PostgreSQL a kept verdict's row is rewritten in place (a HOT update) — 0017's state index
// dropped, the table's pages filled to half. A team database of version 24 with kept verdicts upgrades with its
// progress, its verdicts still current, the table rewritten with the new fill; a run's updates of the verdict
// rows are then every one HOT (none with the index, few on full pages); SQLite keeps the index; a build from before
// 0025 refuses the upgraded store (DB_TOO_NEW).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { VERDICT_FILLFACTOR } from '../../../main/db/migrations/0025-verdict-hot-updates';
import { MIGRATIONS } from '../../../main/db/migrations/index';
import type { MigrationProgressEvent } from '../../../main/db/migrations/steps';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { saveVerdicts, type NewVerdict } from '../../../main/db/repositories/verdicts';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { checkAllClients } from '../../../main/services/checkAll';
import { createClients } from '../../../main/services/clients';
import { companyRecord, filedRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { expectRefusedByBuildBefore } from '../../support/olderStore';
import { expectTeamDatabaseRefusedByBuildBefore } from '../../support/olderTeamDatabase';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';

const today = new Date();
const control = { cancelled: false, progress: () => undefined };
const RECORDS = [companyRecord(1), filedRecord(companyRecord(2), 2), companyRecord(3)].map((r) => clientRecordSchema.parse(r));
const STATE_INDEX = 'client_verdict_state';

/** The verdict table's indexes and storage parameters as PostgreSQL's catalog has them. */
async function verdictTable(desk: Desk): Promise<{ indexes: string[]; options: string[]; file: string }> {
  const indexes = (await sql<{ i: string }>`SELECT indexname AS i FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'client_verdict' ORDER BY 1`.execute(desk.ctx.db)).rows.map((r) => r.i);
  const t = (await sql<{ o: string[] | null; f: string }>`SELECT reloptions AS o, pg_relation_filenode(oid)::text AS f FROM pg_class WHERE oid = 'client_verdict'::regclass`.execute(desk.ctx.db)).rows[0]!;
  return { indexes, options: t.o ?? [], file: t.f };
}

const verdict = (entityId: number, revision: number): NewVerdict => ({
  entityId,
  revision,
  verdictVersion: 'test',
  settingsJson: '{}',
  checkedDay: '2026-12-06',
  counts: { error: revision, warning: 0, info: 0 },
  topJson: '[]',
  findingsDigest: revision,
  keys: [],
});

/** Of a second save of `n` verdicts (each row updated): how many row updates PostgreSQL made, and how many of them HOT. */
async function updatesOfASecondSave(desk: Desk, n: number): Promise<{ updated: number; hot: number }> {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  await desk.sql.tx(() => saveVerdicts(desk.ctx, ids.map((id) => verdict(id, 1))));
  // the counters of the transaction in hand: the save joins it (nested transactions join the outer one)
  return await desk.sql.tx(async () => {
    await saveVerdicts(desk.ctx, ids.map((id) => verdict(id, 2)));
    const r = (
      await sql<{ u: string; h: string }>`SELECT pg_stat_get_xact_tuples_updated('client_verdict'::regclass)::text AS u,
        pg_stat_get_xact_tuples_hot_updated('client_verdict'::regclass)::text AS h`.execute(desk.ctx.db)
    ).rows[0]!;
    return { updated: Number(r.u), hot: Number(r.h) };
  });
}

describe('verdict rows rewritten in place (migration 0025) on a desk’s own store', () => {
  it('leaves SQLite’s state index where it is', async () => {
    const desk = await openTestDesk(tempDir());
    try {
      expect(desk.sql.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?").get(STATE_INDEX)).toEqual({ name: STATE_INDEX });
    } finally {
      await desk.close();
    }
  });

  it('is refused by a build from before 0025 (DB_TOO_NEW), the store untouched', async () => {
    await expectRefusedByBuildBefore(25);
  });
});

describePostgres('verdict rows rewritten in place on a team database (migration 0025)', () => {
  it('updates every verdict row of a run in place: no index on what a run rewrites, room left on each page', async () => {
    const { url } = await createTestDatabase();
    const desk = await openTestDesk(tempDir(), { store: await openPostgresStore(url) });
    try {
      // 400 rows of ≈ 100 bytes: seven pages at the table's fill, where full pages would leave room for a handful
      expect(await updatesOfASecondSave(desk, 400)).toEqual({ updated: 400, hot: 400 });
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('upgrades a database of version 24 with its progress: index gone, pages half filled, verdicts still current, and runs again', async () => {
    const { url } = await createTestDatabase();
    const dir = tempDir();
    const old = await openTestDesk(dir, { store: await openPostgresStore(url) });
    await createClients(old, RECORDS);
    const before = await checkAllClients(old, control, { today });
    // given back its version-24 form: the state index, the default fill
    await old.sql.tx(async () => {
      await sql`CREATE INDEX client_verdict_state ON client_verdict(entity_id, revision, stale, checked_day, verdict_version, settings_json, error_count, warning_count)`.execute(old.ctx.db);
      await sql`ALTER TABLE client_verdict RESET (fillfactor)`.execute(old.ctx.db);
      await sql`UPDATE schema_version SET version = 24`.execute(old.ctx.db);
    });
    const fileBefore = (await verdictTable(old)).file;
    await old.close();
    const events: MigrationProgressEvent[] = [];
    const desk = await openTestDesk(dir, { store: await openPostgresStore(url, { onMigrationProgress: (e) => events.push(e) }) });
    try {
      expect(events.filter((e) => e.version === 25).map((e) => [e.name, e.done, e.total])).toEqual([['verdict-hot-updates', 0, 1], ['verdict-hot-updates', 1, 1]]);
      const table = await verdictTable(desk);
      expect(table.indexes).toEqual(['client_verdict_pkey']);
      expect(table.options).toEqual([`fillfactor=${VERDICT_FILLFACTOR}`]);
      // rewritten with the new fill, and no index left marked for CLUSTER
      expect(table.file).not.toBe(fileBefore);
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_index WHERE indisclustered`.execute(desk.ctx.db)).rows[0]!.n).toBe(0);
      const again = await checkAllClients(desk, control, { today });
      expect(again.rechecked).toBe(0);
      expect({ ...again, rechecked: 0 }).toEqual({ ...before, rechecked: 0 });
      await sql`UPDATE schema_version SET version = 24`.execute(desk.ctx.db);
    } finally {
      await desk.close();
    }
    const rerun = await openTestDesk(dir, { store: await openPostgresStore(url) });
    try {
      expect((await verdictTable(rerun)).indexes).toEqual(['client_verdict_pkey']);
    } finally {
      await rerun.close();
    }
  }, 60_000);

  it('is refused by a build from before 0025 (DB_TOO_NEW), the database untouched', async () => {
    await expectTeamDatabaseRefusedByBuildBefore(25);
  });
});
