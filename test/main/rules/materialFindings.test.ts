// The material findings worked out from a client's data alone (main/rules/materialFindings.ts), judged
// without a desk: checklist items and client views built by hand. What they say comes from README
// "可提交 means ready" (V-MAT-01 缺少材料 and V-MAT-02 照片不通过 block, V-MAT-03 照片未检查 warns; the open
// order's checklist, or without one the filing the client needs next: 首次备案, or 新增网站 for unfiled
// sites — domain.md §1.1, §1.3) and the slot rules of domain.md §6 (ID both sides, curtain, 核验单).
import { describe, expect, it } from 'vitest';
import type { MaterialView } from '../../../main/domain/views';
import { gateChecklist, OUTDATED_SHEET_NOTE, type ChecklistItem, type PhotoVerdict } from '../../../main/filings/checklist';
import { checklistFindings, nextFiling, nextFilingFindings, prospectiveItems } from '../../../main/rules/materialFindings';
import { enterprise, individual } from '../../fixtures/drafts';
import { CREATED, entityView } from '../filings/entityViews';

const SOURCE = '材料清单（各接入商上传要求，S0、S3、S4）';

function item(id: string, label: string, status: ChecklistItem['status'], more: Partial<ChecklistItem> = {}): ChecklistItem {
  return { id, kind: 'curtain', label, personId: null, websiteId: null, why: '', source: 'S4（证件上传要求）', status, materialIds: [], materialId: null, photo: null, override: null, note: '', ...more };
}

const failingPhoto: PhotoVerdict = {
  status: 'fail',
  checks: [
    { id: 'blur', status: 'fail', value: 12, threshold: 80, message: '照片模糊' },
    { id: 'size', status: 'pass', value: 1, threshold: 2, message: '大小合适' },
    { id: 'light', status: 'warn', value: 30, threshold: 40, message: '偏暗' },
    { id: 'face', status: 'fail', value: 0, threshold: 1, message: '未检测到人脸' },
  ],
};

describe('checklistFindings: the checklist’s open items as findings', () => {
  it('V-MAT-01: a missing material of an open order blocks, naming the order and the slot, with the slot’s own source', () => {
    const f = checklistFindings([item('person:1:id-front', '王小明的证件正面', 'missing')], 7);
    expect(f).toEqual([
      { ruleId: 'V-MAT-01', severity: 'error', path: ['materials', 'person:1:id-front'], message: '订单 #7缺少材料：王小明的证件正面', hint: '在订单的材料清单中上传', source: 'S4（证件上传要求）' },
    ]);
  });

  it('V-MAT-01 without an order speaks of the next filing and says where to upload', () => {
    const [f] = checklistFindings([item('website:11:sheet', '已签字的核验单扫描件', 'missing', { source: 'S0' })], null);
    expect(f).toEqual({
      ruleId: 'V-MAT-01',
      severity: 'error',
      path: ['materials', 'website:11:sheet'],
      message: '下一次备案缺少材料：已签字的核验单扫描件',
      hint: '在“材料”页上传，或新建订单后按材料清单上传',
      source: 'S0',
    });
  });

  it('V-MAT-01 for the 网站建设方案书 says what to upload, and on the 材料 page under which type and owner', () => {
    const plan = item('entity:site-plan', '网站建设方案书（本主体共 31 个网站）', 'missing', { kind: 'site-plan', source: 'qcloud 单位备案.md（domain.md §4 跨省材料）' });
    expect(checklistFindings([plan], 7)).toEqual([
      { ruleId: 'V-MAT-01', severity: 'error', path: ['materials', 'entity:site-plan'], message: '订单 #7缺少材料：网站建设方案书（本主体共 31 个网站）', hint: '在订单的材料清单中上传网站建设方案书（图片或 PDF）', source: 'qcloud 单位备案.md（domain.md §4 跨省材料）' },
    ]);
    expect(checklistFindings([plan], null)[0]!.hint).toBe('在“材料”页按类型“网站建设方案书”、所属“主体”上传（图片或 PDF），或新建订单后按材料清单上传');
  });

  it('V-MAT-02: a failing photo blocks with the failed checks only, joined by ；', () => {
    const f = checklistFindings([item('website:11:curtain', '幕布照片', 'failed', { photo: failingPhoto, materialId: 5 })], 3);
    expect(f).toEqual([
      { ruleId: 'V-MAT-02', severity: 'error', path: ['materials', 'website:11:curtain'], message: '订单 #3的幕布照片照片检查不通过：照片模糊；未检测到人脸', hint: '重新拍摄上传；确认无误时可在订单中填写理由接受', source: SOURCE },
    ]);
    expect(checklistFindings([item('c', '幕布照片', 'failed', { photo: failingPhoto })], null)[0]!.message).toBe('下一次备案的幕布照片照片检查不通过：照片模糊；未检测到人脸');
  });

  it('V-MAT-03: a photo not yet checked warns', () => {
    expect(checklistFindings([item('website:11:curtain', '幕布照片', 'unchecked')], null)).toEqual([
      { ruleId: 'V-MAT-03', severity: 'warning', path: ['materials', 'website:11:curtain'], message: '幕布照片的照片尚未检查', hint: '打开订单或在“材料”页检查照片', source: SOURCE },
    ]);
  });

  it('a failing photo the operator accepted is noted (info), with who accepted it and why', () => {
    const accepted = item('website:11:curtain', '幕布照片', 'accepted', { photo: failingPhoto, override: { reason: '原件如此，管局认可', actor: '李会计', at: CREATED } });
    expect(checklistFindings([accepted], 9)).toEqual([
      { ruleId: 'V-MAT-02', severity: 'info', path: ['materials', 'website:11:curtain'], message: '幕布照片照片检查不通过，已由 李会计 接受：原件如此，管局认可', hint: '', source: SOURCE },
    ]);
  });

  it('V-MAT-04: a stale slot blocks, in an order and for the next filing, with the note and where to upload again', () => {
    const stale = item('person:1:id-front', '王小明的证件正面', 'stale', { note: '王小明的姓名或证件在材料上传后改过' });
    expect(checklistFindings([stale], 9)).toEqual([
      { ruleId: 'V-MAT-04', severity: 'error', path: ['materials', 'person:1:id-front'], message: '订单 #9的王小明的证件正面：王小明的姓名或证件在材料上传后改过', hint: '在订单的材料清单中重新上传', source: SOURCE },
    ]);
    expect(checklistFindings([stale], null)[0]).toMatchObject({ message: '下一次备案的王小明的证件正面：王小明的姓名或证件在材料上传后改过', hint: '在“材料”页重新上传该负责人的材料' });
  });

  it('V-MAT-04: a stale signed 核验单 scan says to print the sheet again and have it signed, not to upload the person’s materials', () => {
    const sheet = item('website:11:sheet', '王小明的摄影博客：已签字的核验单扫描件', 'stale', { kind: 'sheet', note: OUTDATED_SHEET_NOTE });
    expect(checklistFindings([sheet], null)[0]).toMatchObject({ ruleId: 'V-MAT-04', hint: '重新生成核验单，签字后在“材料”页重新上传' });
    expect(checklistFindings([sheet], 9)[0]).toMatchObject({ ruleId: 'V-MAT-04', hint: '重新生成核验单，签字后在订单的材料清单中重新上传' });
    // check-all's path for a client without an open order: every scan of the site's sheet outdated
    const e = entityView(individual());
    const scan: MaterialView = { id: 44, entityId: 1, personId: null, websiteId: 11, kind: 'sheet', fileName: 'sheet.jpg', sha256: 'ab'.repeat(32), size: 1, mime: 'image/jpeg', createdAt: CREATED };
    const found = nextFilingFindings(e, 'tencent', [scan], () => null, [44]).find((f) => f.path[1] === 'website:11:sheet');
    expect(found).toMatchObject({ ruleId: 'V-MAT-04', message: expect.stringContaining(OUTDATED_SHEET_NOTE), hint: '重新生成核验单，签字后在“材料”页重新上传' });
  });

  it('present slots give no finding; the findings keep the checklist’s order', () => {
    const items = [item('a', 'A', 'present'), item('b', 'B', 'missing'), item('c', 'C', 'stale'), item('d', 'D', 'unchecked')];
    expect(checklistFindings(items, 1).map((f) => [f.ruleId, f.path[1]])).toEqual([
      ['V-MAT-01', 'b'],
      ['V-MAT-04', 'c'],
      ['V-MAT-03', 'd'],
    ]);
    expect(checklistFindings([], 1)).toEqual([]);
  });
});

describe('nextFiling: the filing a client without an open order needs next', () => {
  it('a 主体 without a 备案号 needs a 首次备案 of all its websites (§1.1)', () => {
    const e = entityView(enterprise((r) => r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'] })));
    expect(nextFiling(e)).toEqual({ type: '首次备案', websiteIds: [11, 12] });
  });

  it('a filed 主体 with an unfiled website needs a 新增网站 of that website only (§1.3)', () => {
    const e = entityView(
      enterprise((r) => {
        r.entity.icpNumber = '京ICP备12345678号';
        r.websites[0].icpNumber = '京ICP备12345678号-1';
        r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'], icpNumber: null });
      }),
    );
    expect(nextFiling(e)).toEqual({ type: '新增网站', websiteIds: [12] });
  });

  it('nothing when the 主体 and every website are filed', () => {
    const e = entityView(
      individual((r) => {
        r.entity.icpNumber = '粤ICP备12345678号';
        r.websites[0].icpNumber = '粤ICP备12345678号-1';
      }),
    );
    expect(nextFiling(e)).toBeNull();
  });

  // §1.5, §1.6: a 注销 takes the site (or the 主体 with all its sites) off the record; the approval clears its 备案号
  it('a site an approved 注销 took off the record is not filed anew; a draft beside it is', () => {
    const e = entityView(
      enterprise((r) => {
        r.entity.icpNumber = '京ICP备12345678号';
        r.websites[0].icpNumber = null;
        r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'], icpNumber: null });
      }),
    );
    expect(nextFiling(e, [11])).toEqual({ type: '新增网站', websiteIds: [12] });
    expect(nextFiling(e, [11, 12])).toBeNull();
  });

  it('a 主体 注销 with every site needs no 首次备案; one with a new draft site needs the 首次备案 of that site only', () => {
    const e = entityView(enterprise((r) => r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'] })));
    expect(nextFiling(e, [11, 12])).toBeNull();
    expect(nextFiling(e, [11])).toEqual({ type: '首次备案', websiteIds: [12] });
  });

  it('a 主体 without a 备案号 and without any website yet still needs its 首次备案 (its own materials are asked now)', () => {
    const e = entityView(enterprise((r) => (r.websites = [])));
    expect(nextFiling(e)).toEqual({ type: '首次备案', websiteIds: [] });
    expect(nextFiling(e, [11])).toEqual({ type: '首次备案', websiteIds: [] });
  });

  it('a site listed off the record that carries a 备案号 again (re-filed) counts as on record', () => {
    const e = entityView(
      individual((r) => {
        r.entity.icpNumber = '粤ICP备12345678号';
        r.websites[0].icpNumber = '粤ICP备12345678号-1';
      }),
    );
    expect(nextFiling(e, [11])).toBeNull();
  });
});

describe('prospectiveItems: the next filing’s checklist before its photos are judged', () => {
  const material = (id: number, kind: MaterialView['kind'], personId: number | null, websiteId: number | null): MaterialView => ({
    id,
    entityId: 1,
    personId,
    websiteId,
    kind,
    fileName: `${kind}.jpg`,
    sha256: 'ab'.repeat(32),
    size: 1000,
    mime: 'image/jpeg',
    createdAt: CREATED,
  });

  it('an unfiled 个人 at Tencent: its ID both sides, its curtain photo and the signed 核验单 (§6, §5), the uploaded ones present', () => {
    const items = prospectiveItems(entityView(individual()), 'tencent', [material(41, 'id-front', 1, null), material(42, 'curtain', 1, 11)]);
    expect(Object.fromEntries(items.map((i) => [i.id, i.status]))).toEqual({
      'person:1:id-front': 'present',
      'person:1:id-back': 'missing',
      'website:11:curtain': 'present',
      'website:11:sheet': 'missing',
    });
    expect(items.find((i) => i.id === 'person:1:id-front')!.materialId).toBe(41);
  });

  it('a filed 主体 asks only for the unfiled website’s materials (新增网站)', () => {
    const e = entityView(
      enterprise((r) => {
        r.entity.icpNumber = '京ICP备12345678号';
        r.websites[0].icpNumber = '京ICP备12345678号-1';
        r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn'], homepages: ['www.shili-shop.cn'], icpNumber: null });
      }),
    );
    const ids = prospectiveItems(e, 'generic', []).map((i) => i.id);
    expect(ids).toContain('website:12:curtain');
    expect(ids).not.toContain('website:11:curtain');
    expect(ids).not.toContain('website:11:sheet');
  });

  it('is empty when everything is filed', () => {
    const e = entityView(
      individual((r) => {
        r.entity.icpNumber = '粤ICP备12345678号';
        r.websites[0].icpNumber = '粤ICP备12345678号-1';
      }),
    );
    expect(prospectiveItems(e, 'tencent', [material(41, 'id-front', 1, null)])).toEqual([]);
  });
});

describe('nextFilingFindings: the next filing’s material findings without the checklist’s items', () => {
  const photo = (status: PhotoVerdict['status']): PhotoVerdict => (status === 'fail' ? failingPhoto : { status, checks: status === 'unchecked' ? [] : [{ id: 'blur', status, value: 90, threshold: 80, message: '清晰' }] });
  const kinds: MaterialView['kind'][] = ['id-front', 'id-back', 'curtain', 'sheet', 'licence', 'domain-cert', 'pre-approval', 'authorisation', 'residence'];
  const views = [
    entityView(individual()),
    entityView(enterprise()),
    entityView(enterprise((r) => r.websites.push({ ...r.websites[0], name: '示例商城', domains: ['shili-shop.cn', 'a.cn', 'b.cn', 'c.cn', 'd.cn'], homepages: ['www.shili-shop.cn'] }))),
    entityView(enterprise((r) => ((r.entity.province = '河南省'), (r.entity.investor = '赵大明')))),
    entityView(individual((r) => (r.entity.province = '上海市'))),
    entityView(individual(), '2026-11-20T08:00:00.000Z'),
    entityView(
      enterprise((r) => {
        r.entity.icpNumber = '京ICP备12345678号';
        r.websites[0].icpNumber = '京ICP备12345678号-1';
      }),
    ),
  ];

  it('gives what checklistFindings(gateChecklist(prospectiveItems(…), verdictOf, []), null) gives, for any materials and photo results', () => {
    let seed = 9;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const statuses: (PhotoVerdict['status'] | null)[] = [null, 'unchecked', 'pass', 'warn', 'fail'];
    let compared = 0;
    for (let k = 0; k < 1500; k++) {
      const e = views[k % views.length]!;
      const provider = ['tencent', 'aliyun', 'generic'][next() % 3]!;
      const materials: MaterialView[] = Array.from({ length: next() % 10 }, (_, i) => ({
        id: 40 + ((i * 7 + next()) % 30),
        entityId: 1,
        personId: [null, 1, 1, 2][next() % 4]!,
        websiteId: [null, 11, 11, 12][next() % 4]!,
        kind: kinds[next() % 4 === 0 ? next() % kinds.length : next() % 3]!,
        fileName: 'x.jpg',
        sha256: 'ab'.repeat(32),
        size: 1000,
        mime: 'image/jpeg',
        createdAt: ['2026-10-01T08:00:00.000Z', CREATED, '2026-11-25T08:00:00.000Z'][next() % 3]!,
      }));
      const verdicts = new Map(materials.map((m) => [m.id, statuses[next() % statuses.length]!]));
      const verdictOf = (id: number) => {
        const s = verdicts.get(id);
        return s ? photo(s) : null;
      };
      const expected = checklistFindings(gateChecklist(prospectiveItems(e, provider, materials), verdictOf, []), null);
      expect(nextFilingFindings(e, provider, materials, verdictOf)).toEqual(expected);
      compared += expected.length;
    }
    // the cases found something of each kind
    expect(compared).toBeGreaterThan(1500);
  });

  it('each kind of finding, in the slots’ order: missing, a photo unchecked, a photo failing; present ones give none', () => {
    const e = entityView(individual());
    const m = (id: number, kind: MaterialView['kind'], personId: number | null, websiteId: number | null): MaterialView => ({ id, entityId: 1, personId, websiteId, kind, fileName: 'x.jpg', sha256: 'ab'.repeat(32), size: 1, mime: 'image/jpeg', createdAt: CREATED });
    const verdicts: Record<number, PhotoVerdict> = { 41: photo('unchecked'), 42: failingPhoto, 43: photo('pass') };
    const found = nextFilingFindings(e, 'tencent', [m(41, 'id-front', 1, null), m(42, 'curtain', 1, 11), m(43, 'id-back', 1, null)], (id) => verdicts[id] ?? null);
    expect(found.map((f) => [f.ruleId, f.severity, f.path[1], f.message])).toEqual([
      ['V-MAT-03', 'warning', 'person:1:id-front', `${e.people[0]!.name}的证件正面的照片尚未检查`],
      ['V-MAT-02', 'error', 'website:11:curtain', expect.stringMatching(/^下一次备案的.*幕布照片照片检查不通过：照片模糊；未检测到人脸$/)],
      ['V-MAT-01', 'error', 'website:11:sheet', expect.stringMatching(/^下一次备案缺少材料：.*核验单扫描件$/)],
    ]);
    expect(nextFilingFindings(views[6]!, 'tencent', [], () => null)).toEqual([]);
  });
});
