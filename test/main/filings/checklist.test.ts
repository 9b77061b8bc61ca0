import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { checklistProblems, gateChecklist, requiredSlots, type ChecklistItem, type PhotoVerdict } from '../../../main/filings/checklist';
import { createClients, getClientClear } from '../../../main/services/clients';
import { enterprise, individual } from '../../fixtures/drafts';
import { openTestDesk } from '../../helpers';

async function stored(record: Record<string, any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const desk = await openTestDesk();
  const { filing: _f, ...rest } = record;
  const [c] = await createClients(desk, [clientRecordSchema.parse(rest)]);
  return getClientClear(desk, c!.id);
}

const kinds = (slots: { kind: string }[]) => slots.map((s) => s.kind).sort();

describe('materials checklist', () => {
  it('个人 首次备案 in 广东: ID both sides, curtain photo and signed sheet; no licence', async () => {
    const e = await stored(individual());
    const slots = requiredSlots(e, '首次备案', 'tencent', e.websites.map((w) => w.id));
    expect(kinds(slots)).toEqual(['curtain', 'id-back', 'id-front', 'sheet']);
  });

  it('企业 接入备案 in 北京: licence, both principals’ IDs, curtain photo, sheet', async () => {
    const e = await stored(enterprise((r) => ((r.entity.province = '北京市'), (r.entity.city = '北京市'))));
    const slots = requiredSlots(e, '接入备案', 'tencent', e.websites.map((w) => w.id));
    expect(kinds(slots)).toEqual(['curtain', 'id-back', 'id-back', 'id-front', 'id-front', 'licence', 'sheet']);
  });

  it('企业 变更备案 in 湖南 with a new legal representative: new IDs, photo, sheet and a new 网站负责人授权书', async () => {
    const e = await stored(enterprise((r) => ((r.entity.province = '湖南省'), (r.entity.investor = '赵新'), (r.people[0].name = '赵新'))));
    const slots = requiredSlots(e, '变更备案', 'generic', e.websites.map((w) => w.id), { principalReplaced: true });
    // no 域名证书: 湖南 asks for it with a new filing, not with a change
    expect(kinds(slots)).toEqual(['authorisation', 'curtain', 'id-back', 'id-back', 'id-front', 'id-front', 'sheet']);
    expect(slots.find((s) => s.kind === 'authorisation')!.why).toContain('法定代表人变更须提供新的网站负责人授权书');
  });

  it('a contact-only change needs no files; Shanghai at Tencent needs no curtain photo; 域名证书 where the province asks', async () => {
    const e = await stored(enterprise());
    expect(requiredSlots(e, '变更主体', 'tencent', [])).toEqual([]);
    const sh = await stored(enterprise((r) => (r.entity.province = '上海市')));
    expect(kinds(requiredSlots(sh, '首次备案', 'tencent', sh.websites.map((w) => w.id)))).not.toContain('curtain');
    const js = await stored(enterprise((r) => (r.entity.province = '江苏省')));
    expect(kinds(requiredSlots(js, '首次备案', 'generic', js.websites.map((w) => w.id)))).toContain('domain-cert');
  });
});

describe('photo results gate the checklist', () => {
  const item = (over: Partial<ChecklistItem> = {}): ChecklistItem => ({
    id: 'website:7:curtain',
    kind: 'curtain',
    label: '示例网站：网站负责人王小明的幕布照片',
    personId: 1,
    websiteId: 7,
    why: '',
    source: 'S0',
    status: 'present',
    materialIds: [3, 5],
    materialId: 5,
    photo: null,
    override: null,
    note: '',
    ...over,
  });
  const check = (status: 'pass' | 'warn' | 'fail', message: string) => ({ id: status === 'fail' ? 'face' : 'blur', status, value: null, threshold: null, message });
  const verdict = (status: PhotoVerdict['status'], ...checks: ReturnType<typeof check>[]): PhotoVerdict => ({ status, checks });
  const failing = verdict('fail', check('pass', '格式符合要求'), check('fail', '检测到 4 张人脸：画面中只能有网站负责人一人'));

  it('keeps 已有 for a photo that passes or warns', () => {
    expect(gateChecklist([item()], () => verdict('pass', check('pass', '清晰度合格')), [])[0]!.status).toBe('present');
    expect(gateChecklist([item()], () => verdict('warn', check('warn', '照片略模糊')), [])[0]!.status).toBe('present');
  });

  it('turns a failing photo into 不通过, with the failing check as the note and the problem naming the slot', () => {
    const [gated] = gateChecklist([item()], (id) => (id === 5 ? failing : null), []);
    expect(gated).toMatchObject({ status: 'failed', note: '检测到 4 张人脸：画面中只能有网站负责人一人' });
    expect(checklistProblems([gated!])).toEqual(['照片检查不通过：示例网站：网站负责人王小明的幕布照片——检测到 4 张人脸：画面中只能有网站负责人一人（重新上传，或确认无误后填写理由接受）']);
  });

  it('counts a failing photo once the operator accepted that very material, showing who and why', () => {
    const override = { slot: 'website:7:curtain', materialId: 5, reason: '人工核对为本人', actor: '操作员甲', at: '2026-12-02T10:00:00Z' };
    const [accepted] = gateChecklist([item()], () => failing, [override]);
    expect(accepted).toMatchObject({ status: 'accepted', override: { reason: '人工核对为本人', actor: '操作员甲' } });
    expect(accepted!.note).toContain('已由 操作员甲 接受：人工核对为本人');
    expect(checklistProblems([accepted!])).toEqual([]);
    // a new upload (material 6) is judged afresh: the acceptance of material 5 does not carry over
    const [replaced] = gateChecklist([item({ materialIds: [3, 5, 6], materialId: 6 })], () => failing, [override]);
    expect(replaced!.status).toBe('failed');
  });

  it('leaves a photo not yet measured out of 已有, and non-photos (PDF scans, 授权书) untouched', () => {
    const [unchecked] = gateChecklist([item()], () => verdict('unchecked'), []);
    expect(unchecked!.status).toBe('unchecked');
    expect(checklistProblems([unchecked!])).toEqual(['照片尚未检查：示例网站：网站负责人王小明的幕布照片']);
    expect(gateChecklist([item({ kind: 'authorisation' })], () => null, [])[0]!.status).toBe('present');
    expect(gateChecklist([item({ status: 'missing', materialIds: [], materialId: null })], () => failing, [])[0]!.status).toBe('missing');
  });
});
