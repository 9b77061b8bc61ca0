// 0013: offline inside team mode (issue 14). A client checked out to a field laptop is recorded under a
// lease: on the lending desk (side 'lent') with the row_version of each of its rows at check-out, on the
// laptop that imported it (side 'borrowed') with which of its own rows stand for which of the lender's and
// their versions there, so the check-in archive can say what it started from and what it changed.
// lease_conflict holds the rows both sides changed, for a person to settle: the laptop's fields as JSON
// with the personal numbers sealed by the data key like every other personal value.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 13;
export const name = 'client-leases';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    CREATE TABLE client_lease (
      id INTEGER PRIMARY KEY,
      lease_key TEXT NOT NULL,
      side TEXT NOT NULL CHECK (side IN ('lent', 'borrowed')),
      entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
      desk_name TEXT NOT NULL,
      operator TEXT NOT NULL,
      taken_at TEXT NOT NULL,
      row_versions TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('out', 'returned', 'cancelled')),
      checked_in_at TEXT,
      returned_at TEXT,
      returned_by TEXT,
      UNIQUE (lease_key, side, entity_id)
    ) STRICT;
    CREATE INDEX client_lease_entity ON client_lease(entity_id, state);
    CREATE TABLE lease_conflict (
      id INTEGER PRIMARY KEY,
      lease_id INTEGER NOT NULL REFERENCES client_lease(id) ON DELETE CASCADE,
      target_type TEXT NOT NULL CHECK (target_type IN ('entity', 'person', 'website')),
      target_id INTEGER NOT NULL,
      base_version INTEGER NOT NULL,
      server_version INTEGER NOT NULL,
      laptop_fields TEXT NOT NULL,
      found_at TEXT NOT NULL,
      settled TEXT CHECK (settled IN ('server', 'laptop')),
      settled_at TEXT,
      settled_by TEXT
    ) STRICT;
    CREATE INDEX lease_conflict_lease ON lease_conflict(lease_id);
  `,
    ),
  );
}
