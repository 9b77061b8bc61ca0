// 0008: the work after submission.
// Rejections of filing orders (初审驳回 / 管局驳回), one row per round with the provider's own text,
// and the structured reasons of each round: what they point at (a field or a material slot), the kind
// from the catalog, and a fingerprint of what the field held (a keyed hash, never the value) so the
// desk can tell when it has been changed. A reason is resolved when the order is submitted again.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 8;
export const name = 'after-submission';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
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

    -- The 公安备案 follow-up of each website of an approved order: the form as the operator completes it
    -- (site and provider facts, no personal data) and, once done, the 公安备案号.
    CREATE TABLE gongan_filing (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES filing_order(id) ON DELETE CASCADE,
      website_id INTEGER NOT NULL REFERENCES website(id) ON DELETE CASCADE,
      fields_json TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('待办理', '已完成')),
      psb_number TEXT,
      done_at TEXT,
      done_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (order_id, website_id)
    ) STRICT;

    -- 备案授权码 (Tencent) / 备案服务号 (Aliyun) an order files against: the resource it covers and its expiry.
    CREATE TABLE order_auth_code (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES filing_order(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      code TEXT NOT NULL,
      resource TEXT NOT NULL,
      expires_on TEXT NOT NULL,
      actor TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX order_auth_code_order ON order_auth_code(order_id);

    -- 经营范围 of the 主体 (optional, as printed on the licence): read for 前置审批 hints.
    ALTER TABLE entity ADD COLUMN business_scope TEXT;
  `,
    ),
  );
}
