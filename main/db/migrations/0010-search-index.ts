// 0010: a text index made for substring search over entity_search.haystack (the lower-cased names,
// domains, 备案号 and people of a client, rebuilt by main/db/repositories/searchIndex.ts), so the client
// search no longer reads every row.
// SQLite: an FTS5 table with the trigram tokenizer, contentless (the text stays only in entity_search)
// with contentless_delete and FTS5's secure-delete, so a deleted client's words leave the index as its
// rows leave the table (the store runs with secure_delete). It holds the haystack plus two newlines: then
// every character of the haystack starts a trigram, and a 1- or 2-character query is answered from the
// index's term list (entity_search_terms, fts5vocab: the trigrams that begin with it), not by a scan.
// Triggers on entity_search keep it in the same transaction as every write of a haystack.
// PostgreSQL: pg_trgm's GIN index on the haystack, which answers `LIKE '%…%'` itself from 3 characters
// on; kept by PostgreSQL in the writing transaction. pg_trgm ships with PostgreSQL's contrib (Debian's
// postgresql package) and is a trusted extension: a database owner may create it.
// Personal numbers are not in the haystack: they are found through their blind indexes (sensitive.ts).
import { DeskError } from '../../domain/errors';
import type { DialectName } from '../dialect';
import { all, exec, inIdBatches, progress, run, type MigrationSteps } from './steps';

export const version = 10;
export const name = 'search-index';

/** Clients indexed per statement while the index is first built; progress is reported after each. */
export const BUILD_BATCH = 2000;

/** `batch`: clients per statement of the SQLite build (BUILD_BATCH; a test passes a small one to cross batches on a small store). */
export function* up(dialect: DialectName, batch = BUILD_BATCH): MigrationSteps {
  const total = Number((yield* all<{ n: number }>('SELECT count(*) AS n FROM entity_search'))[0]!.n);
  if (dialect === 'postgres') {
    const available = yield* all("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'");
    if (!available.length) {
      throw new DeskError('DB_MISSING', '团队数据库的 PostgreSQL 缺少 pg_trgm 扩展（随 PostgreSQL 的 contrib 提供，Debian 的 postgresql 软件包已含），无法建立客户搜索索引。请在数据库服务器上安装后重试；数据库未做任何改动。');
    }
    yield progress(0, total, '建立客户搜索索引（pg_trgm）');
    yield exec(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX entity_search_trigram ON entity_search USING gin (haystack gin_trgm_ops);
    `);
    yield progress(total, total, '建立客户搜索索引（pg_trgm）');
    return;
  }
  yield exec(`
    CREATE VIRTUAL TABLE entity_search_trigram USING fts5(
      text, content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
    );
    INSERT INTO entity_search_trigram (entity_search_trigram, rank) VALUES ('secure-delete', 1);
    CREATE VIRTUAL TABLE entity_search_terms USING fts5vocab(entity_search_trigram, 'row');

    CREATE TRIGGER entity_search_trigram_insert AFTER INSERT ON entity_search BEGIN
      INSERT INTO entity_search_trigram (rowid, text) VALUES (new.entity_id, new.haystack || char(10, 10));
    END;
    CREATE TRIGGER entity_search_trigram_update AFTER UPDATE ON entity_search BEGIN
      DELETE FROM entity_search_trigram WHERE rowid = old.entity_id;
      INSERT INTO entity_search_trigram (rowid, text) VALUES (new.entity_id, new.haystack || char(10, 10));
    END;
    CREATE TRIGGER entity_search_trigram_delete AFTER DELETE ON entity_search BEGIN
      DELETE FROM entity_search_trigram WHERE rowid = old.entity_id;
    END;
  `);
  yield* inIdBatches('entity_search', 'entity_id', batch, total, '建立客户搜索索引', (after, last) =>
    run('INSERT INTO entity_search_trigram (rowid, text) SELECT entity_id, haystack || char(10, 10) FROM entity_search WHERE entity_id > ? AND entity_id <= ?', [after, last]),
  );
}
