// 0030: one client per 主体, held by the database. Creating a client looks for another with its 主体证件号码
// (by its search key, entity.cert_number_index) before it inserts; on a team database (PostgreSQL, read
// committed) two operators creating the same 主体 at once — two Excel imports of overlapping rows, two forms, an
// import beside a form — both found none and both inserted. A unique index over cert_number_index makes the
// second insert fail instead (services/clients.ts turns that into the refusal the look-up gives).
// The column is NOT NULL since 0001 and every client has a number (the record schema requires one): there is
// no "no number" to leave out of the index. The key is the normalised number alone, not its 证件类型, as the
// look-up before it is.
// A store may already hold one 主体 as several clients (made by that race before this version). The upgrade
// does not fail on them, nor does it delete or merge anything: the 主体's first client (lowest id) is under the
// index, the others are named here by id and left out of it — they stay as they are until an operator merges
// them by hand; no new client joins them. The upgrade says which clients these are (shown where the upgrade's
// progress is shown). Move-to-server carries the same exemptions into the team database (moveToServer.ts).
import type { DialectName } from '../dialect';
import { all, exec, progress, type MigrationSteps } from './steps';

export const version = 30;
export const name = 'one-client-per-entity';

/** The index's name: a unique violation naming it is a second client for one 主体 (repositories/entities.ts). */
export const ONE_CLIENT_INDEX = 'entity_one_client';

/**
 * The clients of a 主体 after its first (lowest id), each with that first client: those a unique index over the
 * store's rows has to leave out.
 */
export const SURPLUS_CLIENTS_SQL = `SELECT e.id, e.name, f.id AS first_id, f.name AS first_name FROM entity e
  JOIN entity f ON f.id = (SELECT MIN(k.id) FROM entity k WHERE k.cert_number_index = e.cert_number_index)
  WHERE f.id < e.id
  ORDER BY e.id`;

interface SurplusClient {
  id: number;
  name: string;
  first_id: number;
  first_name: string;
}

/** The index, made anew (a store that has it, a team database a desk with surplus clients moves into), leaving `exempt` out. */
export function oneClientIndexSql(exempt: readonly number[]): string {
  return `DROP INDEX IF EXISTS ${ONE_CLIENT_INDEX}; CREATE UNIQUE INDEX ${ONE_CLIENT_INDEX} ON entity(cert_number_index)${exempt.length ? ` WHERE id NOT IN (${exempt.map(Number).join(', ')})` : ''};`;
}

export function* up(_dialect: DialectName): MigrationSteps {
  const surplus = yield* all<SurplusClient>(SURPLUS_CLIENTS_SQL);
  // run again over a store that has it (a test winding the version back): made anew for the rows there now
  yield exec(oneClientIndexSql(surplus.map((r) => Number(r.id))));
  if (surplus.length) yield progress(surplus.length, surplus.length, surplusText(surplus), { notice: true });
}

// The 证件号码 itself is never named (personal information, and the upgrade's message may be logged): the
// clients are, by name and id.
function surplusText(surplus: readonly SurplusClient[]): string {
  const clients = surplus.map((r) => `“${r.name}”（编号 ${Number(r.id)}，与编号 ${Number(r.first_id)} 的“${r.first_name}”是同一主体）`).join('；');
  return `发现 ${surplus.length} 个客户的主体证件号码已登记在编号更小的客户上（同一主体只能是一个客户）：${clients}。升级照常完成，这些客户都保留，未删除或合并任何内容；请逐个核对，把多出客户上仍需要的网站、负责人和材料补到保留的客户中后，删除多出的客户。`;
}
