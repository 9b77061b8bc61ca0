// The live rules of an edit drawer (编辑主体信息, 编辑网站, 编辑负责人): the stored client with the drawer's
// values put in place, checked like the new-client form's record. The stored personal numbers stay in
// the core; the drawer only sends what it is editing.
import type { Desk } from '../desk';
import { getEntity } from '../db/repositories/entities';
import { notFound } from '../domain/errors';
import { recordOf } from '../export/record';
import { checkDraft, type CheckResult } from './checks';

type Fields = Record<string, unknown>;

export interface EditBeingChecked {
  entity?: Fields;
  website?: { id: number | null; fields: Fields };
  person?: { id: number | null; fields: Fields };
}

/** The findings, and where the edited website or person sits in the checked record (its findings' path[1]). */
export interface EditCheckResult extends CheckResult {
  index: number | null;
}

export async function checkEdit(desk: Desk, entityId: number, edit: EditBeingChecked): Promise<EditCheckResult> {
  const e = await getEntity(desk.ctx, entityId);
  if (!e) throw notFound('客户', entityId);
  const record = recordOf(e) as unknown as { entity: Fields; people: Fields[]; websites: Fields[] };
  // person ids become the record's p1, p2 … keys, the way recordOf names them
  const key = (personId: unknown) => {
    const i = e.people.findIndex((p) => p.id === personId);
    return i < 0 ? '' : `p${i + 1}`;
  };
  const withPrincipal = ({ principalPersonId, ...rest }: Fields) => ({ ...rest, principal: key(principalPersonId) });
  let index: number | null = null;
  if (edit.entity) record.entity = withPrincipal(edit.entity);
  if (edit.website) {
    const at = edit.website.id === null ? -1 : e.websites.findIndex((w) => w.id === edit.website!.id);
    index = at < 0 ? record.websites.length : at;
    record.websites[index] = withPrincipal(edit.website.fields);
  }
  if (edit.person) {
    const at = edit.person.id === null ? -1 : e.people.findIndex((p) => p.id === edit.person!.id);
    index = at < 0 ? record.people.length : at;
    record.people[index] = { ...edit.person.fields, id: `p${index + 1}` };
  }
  return { ...await checkDraft(desk, record, entityId), index };
}
