// 0014: kept check verdicts (issue 20). check-all keeps each client's findings with what they were worked
// out from — the client's revision, the verdict version (rule catalog + photo checker), the settings the
// rules read and the Asia/Shanghai day — and re-checks only a client where one of them moved.
// entity.revision moves with every write that can change a client's findings (db/repositories/revision.ts),
// in the write's own transaction. client_verdict_key holds what a verdict asked of OTHER clients (their
// domains, the blind indexes of 证件号码): a client that changes marks stale every verdict sharing one of
// its keys, old or new. No foreign key to entity: a deleted client's keys must outlive it until check-all
// has marked the verdicts that named it, then they are removed.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 14;
export const name = 'check-verdicts';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    ALTER TABLE entity ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
    CREATE TABLE client_verdict (
      entity_id INTEGER NOT NULL PRIMARY KEY,
      revision INTEGER NOT NULL,
      verdict_version TEXT NOT NULL,
      settings_json TEXT NOT NULL,
      checked_day TEXT NOT NULL,
      stale INTEGER NOT NULL DEFAULT 0,
      error_count INTEGER NOT NULL,
      warning_count INTEGER NOT NULL,
      info_count INTEGER NOT NULL,
      top_json TEXT NOT NULL,
      findings_json TEXT NOT NULL
    ) STRICT;
    CREATE TABLE client_verdict_key (
      entity_id INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('domain', 'cert')),
      shared TEXT NOT NULL,
      PRIMARY KEY (entity_id, kind, shared)
    ) STRICT;
    CREATE INDEX client_verdict_key_shared ON client_verdict_key(kind, shared);
  `,
    ),
  );
}
