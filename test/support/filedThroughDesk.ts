// One 个人 client's whole life through this desk, as the tests of moving and transferring stores need it:
// a 首次备案 order with a 授权码, one 驳回 round answered by renaming the website (its 核验单 signed again), the approval with its
// 备案号s, 公安备案 done, and the sealed 备案密码.
import { websiteFieldsOf } from '../../main/db/repositories/websites';
import type { Desk } from '../../main/desk';
import { addAuthCode } from '../../main/services/authCodes';
import { editWebsite, getClientClear } from '../../main/services/clients';
import { setFilingPassword } from '../../main/services/filingPassword';
import { completeGongan, gonganOfOrder, saveGongan } from '../../main/services/gongan';
import { advanceOrder, attachToOrder, checkOrderPhotos, createOrder } from '../../main/services/orders';
import { fillOrder, goodMaterial } from '../fixtures/materials';

export const FILING_PASSWORD = 'Bei4n-Mi3ma-2026';

/** Files the client `entityId` (the `individual()` draft, first website renamed in the 驳回 round); its order's id. */
export async function fileThroughDesk(a: Desk, entityId: number): Promise<number> {
  const w = (await getClientClear(a, entityId)).websites[0]!;
  const o = await createOrder(a, { entityId, type: '首次备案', provider: 'tencent' });
  await addAuthCode(a, o.id, { kind: '备案授权码', code: 'TC-2026-0001', resource: 'ins-8k2j3h (203.0.113.10)', expiresOn: '2027-01-20' });
  await advanceOrder(a, o.id, { to: '待提交' });
  await fillOrder(a, o.id);
  await advanceOrder(a, o.id, { to: '初审中' });
  await advanceOrder(a, o.id, { to: '初审驳回', reason: '网站名称与内容不符', reasons: [{ target: `website.${w.id}.name`, kind: 'name-content-mismatch', text: '名称体现不出摄影内容' }] });
  await editWebsite(a, w.id, { ...websiteFieldsOf(w), name: '王小明摄影作品集' });
  // the signed 核验单 printed the old name: signed again under the new one
  await attachToOrder(a, o.id, `website:${w.id}:sheet`, { fileName: 'sheet-renamed.jpg', data: await goodMaterial('sheet', 1) });
  await checkOrderPhotos(a, o.id);
  await advanceOrder(a, o.id, { to: '待提交' });
  for (const to of ['初审中', '待拍照核验', '复审中', '管局审核中'] as const) await advanceOrder(a, o.id, { to });
  await advanceOrder(a, o.id, { to: '已通过', entityIcpNumber: '粤ICP备2026123456号', websiteIcpNumbers: { [w.id]: '粤ICP备2026123456号-1' } });
  const { fields, rowVersion } = (await gonganOfOrder(a, o.id))[0]!;
  await saveGongan(a, o.id, w.id, { ...fields, ips: ['203.0.113.10'] }, rowVersion);
  await completeGongan(a, o.id, w.id, '粤公网安备44030002017573号');
  await setFilingPassword(a, entityId, FILING_PASSWORD);
  return o.id;
}
