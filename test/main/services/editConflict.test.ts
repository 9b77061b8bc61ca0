// Optimistic concurrency (issue 14): a save names the version of the row it read; a save over any other
// version is refused with EDIT_CONFLICT — which fields someone else changed, who and when — and writes
// nothing. Ten operators saving the same clients at once lose no update; two operators moving the same
// order cannot both win. On both stores.
import { expect, it } from 'vitest';
import { asActor } from '../../../main/db/actorScope';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { updateOrderState } from '../../../main/db/repositories/orders';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { DeskError } from '../../../main/domain/errors';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { auditTrail, createClients, editPerson, editWebsite, getClient, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { advanceOrder, createOrder, getOrder } from '../../../main/services/orders';
import type { Desk } from '../../../main/desk';
import { individual } from '../../fixtures/drafts';
import { companyRecord } from '../../fixtures/records';
import { describeEachStore } from '../../support/eachStore';
import { refusal } from '../../support/refusal';

const parse = (n: number) => clientRecordSchema.parse(companyRecord(n));

async function saveRemark(desk: Desk, id: number, remark: string, readVersion: number) {
  return await updateClientEntity(desk, id, { ...entityFieldsOf(await getClientClear(desk, id)), remark }, readVersion);
}

describeEachStore('optimistic concurrency', (openDesk) => {
  it('refuses a save over a version someone else saved since, naming the fields, who and when, and writes nothing', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [parse(1)]);
    const read = await getClient(desk, c!.id);
    expect(read.rowVersion).toBe(1);
    // 李四 saves first: new 通信地址 and 备注
    const saved = await asActor('李四', async () => await updateClientEntity(desk, c!.id, { ...entityFieldsOf(await getClientClear(desk, c!.id)), remark: '李四的备注', mailingAddress: '广东省深圳市福田区李四路1号' }, read.rowVersion));
    expect(saved.rowVersion).toBe(2);
    // 张三's form still holds version 1
    const err = await refusal(asActor('张三', () => saveRemark(desk, c!.id, '张三的备注', read.rowVersion)));
    expect(err.code).toBe('EDIT_CONFLICT');
    expect(err.conflict).toMatchObject({ target: 'entity', id: c!.id, readVersion: 1, currentVersion: 2, changedBy: '李四', fields: [{ field: 'mailingAddress', label: '通信地址' }, { field: 'remark', label: '主体备注' }] });
    expect(err.conflict!.changedAt).toBe((await auditTrail(desk, { entityId: c!.id, limit: 1 }))[0]!.at);
    expect(err.message).toContain('李四');
    expect(err.message).toContain('通信地址、主体备注');
    expect(err.details).toEqual([
      { path: ['entity', 'mailingAddress'], message: '已被李四修改' },
      { path: ['entity', 'remark'], message: '已被李四修改' },
    ]);
    const now = await getClientClear(desk, c!.id);
    expect(now.remark).toBe('李四的备注');
    expect(now.rowVersion).toBe(2);
    expect((await auditTrail(desk, { entityId: c!.id, limit: 10 })).filter((e) => e.action === 'entity.update').map((e) => e.actor)).toEqual(['李四']);
    // 仍然保存: the same edit over the version now stored goes through
    const reapplied = await asActor('张三', () => saveRemark(desk, c!.id, '张三的备注', err.conflict!.currentVersion));
    expect(reapplied).toMatchObject({ remark: '张三的备注', mailingAddress: '广东省深圳市福田区李四路1号', rowVersion: 3 });
  });

  it('lists only the changes made after the version the refused save read', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [parse(1)]);
    const v1 = (await getClient(desk, c!.id)).rowVersion;
    await asActor('甲', () => saveRemark(desk, c!.id, '一', v1));
    const v2 = (await getClient(desk, c!.id)).rowVersion;
    await asActor('乙', async () => await updateClientEntity(desk, c!.id, { ...entityFieldsOf(await getClientClear(desk, c!.id)), investor: '乙投资' }, v2));
    const err = await refusal(saveRemark(desk, c!.id, '二', v2));
    expect(err.conflict).toMatchObject({ readVersion: 2, currentVersion: 3, changedBy: '乙', fields: [{ field: 'investor' }] });
  });

  it('keeps the version when a save changes nothing, so nobody else’s open form goes stale', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [parse(1)]);
    const e = await getClientClear(desk, c!.id);
    expect((await updateClientEntity(desk, c!.id, entityFieldsOf(e), e.rowVersion)).rowVersion).toBe(1);
    expect((await saveRemark(desk, c!.id, '改了', 1)).rowVersion).toBe(2);
  });

  it('guards people and websites the same way, each row with its own version', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [parse(1)]);
    const e = await getClientClear(desk, c!.id);
    const person = e.people[0]!;
    const site = e.websites[0]!;
    await asActor('李四', () => editPerson(desk, person.id, { ...personFieldsOf(person), officePhone: '020-88886666' }, person.rowVersion));
    const personErr = await refusal(editPerson(desk, person.id, { ...personFieldsOf(person), name: '王五' }, person.rowVersion));
    expect(personErr.conflict).toMatchObject({ target: 'person', readVersion: 1, currentVersion: 2, changedBy: '李四', fields: [{ field: 'officePhone', label: '办公室电话' }] });
    expect(personErr.details).toEqual([{ path: ['person', 'officePhone'], message: '已被李四修改' }]);
    expect((await getClientClear(desk, c!.id)).people[0]!.name).toBe(person.name);

    await asActor('李四', () => editWebsite(desk, site.id, { ...websiteFieldsOf(site), domains: [...site.domains, 'xinzeng.cn'] }, site.rowVersion));
    const siteErr = await refusal(editWebsite(desk, site.id, { ...websiteFieldsOf(site), name: '别的名字' }, site.rowVersion));
    expect(siteErr.conflict).toMatchObject({ target: 'website', changedBy: '李四', fields: [{ field: 'domains', label: '域名' }] });
    const stored = (await getClientClear(desk, c!.id)).websites[0]!;
    expect(stored).toMatchObject({ name: site.name, domains: [...site.domains, 'xinzeng.cn'], rowVersion: 2 });
    // the entity's own version is untouched by its people's and websites' edits
    expect((await getClientClear(desk, c!.id)).rowVersion).toBe(1);
  });

  it('ten operators saving the same clients at once: no lost update, every refused save an EDIT_CONFLICT', async () => {
    const desk = await openDesk();
    const clients = (await createClients(desk, [parse(1), parse(2), parse(3)])).map((c) => c.id);
    const ROUNDS = 6;
    type Outcome = { actor: string; client: number; value: string; readVersion: number } & ({ ok: true } | { ok: false; err: unknown });
    const outcomes: Outcome[] = [];
    const operator = async (n: number) => {
      const actor = `操作员${n}`;
      await asActor(actor, async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const client = clients[(n + round) % clients.length]!;
          const read = await getClientClear(desk, client);
          // the operator types for a moment: others may save in between
          await new Promise((r) => setTimeout(r, (n * 7 + round * 3) % 5));
          const value = `${actor}-第${round}轮`;
          try {
            await updateClientEntity(desk, client, { ...entityFieldsOf(read), remark: value }, read.rowVersion);
            outcomes.push({ actor, client, value, readVersion: read.rowVersion, ok: true });
          } catch (err) {
            outcomes.push({ actor, client, value, readVersion: read.rowVersion, ok: false, err });
          }
        }
      });
    };
    await Promise.all(Array.from({ length: 10 }, (_, n) => operator(n)));
    expect(outcomes).toHaveLength(10 * ROUNDS);

    for (const client of clients) {
      const mine = outcomes.filter((o) => o.client === client);
      const won = mine.filter((o) => o.ok).sort((a, b) => a.readVersion - b.readVersion);
      // every winning save read what the previous winner wrote: versions 1, 2, 3, … each won once
      expect(won.map((o) => o.readVersion)).toEqual(won.map((_, i) => i + 1));
      const stored = await getClientClear(desk, client);
      expect(stored.rowVersion).toBe(won.length + 1);
      expect(stored.remark).toBe(won.at(-1)!.value);
      // the log has each winner once, in order, with the version it made
      const log = (await auditTrail(desk, { entityId: client, limit: 1000 })).filter((e) => e.action === 'entity.update').reverse();
      expect(log.map((e) => [e.actor, e.detail.rowVersion])).toEqual(won.map((o) => [o.actor, o.readVersion + 1]));
      // every loser was told, with the change it had not seen
      for (const lost of mine.filter((o) => !o.ok)) {
        const err = (lost as { err: unknown }).err;
        expect(err).toBeInstanceOf(DeskError);
        expect((err as DeskError).code).toBe('EDIT_CONFLICT');
        const c = (err as DeskError).conflict!;
        expect(c.readVersion).toBe(lost.readVersion);
        expect(c.currentVersion).toBeGreaterThan(lost.readVersion);
        expect(c.fields.map((f) => f.field)).toEqual(['remark']);
        expect(won.some((o) => o.actor === c.changedBy && o.readVersion >= lost.readVersion)).toBe(true);
      }
    }
    // the race was real: both outcomes happened
    expect(outcomes.filter((o) => !o.ok).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.ok).length).toBeGreaterThanOrEqual(clients.length);
  });

  it('moves an order only from the state the move was checked against', async () => {
    const desk = await openDesk();
    const [c] = await createClients(desk, [parse(1)]);
    const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
    expect(await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '已通过' }, '初审中'))).toBe(false);
    expect((await getOrder(desk, o.id)).state).toBe('管局审核中');
    expect(await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局驳回' }, '管局审核中'))).toBe(true);
    expect((await getOrder(desk, o.id)).state).toBe('管局驳回');
  });

  it('ten operators approving the same order at once: one wins, the others are refused, one filed state', async () => {
    const desk = await openDesk();
    const { filing: _f, ...rec } = individual();
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
    await desk.sql.tx(() => updateOrderState(desk.ctx, o.id, { state: '管局审核中' }));
    const websiteId = c!.websiteIds[0]!;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) =>
        asActor(`操作员${n}`, () => advanceOrder(desk, o.id, { to: '已通过', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [websiteId]: '粤ICP备12345678号-1' } })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    const order = await getOrder(desk, o.id);
    expect(order.state).toBe('已通过');
    expect(order.events.filter((e) => e.to === '已通过')).toHaveLength(1);
    const snapshots = await desk.sql.db.selectFrom('filed_snapshot').select('id').where('entity_id', '=', c!.id).execute();
    expect(snapshots).toHaveLength(1);
  });
});
