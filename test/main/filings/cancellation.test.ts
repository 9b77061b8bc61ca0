// What the operator is told before confirming a 注销 or 取消接入 (seed 004), and which types need the
// 主体's 备案密码.
import { describe, expect, it } from 'vitest';
import { consequenceOf, NEEDS_FILING_PASSWORD } from '../../../main/filings/cancellation';

describe('cancellations', () => {
  it('say that a submitted 注销 or 取消接入 cannot be taken back, and what stops working', () => {
    expect(consequenceOf('注销主体')).toMatch(/^注销主体将把该主体以及主体下的所有网站从管局备案中注销.*无法撤回/);
    expect(consequenceOf('注销网站')).toMatch(/^注销后，该网站下的所有域名将不能访问.*不可撤回/);
    expect(consequenceOf('取消接入')).toMatch(/^取消接入后，若网站没有其他接入商，管局可能注销其备案号.*无法撤回/);
  });

  it('have no such warning for other types', () => {
    for (const t of ['首次备案', '变更主体', '公安备案', 'anything']) expect(consequenceOf(t), t).toBeNull();
  });

  it('need the 备案密码 for 注销主体 and 接入备案 only', () => {
    expect([...NEEDS_FILING_PASSWORD].sort()).toEqual(['接入备案', '注销主体'].sort());
  });
});
