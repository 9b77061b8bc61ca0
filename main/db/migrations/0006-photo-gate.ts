// 0006: the photo gate of filing orders. The result of each stored photo's own checks (what the file
// shows, per provider profile and checker version) is kept so the checklist, the submit step and the
// package can read it without decoding every photo again; and an operator's written acceptance of a
// photo the checks failed (detectors err), per order, slot and material.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 6;
export const name = 'photo-gate';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    CREATE TABLE material_photo_check (
      material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
      provider TEXT NOT NULL,
      checker_version INTEGER NOT NULL,  -- a newer checker judges the photo again
      status TEXT NOT NULL,              -- pass / warn / fail of the file's own checks (duplicates are judged per order)
      checks_json TEXT NOT NULL,         -- check ids, statuses and messages: measurements, no personal values
      dhash TEXT,                        -- difference hash, for near-identical photos under other clients
      checked_at TEXT NOT NULL,
      PRIMARY KEY (material_id, provider)
    ) STRICT;
    CREATE INDEX material_photo_check_dhash ON material_photo_check(dhash);

    CREATE TABLE order_photo_override (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES filing_order(id) ON DELETE CASCADE,
      slot TEXT NOT NULL,
      material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
      reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
      actor TEXT NOT NULL,
      at TEXT NOT NULL,
      UNIQUE (order_id, slot, material_id)
    ) STRICT;
  `,
    ),
  );
}
