// 0024: a kept check-all verdict's first findings (top_json, ≈ 1 KB a client) move out of the verdict row into a
// table of their own, client_verdict_top (issue 20, "a cold full check < 12 s at 100,000" on PostgreSQL). The
// verdict row is what every run reads whole — the stale clients, the orphaned verdicts, the tally — and what a
// cold run (a new rule version) writes again for every client; on PostgreSQL an update writes the whole row anew,
// so each cold run wrote ≈ 110 MB of findings that mostly had not changed, and the reads after it went through
// pages ten times the size of what they looked at, before autovacuum had marked them all-visible (stop 39:
// orphans, stale clients and tally ≈ 0.55 s of a 12 s run at 100 000, with the workers idle). Now the verdict row
// is ≈ 100 bytes, rewritten by every run; its findings row is written only when they differ from the kept ones
// (repositories/verdicts.ts saveVerdicts). Derived data as the verdict itself: a verdict's rows are written and
// deleted together. Moved 5000 verdicts a statement, with progress; the column then dropped (SQLite rewrites the
// rows without it, secure_delete zeroing the old pages; PostgreSQL changes its catalog). Made by what is found, so
// it can run again (a team database set back to an older version number).
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { all, columnsOf, exec, inIdBatches, progress, run, type MigrationSteps } from './steps';

export const version = 24;
export const name = 'verdict-top';

const WHAT = '拆分检查结果';
/** Verdicts moved per statement; progress is reported after each. */
const MOVE_BATCH = 5000;

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(ddl(dialect, `
    CREATE TABLE IF NOT EXISTS client_verdict_top (
      entity_id INTEGER NOT NULL PRIMARY KEY,
      top_json TEXT NOT NULL
    ) STRICT;
  `));
  const columns = yield* columnsOf(dialect, 'client_verdict');
  if (!columns.has('top_json')) {
    yield progress(1, 1, WHAT);
    return;
  }
  const total = Number((yield* all<{ n: number }>('SELECT count(*) AS n FROM client_verdict'))[0]!.n);
  yield* inIdBatches('client_verdict', 'entity_id', MOVE_BATCH, total, WHAT, (after, last) =>
    run(
      `INSERT INTO client_verdict_top (entity_id, top_json) SELECT entity_id, top_json FROM client_verdict WHERE entity_id > ? AND entity_id <= ?
        ON CONFLICT (entity_id) DO UPDATE SET top_json = excluded.top_json`,
      [after, last],
    ),
  );
  yield exec('ALTER TABLE client_verdict DROP COLUMN top_json;');
  // PostgreSQL only marks a dropped column as gone: the rows keep its bytes until each is written again, and the
  // table its size until VACUUM FULL (not in a transaction). CLUSTER rewrites it compact here (the mark it leaves
  // taken off again: no other table of the store has one).
  if (dialect === 'postgres') yield exec('CLUSTER client_verdict USING client_verdict_pkey; ALTER TABLE client_verdict SET WITHOUT CLUSTER;');
}
