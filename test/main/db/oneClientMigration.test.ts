// Migration 0030: the store itself holds one client per 主体 (its 主体证件号码). A store that already has one 主体
// as two clients (made by the race the index now prevents) still upgrades: nothing is deleted or merged, the
// upgrade names the surplus client and the one it repeats, the index is in place for every other client, and
// no new client joins the two. Run again over a store that has the index, it is made anew the same way.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ONE_CLIENT_INDEX } from '../../../main/db/migrations/0030-one-client-per-entity';
import type { MigrationProgressEvent } from '../../../main/db/migrations/steps';
import { openPostgresStore } from '../../../main/db/openPostgres';
import { entityFieldsOf, getEntity, insertEntity, isSecondClient, updateEntity } from '../../../main/db/repositories/entities';
import type { Desk } from '../../../main/desk';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { expectRefusedByBuildBefore } from '../../support/olderStore';
import { createTestDatabase, describePostgres } from '../../support/pgTestDatabase';

type Open = (onMigrationProgress?: (e: MigrationProgressEvent) => void) => Promise<Desk>;
interface WindBack {
  /** The store as version 29 left it: no index, the version back. */
  toBefore: (desk: Desk) => Promise<void>;
  /** Only the version back, the index kept: the migration runs again over a store that has it. */
  versionOnly: (desk: Desk) => Promise<void>;
  hasIndex: (desk: Desk) => Promise<boolean>;
}

const SECOND_CLIENT = /该主体证件号码已登记为客户“.+”（编号 \d+）：同一主体只能是一个客户/;

/** A store of version 29 holding one 主体 as two clients, then upgraded (twice: the second time over the index). */
async function upgradesWithOneEntityTwice(open: Open, wind: WindBack): Promise<void> {
  const old = await open();
  const records = [companyRecord(1), companyRecord(2), companyRecord(3)].map((r) => clientRecordSchema.parse(r));
  const [first, second, other] = await createClients(old, records);
  await wind.toBefore(old);
  // the second client given the first one's 主体证件号码, past the service's look-up, as the race made it
  const e2 = (await getEntity(old.ctx, second!.id))!;
  await old.sql.tx(() => updateEntity(old.ctx, second!.id, { ...entityFieldsOf(e2), certNumber: records[0]!.entity.certNumber }));
  await old.close();

  const said: string[] = [];
  const desk = await open((e) => said.push(e.what));
  try {
    expect(said.join('\n')).toContain(`发现 1 个客户的主体证件号码已登记在编号更小的客户上（同一主体只能是一个客户）：“${records[1]!.entity.name}”（编号 ${second!.id}，与编号 ${first!.id} 的“${records[0]!.entity.name}”是同一主体）`);
    // the number itself is never in the message
    expect(said.join('\n')).not.toContain(records[0]!.entity.certNumber);
    expect(await wind.hasIndex(desk)).toBe(true);
    // both kept, neither merged
    expect((await getClientClear(desk, first!.id)).certNumber).toBe(records[0]!.entity.certNumber);
    expect((await getClientClear(desk, second!.id)).certNumber).toBe(records[0]!.entity.certNumber);
    // no third client for that 主体, by the service nor past it
    await expect(createClients(desk, [records[0]!])).rejects.toThrow(SECOND_CLIENT);
    const { principal: _p, ...fields } = records[0]!.entity;
    expect(await desk.sql.tx(() => insertEntity(desk.ctx, { ...fields, principalPersonId: null }))).toBeNull();
    // the index holds the other clients too: a row given another client's number past the look-up is refused by the store
    const e1 = (await getEntity(desk.ctx, first!.id))!;
    const e3 = (await getEntity(desk.ctx, other!.id))!;
    const refused = await desk.sql.tx(() => updateEntity(desk.ctx, first!.id, { ...entityFieldsOf(e1), certNumber: e3.certNumber })).catch((err: unknown) => err);
    // told apart from any other failure, on both stores (what clients.ts turns into the refusal)
    expect(isSecondClient(refused)).toBe(true);
    // the surplus client stays workable: its other fields can be saved (its number unchanged)
    const s = await getClientClear(desk, second!.id);
    await expect(updateClientEntity(desk, second!.id, { ...entityFieldsOf(s), remark: '待合并' })).resolves.toMatchObject({ remark: '待合并' });

    // run again over a store that has the index: made anew for the rows there, the same two named again
    await wind.versionOnly(desk);
  } finally {
    await desk.close();
  }
  const again: string[] = [];
  const reopened = await open((e) => again.push(e.what));
  try {
    expect(again.join('\n')).toContain(`（编号 ${second!.id}，与编号 ${first!.id} 的`);
    expect(await wind.hasIndex(reopened)).toBe(true);
    await expect(createClients(reopened, [records[0]!])).rejects.toThrow(SECOND_CLIENT);
  } finally {
    await reopened.close();
  }
}

describe('one client per 主体 held by the store (migration 0030), on a desk’s own store', () => {
  it('upgrades a store holding one 主体 as two clients, naming them, nothing deleted, and holds one client per 主体 from then on', async () => {
    const dir = tempDir();
    await upgradesWithOneEntityTwice((onMigrationProgress) => openTestDesk(dir, onMigrationProgress ? { onMigrationProgress } : {}), {
      toBefore: async (desk) => {
        desk.sql.raw.exec(`DROP INDEX ${ONE_CLIENT_INDEX}`);
        desk.sql.raw.pragma('user_version = 29');
      },
      versionOnly: async (desk) => {
        desk.sql.raw.pragma('user_version = 29');
      },
      hasIndex: async (desk) => desk.sql.raw.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?`).get(ONE_CLIENT_INDEX) !== undefined,
    });
  }, 60_000);

  it('is refused by a build from before 0030 (DB_TOO_NEW), the store untouched', async () => {
    await expectRefusedByBuildBefore(30);
  });
});

describePostgres('one client per 主体 held by the team database (migration 0030)', () => {
  it('upgrades a database holding one 主体 as two clients, naming them, nothing deleted, and holds one client per 主体 from then on', async () => {
    const { url } = await createTestDatabase();
    const dir = tempDir();
    await upgradesWithOneEntityTwice(async (onMigrationProgress) => openTestDesk(dir, { store: await openPostgresStore(url, onMigrationProgress ? { onMigrationProgress } : {}) }), {
      toBefore: async (desk) => {
        await sql.raw(`DROP INDEX ${ONE_CLIENT_INDEX}`).execute(desk.ctx.db);
        await sql`UPDATE schema_version SET version = 29`.execute(desk.ctx.db);
      },
      versionOnly: async (desk) => {
        await sql`UPDATE schema_version SET version = 29`.execute(desk.ctx.db);
      },
      hasIndex: async (desk) => (await sql`SELECT 1 FROM pg_indexes WHERE indexname = ${ONE_CLIENT_INDEX}`.execute(desk.ctx.db)).rows.length === 1,
    });
  }, 60_000);
});
