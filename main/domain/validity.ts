// 证件有效期 and 营业期限 as the record holds them (YYYY-MM-DD or 长期), read against a day.

/** Days before expiry from which a certificate warns: an order takes weeks (管局审核 3–20 working days). */
export const DEFAULT_VALIDITY_WARN_DAYS = 30;

export const LONG_TERM = '长期';

const DAY_MS = 86_400_000;

/** The calendar day of a Date in local time, as YYYY-MM-DD. */
export function dayOf(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export type Validity = { state: 'longTerm' | 'missing' | 'unreadable' } | { state: 'expired' | 'expiring' | 'valid'; validTo: string; daysLeft: number };

/**
 * A certificate valid through `validTo` (inclusive) seen on `today`: expired the day after, expiring when
 * fewer than `warnDays` days are left.
 */
export function validityOn(validTo: string | null | undefined, today: Date, warnDays: number): Validity {
  const v = (validTo ?? '').trim();
  if (!v) return { state: 'missing' };
  if (v === LONG_TERM) return { state: 'longTerm' };
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return { state: 'unreadable' };
  const end = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const check = new Date(end);
  if (check.getUTCMonth() !== Number(m[2]) - 1 || check.getUTCDate() !== Number(m[3])) return { state: 'unreadable' };
  const t = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const daysLeft = Math.round((end - t) / DAY_MS);
  if (daysLeft < 0) return { state: 'expired', validTo: v, daysLeft };
  return { state: daysLeft < warnDays ? 'expiring' : 'valid', validTo: v, daysLeft };
}
