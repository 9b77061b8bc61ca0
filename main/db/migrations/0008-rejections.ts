// 0008: rejections of filing orders (初审驳回 / 管局驳回), one row per round with the provider's own text,
// and the structured reasons of each round: what they point at (a field or a material slot), the kind
// from the catalog, and a fingerprint of what the field held (a keyed hash, never the value) so the
// desk can tell when it has been changed. A reason is resolved when the order is submitted again.
import type { Database } from 'better-sqlite3';

export const version = 8;
export const name = 'rejections';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE order_rejection (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES filing_order(id) ON DELETE CASCADE,
      round INTEGER NOT NULL,
      stage TEXT NOT NULL,            -- 初审驳回 or 管局驳回
      provider_text TEXT NOT NULL,    -- the rejection as the provider or 管局 wrote it
      actor TEXT NOT NULL,
      at TEXT NOT NULL,
      UNIQUE (order_id, round)
    ) STRICT;

    CREATE TABLE order_rejection_reason (
      id INTEGER PRIMARY KEY,
      rejection_id INTEGER NOT NULL REFERENCES order_rejection(id) ON DELETE CASCADE,
      target TEXT NOT NULL,           -- entity.name, person.3.certNumber, website.7.name, slot.website:7:curtain
      kind TEXT NOT NULL,             -- id in resources/data/rejectionReasons.json
      text TEXT NOT NULL DEFAULT '',
      baseline TEXT NOT NULL,         -- fingerprint of the field or the material used when rejected
      resolved_at TEXT,
      resolved_by TEXT,
      change TEXT                     -- what changed, as shown in the history (no personal values)
    ) STRICT;
    CREATE INDEX order_rejection_reason_rejection ON order_rejection_reason(rejection_id);
  `);
}
