// A client's deletion empties the WAL that still holds the deleted rows' old pages. That cleanup is SQLite's
// (a desk's own file, one connection shared by every caller): it must wait for the connection like any query,
// never fail the deletion that has committed, and be done later when it cannot be done now.
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME } from '../../../main/db/open';
import { entityExists } from '../../../main/db/repositories/entities';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, deleteClient, getClientClear, removeWebsite } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';

const walSize = (dataDir: string) => {
  const wal = join(dataDir, `${DB_FILE_NAME}-wal`);
  return existsSync(wal) ? statSync(wal).size : 0;
};

describe('deleting a client beside other writes (SQLite)', () => {
  it('a 删除客户 while another client\'s website is removed: both succeed and the WAL is emptied afterwards', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    const [a, b] = await createClients(desk, [1, 2].map((n) => clientRecordSchema.parse(companyRecord(n))));
    const site = (await getClientClear(desk, b!.id)).websites[0]!;
    // the delete's checkpoint used to run while removeWebsite's transaction held the connection: SQLITE_LOCKED
    // after the delete had committed (a retry then said NOT_FOUND)
    const [del, other] = await Promise.allSettled([deleteClient(desk, a!.id), removeWebsite(desk, site.id)]);
    expect(del).toEqual({ status: 'fulfilled', value: { deletedId: a!.id, removedFiles: 0 } });
    expect(other.status).toBe('fulfilled');
    expect(await entityExists(desk.ctx, a!.id)).toBe(false);
    expect((await getClientClear(desk, b!.id)).websites.map((w) => w.id)).not.toContain(site.id);
    // the checkpoint waited for the connection and ran after the other write: nothing of A left in the WAL
    expect(walSize(dataDir)).toBe(0);
    expect(desk.sql.afterDeletionPending).toBe(false);
  });

  it('when a reader elsewhere holds the WAL the delete still succeeds, and the WAL is emptied once the reader is gone', async () => {
    const dataDir = tempDir();
    const desk = await openTestDesk(dataDir);
    const [a] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1, { name: '深圳市残页测试科技有限公司' }))]);
    desk.sql.raw.pragma('busy_timeout = 50'); // the checkpoint gives up on the reader quickly
    // another process (a CLI, a worker's read-only connection) in the middle of a read
    const reader = new Database(join(dataDir, DB_FILE_NAME), { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM entity').get();
    try {
      await expect(deleteClient(desk, a!.id)).resolves.toEqual({ deletedId: a!.id, removedFiles: 0 });
      expect(await entityExists(desk.ctx, a!.id)).toBe(false);
      expect(walSize(dataDir)).toBeGreaterThan(0);
      expect(desk.sql.afterDeletionPending).toBe(true);
    } finally {
      reader.prepare('COMMIT').run();
      reader.close();
    }
    // retried on its own (first after 1 s): the WAL with the deleted rows' pages is emptied
    await vi.waitFor(() => expect(walSize(dataDir)).toBe(0), { timeout: 5000, interval: 100 });
    expect(desk.sql.afterDeletionPending).toBe(false);
  });
});
