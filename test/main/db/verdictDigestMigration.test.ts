// Migration 0022: a kept verdict no longer keeps its whole findings list (nothing read it), only its counts, its
// first few findings and a digest of the list. A store of version 21 with kept verdicts: after the upgrade the
// column and its text are gone from the file, the verdicts kept before are still current (a run re-checks no one,
// the lists read the same), without a digest until they are worked out again; a build from before 0022 refuses the
// upgraded store (DB_TOO_NEW), untouched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../main/db/open';
import { LATEST_SCHEMA_VERSION } from '../../../main/db/migrations/index';
import type { MigrationProgressEvent } from '../../../main/db/migrations/steps';
import { keptVerdict } from '../../../main/db/repositories/verdicts';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { checkAllClients } from '../../../main/services/checkAll';
import { createClients } from '../../../main/services/clients';
import { companyRecord, filedRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { expectRefusedByBuildBefore } from '../../support/olderStore';

const today = new Date();
const control = { cancelled: false, progress: () => undefined };
/** What a version-21 store kept in each verdict's findings_json; never in the file after 0022. */
const OLD_LIST = '[{"ruleId":"V-OLD-01","message":"旧的完整检查结果列表"}]';

/** Gives the desk's verdicts back their version-21 form: the whole list in findings_json, no digest. */
function asVersion21(file: string): void {
  const db = new Database(file);
  try {
    db.exec(`ALTER TABLE client_verdict DROP COLUMN findings_digest; ALTER TABLE client_verdict ADD COLUMN findings_json TEXT NOT NULL DEFAULT '[]';`);
    db.prepare('UPDATE client_verdict SET findings_json = ?').run(OLD_LIST);
    db.pragma('user_version = 21');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

describe('upgrading kept verdicts to their digest (migration 0022)', () => {
  it('drops the findings list from the file, keeps the verdicts current with no digest, and a run then keeps digests', async () => {
    const dir = tempDir();
    const file = join(dir, DB_FILE_NAME);
    const old = await openTestDesk(dir);
    await createClients(old, [companyRecord(1), filedRecord(companyRecord(2), 2), companyRecord(3)].map((r) => clientRecordSchema.parse(r)));
    const before = await checkAllClients(old, control, { today });
    const ids = [...before.notReady, ...before.warned].map((c) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    await old.close();
    asVersion21(file);
    expect(readFileSync(file).includes(Buffer.from('旧的完整检查结果列表'))).toBe(true);

    const events: MigrationProgressEvent[] = [];
    const desk = await openTestDesk(dir, { onMigrationProgress: (e) => events.push(e) });
    try {
      expect(desk.sql.raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(events.filter((e) => e.version === 22).map((e) => [e.name, e.done, e.total])).toEqual([['verdict-digest', 0, 1], ['verdict-digest', 1, 1]]);
      const columns = (desk.sql.raw.prepare('SELECT name FROM pragma_table_info(?)').all('client_verdict') as { name: string }[]).map((c) => c.name);
      expect(columns).not.toContain('findings_json');
      expect(columns).toContain('findings_digest');
      // kept from before: still current, listed as before, no digest
      const again = await checkAllClients(desk, control, { today });
      expect(again.rechecked).toBe(0);
      expect({ ...again, rechecked: 0 }).toEqual({ ...before, rechecked: 0 });
      expect((await keptVerdict(desk.ctx, ids[0]!))?.findingsDigest).toBeNull();
      // worked out again: a digest
      await checkAllClients(desk, control, { today, fresh: true });
      expect(typeof (await keptVerdict(desk.ctx, ids[0]!))?.findingsDigest).toBe('number');
    } finally {
      await desk.close();
    }
    // the old lists' text is not left in the file (secure_delete; the WAL checkpointed on close)
    expect(readFileSync(file).includes(Buffer.from('旧的完整检查结果列表'))).toBe(false);
  }, 60_000);

  it('is refused by a build from before 0022 (DB_TOO_NEW), the store untouched', async () => {
    await expectRefusedByBuildBefore(22);
  });
});
