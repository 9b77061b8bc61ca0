// A store file as an older version left it: every trigger, table, column and index that a later migration added
// taken away again (a virtual table's shadow tables go with it) and user_version set back, so opening it
// runs the later migrations on the rows written by today's code.
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../main/db/migrations/index';
import { migrate } from '../../main/db/open';

const namesOf = (db: Database.Database, type: 'table' | 'trigger' | 'index') =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%'`).all(type) as { name: string }[]).map((t) => t.name);
const columnsOf = (db: Database.Database, table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);

export function turnBackToVersion(dbFile: string, version: number): void {
  const old = new Database(':memory:');
  migrate(old, MIGRATIONS.filter((m) => m.version <= version));
  const keep = new Map(namesOf(old, 'table').map((t) => [t, new Set(columnsOf(old, t))]));
  const keepTriggers = new Set(namesOf(old, 'trigger'));
  const keepIndexes = new Set(namesOf(old, 'index'));
  old.close();
  const db = new Database(dbFile);
  try {
    db.pragma('foreign_keys = OFF');
    for (const t of namesOf(db, 'trigger').filter((t) => !keepTriggers.has(t))) db.exec(`DROP TRIGGER ${t}`);
    // indexes first: SQLite will not drop a column an index still names (0017's entity_revision)
    for (const i of namesOf(db, 'index').filter((i) => !keepIndexes.has(i))) db.exec(`DROP INDEX IF EXISTS ${i}`);
    for (const t of namesOf(db, 'table')) {
      const columns = keep.get(t);
      if (!columns) db.exec(`DROP TABLE IF EXISTS ${t}`);
      else for (const c of columnsOf(db, t).filter((c) => !columns.has(c))) db.exec(`ALTER TABLE ${t} DROP COLUMN ${c}`);
    }
    db.pragma(`user_version = ${version}`);
  } finally {
    db.close();
  }
}
