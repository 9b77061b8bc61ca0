// What a duplicate means, per client and order (main/photos/duplicates.ts).
import { describe, expect, it } from 'vitest';
import { duplicateCheck, sameAs, type PhotoTwin } from '../../../main/photos/duplicates';

const twin = (over: Partial<PhotoTwin> = {}): PhotoTwin => ({ entityId: 1, owner: '深圳市甲科技有限公司', exact: true, dhash: null, orderIds: [], ...over });
const here = { entityId: 1, orderId: 9 };

describe('duplicates that mean something', () => {
  it.each([
    ['the same licence scan of the same client, used by order 4', 'licence', [twin({ orderIds: [4] })], [], 'pass', '与本客户已有的主体证件（营业执照等）相同（订单 #4）：同一客户复用，无需重新上传'],
    ['the same ID scan of the same client, not yet in an order', 'id-front', [twin()], [], 'pass', '与本客户已有的身份证人像面相同：同一客户复用，无需重新上传'],
    ['the same licence file under another client', 'licence', [twin({ entityId: 2, owner: '深圳市乙科技有限公司' })], [], 'fail', '这张主体证件（营业执照等）与客户“深圳市乙科技有限公司”的材料完全相同：不能使用其他客户的照片，请上传本客户本人的材料'],
    ['a near-identical ID scan under another client', 'id-back', [twin({ entityId: 2, owner: '深圳市乙科技有限公司', exact: false })], [], 'fail', '这张身份证国徽面与客户“深圳市乙科技有限公司”的材料几乎相同：不能使用其他客户的照片，请上传本客户本人的材料'],
    ['a curtain photo already used in order 4', 'curtain', [], [4, 9], 'warn', '这张幕布照片已用于订单 #4：幕布照片须为本次备案现场拍摄，请确认仍然有效或重新拍摄'],
    ['a curtain photo used only by this order', 'curtain', [], [9], 'pass', '未发现重复'],
    ['a photo seen nowhere else', 'curtain', [], [], 'pass', '未发现重复'],
  ] as const)('%s → %s', (_what, kind, twins, usedIn, status, message) => {
    expect(duplicateCheck(kind, twins, usedIn, here)).toMatchObject({ id: 'duplicate', status, message });
  });

  it('compares by difference hash within the limit, except signed 核验单 scans, which all show the same printed form', () => {
    const near = twin({ exact: false, dhash: '00000000000000ff' });
    const far = twin({ exact: false, dhash: 'ffffffffffffffff' });
    expect(sameAs('curtain', '000000000000003f', [near, far])).toEqual([near]);
    expect(sameAs('sheet', '000000000000003f', [near, far])).toEqual([]);
    expect(sameAs('sheet', '000000000000003f', [twin()])).toHaveLength(1);
  });
});
