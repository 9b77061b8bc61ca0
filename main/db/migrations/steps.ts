// How a migration talks to the database, on either dialect. A migration is a generator that yields its
// statements and receives each query's rows back (`const rows = yield* all<Row>(…)`): the same code runs
// synchronously on the desk's SQLite file (opening it stays synchronous, as backup/restore need) and
// asynchronously over a pg connection on PostgreSQL (main/db/migratePostgres.ts). SQL is written with
// `?` placeholders; the PostgreSQL runner numbers them.
import type { DialectName } from '../dialect';

export type MigrationStep =
  | { kind: 'exec'; sql: string } // a script of statements without parameters (DDL)
  | { kind: 'all'; sql: string; params: readonly unknown[] } // one query; its rows are sent back
  | { kind: 'run'; sql: string; params: readonly unknown[] } // one statement with parameters
  | { kind: 'progress'; done: number; total: number; what: string; notice?: boolean }; // how far a long migration has come (no SQL)

export type MigrationSteps = Generator<MigrationStep, void, unknown>;

export interface Migration {
  version: number;
  name: string;
  /** The migration's statements for this dialect (Kysely cannot tell the dialect inside a migration). */
  up(dialect: DialectName): MigrationSteps;
}

export function exec(sql: string): MigrationStep {
  return { kind: 'exec', sql };
}

export function run(sql: string, params: readonly unknown[] = []): MigrationStep {
  return { kind: 'run', sql, params };
}

/** Reported to whoever opened the store (MigrationProgress); a migration over many rows says how far it has come. */
/** `notice`: what the upgrade found that the operator must act on, kept for the window after unlock (Desk.takeNotices), not only printed. */
export function progress(done: number, total: number, what: string, options: { notice?: boolean } = {}): MigrationStep {
  return { kind: 'progress', done, total, what, ...(options.notice ? { notice: true } : {}) };
}

/** One migration's progress as the opener sees it: which migration, what it is doing, rows done of total. */
export interface MigrationProgressEvent {
  version: number;
  name: string;
  what: string;
  done: number;
  total: number;
  /** Set when `what` is for the operator to act on (a surplus 0029 / 0030 found), not only progress. */
  notice?: boolean;
}

export type MigrationProgress = (event: MigrationProgressEvent) => void;

export function* all<Row>(sql: string, params: readonly unknown[] = []): Generator<MigrationStep, Row[], unknown> {
  return (yield { kind: 'all', sql, params }) as Row[];
}

/** The columns a table has now, for a migration that changes them by what it finds (and so can run again). */
export function* columnsOf(dialect: DialectName, table: string): Generator<MigrationStep, Set<string>, unknown> {
  const rows =
    dialect === 'postgres'
      ? yield* all<{ name: string }>('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?', [table])
      : yield* all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table]);
  return new Set(rows.map((c) => c.name));
}

/**
 * Runs `batch(after, last)` over a table's rows `size` at a time in `column` order — each batch the rows with
 * after < column ≤ last, ids from 1 —, reporting `what`'s progress against `total` before the first and after each:
 * a migration over many rows says how far it has come and never holds them all.
 */
export function* inIdBatches(table: string, column: string, size: number, total: number, what: string, batch: (after: number, last: number) => MigrationStep): MigrationSteps {
  yield progress(0, total, what);
  let done = 0;
  let after = 0;
  for (;;) {
    const [b] = yield* all<{ last: number | null; n: number }>(
      `SELECT max(${column}) AS last, count(*) AS n FROM (SELECT ${column} FROM ${table} WHERE ${column} > ? ORDER BY ${column} LIMIT ?) AS b`,
      [after, size],
    );
    const last = b!.last === null ? null : Number(b!.last);
    const n = Number(b!.n);
    if (last === null || !n) break;
    yield batch(after, last);
    done += n;
    after = last;
    yield progress(done, total, what);
  }
}
