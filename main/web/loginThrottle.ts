// Wrong logins counted per network address (in memory, per server process): one machine trying passwords
// across many accounts is slowed down before it has tried more than a handful on each.
import { ADDRESS_MAX_FAILURES, ADDRESS_WINDOW_MINUTES } from '../domain/accounts';
import { chinaClockTime } from '../domain/dates';

/** Addresses remembered at most: an attacker rotating addresses must not grow the map without bound. */
const MAX_ADDRESSES = 10_000;

export interface LoginThrottle {
  /** The Chinese refusal for this address now, or null when it may try. */
  refusal(address: string): string | null;
  recordFailure(address: string): void;
}

export function createLoginThrottle(now: () => number = Date.now): LoginThrottle {
  const windowMs = ADDRESS_WINDOW_MINUTES * 60_000;
  // failure times per address, oldest first; Map keeps insertion order, so the first key is the stalest
  const failures = new Map<string, number[]>();
  const recent = (address: string): number[] => {
    const since = now() - windowMs;
    const times = (failures.get(address) ?? []).filter((t) => t > since);
    if (times.length) failures.set(address, times);
    else failures.delete(address);
    return times;
  };
  return {
    refusal(address) {
      const times = recent(address);
      if (times.length < ADDRESS_MAX_FAILURES) return null;
      const until = new Date(times[times.length - ADDRESS_MAX_FAILURES]! + windowMs).toISOString();
      return `此电脑 ${ADDRESS_WINDOW_MINUTES} 分钟内登录失败已达 ${ADDRESS_MAX_FAILURES} 次，暂停登录：请于 ${chinaClockTime(until)}（北京时间）后再试`;
    },
    recordFailure(address) {
      const times = recent(address);
      failures.delete(address);
      failures.set(address, [...times, now()]);
      while (failures.size > MAX_ADDRESSES) failures.delete(failures.keys().next().value!);
    },
  };
}
