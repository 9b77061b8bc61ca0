import { expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { extractSeal, extractSignature } from '../../../main/pdf/seal';
import { createClients } from '../../../main/services/clients';
import { previewStamp } from '../../../main/services/sheetTools';
import { photographedSeal, penSignature } from '../../fixtures/images';
import { companyRecord } from '../../fixtures/records';
import { updateSheetSettingsForTest } from '../../fixtures/sheetSettings';
import { describeEachStore } from '../../support/eachStore';

describeEachStore('stamp preview', (openDesk) => {
  it('warns when the seal is moved onto the 手印 box of a Xinjiang sheet, and not on a Beijing sheet without one', async () => {
    const desk = await openDesk();
    await updateSheetSettingsForTest(desk);
    const records = ['新疆维吾尔自治区', '北京市'].map((province, n) => clientRecordSchema.parse({ ...companyRecord(n + 1), entity: { ...companyRecord(n + 1).entity, province } }));
    const [xinjiang, beijing] = await createClients(desk, records);
    const seal = (await extractSeal(await photographedSeal())).png;
    const signature = (await extractSignature(await penSignature())).png;
    // unmoved: the signature, the 手印 box and the seal stand apart
    expect((await previewStamp(desk, xinjiang!.websiteIds[0]!, { seal, signature })).warning).toBeNull();
    const moved = { seal, signature, sealOffset: { dx: -12, dy: 0 } };
    const warned = await previewStamp(desk, xinjiang!.websiteIds[0]!, moved);
    expect(warned.sealOverSignature).toBe(0);
    expect(warned.warning).toMatch(/^公章盖住手印框约 \d+%：该客户所在省份要求在签字旁的手印框内按手印，手印被遮挡的核验单会被退回，请移动公章，让出手印框$/);
    expect((await previewStamp(desk, beijing!.websiteIds[0]!, moved)).warning).toBeNull();
    await desk.close();
  });
});
