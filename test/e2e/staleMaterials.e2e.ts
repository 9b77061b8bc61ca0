// A material that no longer shows the person: the 负责人's 证件号码 changed after the ID scans, the curtain photo and
// the signed 核验单 (which prints the number) were uploaded. The order's checklist says 需重新上传 on those slots with
// the reason, the order is not ready, and uploading the file again (the same file will do) makes the slot 已有.
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { personFieldsOf } from '../../main/db/repositories/people';
import { clientRecordSchema } from '../../main/domain/schemas';
import { createClients, editPerson, getClientClear } from '../../main/services/clients';
import { createOrder } from '../../main/services/orders';
import { individual } from '../fixtures/drafts';
import { fillOrder, goodMaterial } from '../fixtures/materials';
import { personId } from '../fixtures/records';
import { shotsDir, useE2eDesk } from './support';

let orderId = 0;
const desk = useE2eDesk({
  name: 'stale',
  seed: async ({ withStore }) =>
    withStore(async (d) => {
      const { filing: _f, ...rec } = individual();
      const [c] = await createClients(d, [clientRecordSchema.parse(rec)]);
      const o = await createOrder(d, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
      await fillOrder(d, o.id);
      const p = (await getClientClear(d, c!.id)).people[0]!;
      // a new ID card: the scans and the curtain photo on file show the old number
      await editPerson(d, p.id, { ...personFieldsOf(p), certNumber: personId(8) });
      orderId = o.id;
    }),
});

describe('materials older than the person’s 证件', () => {
  it('say 需重新上传 with the reason, keep the order from being ready, and are fresh once uploaded again', async () => {
    const page = await desk.openPage({ viewport: { width: 1440, height: 1000 } });
    await page.evaluate((id) => (window.location.hash = `#/orders/${id}`), orderId);
    await page.getByRole('tab', { name: /材料清单（0\/4）/ }).waitFor();
    const front = page.locator('.ant-table-row', { hasText: /证件正面/ });
    await front.getByText('需重新上传').waitFor();
    await front.getByText(/王小明的姓名或证件在材料上传后改过/).waitFor();
    const sheet = page.locator('.ant-table-row', { hasText: /核验单/ });
    await sheet.getByText('需重新上传').waitFor();
    await sheet.getByText(/核验单上印的信息在核验单生成后改过/).waitFor();
    await page.getByText(/未就绪：4 个问题/).waitFor();
    await page.screenshot({ path: join(shotsDir, 'order-stale-materials.png') });
    await front.locator('input[type=file]').setInputFiles({ name: '证件正面.jpg', mimeType: 'image/jpeg', buffer: await goodMaterial('id-front') });
    await page.getByRole('tab', { name: /材料清单（1\/4）/ }).waitFor();
    await front.getByText('已有').waitFor();
    await page.close();
  });
});
