// 证件有效期 and 营业期限 as the record holds them (YYYY-MM-DD or 长期), read against a day.
import { chinaDay, daysBetween, isCalendarDay } from './dates';

/** Days before expiry from which a certificate warns: an order takes weeks (管局审核 3–20 working days). */
export const DEFAULT_VALIDITY_WARN_DAYS = 30;

export const LONG_TERM = '长期';

export type Validity = { state: 'longTerm' | 'missing' | 'unreadable' } | { state: 'expired' | 'expiring' | 'valid'; validTo: string; daysLeft: number };

/**
 * A certificate valid through `validTo` (inclusive) seen on `today`: expired the day after, expiring when
 * fewer than `warnDays` days are left. `today` is the China day of that instant.
 */
export function validityOn(validTo: string | null | undefined, today: Date, warnDays: number): Validity {
  const v = (validTo ?? '').trim();
  if (!v) return { state: 'missing' };
  if (v === LONG_TERM) return { state: 'longTerm' };
  if (!isCalendarDay(v)) return { state: 'unreadable' };
  const daysLeft = daysBetween(chinaDay(today), v);
  if (daysLeft < 0) return { state: 'expired', validTo: v, daysLeft };
  return { state: daysLeft < warnDays ? 'expiring' : 'valid', validTo: v, daysLeft };
}
