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
  /** Operator name written to the audit log. */
  readonly actor: string;
  now(): string;
}

/** A context whose `db` follows the store's current transaction. */
export function repoContext(sql: Store, codec: SensitiveCodec, actor: string, now: () => string): RepoContext {
  return {
    sql,
    get db() {
      return sql.db;
    },
    codec,
    // A team server's request names its logged-in operator (db/actorScope.ts), else the desk's own.
    get actor() {
      return scopedActor() ?? actor;
    },
    now,
  };
}

export const json = (v: unknown): string => JSON.stringify(v);
export const parseList = (s: string): string[] => {
  const v: unknown = JSON.parse(s);
  return Array.isArray(v) ? v.map(String) : [];
};
