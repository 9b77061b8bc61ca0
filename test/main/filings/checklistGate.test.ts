// Photo results gate the 材料清单: a slot is 已有 only when its photo passes or warns, or the operator
// accepted a failing one for that very material (moved here from checklist.test.ts: no desk needed).
import { describe, expect, it } from 'vitest';
import { checklistProblems, gateChecklist, type ChecklistItem, type PhotoVerdict } from '../../../main/filings/checklist';

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

  it('leaves a stale slot stale whatever its photo says (failing, accepted, not yet measured): it is uploaded again', () => {
    const stale = item({ status: 'stale', note: '王小明的姓名或证件在材料上传后改过' });
    const override = { slot: 'website:7:curtain', materialId: 5, reason: '人工核对为本人', actor: '操作员甲', at: '2026-12-02T10:00:00Z' };
    for (const photo of [failing, verdict('unchecked')]) {
      expect(gateChecklist([stale], () => photo, [override])[0]).toMatchObject({ status: 'stale', note: '王小明的姓名或证件在材料上传后改过' });
    }
  });

  it('leaves a photo not yet measured out of 已有, and non-photos (PDF scans, 授权书) untouched', () => {
    const [unchecked] = gateChecklist([item()], () => verdict('unchecked'), []);
    expect(unchecked!.status).toBe('unchecked');
    expect(checklistProblems([unchecked!])).toEqual(['照片尚未检查：示例网站：网站负责人王小明的幕布照片']);
    expect(gateChecklist([item({ kind: 'authorisation' })], () => null, [])[0]!.status).toBe('present');
    expect(gateChecklist([item({ status: 'missing', materialIds: [], materialId: null })], () => failing, [])[0]!.status).toBe('missing');
  });

  it('says why a photo is not yet 已有, joins every failing check, and keeps a passing verdict with the item', () => {
    const [unchecked] = gateChecklist([item()], () => verdict('unchecked'), []);
    expect(unchecked).toMatchObject({ status: 'unchecked', note: '照片尚未检查：打开订单时会自动检查' });
    const twice = verdict('fail', check('fail', '照片过暗'), check('pass', '格式符合要求'), check('fail', '未检测到幕布'));
    const [failed] = gateChecklist([item()], () => twice, []);
    expect(failed!.note).toBe('照片过暗；未检测到幕布');
    expect(checklistProblems([failed!])).toEqual(['照片检查不通过：示例网站：网站负责人王小明的幕布照片——照片过暗；未检测到幕布（重新上传，或确认无误后填写理由接受）']);
    const passing = verdict('pass', check('pass', '清晰度合格'));
    expect(gateChecklist([item()], () => passing, [])[0]).toMatchObject({ status: 'present', photo: passing, note: '' });
  });

  it('an acceptance given for another slot does not count here, even for the same material', () => {
    const elsewhere = { slot: 'website:8:curtain', materialId: 5, reason: '人工核对为本人', actor: '操作员甲', at: '2026-12-02T10:00:00Z' };
    expect(gateChecklist([item()], () => failing, [elsewhere])[0]!.status).toBe('failed');
  });

  it('accepted and present items are not problems; a stale one is, with its note', () => {
    expect(checklistProblems([item({ status: 'accepted' }), item()])).toEqual([]);
    expect(checklistProblems([item({ status: 'stale', note: '王小明的姓名或证件在材料上传后改过' })])).toEqual([expect.stringMatching(/^材料需重新上传：.+——王小明的姓名或证件在材料上传后改过$/)]);
  });
});
