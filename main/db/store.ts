// The store: one Kysely instance over a real executor (better-sqlite3 for a desk's own file, a `pg` pool
// for a team database) and the transaction the current async call chain runs in. Inside `tx`, `db`
// resolves to that transaction (AsyncLocalStorage), so repositories always write `ctx.db.…` and never
// have to be handed a transaction; on SQLite a query on the root instance inside a transaction would
// wait forever for the one connection the transaction holds. A nested `tx` joins the outer one.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from 'better-sqlite3';
import { Kysely, sql, type Transaction } from 'kysely';
import type { StoreDialect } from './dialect';
import type { DB } from './schema';

export interface TxOptions {
  /**
   * A read-then-write that must see no concurrent change (on PostgreSQL: SERIALIZABLE, retried on a
   * serialisation failure). SQLite's BEGIN IMMEDIATE already serialises every write transaction.
   */
  serializable?: boolean;
  /**
   * Reads only, all of them in one snapshot of the database (PostgreSQL: REPEATABLE READ, READ ONLY — a
   * worker's share of check-all read as of one moment while the store's thread writes verdicts beside it).
   */
  readSnapshot?: boolean;
}

/** First wait before a post-deletion cleanup that could not finish is tried again; doubled each time up to the cap. */
export const AFTER_DELETION_RETRY_MS = 1000;
const AFTER_DELETION_RETRY_CAP_MS = 60_000;

export class Store {
  private readonly current = new AsyncLocalStorage<Transaction<DB>>();
  private afterDeletionTimer: NodeJS.Timeout | undefined;
  private afterDeletionDelay = AFTER_DELETION_RETRY_MS;
  private closed = false;
  private openTransactions = 0;
  private savepoints = 0;

  constructor(
    readonly dialect: StoreDialect,
    private readonly root: Kysely<DB>,
    /** The better-sqlite3 handle of a SQLite store (pragmas, online backup, tests); undefined on PostgreSQL. */
    private readonly sqlite?: Database,
  ) {}

  /** The executor to use now: the current transaction, else the root instance. */
  get db(): Kysely<DB> {
    return this.current.getStore() ?? this.root;
  }

  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  /**
   * Whether any call chain has a transaction open now (inTransaction is only the current chain's). On SQLite
   * that transaction holds the one connection and every other query waits until it ends, so what must answer
   * meanwhile (the idle check of every API call, and with it a job's progress and 取消) asks this first. A
   * long write is cut into short transactions instead where it can be (an Excel import: chunks of at most half
   * a second); this keeps the idle check from adding to the wait for any that is still open.
   */
  get writing(): boolean {
    return this.openTransactions > 0;
  }

  /** The SQLite connection itself; refused on PostgreSQL. Only for what SQL cannot say portably. */
  get raw(): Database {
    if (!this.sqlite) throw new Error('PostgreSQL 存储没有 SQLite 连接');
    return this.sqlite;
  }

  /** Runs fn in one write transaction; every `db` inside it is that transaction. Nested calls join it. */
  async tx<T>(fn: () => Promise<T>, options: TxOptions = {}): Promise<T> {
    if (this.current.getStore()) return fn();
    const serializable = options.serializable === true && this.dialect.name === 'postgres';
    const snapshot = options.readSnapshot === true && this.dialect.name === 'postgres';
    const builder = serializable
      ? this.root.transaction().setIsolationLevel('serializable')
      : snapshot
        ? this.root.transaction().setIsolationLevel('repeatable read').setAccessMode('read only')
        : this.root.transaction();
    const run = () => builder.execute((trx) => this.current.run(trx, fn));
    this.openTransactions++;
    try {
      if (!serializable) return await run();
      for (let attempt = 1; ; attempt++) {
        try {
          return await run();
        } catch (err) {
          if (attempt >= 5 || !this.dialect.isSerializationFailure(err)) throw err;
        }
      }
    } finally {
      this.openTransactions--;
    }
  }

  /**
   * Runs fn inside the current transaction so that, should it throw, what it wrote is undone and the
   * transaction goes on (a SAVEPOINT; on PostgreSQL rolling back to it also clears the aborted state an
   * SQL error leaves): one row of a batch refused without the batch leaving its transaction.
   */
  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const trx = this.current.getStore();
    if (!trx) throw new Error('savepoint 只能在事务中使用');
    const name = sql.raw(`sp_${++this.savepoints}`);
    await sql`savepoint ${name}`.execute(trx);
    try {
      const out = await fn();
      await sql`release savepoint ${name}`.execute(trx);
      return out;
    } catch (err) {
      try {
        await sql`rollback to savepoint ${name}`.execute(trx);
        await sql`release savepoint ${name}`.execute(trx);
      } catch {
        // SQLite rolled the whole transaction back itself (SQLITE_FULL, SQLITE_IOERR): the savepoint went with
        // it, and "no such savepoint" would hide why; the transaction's own end says the rest
      }
      throw err;
    }
  }

  /**
   * After a committed deletion of personal data: the dialect's cleanup (SQLite: empty the WAL that still
   * holds the deleted rows' old pages; PostgreSQL: VACUUM). Best effort — it never fails the deletion,
   * which has committed. When it cannot finish now (another reader holds the WAL, an error) it is tried
   * again on a timer, waiting longer each time, until it succeeds; close() tries once more, and SQLite
   * itself checkpoints and removes the WAL when the last connection to the file closes.
   */
  async afterDeletion(): Promise<void> {
    let done = false;
    try {
      done = await this.dialect.afterDeletion(this);
    } catch {
      done = false;
    }
    if (done) {
      this.afterDeletionDelay = AFTER_DELETION_RETRY_MS;
      if (this.afterDeletionTimer) clearTimeout(this.afterDeletionTimer);
      this.afterDeletionTimer = undefined;
    } else if (!this.afterDeletionTimer && !this.closed) {
      const delay = this.afterDeletionDelay;
      this.afterDeletionDelay = Math.min(delay * 2, AFTER_DELETION_RETRY_CAP_MS);
      this.afterDeletionTimer = setTimeout(() => {
        this.afterDeletionTimer = undefined;
        if (!this.closed) void this.current.exit(() => this.afterDeletion());
      }, delay);
      this.afterDeletionTimer.unref();
    }
  }

  /** A post-deletion cleanup is waiting to be tried again (tests). */
  get afterDeletionPending(): boolean {
    return this.afterDeletionTimer !== undefined;
  }

  /** A consistent copy of the open database into a file (SQLite's online backup). */
  async backupTo(file: string): Promise<void> {
    return await this.dialect.backupTo(this, file);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.afterDeletionTimer) {
      clearTimeout(this.afterDeletionTimer);
      this.afterDeletionTimer = undefined;
      try {
        await this.dialect.afterDeletion(this);
      } catch {
        // SQLite checkpoints on closing the last connection anyway
      }
    }
    await this.root.destroy();
  }
}
