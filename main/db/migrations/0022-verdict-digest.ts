// 0022: a kept check-all verdict (0014) no longer keeps its whole findings list. Nothing in the desk read it — the
// lists show each client's counts and first three findings (top_json), the drawer's pages too — and it was
// ≈ 2.5 KB of JSON a client, ≈ 250 MB written by every cold run at 100 000 clients (README "Checking: kept
// verdicts", the run after stop 36). In its place the verdict keeps a 32-bit digest of that list
// (rules/checkRecords.ts findingsDigest), so that a kept verdict can still be compared with a fresh check finding
// for finding. Verdicts kept before stay current — their counts and top findings are what the lists read — with no
// digest (NULL) until they are next worked out; no verdict version moves.
// On SQLite dropping the column rewrites each verdict row without it (with secure_delete the old pages are
// zeroed); on PostgreSQL it is a change of the catalog only. A build from before 0022 refuses the store
// (DB_TOO_NEW), so none writes the old column again. The change is made by the columns found, so it can run again.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { columnsOf, exec, progress, type MigrationSteps } from './steps';

export const version = 22;
export const name = 'verdict-digest';

const WHAT = '精简检查结果';

export function* up(dialect: DialectName): MigrationSteps {
  yield progress(0, 1, WHAT);
  // by the columns there: a team database set back to an older version number (the upgrade tests of 0010, 0018
  // and 0020 do so) already has this one's columns and runs it again
  const columns = yield* columnsOf(dialect, 'client_verdict');
  const changes = [
    ...(columns.has('findings_json') ? ['ALTER TABLE client_verdict DROP COLUMN findings_json;'] : []),
    ...(columns.has('findings_digest') ? [] : ['ALTER TABLE client_verdict ADD COLUMN findings_digest INTEGER;']),
  ];
  if (changes.length) yield exec(ddl(dialect, changes.join('\n')));
  yield progress(1, 1, WHAT);
}
