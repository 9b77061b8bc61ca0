import { describe, expect, it } from 'vitest';
import { ORDER_STATES, type OrderState } from '../../../main/domain/enums';
import { TRANSITIONS, nextStates, readOnlyReason, transitionProblem, type TransitionContext } from '../../../main/filings/stateMachine';

const sms: TransitionContext = { type: '首次备案', smsProvince: true };
const noSms: TransitionContext = { type: '首次备案', smsProvince: false };
const cancel: TransitionContext = { type: '注销网站', smsProvince: true };

describe('order state machine', () => {
  const legal: [OrderState, OrderState, typeof sms][] = [
    ['草稿', '待提交', sms],
    ['草稿', '已放弃', sms],
    ['待提交', '初审中', sms],
    ['待提交', '草稿', sms],
    ['待提交', '已放弃', sms],
    ['初审中', '待拍照核验', sms],
    ['初审中', '初审驳回', sms],
    ['初审中', '已撤回', sms],
    ['初审中', '管局审核中', cancel],
    ['初审驳回', '待提交', sms],
    ['初审驳回', '已放弃', sms],
    ['待拍照核验', '复审中', sms],
    ['待拍照核验', '已撤回', sms],
    ['复审中', '待短信核验', sms],
    ['复审中', '管局审核中', noSms],
    ['复审中', '待拍照核验', sms],
    ['复审中', '已撤回', sms],
    ['待短信核验', '管局审核中', sms],
    ['待短信核验', '管局驳回', sms],
    ['管局审核中', '已通过', sms],
    ['管局审核中', '管局驳回', sms],
    ['管局驳回', '待提交', sms],
    ['管局驳回', '已放弃', sms],
  ];

  it.each(legal)('allows %s → %s', (from, to, ctx) => {
    expect(transitionProblem(from, to, ctx)).toBeNull();
  });

  it('lists every edge of the machine as a legal case above', () => {
    const edges = Object.entries(TRANSITIONS).flatMap(([from, es]) => es.map((e) => `${from}→${e.to}`));
    expect(edges.sort()).toEqual(legal.map(([f, t]) => `${f}→${t}`).sort());
  });

  it('refuses every other pair of states, with a reason in Chinese', () => {
    for (const from of ORDER_STATES) {
      for (const to of ORDER_STATES) {
        if (legal.some(([f, t]) => f === from && t === to)) continue;
        const p = transitionProblem(from, to, sms);
        expect(p, `${from} → ${to}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('refuses steps that depend on the type and the province', () => {
    expect(transitionProblem('初审中', '管局审核中', sms)).toBe('须先完成拍照/核验与复审');
    expect(transitionProblem('初审中', '待拍照核验', cancel)).toContain('没有拍照/核验环节');
    expect(transitionProblem('复审中', '管局审核中', sms)).toContain('短信核验');
    expect(transitionProblem('复审中', '待短信核验', noSms)).toContain('不需要工信部短信核验');
  });

  it('explains why an order at the 管局 cannot be withdrawn, and what is possible instead', () => {
    expect(transitionProblem('管局审核中', '已撤回', sms)).toBe('已提交管局的订单不能撤回或放弃（S4）');
    expect(transitionProblem('已通过', '草稿', sms)).toBe('订单已通过，不能再变更状态');
    expect(transitionProblem('草稿', '已通过', sms)).toBe('订单处于“草稿”，不能直接改为“已通过”；可改为：待提交、已放弃');
    expect(nextStates('复审中', noSms)).toEqual(['管局审核中', '待拍照核验', '已撤回']);
  });

  it('makes approved, abandoned and withdrawn orders read-only, and keeps a 管局驳回 order open for the next attempt', () => {
    expect(ORDER_STATES.filter((s) => readOnlyReason(s) !== null)).toEqual(['已通过', '已放弃', '已撤回']);
    expect(readOnlyReason('已放弃')).toBe('订单已放弃，只能查看：不能再上传材料、导出提交包或修改；如需继续请新建订单');
    expect(readOnlyReason('已通过')).toContain('；公安备案在本页办理');
    expect(readOnlyReason('管局驳回')).toBeNull();
  });
});
