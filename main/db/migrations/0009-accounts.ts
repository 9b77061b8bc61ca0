// 0009: operator accounts of a team server (`npm run server`). The single desk never writes here.
// account: who may log in and as what role (admin 管理员 / operator 操作员 / photo 拍照点), the scrypt
// hash of the password (cost and salt inside it), failed logins in a row and until when the account is
// locked. account_session: one row per login, keyed by the SHA-256 of the session token (the token
// itself is only in the browser's cookie). order_assignment: the orders a 拍照点 account is given.
// Plain column types only (TEXT, INTEGER), times as ISO text, flags as 0/1: the same on PostgreSQL.
import type { DialectName } from '../dialect';
import { ddl } from './ddl';
import { exec, type MigrationSteps } from './steps';

export const version = 9;
export const name = 'accounts';

export function* up(dialect: DialectName): MigrationSteps {
  yield exec(
    ddl(
      dialect,
      `
    CREATE TABLE account (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'photo')),
      password_hash TEXT NOT NULL,
      failed_logins INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT,
      disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      last_login_at TEXT
    );

    CREATE TABLE account_session (
      token_hash TEXT PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    );
    CREATE INDEX account_session_account ON account_session(account_id);

    CREATE TABLE order_assignment (
      order_id INTEGER NOT NULL REFERENCES filing_order(id) ON DELETE CASCADE,
      account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
      assigned_at TEXT NOT NULL,
      assigned_by TEXT NOT NULL,
      PRIMARY KEY (order_id, account_id)
    );
    CREATE INDEX order_assignment_account ON order_assignment(account_id);
  `,
    ),
  );
}
