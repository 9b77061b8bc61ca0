import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import type { SensitiveCodec } from '../sensitive';
import type { Store } from '../store';
import { scopedActor } from '../actorScope';

export interface RepoContext {
  sql: Store;
  /** The store's executor now: inside `sql.tx(…)` the transaction, else the root instance. */
  readonly db: Kysely<DB>;
  codec: SensitiveCodec;
  /**
   * Who a write names (the log, an order's history, a photo acceptance, a 公安备案 done, a lease): a team server's
   * logged-in operator, else the name set in 设置 → 操作员, else the account the process runs as.
   */
  readonly actor: string;
  /** The account the process runs as (the desktop app's OS user), whatever 设置 names. */
  readonly account: string;
  now(): string;
}

/** A context whose `db` follows the store's current transaction. */
export function repoContext(sql: Store, codec: SensitiveCodec, actor: string, now: () => string, named: () => string | null = () => null): RepoContext {
  return {
    sql,
    get db() {
      return sql.db;
    },
    codec,
    // A team server's request names its logged-in operator (db/actorScope.ts), else the desk's own.
    get actor() {
      return scopedActor() ?? named() ?? actor;
    },
    account: actor,
    now,
  };
}

export const json = (v: unknown): string => JSON.stringify(v);
export const parseList = (s: string): string[] => {
  const v: unknown = JSON.parse(s);
  return Array.isArray(v) ? v.map(String) : [];
};
