// PIPL retention: a client's personal data is kept for a period after the agency's service for it ends;
// past that it is listed as due for deletion. Access requests get everything held about a person.
import { notFound } from '../domain/errors';
import type { Desk } from '../desk';
import { appendAudit, listAudit } from '../db/repositories/audit';
import { entityExists, getEntity, retentionCandidates, setRetentionFields } from '../db/repositories/entities';
import { materialsOfEntity } from '../db/repositories/materials';
import { getPerson } from '../db/repositories/people';
import { readSettings } from '../db/repositories/settings';

export interface DueClient {
  id: number;
  name: string;
  serviceEndedAt: string;
  retentionMonths: number;
  dueDate: string;
}

/** YYYY-MM-DD plus whole months, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${year}-${p(month)}-${p(Math.min(d, last))}`;
}

export function setRetention(desk: Desk, entityId: number, serviceEndedAt: string | null, retentionMonths: number | null): void {
  desk.sql.tx(() => {
    if (!entityExists(desk.ctx, entityId)) throw notFound('客户', entityId);
    setRetentionFields(desk.ctx, entityId, serviceEndedAt, retentionMonths);
    appendAudit(desk.ctx, { action: 'entity.retention', targetType: 'entity', targetId: entityId, entityId, detail: { serviceEndedAt, retentionMonths } });
  });
}

export function dueForDeletion(desk: Desk, today = desk.ctx.now().slice(0, 10)): DueClient[] {
  const fallback = readSettings(desk.ctx).retentionMonths;
  return retentionCandidates(desk.ctx)
    .map((r) => {
      const months = r.retentionMonths ?? fallback;
      return { id: r.id, name: r.name, serviceEndedAt: r.serviceEndedAt, retentionMonths: months, dueDate: addMonths(r.serviceEndedAt, months) };
    })
    .filter((r) => r.dueDate <= today);
}

/**
 * Everything held about one person (PIPL access request): their fields in clear, where they appear, the
 * material files attached to them, and the log entries about them. The export itself is logged.
 */
export function exportPersonData(desk: Desk, personId: number) {
  return desk.sql.tx(() => {
    const person = getPerson(desk.ctx, personId);
    if (!person) throw notFound('负责人', personId);
    const entity = getEntity(desk.ctx, person.entityId)!;
    const roles = [
      ...(entity.principalPersonId === personId ? [`主体负责人（${entity.name}）`] : []),
      ...entity.websites.filter((w) => w.principalPersonId === personId).map((w) => `网站负责人（${w.name}：${w.domains.join('、')}）`),
    ];
    const materials = materialsOfEntity(desk.ctx, person.entityId)
      .filter((m) => m.personId === personId)
      .map((m) => ({ kind: m.kind, fileName: m.fileName, size: m.size, createdAt: m.createdAt, contentBase64: desk.files.read(m.sha256).toString('base64') }));
    const log = listAudit(desk.ctx, { entityId: person.entityId, limit: 10_000 }).filter((a) => a.targetType === 'person' && a.targetId === personId);
    appendAudit(desk.ctx, { action: 'person.exportAll', targetType: 'person', targetId: personId, entityId: person.entityId, detail: { materials: materials.length } });
    const { id: _i, entityId: _e, ...fields } = person;
    return { exportedAt: desk.ctx.now(), person: fields, client: entity.name, roles, materials, log };
  });
}
