// 0002: desk settings (idle lock, default retention) and, per client, when the agency's service ended and
// how long the client's personal data may be kept after that (PIPL retention).
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 2;
export const name = 'settings-retention';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    CREATE TABLE setting (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
    ALTER TABLE entity ADD COLUMN service_ended_at TEXT;       -- YYYY-MM-DD; the retention clock starts here
    ALTER TABLE entity ADD COLUMN retention_months INTEGER;    -- NULL: the desk's default
    CREATE INDEX entity_service_ended ON entity(service_ended_at);
    -- exact search by e-mail goes through its lookup key like the ID and mobile numbers
    CREATE INDEX person_email_index ON person(email_index);
  `,
    ),
  );
}
