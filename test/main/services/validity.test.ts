// 证件有效期 / 营业期限 through the store: the entity's 营业期限 is kept and exported, and the warn days set in
// 设置 reach every check of a stored client (client page, check-all, orders).
import { expect, it } from 'vitest';
import { addDays, chinaDay } from '../../../main/domain/dates';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { recordOf } from '../../../main/export/record';
import { checkClient } from '../../../main/services/checks';
import { checkAllClients } from '../../../main/services/checkAll';
import { createClients, getClientClear } from '../../../main/services/clients';
import { createOrder, getOrder } from '../../../main/services/orders';
import { getSettings, updateSettings } from '../../../main/services/session';
import { enterprise } from '../../fixtures/drafts';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const inDays = (n: number) => addDays(chinaDay(Date.now()), n);
const control = { cancelled: false, progress: () => undefined };

async function stored(openDesk: OpenDesk, apply: (r: Record<string, any>) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const desk = await openDesk();
  const { filing: _f, ...rec } = enterprise(apply);
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  return { desk, id: c!.id };
}

describeEachStore('validity of stored clients', (openDesk) => {
  it('keeps the 营业期限 and exports it in the record', async () => {
    const { desk, id } = await stored(openDesk, (r) => (r.entity.certValidTo = '2031-06-30'));
    const e = await getClientClear(desk, id);
    expect(e.certValidTo).toBe('2031-06-30');
    expect(recordOf(e).entity.certValidTo).toBe('2031-06-30');
  });

  it('leaves an un-entered 营业期限 out of the record, as records were before the field existed', async () => {
    const { desk, id } = await stored(openDesk, () => undefined);
    expect('certValidTo' in recordOf(await getClientClear(desk, id)).entity).toBe(false);
  });

  it('reads the warn days from 设置 (default 30)', async () => {
    const { desk, id } = await stored(openDesk, (r) => ((r.entity.certValidTo = '长期'), (r.people[0].certValidTo = inDays(45))));
    expect((await getSettings(desk)).validityWarnDays).toBe(30);
    const v08 = async () => (await checkClient(desk, id)).findings.filter((f) => f.ruleId === 'V-ID-08');
    expect(await v08()).toEqual([]);
    await updateSettings(desk, { validityWarnDays: 60 });
    expect((await v08()).map((f) => [f.severity, f.path.join('.')])).toEqual([['warning', 'people.0.certValidTo']]);
  });

  it('an expired ID is 阻断 on the client page, in check-all and on the order', async () => {
    const { desk, id } = await stored(openDesk, (r) => ((r.entity.certValidTo = '长期'), (r.people[1].certValidTo = '2020-01-01')));
    expect((await checkClient(desk, id)).findings.find((f) => f.ruleId === 'V-ID-08')?.severity).toBe('error');
    const all = await checkAllClients(desk, control);
    expect(all.notReady.map((c) => c.id)).toEqual([id]);
    expect(all.notReady[0]!.top.map((f) => f.ruleId)).toContain('V-ID-08');
    const o = await createOrder(desk, { entityId: id, type: '首次备案', provider: 'tencent' });
    expect((await getOrder(desk, o.id)).check.findings.some((f) => f.ruleId === 'V-ID-08' && f.severity === 'error')).toBe(true);
  });
});
