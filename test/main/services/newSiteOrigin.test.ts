// 新增网站 is either 原备案在本接入商 (the filed 主体 is only confirmed) or 原备案不在本接入商 (the 主体 is
// entered anew and 主办者性质 / 证件类型 / 证件号码 must equal the filing made elsewhere) — seed 004,
// 腾讯云《原备案在腾讯云新增网站》/《原备案不在腾讯云新增网站》. The operator chooses; the rules follow.
import { expect, it } from 'vitest';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { addWebsite, createClients, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { filingTypeOptions } from '../../../main/services/changeOrders';
import { recordExistingFiling } from '../../../main/services/filedState';
import { createOrder } from '../../../main/services/orders';
import { ordersOfClient } from '../../../main/services/clientOrders';
import { latestFiled } from '../../../main/db/repositories/filed';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { enterprise } from '../../fixtures/drafts';
import { uscc } from '../../fixtures/records';
import { runCli } from '../../../main/cli';
import { TEST_PASSPHRASE } from '../../helpers';
import type { Desk } from '../../../main/desk';
import { describeEachStore, type OpenDesk, storeArgs } from '../../support/eachStore';

/** An enterprise filed at 腾讯云, with a second website not filed yet. */
async function filedAtTencentWithNewSite(openDesk: OpenDesk) {
  const desk = await openDesk();
  const { filing: _f, ...rec } = enterprise();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  await recordExistingFiling(desk, c!.id, { provider: 'tencent', filedAt: '2024-01-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: { [c!.websiteIds[0]!]: '粤ICP备12345678号-1' } });
  const first = (await getClientClear(desk, c!.id)).websites[0]!;
  await addWebsite(desk, c!.id, { ...websiteFieldsOf(first), name: '示例公司新品展示', domains: ['xinpin-example.cn'], homepages: ['www.xinpin-example.cn'], icpNumber: null });
  return { desk, id: c!.id };
}

const newSite = async (desk: Desk, id: number, provider: string, originElsewhere?: boolean) =>
  (await filingTypeOptions(desk, id, provider, originElsewhere === undefined ? {} : { originElsewhere })).find((o) => o.type === '新增网站')!;

describeEachStore('新增网站: 原备案在本接入商 or 不在', (openDesk) => {
  it.each([
    // provider, choice, allowed, reason
    ['tencent', false, true, null],
    ['tencent', true, false, '已备案信息显示主体已在该接入商接入（tencent）：应选“原备案在本接入商”'],
    ['aliyun', true, true, null],
    ['aliyun', false, false, '已备案信息显示主体接入在 tencent，不在该接入商（aliyun）：应选“原备案不在本接入商”，主体信息须与原备案一致'],
  ] as const)('at %s, chosen 原备案不在本接入商 = %s: allowed %s', async (provider, elsewhere, allowed, reason) => {
    const { desk, id } = await filedAtTencentWithNewSite(openDesk);
    expect(await newSite(desk, id, provider, elsewhere)).toEqual({ type: '新增网站', allowed, reason });
  });

  it('refuses 原备案不在本接入商 when the 证件号码 differs from the filing elsewhere, and not 在本接入商 (the filed 主体 is only confirmed there)', async () => {
    const { desk, id } = await filedAtTencentWithNewSite(openDesk);
    await updateClientEntity(desk, id, { ...entityFieldsOf(await getClientClear(desk, id)), certNumber: uscc('91440300MA5CHG001') });
    expect((await newSite(desk, id, 'aliyun', true)).reason).toContain('证件号码与已备案信息不一致');
    expect(await newSite(desk, id, 'tencent', false)).toMatchObject({ allowed: true });
  });

  it('records the choice on the order, and without one takes what the filed state says', async () => {
    const { desk, id } = await filedAtTencentWithNewSite(openDesk);
    await expect(createOrder(desk, { entityId: id, type: '新增网站', provider: 'tencent', change: { originElsewhere: true } })).rejects.toThrow('应选“原备案在本接入商”');
    expect((await createOrder(desk, { entityId: id, type: '新增网站', provider: 'aliyun', change: { originElsewhere: true } })).change).toEqual({ originElsewhere: true });
    const other = await filedAtTencentWithNewSite(openDesk);
    expect((await createOrder(other.desk, { entityId: other.id, type: '新增网站', provider: 'tencent' })).change).toEqual({ originElsewhere: false });
  });

  it('refuses a 新增网站 naming a website already filed (it has a 网站备案号), which its approval would file over what the 管局 holds', async () => {
    const { desk, id } = await filedAtTencentWithNewSite(openDesk);
    const [filedSite, newOne] = (await getClientClear(desk, id)).websites;
    const before = await latestFiled(desk.ctx, id);
    const refused = createOrder(desk, { entityId: id, type: '新增网站', provider: 'aliyun', change: { originElsewhere: true }, websiteIds: [filedSite!.id, newOne!.id] });
    await expect(refused).rejects.toMatchObject({
      code: 'VALIDATION',
      message: `不能新建“新增网站”订单：网站“${filedSite!.name}”已有网站备案号（已备案）：新增网站只能选尚未备案的网站；改动已备案网站的信息用变更网站，换接入商用接入备案`,
      details: [{ path: ['websiteIds'], message: expect.stringContaining(`网站“${filedSite!.name}”已有网站备案号`) }],
    });
    await expect(createOrder(desk, { entityId: id, type: '新增网站', provider: 'tencent', websiteIds: [] })).rejects.toThrow('不能新建“新增网站”订单：新增网站须至少选择一个尚未备案的网站');
    expect(await ordersOfClient(desk, id)).toEqual([]);
    expect(await latestFiled(desk.ctx, id)).toEqual(before);
    // the site not yet filed alone is a 新增网站
    expect((await createOrder(desk, { entityId: id, type: '新增网站', provider: 'aliyun', change: { originElsewhere: true }, websiteIds: [newOne!.id] })).websiteIds).toEqual([newOne!.id]);
  });

  it('is given on the CLI as --origin here|elsewhere', async () => {
    const { desk, id } = await filedAtTencentWithNewSite(openDesk);
    const cliStore = storeArgs(desk);
    await desk.close();
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    const cli = async (...args: string[]) => {
      let out = '';
      const code = await runCli([...cliStore, ...args], { out: (t) => (out += t), err: (t) => (out += t) });
      return { code, out };
    };
    const create = ['order', 'create', '--entity', String(id), '--type', '新增网站', '--provider', 'tencent', '--origin'];
    expect(await cli(...create, 'somewhere')).toMatchObject({ code: 2 });
    const refused = await cli(...create, 'elsewhere');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('应选“原备案在本接入商”');
    const made = await cli('--json', ...create, 'here');
    expect(made.code).toBe(0);
    expect((JSON.parse(made.out) as { change: Record<string, boolean> }).change).toMatchObject({ originElsewhere: false });
  });
});
