import { describe, expect, it } from 'vitest';
import { ADDRESS_MAX_FAILURES, ADDRESS_WINDOW_MINUTES } from '../../../main/domain/accounts';
import { createLoginThrottle } from '../../../main/web/loginThrottle';

describe('wrong logins counted per network address', () => {
  it('lets an address try until its 20th wrong login in 15 minutes, then refuses it until the oldest falls out', () => {
    expect([ADDRESS_MAX_FAILURES, ADDRESS_WINDOW_MINUTES]).toEqual([20, 15]);
    let now = Date.parse('2026-12-05T02:00:00Z');
    const throttle = createLoginThrottle(() => now);
    for (let i = 0; i < 19; i++) {
      throttle.recordFailure('192.168.1.20');
      now += 1000;
    }
    expect(throttle.refusal('192.168.1.20')).toBeNull();
    throttle.recordFailure('192.168.1.20');
    // the first failure was at 10:00:00 Beijing time: the address may try again at 10:15
    expect(throttle.refusal('192.168.1.20')).toBe('此电脑 15 分钟内登录失败已达 20 次，暂停登录：请于 10:15（北京时间）后再试');
    // another desk on the same LAN is not affected
    expect(throttle.refusal('192.168.1.21')).toBeNull();
    now = Date.parse('2026-12-05T02:15:00Z') - 1;
    expect(throttle.refusal('192.168.1.20')).not.toBeNull();
    now = Date.parse('2026-12-05T02:15:00Z') + 1;
    expect(throttle.refusal('192.168.1.20')).toBeNull();
  });

  it('counts a login as it starts, so attempts under way use up the address too, and hands back one released', () => {
    const now = Date.parse('2026-12-05T02:00:00Z');
    const throttle = createLoginThrottle(() => now);
    const attempts = Array.from({ length: ADDRESS_MAX_FAILURES }, () => throttle.reserve('192.168.1.20'));
    expect(attempts.every((a) => a.refusal === null)).toBe(true);
    // 20 passwords being checked: the 21st is refused before its own
    expect(throttle.reserve('192.168.1.20').refusal).toMatch(/^此电脑 15 分钟内登录失败已达 20 次/);
    // one of them was the right password: its place is free again, once
    const first = attempts[0]!;
    if (first.refusal !== null) throw new Error('reserved above');
    first.reservation.release();
    first.reservation.release();
    const next = throttle.reserve('192.168.1.20');
    expect(next.refusal).toBeNull();
    expect(throttle.reserve('192.168.1.20').refusal).not.toBeNull();
  });

  it('forgets the stalest addresses beyond 10 000, so rotating addresses cannot grow it without bound', () => {
    const now = Date.parse('2026-12-05T02:00:00Z');
    const throttle = createLoginThrottle(() => now);
    for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) throttle.recordFailure('10.0.0.1');
    expect(throttle.refusal('10.0.0.1')).not.toBeNull();
    for (let i = 0; i < 10_000; i++) throttle.recordFailure(`10.1.${i >> 8}.${i & 255}`);
    // 10.0.0.1 was the stalest entry and has been dropped
    expect(throttle.refusal('10.0.0.1')).toBeNull();
  });
});
