// An order's submitted record (migration 0027) is sealed like a filed snapshot, and a store written before
// encryption has it re-sealed with the columns and snapshots it copied (resealColumns).
import { expect, it } from 'vitest';
import { putSubmittedSealed, submittedRecordOf, submittedSealedOf } from '../../../../main/db/repositories/filed';
import { plainCodec } from '../../../../main/db/sensitive';
import { clientRecordSchema } from '../../../../main/domain/schemas';
import { createClients, getClientClear } from '../../../../main/services/clients';
import { createOrder } from '../../../../main/services/orders';
import { submittedRecord } from '../../../../main/filings/filedTransitions';
import { individual } from '../../../fixtures/drafts';
import { openTestDesk } from '../../../helpers';

it('keeps a submitted record sealed, and re-seals one written in clear by a store from before encryption', async () => {
  const desk = await openTestDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  const e = await getClientClear(desk, c!.id);
  const record = submittedRecord(e, { id: o.id, type: '首次备案', provider: 'tencent', websiteIds: o.websiteIds }, null);
  const mobile = record.people[0]!.mobile;
  // as the legacy store's plain codec writes it
  const plain = { ...record, entity: { ...record.entity, certNumber: plainCodec.seal('cert', record.entity.certNumber) }, people: record.people.map((p) => ({ ...p, certNumber: plainCodec.seal('cert', p.certNumber), mobile: plainCodec.seal('mobile', p.mobile), emergencyPhone: plainCodec.seal('phone', p.emergencyPhone ?? ''), email: plainCodec.seal('email', p.email) })) };
  await desk.sql.tx(() => putSubmittedSealed(desk.ctx, o.id, { submittedAt: '2026-01-02T03:04:05.000Z', sealed: JSON.stringify(plain) }));
  expect((await submittedSealedOf(desk.ctx, o.id))!.sealed).toContain(`"plain:${mobile}"`);

  expect((await desk.encryptLegacyData()).rows).toBeGreaterThan(0);
  const sealed = (await submittedSealedOf(desk.ctx, o.id))!.sealed;
  expect(sealed).not.toContain(mobile);
  expect(sealed).not.toContain('plain:');
  expect((await submittedRecordOf(desk.ctx, o.id))!.record).toEqual(record);
});
