// An EntityView (what the client service returns) built straight from a test record, without a desk:
// people get ids 1, 2, … and websites 11, 12, … in record order, so the filings rules can be judged fast.
import type { EntityView } from '../../../main/domain/views';
import type { AnyRecord } from '../../fixtures/drafts';

export const CREATED = '2026-11-01T08:00:00.000Z';

export function entityView(r: AnyRecord, updatedAt = CREATED): EntityView {
  const idOf = (key: string | null | undefined) => (key ? (r.people as AnyRecord[]).findIndex((p) => p.id === key) + 1 || null : null);
  const stamps = { createdAt: CREATED, updatedAt };
  const { principal, ...entity } = r.entity as AnyRecord;
  return {
    id: 1,
    ...(entity as Omit<EntityView, 'id' | 'principalPersonId' | 'people' | 'websites' | 'masked' | 'serviceEndedAt' | 'retentionMonths' | 'createdAt' | 'updatedAt'>),
    certValidTo: (entity.certValidTo as string | undefined) ?? null,
    businessScope: (entity.businessScope as string | undefined) ?? null,
    principalPersonId: idOf(principal as string),
    people: (r.people as AnyRecord[]).map((p, i) => {
      const { id: _key, ...rest } = p;
      return { id: i + 1, entityId: 1, ...(rest as Omit<EntityView['people'][number], 'id' | 'entityId' | 'createdAt' | 'updatedAt' | 'identityChangedAt'>), ...stamps, identityChangedAt: updatedAt };
    }),
    websites: (r.websites as AnyRecord[]).map((w, i) => {
      const { principal: p, ...rest } = w;
      return { id: 11 + i, entityId: 1, ...(rest as Omit<EntityView['websites'][number], 'id' | 'entityId' | 'principalPersonId' | 'createdAt' | 'updatedAt'>), principalPersonId: idOf(p as string), ...stamps };
    }),
    masked: false,
    serviceEndedAt: null,
    retentionMonths: null,
    ...stamps,
  };
}
