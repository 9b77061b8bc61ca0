// Days and clock times as the agency, its clients and the filing platforms read them: China time.
// The store keeps instants as ISO UTC (`ctx.now()`); whenever a calendar day is taken from an instant
// (服务结束日期, a filed day, a retention due day, a backup name, "today" for a certificate's validity)
// it is the Asia/Shanghai day, whatever time zone the machine running the desk is set to — between
// 00:00 and 08:00 China time the UTC day is still yesterday. Days (YYYY-MM-DD) are plain calendar days:
// arithmetic on them never involves a time zone.
import dayjs from 'dayjs';
// The .js suffix: Node's ESM loader finds dayjs's plugin files (no exports map) only by their full name.
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DESK_TIME_ZONE = 'Asia/Shanghai';

/** An instant: an ISO timestamp, epoch milliseconds or a Date. */
export type Instant = string | number | Date;

const DAY_FORMAT = 'YYYY-MM-DD';

const inChina = (t: Instant) => dayjs(t).tz(DESK_TIME_ZONE);
/** A calendar day as UTC midnight: arithmetic without any time zone or daylight saving in the way. */
const calendar = (day: string) => dayjs.utc(day);

/**
 * The day parts of an instant in China, from one Intl formatter made once. chinaDay runs for every rule
 * that reads "today" (ages, validity, birth dates), many times per client: through dayjs's tz(), which
 * builds and reformats moments on each call, it was half the time of checking a 10 000-row import.
 * Intl holds the same zone data dayjs's tz() reads; the test compares the two across the zone's history.
 */
const chinaDayParts = new Intl.DateTimeFormat('en-US', { timeZone: DESK_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
/** ISO UTC text, as the store keeps instants: parsed alike by Date and dayjs (other text is left to dayjs). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

// the last instant's day: a check asks it of the same "today" for every rule and client (check-all: millions of times)
let lastChinaDay: { ms: number; day: string } | null = null;

/** The China calendar day (YYYY-MM-DD) an instant falls on: 2026-03-01T17:30:00Z → 2026-03-02. */
export function chinaDay(t: Instant): string {
  const ms = typeof t === 'number' ? t : t instanceof Date ? t.getTime() : ISO_UTC.test(t) ? Date.parse(t) : NaN;
  if (Number.isFinite(ms)) {
    if (lastChinaDay?.ms === ms) return lastChinaDay.day;
    let year = '';
    let month = '';
    let day = '';
    for (const p of chinaDayParts.formatToParts(ms)) {
      if (p.type === 'year') year = p.value;
      else if (p.type === 'month') month = p.value;
      else if (p.type === 'day') day = p.value;
    }
    if (/^\d{4}$/.test(year)) {
      lastChinaDay = { ms, day: `${year}-${month}-${day}` };
      return lastChinaDay.day;
    }
  }
  return inChina(t).format(DAY_FORMAT);
}

/** The instant (ISO UTC) a China day begins: 2026-03-02 → 2026-03-01T16:00:00.000Z. */
export function chinaDayStart(day: string): string {
  return dayjs.tz(day, DESK_TIME_ZONE).toISOString();
}

/** The last instant (ISO UTC, to the millisecond) of a China day: 2026-03-31 → 2026-03-31T15:59:59.999Z. A day-long deadline ends there. */
export function chinaDayEnd(day: string): string {
  return new Date(Date.parse(chinaDayStart(addDays(day, 1))) - 1).toISOString();
}

/**
 * The date and time parts in China, from one Intl formatter made once, as chinaDay. The client list shows
 * an 更新时间 for every row: through dayjs's tz(), which builds an Intl formatter on each call, the column
 * took more of the list's first render than any other cell.
 */
const chinaTimeParts = new Intl.DateTimeFormat('en-US', { timeZone: DESK_TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Date and clock time in China, as the operator reads it: 2026-03-02 01:30 (with seconds on request). */
export function chinaDateTime(t: Instant, withSeconds = false): string {
  const ms = typeof t === 'number' ? t : t instanceof Date ? t.getTime() : ISO_UTC.test(t) ? Date.parse(t) : NaN;
  if (Number.isFinite(ms)) {
    const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const p of chinaTimeParts.formatToParts(ms)) part[p.type] = p.value;
    if (/^\d{4}$/.test(part.year ?? '')) return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}${withSeconds ? `:${part.second}` : ''}`;
  }
  return inChina(t).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

/** Clock time in China: 01:30. */
export function chinaClockTime(t: Instant): string {
  return inChina(t).format('HH:mm');
}

/** A stamp for file names, China time: 20260302-013000. */
export function fileStamp(t: Instant): string {
  return inChina(t).format('YYYYMMDD-HHmmss');
}

/**
 * A text written as /^(\d{4})-(\d{2})-(\d{2})$/ reads it (four, two and two ASCII digits between hyphens, nothing
 * else) as the number YYYYMMDD, else -1: read character by character, without the match and its three parts the
 * pattern's exec made
 * (the validity and birth-date rules ask this several times a client of a check-all).
 */
function dayDigits(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return -1;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Whether the year, month and day are a real calendar day (2026-02-30 is not). */
function realDay(year: number, month: number, day: number): boolean {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  // years before 100 were never a calendar day here (Date and dayjs read them as 19xx): kept so
  return year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** Whether text is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(text: string): boolean {
  // plain Gregorian arithmetic (every rule reading a birth date asks this): no moment parsed per call
  const n = dayDigits(text);
  return n >= 0 && realDay(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
}

/** A calendar day plus (or minus) whole days. */
export function addDays(day: string, days: number): string {
  return calendar(day).add(days, 'day').format(DAY_FORMAT);
}

/** A calendar day plus whole months, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(day: string, months: number): string {
  return calendar(day).add(months, 'month').format(DAY_FORMAT);
}

/** Whole days from one calendar day to another (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  // two calendar days (what the validity rules ask for every client): plain UTC arithmetic, the same whole
  // days as dayjs's diff of the two UTC midnights, without two moments parsed per call
  const a = dayDigits(from);
  const b = dayDigits(to);
  if (a >= 0 && b >= 0 && isCalendarDay(from) && isCalendarDay(to)) {
    return (Date.UTC(Math.floor(b / 10000), (Math.floor(b / 100) % 100) - 1, b % 100) - Date.UTC(Math.floor(a / 10000), (Math.floor(a / 100) % 100) - 1, a % 100)) / 86_400_000;
  }
  return calendar(to).diff(calendar(from), 'day');
}
