// Which clients a free-text search of the client list finds, and which of them fall on the page asked
// for, at a cost that does not grow with the number of hits: a broad text (1–2 common characters: 科,
// 有限, cn) matches thousands of clients, and counting them all and ordering them all for one page of 100
// cost in proportion to the hits. So the list's total is exact up to SEARCH_TOTAL_CAP and then only
// "more than" that, and the page is found by whichever of two reads is cheaper for this text, decided by
// the index's own hit count, read with a bound:
// - at most SEARCH_TOTAL_CAP hits: their ids, read from the text index (searchIndex.ts), are the whole
//   answer; the page is ordered among them (cost ∝ hits ≤ the cap);
// - more: the clients are walked in the list's order (an index on the sort key) and each tested against
//   the search text with the LIKE that defines a match, until the page is full. With more than the cap
//   matching, a page of 100 among the first SEARCH_TOTAL_CAP is found within about
//   (offset + limit) × clients / SEARCH_TOTAL_CAP rows, and much sooner the broader the text.
//   Deeper pages than the cap go back to ordering every hit (exact total then), as before.
import { sql as rawSql, type RawBuilder } from 'kysely';
import type { RepoContext } from './context';
import { expectedHitShare, likePattern } from './searchIndex';

/** The client list counts its matches exactly up to this many; past it the total reads "more than". */
export const SEARCH_TOTAL_CAP = 1000;

/** Rows read by the walk's first step: twice the rows wanted, at least this many. */
const WALK_FIRST_BATCH = 200;
/** The most rows one step of the walk reads, and how much it may grow over the rows read before it. */
const WALK_MAX_BATCH = 10_000;
const WALK_GROWTH = 8;

export type SortKey = 'e.updated_at' | 'e.name' | 'e.province';

export interface SearchRequest {
  text: string;
  offset: number;
  limit: number;
  sortColumn: SortKey;
  sortDir: 'asc' | 'desc';
  /** The exact-count bound (SEARCH_TOTAL_CAP unless a test asks for a smaller one). */
  cap: number;
  /** Rows the walk's first step reads (nextWalkBatch's unless a test asks for several steps on a small store). */
  firstWalkBatch?: number | undefined;
}

/**
 * How the list reads the clients that match, when more than the cap do (at most the cap: the page is
 * ordered among them in the statement that counts them, entities.ts):
 * - `page`: more than the cap match; these are the page's ids, already in the list's order.
 * - `all`: more than the cap match and the page lies past it: order every match (exact total).
 */
export type SearchPlan =
  | { kind: 'page'; ids: number[] }
  | { kind: 'all'; matched: RawBuilder<unknown> };

/** The clients an exact personal number (证件号码, 手机号, e-mail) belongs to, through the blind indexes (never in the search text). */
export function personalMatchIds(ctx: RepoContext, text: string): RawBuilder<unknown> {
  const certKey = ctx.codec.index('cert', text);
  return rawSql`SELECT id FROM entity WHERE cert_number_index = ${certKey}
    UNION SELECT entity_id FROM person WHERE cert_number_index = ${certKey}
    UNION SELECT entity_id FROM person WHERE mobile_index = ${ctx.codec.index('mobile', text)}
    UNION SELECT entity_id FROM person WHERE email_index = ${ctx.codec.index('email', text)}`;
}

/**
 * Up to `bound` ids of the clients whose search text holds `text` (read from the text index), together
 * with those an exact personal number finds: a subquery of the one statement that reads the page
 * (entities.ts), as every round trip counts on a team server.
 */
export function boundedMatches(ctx: RepoContext, text: string, matched: RawBuilder<unknown>, bound: number): RawBuilder<unknown> {
  return rawSql`SELECT * FROM (SELECT * FROM (${matched}) AS m LIMIT ${bound}) AS t
    UNION SELECT * FROM (${personalMatchIds(ctx, text)}) AS p`;
}

/**
 * How many rows the walk's next step reads: as many as the hit rate says the rest of the page needs, with a
 * fifth more (a step too short costs a round trip, too long only rows), at least the rows still wanted and
 * at most WALK_GROWTH times the rows read so far (a rate seen on few rows is rough). The first step: by the
 * share of clients the statistics expect to match (`share`, PostgreSQL's pair statistics), else twice the
 * rows wanted, at least WALK_FIRST_BATCH.
 */
export function nextWalkBatch(wanted: number, found: number, read: number, share?: number): number {
  if (!read) return Math.min(WALK_MAX_BATCH, Math.max(WALK_FIRST_BATCH, share ? Math.ceil((wanted * 1.2) / share) : 2 * wanted));
  const rest = wanted - found;
  const byRate = found ? Math.ceil((rest * read * 1.2) / found) : Infinity;
  return Math.max(rest, Math.min(byRate, WALK_GROWTH * read, WALK_MAX_BATCH));
}

/**
 * The first `wanted` matching clients in the list's order: the clients read in that order (the sort key's
 * index, id as the tie-break), a batch at a time (nextWalkBatch), each step starting after the last row of
 * the one before (by key and id: the index reads no row twice, where an OFFSET would read every earlier
 * row again), each batch tested with the search's own LIKE and the exact personal numbers in the same
 * statement (one round trip per batch). Each row's search text is looked up by its key (a subquery per row,
 * never a join, for which the planner reads the whole table once the batch is a few thousand rows).
 */
async function walkInListOrder(ctx: RepoContext, req: SearchRequest, wanted: number): Promise<number[]> {
  const found: number[] = [];
  const pattern = likePattern(req.text);
  const dir = rawSql.raw(req.sortDir === 'asc' ? 'ASC' : 'DESC');
  const after = rawSql.raw(req.sortDir === 'asc' ? '>' : '<');
  const column = rawSql.raw(req.sortColumn.slice('e.'.length));
  const { textOrder } = ctx.sql.dialect;
  let last: { k: string; id: number } | undefined;
  const share = await expectedHitShare(ctx, req.text);
  for (let read = 0; found.length < wanted;) {
    const batch = !read && req.firstWalkBatch ? req.firstWalkBatch : nextWalkBatch(wanted, found.length, read, share);
    const from = last ? rawSql`WHERE (${textOrder(req.sortColumn)}, e.id) ${after} (${last.k}, ${last.id})` : rawSql``;
    // only the batch's hits come back, with its last row when it is full (where the next step starts): a
    // row tested and not matching stays in the database — handing every row of a batch to the desk cost
    // more than testing it (about 1 µs a row on SQLite; on PostgreSQL the driver parses each row), and q-
    // at 100 000 clients walks 5 500 rows for its 100 hits. The last row is read again by itself (OFFSET
    // within the batch: index entries only) rather than numbered by a window over the batch, which cost
    // as much as handing the rows over.
    const batchRows = (limit: number, offset: number) => rawSql`SELECT e.id, e.${column} AS k FROM entity e ${from}
      ORDER BY ${textOrder(req.sortColumn)} ${dir}, e.id ${dir} LIMIT ${limit} OFFSET ${offset}`;
    const { rows } = await rawSql<{ id: number; k: string; hit: number }>`SELECT u.id, u.k, u.hit FROM (
        SELECT b.id, b.k, 1 AS hit FROM (${batchRows(batch, 0)}) AS b
          WHERE (SELECT s.haystack LIKE ${pattern} ESCAPE '\\' FROM entity_search s WHERE s.entity_id = b.id)
            OR b.id IN (${personalMatchIds(ctx, req.text)})
        UNION ALL
        SELECT l.id, l.k, 0 AS hit FROM (${batchRows(1, batch - 1)}) AS l
      ) AS u
      ORDER BY u.hit DESC, ${textOrder('u.k')} ${dir}, u.id ${dir}`.execute(ctx.db);
    for (const r of rows) if (Number(r.hit)) found.push(Number(r.id));
    const end = rows.find((r) => !Number(r.hit));
    if (!end) break; // the batch was not full: no client is left after it
    read += batch;
    last = { k: end.k, id: Number(end.id) };
  }
  return found.slice(0, wanted);
}

/**
 * The page of clients matching `req.text` when more than `req.cap` match (the bounded count, read with the
 * page in entities.ts, said so): see the file's head.
 */
export async function planBeyondCap(ctx: RepoContext, req: SearchRequest, allMatches: () => Promise<RawBuilder<unknown>>): Promise<SearchPlan> {
  if (req.offset + req.limit > req.cap) return { kind: 'all', matched: rawSql`${await allMatches()} UNION ${personalMatchIds(ctx, req.text)}` };
  const walked = await walkInListOrder(ctx, req, req.offset + req.limit);
  return { kind: 'page', ids: walked.slice(req.offset) };
}
