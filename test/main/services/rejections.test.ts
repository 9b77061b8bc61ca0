import { describe, expect, it } from 'vitest';
import { entityFieldsOf } from '../../../main/db/repositories/entities';
import { personFieldsOf } from '../../../main/db/repositories/people';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { loadRejectionCatalog, parseReasonArg, parseTarget } from '../../../main/filings/rejectionReasons';
import { createClients, editPerson, editWebsite, getClientClear, updateClientEntity } from '../../../main/services/clients';
import { advanceOrder, attachToOrder, createOrder, getOrder } from '../../../main/services/orders';
import { clientReadiness } from '../../../main/services/readiness';
import { recordExistingFiling } from '../../../main/services/filedState';
import { awaitingCorrection, openReasonsOfClient } from '../../../main/services/rejectionViews';
import { individual } from '../../fixtures/drafts';
import { fillOrder, goodMaterial } from '../../fixtures/materials';
import type { openTestDesk } from '../../helpers';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';
import catalog from '../../../resources/data/rejectionReasons.json';

async function deskWithClient(openDesk: OpenDesk) {
  const desk = await openDesk();
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const e = await getClientClear(desk, c!.id);
  return { desk, e };
}

/** A 注销网站 order (no materials, no photo step) at 初审中, for a client filed before this desk. */
async function submitted(desk: Awaited<ReturnType<typeof openTestDesk>>, entityId: number) {
  const e = await getClientClear(desk, entityId);
  if (!e.icpNumber) await recordExistingFiling(desk, entityId, { provider: 'tencent', filedAt: '2024-01-01', entityIcpNumber: '粤ICP备12345678号', websiteIcpNumbers: Object.fromEntries(e.websites.map((w, i) => [w.id, `粤ICP备12345678号-${i + 1}`])) });
  const o = await createOrder(desk, { entityId, type: '注销网站', provider: 'tencent' });
  await advanceOrder(desk, o.id, { to: '待提交' });
  await advanceOrder(desk, o.id, { to: '初审中', confirmedConsequence: true });
  return o;
}

describeEachStore('the 驳回 loop', (openDesk) => {
  it('keeps each reason open until its field changes, refuses resubmission with the list, and keeps every round in the history', async () => {
    const { desk, e } = await deskWithClient(openDesk);
    const w = e.websites[0]!;
    const o = await submitted(desk, e.id);
    await expect(advanceOrder(desk, o.id, { to: '初审驳回' })).rejects.toThrow('请填写驳回原文');
    await advanceOrder(desk, o.id, {
      to: '初审驳回',
      reason: '网站名称与内容不符；通信地址请填写到门牌号',
      reasons: [
        { target: `website.${w.id}.name`, kind: 'name-content-mismatch', text: '名称体现不出摄影内容' },
        { target: 'entity.mailingAddress', kind: 'address-not-detailed' },
      ],
    });
    let view = await getOrder(desk, o.id);
    expect(view.rejections).toHaveLength(1);
    expect(view.rejections[0]!.reasons.map((r) => [r.targetLabel, r.open])).toEqual([
      [`网站“${w.name}”的网站名称`, true],
      ['主体的通信地址', true],
    ]);
    expect(view.problems.filter((p) => p.startsWith('驳回原因未处理'))).toHaveLength(2);

    // both untouched: refused, naming both
    await expect(advanceOrder(desk, o.id, { to: '待提交' })).rejects.toThrow(/2 个驳回原因对应的内容还没有修改——网站“.*”的网站名称未修改.*主体的通信地址未修改/);
    // the website as it is now (with the 网站备案号 recorded after `w` was read: a 注销 is refused while the form's differs)
    const site = (await getClientClear(desk, e.id)).websites[0]!;
    await editWebsite(desk, w.id, { ...websiteFieldsOf(site), name: '王小明摄影作品集' });
    // one changed, one still untouched: still refused, naming only the untouched one
    await expect(advanceOrder(desk, o.id, { to: '待提交' })).rejects.toThrow(/1 个驳回原因.*主体的通信地址未修改/);
    view = await getOrder(desk, o.id);
    expect(view.rejections[0]!.reasons.map((r) => [r.open, r.changed])).toEqual([
      [false, true],
      [true, false],
    ]);
    const fresh = await getClientClear(desk, e.id);
    await updateClientEntity(desk, e.id, { ...entityFieldsOf(fresh), mailingAddress: `${fresh.mailingAddress}8号楼101室` });
    await advanceOrder(desk, o.id, { to: '待提交' });
    await advanceOrder(desk, o.id, { to: '初审中', confirmedConsequence: true });

    // second round, at the 管局 this time, on the person's 证件号码 (compared by keyed hash only)
    await advanceOrder(desk, o.id, { to: '管局审核中' });
    const p = (await getClientClear(desk, e.id)).people[0]!;
    await advanceOrder(desk, o.id, { to: '管局驳回', reason: '证件号码与证件不符', reasons: [{ target: `person.${p.id}.mobile`, kind: 'contact-unreachable' }] });
    await expect(advanceOrder(desk, o.id, { to: '待提交' })).rejects.toThrow(/负责人“.*”的手机号码未修改/);
    await editPerson(desk, p.id, { ...personFieldsOf(p), mobile: '13912345678' });
    await advanceOrder(desk, o.id, { to: '待提交' });

    view = await getOrder(desk, o.id);
    expect(view.rejections.map((r) => [r.round, r.stage, r.reasons.every((x) => x.resolvedAt && x.resolvedBy)])).toEqual([
      [1, '初审驳回', true],
      [2, '管局驳回', true],
    ]);
    expect(view.rejections[0]!.reasons[0]!.change).toBe('网站“王小明摄影作品集”的网站名称已修改');
    const notes = view.events.filter((ev) => ev.from === ev.to).map((ev) => ev.reason);
    expect(notes).toEqual([
      expect.stringMatching(/^第 1 轮驳回（初审驳回），2 个原因：网站“.*”的网站名称——网站名称与网站内容不符：名称体现不出摄影内容；主体的通信地址——通信地址不够详细$/),
      expect.stringMatching(/^驳回原因已处理，重新提交：网站“王小明摄影作品集”的网站名称已修改；主体的通信地址已修改$/),
      expect.stringMatching(/^第 2 轮驳回（管局驳回），1 个原因：负责人“.*”的手机号码——联系方式无法联系或不是本人$/),
      expect.stringMatching(/^驳回原因已处理，重新提交：负责人“.*”的手机号码已修改$/),
    ]);
    // no personal value reaches the history or the stored fingerprint
    const stored = await desk.sql.db.selectFrom('order_rejection_reason').select('baseline').execute();
    expect(JSON.stringify([stored, view.events])).not.toContain(p.mobile);
    expect(JSON.stringify([stored, view.events])).not.toContain('13912345678');
  });

  it('refuses a reason pointing at nothing, an unknown kind, or a kind that does not fit the field, and records nothing', async () => {
    const { desk, e } = await deskWithClient(openDesk);
    const w = e.websites[0]!;
    const o = await submitted(desk, e.id);
    const reject = (target: string, kind: string) => advanceOrder(desk, o.id, { to: '初审驳回', reason: '驳回', reasons: [{ target, kind }] });
    await expect(reject('website.99999.name', 'name-content-mismatch')).rejects.toThrow('该客户或订单没有“website.99999.name”');
    await expect(reject('entity.colour', 'other')).rejects.toThrow('不是可以指向的字段或材料项');
    await expect(reject(`website.${w.id}.name`, 'no-such-kind')).rejects.toThrow('没有“no-such-kind”这类驳回原因');
    await expect(reject('entity.mailingAddress', 'name-content-mismatch')).rejects.toThrow('驳回原因“网站名称与网站内容不符”不适用于“主体的通信地址”');
    expect((await getOrder(desk, o.id)).state).toBe('初审中');
    expect((await getOrder(desk, o.id)).rejections).toEqual([]);
  });

  it('marks a material slot until a new file is uploaded for it, and shows open reasons as blocking findings of the client', async () => {
    const { desk, e } = await deskWithClient(openDesk);
    const o = await createOrder(desk, { entityId: e.id, type: '首次备案', provider: 'tencent' });
    await advanceOrder(desk, o.id, { to: '待提交' });
    const filled = await fillOrder(desk, o.id);
    await advanceOrder(desk, o.id, { to: '初审中', confirmedConsequence: true });
    const sheet = filled.checklist.find((c) => c.kind === 'sheet')!;
    const curtain = filled.checklist.find((c) => c.kind === 'curtain')!;
    await expect(advanceOrder(desk, o.id, { to: '初审驳回', reason: '幕布', reasons: [{ target: `slot.${curtain.id}`, kind: 'sheet-not-signed' }] })).rejects.toThrow('不适用于');
    await advanceOrder(desk, o.id, { to: '初审驳回', reason: '核验单未签字', reasons: [{ target: `slot.${sheet.id}`, kind: 'sheet-not-signed', text: '负责人未签字' }] });

    const readiness = await clientReadiness(desk, e.id);
    expect(readiness.findings.filter((f) => f.ruleId === 'V-REJ-01').map((f) => [f.severity, f.path])).toEqual([['error', ['materials', sheet.id]]]);
    expect((await openReasonsOfClient(desk, e.id)).reasons.map((r) => r.target)).toEqual([`slot.${sheet.id}`]);
    expect(await awaitingCorrection(desk)).toEqual([expect.objectContaining({ orderId: o.id, state: '初审驳回', round: 1, open: 1, total: 1 })]);

    await expect(advanceOrder(desk, o.id, { to: '待提交' })).rejects.toThrow(/材料：.*核验单.*未修改/);
    await attachToOrder(desk, o.id, sheet.id, { fileName: 'signed.jpg', data: await goodMaterial('sheet', 1) });
    expect((await openReasonsOfClient(desk, e.id)).reasons).toEqual([]);
    await advanceOrder(desk, o.id, { to: '待提交' });
    expect((await getOrder(desk, o.id)).rejections[0]!.reasons[0]!.change).toMatch(/已换为新材料$/);
    expect(await awaitingCorrection(desk)).toEqual([]);
  }, 60_000);

  it('records the 复审’s 驳回→重拍 as a 复审驳回 round, and goes back to 复审中 only with a new photo', async () => {
    const { desk, e } = await deskWithClient(openDesk);
    const o = await createOrder(desk, { entityId: e.id, type: '首次备案', provider: 'tencent' });
    await advanceOrder(desk, o.id, { to: '待提交' });
    const curtain = (await fillOrder(desk, o.id)).checklist.find((s) => s.kind === 'curtain')!;
    for (const to of ['初审中', '待拍照核验', '复审中'] as const) await advanceOrder(desk, o.id, { to });
    const reasons = [{ target: `slot.${curtain.id}`, kind: 'curtain-person-unclear' }];
    // 复审中 has no rejected state of its own: 初审驳回 is not the 复审's
    await expect(advanceOrder(desk, o.id, { to: '初审驳回', reason: '幕布照片人像不清晰', reasons })).rejects.toThrow('不能直接改为“初审驳回”');
    // reasons without the provider's text are refused, and nothing is written
    await expect(advanceOrder(desk, o.id, { to: '待拍照核验', reasons })).rejects.toThrow('请填写驳回原文');
    expect((await getOrder(desk, o.id)).state).toBe('复审中');

    await advanceOrder(desk, o.id, { to: '待拍照核验', reason: '幕布照片人像不清晰，请重新拍照', reasons });
    const rejected = await getOrder(desk, o.id);
    expect(rejected.rejections.map((r) => [r.round, r.stage, r.providerText, r.reasons.map((x) => [x.target, x.open])])).toEqual([[1, '复审驳回', '幕布照片人像不清晰，请重新拍照', [[`slot.${curtain.id}`, true]]]]);
    expect(rejected.events.at(-1)!.reason).toMatch(/^第 1 轮驳回（复审驳回），1 个原因：材料：.*幕布照片.*——/);
    expect(await awaitingCorrection(desk)).toEqual([expect.objectContaining({ orderId: o.id, state: '待拍照核验', round: 1, open: 1, total: 1 })]);

    // the same photo again: refused, naming it
    await expect(advanceOrder(desk, o.id, { to: '复审中' })).rejects.toThrow(/^还不能重新提交复审：1 个驳回原因对应的内容还没有修改——材料：.*未修改（第 1 轮驳回/);
    await attachToOrder(desk, o.id, curtain.id, { fileName: 'curtain-2.jpg', data: await goodMaterial('curtain', 1) });
    await advanceOrder(desk, o.id, { to: '复审中' });
    expect((await getOrder(desk, o.id)).rejections[0]!.reasons[0]!.change).toMatch(/已换为新材料$/);
    expect(await awaitingCorrection(desk)).toEqual([]);

    // a move back with nothing said is a plain move: no round
    await advanceOrder(desk, o.id, { to: '待拍照核验' });
    expect((await getOrder(desk, o.id)).rejections).toHaveLength(1);
    await advanceOrder(desk, o.id, { to: '复审中' });
  }, 120_000);
});

describe('the rejection catalog and targets', () => {
  it('refuses a catalog entry without its source', () => {
    const bad = structuredClone(catalog) as { kinds: Record<string, unknown>[] };
    delete bad.kinds[0]!.source;
    expect(() => loadRejectionCatalog(bad)).toThrow();
    expect(loadRejectionCatalog(catalog).length).toBeGreaterThan(5);
  });

  it.each([
    ['entity.mailingAddress', { scope: 'entity', field: 'mailingAddress' }],
    ['person.3.certNumber', { scope: 'person', id: 3, field: 'certNumber' }],
    ['website.7.name', { scope: 'website', id: 7, field: 'name' }],
    ['slot.website:7:curtain', { scope: 'slot', slot: 'website:7:curtain' }],
    ['website.7.colour', null],
    ['entity', null],
  ])('reads the target %s', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it.each([
    ['website.7.name:name-content-mismatch:名称与内容不符', { target: 'website.7.name', kind: 'name-content-mismatch', text: '名称与内容不符' }],
    ['slot.website:7:sheet:sheet-not-signed:未签字：请补签', { target: 'slot.website:7:sheet', kind: 'sheet-not-signed', text: '未签字：请补签' }],
    ['entity.mailingAddress:address-not-detailed', { target: 'entity.mailingAddress', kind: 'address-not-detailed', text: '' }],
    ['entity.mailingAddress:unknown:x', null],
  ])('reads the CLI reason %s', (arg, expected) => {
    expect(parseReasonArg(arg)).toEqual(expected);
  });
});
