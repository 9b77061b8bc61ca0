// 0027: what an order submitted. When an order passes the submission gate (待提交 → 初审中) the desk keeps,
// with the order, the record it submitted — the same filed-record form 已备案信息 (filed_snapshot, 0007) is
// kept in, limited to what the order covers, personal values sealed as there — and on approval (已通过)
// the filed state is built from it rather than from the client as it is by then: edits made while the
// provider or the 管局 reviewed were never filed. A resubmission after 驳回 replaces it.
// Orders submitted before this migration have no row here; their approval builds the filed state from the
// client's current record, as before (services/filedState.ts).
// 0026 is another change's; the numbers need not be consecutive (0004 and 0019 were never used).
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 27;
export const name = 'order-submitted';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    CREATE TABLE IF NOT EXISTS order_submitted (
      order_id INTEGER PRIMARY KEY REFERENCES filing_order(id) ON DELETE CASCADE,
      submitted_at TEXT NOT NULL,           -- the (last) move to 初审中
      record_json TEXT NOT NULL             -- 主体, people, websites as submitted; personal values sealed as in filed_snapshot
    ) STRICT;
  `,
    ),
  );
}
