// 0017: check-all's kept verdicts read without their findings (issue 20). After one edit a run asks the
// store which clients are stale, counts the current verdicts and reads a page of them; at 100 000 clients
// each of those read every wide client and verdict row (a verdict row holds its findings' JSON). Two narrow
// indexes hold all those queries look at — a client's revision, a verdict's revision, stale mark, day,
// version, settings and counts — so they scan a few megabytes instead (services/checkAll.ts,
// db/repositories/verdicts.ts). The same on both dialects.
import type { DialectName } from '../dialect';
import { exec, type MigrationSteps } from './steps';

export const version = 17;
export const name = 'verdict-state-indexes';

export function* up(_dialect: DialectName): MigrationSteps {
  yield exec(`
    CREATE INDEX entity_revision ON entity(id, revision);
    CREATE INDEX client_verdict_state ON client_verdict(entity_id, revision, stale, checked_day, verdict_version, settings_json, error_count, warning_count);
  `);
}
