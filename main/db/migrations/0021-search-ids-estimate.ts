// 0021: PostgreSQL's estimate of how many clients desk_search_ids (0018) finds. A set-returning SQL function
// carries the planner's default of 1 000 rows, so a search that finds one client (an exact ID number, a 备案号)
// was planned as "1 004 hits": at 10 000 clients a tenth of the table, which the planner ordered for the page
// by reading every client row and joining by hash (6 of 7.5 ms, auto_explain on a copy of the bench's 10 000
// store), where a primary-key lookup per hit takes microseconds; at 100 000 the same 1 004 are 1 % and the
// lookups won, so the 10 000 store searched slower than the 100 000 one. 50 is a page's worth: most searches
// find fewer, a broad one is bounded at the cap and read through the walk (clientSearch.ts). Nothing to do on
// SQLite (FTS5 has no such function).
import type { DialectName } from '../dialect';
import { exec, progress, type MigrationSteps } from './steps';

export const version = 21;
export const name = 'search-ids-estimate';

const WHAT = '调整客户搜索的查询计划';

export function* up(dialect: DialectName): MigrationSteps {
  yield progress(0, 1, WHAT);
  if (dialect === 'postgres') yield exec('ALTER FUNCTION desk_search_ids(text[], text, bigint) ROWS 50;');
  yield progress(1, 1, WHAT);
}
