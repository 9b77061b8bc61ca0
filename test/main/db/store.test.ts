// The store's savepoint (main/db/store.ts): one row of a batch undone without its transaction. When SQLite
// itself rolled the whole transaction back (SQLITE_FULL: the disk full), the savepoint is gone with it, and
// its ROLLBACK TO must not replace SQLite's own error with "no such savepoint".
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDesk, tempDir } from '../../helpers';

describe('Store.savepoint', () => {
  it('passes on SQLite’s SQLITE_FULL when the transaction went with it, and the store goes on', async () => {
    const desk = await openTestDesk(tempDir());
    const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(desk.ctx.db)).rows[0]!.page_count;
    await sql.raw(`pragma max_page_count = ${pages}`).execute(desk.ctx.db);
    const failed = await desk.sql
      .tx(() =>
        desk.sql.savepoint(async () => {
          for (let i = 0; i < 200; i++) await sql`INSERT INTO setting (key, value) VALUES (${`full.${i}`}, ${'满'.repeat(4000)})`.execute(desk.ctx.db);
        }),
      )
      .then(
        () => null,
        (err: unknown) => err as { code?: string; message?: string },
      );
    expect(failed?.code, failed?.message).toBe('SQLITE_FULL');
    await sql.raw('pragma max_page_count = 1073741823').execute(desk.ctx.db);
    await desk.sql.tx(() => sql`INSERT INTO setting (key, value) VALUES ('after', 'ok')`.execute(desk.ctx.db));
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM setting WHERE key LIKE 'full.%'`.execute(desk.ctx.db)).rows[0]!.n).toBe(0);
    await desk.close();
  });

  it('undoes what a failed step wrote and keeps the transaction going', async () => {
    const desk = await openTestDesk(tempDir());
    await desk.sql.tx(async () => {
      await sql`INSERT INTO setting (key, value) VALUES ('kept', '1')`.execute(desk.ctx.db);
      await expect(
        desk.sql.savepoint(async () => {
          await sql`INSERT INTO setting (key, value) VALUES ('undone', '1')`.execute(desk.ctx.db);
          throw new Error('this row refused');
        }),
      ).rejects.toThrow('this row refused');
    });
    expect((await sql<{ key: string }>`SELECT key FROM setting WHERE key IN ('kept', 'undone')`.execute(desk.ctx.db)).rows).toEqual([{ key: 'kept' }]);
    await desk.close();
  });
});
