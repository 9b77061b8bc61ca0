// 0025: on PostgreSQL a kept verdict's row is rewritten in place — a HOT update — by every run that checks its
// client (issue 20, "a cold full check < 12 s at 100,000" on a team database). A cold run (a new rule version)
// updates all 100 000 verdict rows, and PostgreSQL writes an updated row anew: with room left on its page and no
// indexed column changed, only the page (HOT); otherwise the new row goes to another page and every index of the
// table gets an entry for it. 0017's state index held every column a run rewrites, so no update could be HOT, and
// the pages were packed full. Since 0024 the verdict row is ≈ 100 bytes and the index nearly as wide as the table,
// which the planner reads whole anyway (stale clients, tally, orphans: one pass of a hash join): it only cost
// writes. So on PostgreSQL the index goes and the table's pages are filled to half (fillfactor 50: room for each row
// to be written once more before the page is pruned), rewritten so now (CLUSTER, its mark taken off as in 0024).
// Measured on a copy of the bench's 100 000-client team database (stop 40), alternated runs: every update HOT (none
// before), the server's CPU a cold run 4.5–5.1 → 4.1–4.4 s, and the table steady at 29 MB where it grew from 14 to
// 57 MB over four runs before (the dead rows of non-HOT updates wait for autovacuum). SQLite keeps the index: it
// writes a row in place whatever it indexes, and its planner reads the verdicts through it (repositories/verdicts.ts).
import type { DialectName } from '../dialect';
import { exec, progress, type MigrationSteps } from './steps';

export const version = 25;
export const name = 'verdict-hot-updates';

const WHAT = '整理检查结果表';
/** The share of each page new rows fill, the rest left for their next versions (PostgreSQL's storage parameter). */
export const VERDICT_FILLFACTOR = 50;

export function* up(dialect: DialectName): MigrationSteps {
  yield progress(0, 1, WHAT);
  if (dialect === 'postgres') {
    yield exec(`DROP INDEX IF EXISTS client_verdict_state;
      ALTER TABLE client_verdict SET (fillfactor = ${VERDICT_FILLFACTOR});
      CLUSTER client_verdict USING client_verdict_pkey;
      ALTER TABLE client_verdict SET WITHOUT CLUSTER;`);
  }
  yield progress(1, 1, WHAT);
}
