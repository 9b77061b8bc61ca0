// 0016: check-in carries back changed orders and deletions (issue 14). A lease_conflict row may now be an
// order or a material, and besides a row both sides changed ('edit') it may be a row the laptop deleted
// that the lender changed ('laptopDeleted') or a row the lender deleted that the laptop changed
// ('serverDeleted': no version left on the lender, so server_version may be null). `reason` says why a
// laptop's change could not be applied when that is not just "both changed" (an illegal state move).
// SQLite cannot alter a CHECK, so the table is rebuilt there (nothing refers to it); PostgreSQL alters it.
import type { DialectName } from '../dialect';
import { exec, type MigrationSteps } from './steps';

export const version = 16;
export const name = 'lease-carry';

export function* up(dialect: DialectName): MigrationSteps {
  if (dialect === 'postgres') {
    yield exec(`
    ALTER TABLE lease_conflict DROP CONSTRAINT lease_conflict_target_type_check;
    ALTER TABLE lease_conflict ADD CONSTRAINT lease_conflict_target_type_check CHECK (target_type IN ('entity', 'person', 'website', 'order', 'material'));
    ALTER TABLE lease_conflict ALTER COLUMN server_version DROP NOT NULL;
    ALTER TABLE lease_conflict ADD COLUMN kind TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'laptopDeleted', 'serverDeleted'));
    ALTER TABLE lease_conflict ADD COLUMN reason TEXT;
  `);
    return;
  }
  yield exec(`
    CREATE TABLE lease_conflict_new (
      id INTEGER PRIMARY KEY,
      lease_id INTEGER NOT NULL REFERENCES client_lease(id) ON DELETE CASCADE,
      target_type TEXT NOT NULL CHECK (target_type IN ('entity', 'person', 'website', 'order', 'material')),
      target_id INTEGER NOT NULL,
      base_version INTEGER NOT NULL,
      server_version INTEGER,
      laptop_fields TEXT NOT NULL,
      found_at TEXT NOT NULL,
      settled TEXT CHECK (settled IN ('server', 'laptop')),
      settled_at TEXT,
      settled_by TEXT,
      kind TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'laptopDeleted', 'serverDeleted')),
      reason TEXT
    ) STRICT;
    INSERT INTO lease_conflict_new (id, lease_id, target_type, target_id, base_version, server_version, laptop_fields, found_at, settled, settled_at, settled_by)
      SELECT id, lease_id, target_type, target_id, base_version, server_version, laptop_fields, found_at, settled, settled_at, settled_by FROM lease_conflict;
    DROP TABLE lease_conflict;
    ALTER TABLE lease_conflict_new RENAME TO lease_conflict;
    CREATE INDEX lease_conflict_lease ON lease_conflict(lease_id);
  `);
}
