// 负责人 rows. Sensitive columns go through ctx.codec only.
import { sql } from 'kysely';
import type { PersonFields } from '../../domain/schemas';
import type { PersonView } from '../../domain/views';
import { chunks, groupedByKey, batchRows, inList } from '../chunk';
import { bumpOf, type VersionedWrite } from './rowVersion';
import { keepStoredKey, type StoredKeys } from './storedKeys';
import type { PersonTable } from '../schema';
import type { RepoContext } from './context';

type PersonRow = Omit<PersonTable, 'id' | 'row_version'> & { id: number; row_version: number };

function toColumns(ctx: RepoContext, p: PersonFields) {
  const { codec } = ctx;
  return {
    name: p.name,
    cert_type: p.certType,
    cert_number_sealed: codec.seal('cert', p.certNumber),
    cert_number_index: codec.index('cert', p.certNumber),
    cert_valid_from: p.certValidFrom,
    cert_valid_to: p.certValidTo,
    office_phone: p.officePhone,
    mobile_sealed: codec.seal('mobile', p.mobile),
    mobile_index: codec.index('mobile', p.mobile),
    emergency_phone_sealed: codec.seal('phone', p.emergencyPhone),
    email_sealed: codec.seal('email', p.email),
    email_index: codec.index('email', p.email),
  };
}

function toView(ctx: RepoContext, r: PersonRow): PersonView {
  const { codec } = ctx;
  return {
    id: r.id,
    entityId: r.entity_id,
    name: r.name,
    certType: r.cert_type,
    certNumber: codec.open('cert', r.cert_number_sealed),
    certValidFrom: r.cert_valid_from,
    certValidTo: r.cert_valid_to,
    officePhone: r.office_phone,
    mobile: codec.open('mobile', r.mobile_sealed),
    emergencyPhone: codec.open('phone', r.emergency_phone_sealed),
    email: codec.open('email', r.email_sealed),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    identityChangedAt: r.identity_changed_at,
    rowVersion: Number(r.row_version),
  };
}

/** `identityChangedAt`: a person carried from another desk keeps when its identity changed there (else: now). */
export async function insertPerson(ctx: RepoContext, entityId: number, p: PersonFields, identityChangedAt?: string): Promise<number> {
  const now = ctx.now();
  return Number((await ctx.db.insertInto('person').values({ entity_id: entityId, ...toColumns(ctx, p), created_at: now, updated_at: now, identity_changed_at: identityChangedAt ?? now }).returning('id').executeTakeFirstOrThrow()).id);
}

/**
 * The row's version after the write, or null when it holds another version than `w.readVersion` (or is gone).
 * `carriedIdentity`: fields carried from another desk (a lease check-in, a conflict settled for the laptop)
 * with when their identity changed there; a changed identity takes that time, not now, so a scan uploaded
 * there after the change (carried with its upload time) stays fresh and the older ones stale.
 */
export async function updatePerson(ctx: RepoContext, id: number, p: PersonFields, w: VersionedWrite = {}, carriedIdentity?: string): Promise<number | null> {
  const columns = toColumns(ctx, p);
  const now = ctx.now();
  // the identity stamp moves only when what an ID scan shows changes (the blind index compares the number
  // normalised, without opening it); the right-hand side reads the row as it was before this update
  const identity = sql<string>`CASE WHEN name <> ${columns.name} OR cert_type <> ${columns.cert_type} OR cert_number_index <> ${columns.cert_number_index} THEN ${carriedIdentity ?? now} ELSE identity_changed_at END`;
  let q = ctx.db.updateTable('person').set((eb) => ({ ...columns, updated_at: now, identity_changed_at: identity, row_version: eb('row_version', '+', bumpOf(w)) })).where('id', '=', id);
  if (w.readVersion !== undefined) q = q.where('row_version', '=', w.readVersion);
  const r = await q.returning('row_version').executeTakeFirst();
  return r ? Number(r.row_version) : null;
}

export async function personVersion(ctx: RepoContext, id: number): Promise<number | null> {
  const r = await ctx.db.selectFrom('person').select('row_version').where('id', '=', id).executeTakeFirst();
  return r ? Number(r.row_version) : null;
}

export async function deletePerson(ctx: RepoContext, id: number): Promise<void> {
  await ctx.db.deleteFrom('person').where('id', '=', id).execute();
}

export async function getPerson(ctx: RepoContext, id: number): Promise<PersonView | undefined> {
  const r = await ctx.db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toView(ctx, r);
}

/** With `stored`: each person's 证件号码 blind index as stored, by client, from the rows read (storedKeys.ts). */
export async function peopleOfEntities(ctx: RepoContext, entityIds: readonly number[], stored?: StoredKeys): Promise<PersonView[]> {
  const out: PersonView[] = [];
  for (const ids of chunks(entityIds)) {
    const rows = await batchRows(ctx, ctx.db.selectFrom('person').selectAll().where(inList(ctx, 'entity_id', ids)).orderBy('id'));
    for (const r of rows) {
      out.push(toView(ctx, r));
      if (stored) keepStoredKey(stored.certs, r.entity_id, r.cert_number_index);
    }
  }
  return out;
}

/** The fields of a stored person, for diffing an update. */
export function personFieldsOf(v: PersonView): PersonFields {
  const { id: _id, entityId: _e, createdAt: _c, updatedAt: _u, identityChangedAt: _i, rowVersion: _v, ...fields } = v;
  return fields as PersonFields;
}

/** Every person's 证件号码 blind index with whose it is, for batch checks: index → holders. */
/** The holders of these 证件号码 blind indexes only, as allCertHolders gives them for the whole store. */
export async function certHoldersOf(ctx: RepoContext, indexes: readonly string[]): Promise<Map<string, { entityId: number; clientName: string; personName: string }[]>> {
  return groupedByKey(
    indexes,
    (part) => batchRows(ctx, ctx.db.selectFrom('person as p').innerJoin('entity as e', 'e.id', 'p.entity_id').select(['p.cert_number_index', 'p.entity_id', 'p.name as person_name', 'e.name as client_name']).where(inList(ctx, 'p.cert_number_index', part))),
    (r) => r.cert_number_index,
    (r) => ({ entityId: r.entity_id, clientName: r.client_name, personName: r.person_name }),
  );
}

/**
 * Which clients hold each of these 证件号码 blind indexes (a client once per person holding it), without their
 * names: the person rows alone, no join (check-all asks certHoldersOf only of the indexes held beyond the asker).
 */
export async function certHolderClients(ctx: RepoContext, indexes: readonly string[]): Promise<Map<string, number[]>> {
  return groupedByKey(indexes, (part) => batchRows(ctx, ctx.db.selectFrom('person').select(['cert_number_index', 'entity_id']).where(inList(ctx, 'cert_number_index', part))), (r) => r.cert_number_index, (r) => r.entity_id);
}

/**
 * The 证件号码 blind indexes held by more than one person (of one client or several): every other index is
 * held by one person alone. Read from the index on the column, no table row (check-all's cold run: a client's
 * number outside this list is held by that client alone, and its holders need not be looked up).
 */
export async function certIndexesHeldTwice(ctx: RepoContext): Promise<string[]> {
  const rows = await ctx.db.selectFrom('person').select('cert_number_index').groupBy('cert_number_index').having((eb) => eb.fn.countAll(), '>', 1).execute();
  return rows.map((r) => r.cert_number_index);
}

export async function allCertHolders(ctx: RepoContext): Promise<Map<string, { entityId: number; clientName: string; personName: string }[]>> {
  const map = new Map<string, { entityId: number; clientName: string; personName: string }[]>();
  for (const r of await ctx.db.selectFrom('person as p').innerJoin('entity as e', 'e.id', 'p.entity_id').select(['p.cert_number_index', 'p.entity_id', 'p.name as person_name', 'e.name as client_name']).execute()) {
    const list = map.get(r.cert_number_index) ?? [];
    list.push({ entityId: r.entity_id, clientName: r.client_name, personName: r.person_name });
    map.set(r.cert_number_index, list);
  }
  return map;
}

/**
 * People of clients other than `exceptEntityId` whose 证件号码 is one of these, found through the keyed
 * index column (the numbers stay sealed: nothing is decrypted to compare). Returns the numbers asked for.
 */
export async function peopleWithCertNumbers(ctx: RepoContext, certNumbers: readonly string[], exceptEntityId: number | null): Promise<{ certNumber: string; entityId: number; clientName: string; personName: string }[]> {
  const byKey = new Map(certNumbers.filter((n) => n.trim()).map((n) => [ctx.codec.index('cert', n), n] as const));
  const out: { certNumber: string; entityId: number; clientName: string; personName: string }[] = [];
  for (const part of chunks([...byKey.keys()])) {
    let q = ctx.db.selectFrom('person as p').innerJoin('entity as e', 'e.id', 'p.entity_id').select(['p.cert_number_index', 'p.entity_id', 'p.name as person_name', 'e.name as client_name']).where(inList(ctx, 'p.cert_number_index', part));
    if (exceptEntityId !== null) q = q.where('p.entity_id', '!=', exceptEntityId);
    for (const r of await q.execute()) out.push({ certNumber: byKey.get(r.cert_number_index)!, entityId: r.entity_id, clientName: r.client_name, personName: r.person_name });
  }
  return out;
}
