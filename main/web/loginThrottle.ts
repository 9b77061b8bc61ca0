// Wrong logins counted per network address (in memory, per server process): one machine trying passwords
// across many accounts is slowed down before it has tried more than a handful on each.
//
// A login is counted as a failure when it starts (reserve), not when its password check ends: the check
// takes a while (scrypt), and attempts sent at once would all pass a check made before any of them was
// counted. An attempt that turns out not to be a wrong login (the right password, a malformed or failed
// request) hands its reservation back (release). One process, one thread: reserve checks and counts
// without an await between, so no number of concurrent attempts gets past the limit.
import { ADDRESS_MAX_FAILURES, ADDRESS_WINDOW_MINUTES } from '../domain/accounts';
import { chinaClockTime } from '../domain/dates';

/** Addresses remembered at most: an attacker rotating addresses must not grow the map without bound. */
const MAX_ADDRESSES = 10_000;

/** One login attempt allowed to go on: counted as a failure until released. */
export interface LoginReservation {
  /** The attempt was not a wrong login: take it off the count again. Once only; later calls do nothing. */
  release(): void;
}

export interface LoginThrottle {
  /** The Chinese refusal for this address now, or null when it may try. */
  refusal(address: string): string | null;
  /** Counts a wrong login now. */
  recordFailure(address: string): void;
  /**
   * What a login does before it tries the password: the refusal when the address has no attempt left
   * (counting attempts still under way), else a reservation, counted as a failure from now on.
   */
  reserve(address: string): { refusal: string } | { refusal: null; reservation: LoginReservation };
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
  const refusal = (address: string): string | null => {
    const times = recent(address);
    if (times.length < ADDRESS_MAX_FAILURES) return null;
    const until = new Date(times[times.length - ADDRESS_MAX_FAILURES]! + windowMs).toISOString();
    return `此电脑 ${ADDRESS_WINDOW_MINUTES} 分钟内登录失败已达 ${ADDRESS_MAX_FAILURES} 次，暂停登录：请于 ${chinaClockTime(until)}（北京时间）后再试`;
  };
  const recordFailure = (address: string): number => {
    const times = recent(address);
    const at = now();
    failures.delete(address);
    failures.set(address, [...times, at]);
    while (failures.size > MAX_ADDRESSES) failures.delete(failures.keys().next().value!);
    return at;
  };
  return {
    refusal,
    recordFailure(address) {
      recordFailure(address);
    },
    reserve(address) {
      const refused = refusal(address);
      if (refused) return { refusal: refused };
      const at = recordFailure(address);
      let released = false;
      return {
        refusal: null,
        reservation: {
          release() {
            if (released) return;
            released = true;
            // the entry may be gone already (out of the window, or the address forgotten beyond MAX_ADDRESSES)
            const times = failures.get(address);
            const i = times?.indexOf(at) ?? -1;
            if (i < 0) return;
            times!.splice(i, 1);
            if (!times!.length) failures.delete(address);
          },
        },
      };
    },
  };
}
