// An existing client brought up to a record (the 更新 of an Excel re-import): the 主体 fields, the 主体负责人
// matched by 证件号码 (added when new), websites matched by name or a shared domain (added when new). Nothing
// the record does not mention is deleted. One transaction; each change leaves its audit entry.
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import type { ClientRecord } from '../domain/schemas';
import { addPerson, addWebsite, editPerson, editWebsite, getClientClear, updateClientEntity } from './clients';

export async function updateClientFromRecord(desk: Desk, id: number, record: ClientRecord, source: string): Promise<void> {
  await desk.sql.tx(async () => {
    const before = await getClientClear(desk, id);
    const personIds = new Map<string, number>();
    for (const { id: key, ...fields } of record.people) {
      const same = before.people.find((p) => p.certType === fields.certType && p.certNumber === fields.certNumber);
      personIds.set(key, same ? (await editPerson(desk, same.id, fields)).id : (await addPerson(desk, id, fields)).id);
    }
    const { principal, ...entity } = record.entity;
    await updateClientEntity(desk, id, { ...entity, principalPersonId: personIds.get(principal) ?? before.principalPersonId });
    for (const { principal: wp, ...w } of record.websites) {
      const fields = { ...w, principalPersonId: personIds.get(wp) ?? before.principalPersonId! };
      const same = before.websites.find((x) => x.name === w.name || x.domains.some((d) => w.domains.includes(d)));
      if (same) await editWebsite(desk, same.id, fields);
      else await addWebsite(desk, id, fields);
    }
    await appendAudit(desk.ctx, { action: 'entity.import', targetType: 'entity', targetId: id, entityId: id, detail: { source, updated: true, people: record.people.length, websites: record.websites.length } });
  });
}
