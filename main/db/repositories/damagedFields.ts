// Sealed values that no longer open (one changed character in the database, a value sealed under
// another key): which client, which field, so the list shows every other client and the client page
// says what is damaged instead of failing without a name.
import { DeskError, type FieldIssue } from '../../domain/errors';
import { FIELD_LABELS } from '../../domain/labels';
import type { SensitiveKind } from '../sensitive';
import type { RepoContext } from './context';
import { SEALED_COLUMNS } from './reseal';

export interface DamagedField {
  /** Path in the client view: ['certNumber'] or ['people', index, 'mobile']. */
  path: (string | number)[];
  /** The field in Chinese, with the person it belongs to. */
  label: string;
}

const isTampered = (err: unknown) => err instanceof DeskError && err.code === 'DATA_TAMPERED';

/** The value, or null when it fails its authentication. Other errors (locked desk) pass through. */
export function openOrNull(ctx: RepoContext, kind: SensitiveKind, sealed: string): string | null {
  try {
    return ctx.codec.open(kind, sealed);
  } catch (err) {
    if (isTampered(err)) return null;
    throw err;
  }
}

/** Every sealed field of the client and its people that does not open. */
export async function damagedFieldsOfEntity(ctx: RepoContext, entityId: number): Promise<DamagedField[]> {
  const out: DamagedField[] = [];
  const entity = (await ctx.db.selectFrom('entity').selectAll().where('id', '=', entityId).executeTakeFirst()) as unknown as Record<string, string> | undefined;
  if (!entity) return out;
  for (const c of SEALED_COLUMNS.filter((c) => c.table === 'entity')) {
    if (openOrNull(ctx, c.kind, entity[c.sealed]!) === null) out.push({ path: [c.field], label: `主体${FIELD_LABELS[c.field]}` });
  }
  const people = (await ctx.db.selectFrom('person').selectAll().where('entity_id', '=', entityId).orderBy('id').execute()) as unknown as Record<string, string>[];
  people.forEach((p, i) => {
    for (const c of SEALED_COLUMNS.filter((c) => c.table === 'person')) {
      if (openOrNull(ctx, c.kind, p[c.sealed]!) === null) out.push({ path: ['people', i, c.field], label: `负责人“${p.name}”的${FIELD_LABELS[c.field]}` });
    }
  });
  return out;
}

/** What opening a damaged client says: the fields, that nothing was shown, and how to get them back. */
export function damagedClientError(entityId: number, name: string, fields: DamagedField[]): DeskError {
  const details: FieldIssue[] = fields.map((f) => ({ path: f.path, message: `${f.label}无法解密：数据已损坏或被篡改` }));
  return new DeskError(
    'DATA_TAMPERED',
    `客户 #${entityId}“${name}”的${fields.map((f) => f.label).join('、')}无法解密：数据已损坏或被篡改，已拒绝显示。` +
      `请从备份恢复（设置 → 备份，或“npm run cli -- --data 空目录 backup restore 备份文件”），在恢复出的数据中核对该客户；其他客户不受影响。`,
    details,
  );
}
