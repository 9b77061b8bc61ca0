// A signed 核验单 shows the 接入服务提供者 (接入方式, 服务器放置地点) of the provider it was drawn for: a package laid out
// for another provider (导出 按接入商命名, the CLI's export --provider), or an order at another provider reusing an
// older scan, would carry a signed sheet naming the wrong provider. Each scan keeps the provider its sheet named —
// the desk's own drawn sheet by its bytes, a scan of unknown origin the order's provider at upload — and is refused
// where it is used for another.
import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients, getClientClear, listClients } from '../../../main/services/clients';
import { ordersOfClient } from '../../../main/services/clientOrders';
import { advanceOrder, attachToOrder, createOrder, getOrder } from '../../../main/services/orders';
import { buildPackage } from '../../../main/services/packages';
import { stampSheet } from '../../../main/services/sheets';
import { exportTransfer } from '../../../main/services/transferExport';
import { importTransfer } from '../../../main/services/transferImport';
import { extractSignature } from '../../../main/pdf/seal';
import { individual } from '../../fixtures/drafts';
import { penSignature } from '../../fixtures/images';
import { fillOrder, goodMaterial } from '../../fixtures/materials';
import { builtOnce, describeEachStore } from '../../support/eachStore';
import { archiveFile } from '../../support/leases';

const PASS = 'transfer-pass-1';
const FOR_TENCENT_IN_ALIYUN = '已签字的核验单是为“腾讯云”生成的，不能用于“阿里云”的提交包：请为阿里云重新生成核验单并签字';
// a Tencent order's package laid out for Aliyun: a sheet drawn from that order names Tencent again, so the way out is
// an order at Aliyun
const TENCENT_ORDER_AS_ALIYUN = '已签字的核验单是为“腾讯云”生成的，不能放进按“阿里云”命名的提交包：核验单按订单的接入商生成，要在阿里云提交，请为该客户新建阿里云的订单';

/** A client with a filled, photo-checked 首次备案 order at Tencent: its signed scan uploaded while that order was open. */
const filled = builtOnce(async (openDesk) => {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  await fillOrder(desk, o.id);
  const site = (await getClientClear(desk, c!.id)).websites[0]!;
  return { desk, entityId: c!.id, orderId: o.id, siteId: site.id, sheetSlot: `website:${site.id}:sheet` };
});

describeEachStore('a signed 核验单 used for another provider than the one it names', (openDesk, dialect) => {
  it('a package laid out for another provider is refused while its signed sheet names the order’s provider; the order’s own package is not', async () => {
    const { desk, orderId, sheetSlot } = await filled(openDesk, dialect);
    await expect(buildPackage(desk, orderId, 'aliyun')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(TENCENT_ORDER_AS_ALIYUN) });
    const asAliyun = await getOrder(desk, orderId, 'aliyun');
    expect(asAliyun.checklist.find((s) => s.id === sheetSlot)).toMatchObject({ status: 'stale', note: expect.stringContaining(TENCENT_ORDER_AS_ALIYUN) });
    expect(asAliyun.problems).toEqual([expect.stringContaining(`材料需重新上传：王小明的摄影博客：已签字的核验单扫描件——${TENCENT_ORDER_AS_ALIYUN}`)]);
    // the order itself, at Tencent, is as it was
    expect((await getOrder(desk, orderId)).problems).toEqual([]);
    expect((await buildPackage(desk, orderId)).fileName).toContain('腾讯云');
  }, 120_000);

  it('the sheet the desk drew and stamped for one provider, uploaded as the signed sheet under an order at another, names the provider it was drawn for', async () => {
    const { desk, entityId, orderId, siteId } = await filled(openDesk, dialect);
    const signature = (await extractSignature(await penSignature())).png;
    // drawn while the Tencent order was open: it prints 腾讯云
    const stamped = await stampSheet(desk, siteId, { signature });
    await advanceOrder(desk, orderId, { to: '已放弃', reason: '客户改在阿里云备案' });
    const aliyun = await createOrder(desk, { entityId, type: '首次备案', provider: 'aliyun' });
    const slot = `website:${siteId}:sheet`;
    // the old Tencent scan of the client, matched to the new order's slot, is no sheet for Aliyun either
    expect((await getOrder(desk, aliyun.id)).checklist.find((s) => s.id === slot)).toMatchObject({ status: 'stale', note: expect.stringContaining(FOR_TENCENT_IN_ALIYUN) });
    await attachToOrder(desk, aliyun.id, slot, { fileName: '核验单.pdf', data: stamped.pdf });
    expect((await getOrder(desk, aliyun.id)).checklist.find((s) => s.id === slot)).toMatchObject({ status: 'stale', note: expect.stringContaining(FOR_TENCENT_IN_ALIYUN) });
    // signed on paper and scanned while the Aliyun order is open: taken as the sheet drawn for it
    await attachToOrder(desk, aliyun.id, slot, { fileName: 'sheet.jpg', data: await goodMaterial('sheet', 0) });
    expect((await getOrder(desk, aliyun.id)).checklist.find((s) => s.id === slot)!.status).not.toBe('stale');
    // and the very PDF the desk drew and stamped for Aliyun
    const forAliyun = await stampSheet(desk, siteId, { signature });
    await attachToOrder(desk, aliyun.id, slot, { fileName: '核验单.pdf', data: forAliyun.pdf });
    expect((await getOrder(desk, aliyun.id)).checklist.find((s) => s.id === slot)).toMatchObject({ status: 'present', note: '' });
  }, 120_000);

  it('carried to another desk, a signed sheet keeps the provider it names', async () => {
    const { desk: a, entityId } = await filled(openDesk, dialect);
    const b = await openDesk();
    await importTransfer(b, archiveFile(await exportTransfer(a, [entityId], PASS)), PASS);
    const id = (await listClients(b, { offset: 0, limit: 10, sortBy: 'name', sortDir: 'asc' })).items[0]!.id;
    const order = (await ordersOfClient(b, id))[0]!;
    await expect(buildPackage(b, order.id, 'aliyun')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(TENCENT_ORDER_AS_ALIYUN) });
  }, 180_000);
});
