// Why a step of a filing order is refused (domain.md §1.0: withdrawal until the order reaches the 管局,
// S4), and what a typed 备案授权码 / 备案服务号 must carry: the exact words the operator reads.
import { describe, expect, it } from 'vitest';
import { authCodeInputProblems, authCodeState } from '../../../main/filings/authCodes';
import { isOpen, transitionProblem, type TransitionContext } from '../../../main/filings/stateMachine';

const sms: TransitionContext = { type: '首次备案', smsProvince: true };
const noSms: TransitionContext = { type: '首次备案', smsProvince: false };

describe('refused order steps', () => {
  it('an order at the 管局 can be neither withdrawn nor abandoned (S4)', () => {
    for (const from of ['管局审核中', '待短信核验'] as const) {
      expect(transitionProblem(from, '已撤回', sms)).toBe('已提交管局的订单不能撤回或放弃（S4）');
      expect(transitionProblem(from, '已放弃', sms)).toBe('已提交管局的订单不能撤回或放弃（S4）');
    }
  });

  it('a closed order says it is closed whatever the step asked', () => {
    expect(transitionProblem('已放弃', '待提交', sms)).toBe('订单已放弃，如需继续请新建订单');
    expect(transitionProblem('已撤回', '初审中', sms)).toBe('订单已撤回，如需继续请新建订单');
    expect(transitionProblem('已通过', '已撤回', sms)).toBe('订单已通过，不能再变更状态');
  });

  it('any other step not on the machine lists only the steps this order can take', () => {
    // at the 管局 an order can only be decided: the closed-order words do not apply to it
    expect(transitionProblem('管局审核中', '草稿', sms)).toBe('订单处于“管局审核中”，不能直接改为“草稿”；可改为：已通过、管局驳回');
    // 复审 in a province without SMS check: the SMS step is not offered
    expect(transitionProblem('复审中', '草稿', noSms)).toBe('订单处于“复审中”，不能直接改为“草稿”；可改为：管局审核中、待拍照核验、已撤回');
    expect(transitionProblem('复审中', '草稿', sms)).toBe('订单处于“复审中”，不能直接改为“草稿”；可改为：待短信核验、待拍照核验、已撤回');
    // a cancellation skips the photo
    expect(transitionProblem('初审中', '草稿', { type: '注销网站', smsProvince: false })).toBe('订单处于“初审中”，不能直接改为“草稿”；可改为：管局审核中、初审驳回、已撤回');
  });
});

describe('open orders', () => {
  it('an order is open until it is approved, abandoned or withdrawn; a 管局驳回 order waits for the next attempt', () => {
    expect((['已通过', '已放弃', '已撤回'] as const).map(isOpen)).toEqual([false, false, false]);
    expect((['草稿', '初审驳回', '管局审核中', '管局驳回'] as const).map(isOpen)).toEqual([true, true, true, true]);
  });
});

describe('typed 备案授权码', () => {
  it('names the field and the kind in each problem', () => {
    expect(authCodeInputProblems({ kind: '备案服务号', code: '  ', resource: ' ', expiresOn: '' })).toEqual([
      { path: ['code'], message: '请填写备案服务号' },
      { path: ['resource'], message: '请填写备案服务号对应的资源（如云服务器实例 ID 或公网 IP）' },
      { path: ['expiresOn'], message: '请填写备案服务号的有效期至' },
    ]);
    expect(authCodeInputProblems({ kind: '备案授权码', code: 'x'.repeat(65), resource: 'ins-1', expiresOn: '2027/01/01' })).toEqual([
      { path: ['code'], message: '备案授权码不能超过 64 个字符' },
      { path: ['expiresOn'], message: '有效期至应为日期 YYYY-MM-DD' },
    ]);
  });

  it('64 characters are allowed, counted without the spaces around them', () => {
    expect(authCodeInputProblems({ kind: '备案授权码', code: 'x'.repeat(64), resource: 'ins-1', expiresOn: '2027-01-01' })).toEqual([]);
    expect(authCodeInputProblems({ kind: '备案授权码', code: ` ${'x'.repeat(64)} `, resource: 'ins-1', expiresOn: '2027-01-01' })).toEqual([]);
  });

  it('a stored expiry that cannot be read is treated as expired, never as valid', () => {
    const today = new Date(2026, 11, 4, 10, 0);
    expect(authCodeState('长期', today, 30)).toEqual({ state: 'expired', daysLeft: -1 });
    expect(authCodeState('', today, 30)).toEqual({ state: 'expired', daysLeft: -1 });
  });
});
