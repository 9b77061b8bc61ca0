// 0003: filing orders (备案订单) with their websites, state history and the materials attached to them.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 3;
export const name = 'orders';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    CREATE TABLE filing_order (
      id INTEGER PRIMARY KEY,
      entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
      type TEXT NOT NULL,
      provider TEXT NOT NULL,
      state TEXT NOT NULL,
      provider_order_no TEXT,                -- the provider's 备案订单号, once submitted
      effective_date TEXT,                   -- for a 变更: the day the change takes effect
      change_json TEXT NOT NULL DEFAULT '{}', -- for a 变更: what changed (new 法人, new 网站负责人, new licence)
      state_changed_at TEXT NOT NULL,
      sms_due_at TEXT,                       -- 短信核验 deadline (24 h after submission to the 管局)
      psb_due_at TEXT,                       -- 公安备案 deadline (30 days after the site opens)
      closed_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX order_entity ON filing_order(entity_id);
    CREATE INDEX order_state ON filing_order(state);

    CREATE TABLE order_website (
      order_id INTEGER NOT NULL REFERENCES filing_order(id) ON DELETE CASCADE,
      website_id INTEGER NOT NULL REFERENCES website(id) ON DELETE CASCADE,
      PRIMARY KEY (order_id, website_id)
    ) STRICT;

    CREATE TABLE order_event (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES filing_order(id) ON DELETE CASCADE,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      from_state TEXT,
      to_state TEXT NOT NULL,
      reason TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX order_event_order ON order_event(order_id, id);

    -- Materials used by an order, by checklist slot: links, never copies of the files.
    CREATE TABLE order_material (
      order_id INTEGER NOT NULL REFERENCES filing_order(id) ON DELETE CASCADE,
      slot TEXT NOT NULL,
      material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
      PRIMARY KEY (order_id, slot, material_id)
    ) STRICT;
  `,
    ),
  );
}
