// Days are China days whatever the machine's time zone: 16:00 UTC is already midnight of the next day
// in Shanghai. These hold under any TZ the shell sets (run them with TZ=America/New_York too).
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, chinaClockTime, chinaDateTime, chinaDay, chinaDayEnd, chinaDayStart, daysBetween, fileStamp, isCalendarDay } from '../../../main/domain/dates';
import { checkResidentId } from '../../../main/domain/identifiers';
import { validityOn } from '../../../main/domain/validity';
import { ageOn } from '../../../main/rules/facts';

dayjs.extend(utc);
dayjs.extend(timezone);

describe('the China day of an instant', () => {
  it('turns over at 16:00 UTC, not at UTC midnight', () => {
    expect(chinaDay('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(chinaDay('2026-03-01T16:00:00Z')).toBe('2026-03-02');
    expect(chinaDay('2026-03-01T17:30:00Z')).toBe('2026-03-02');
    expect(chinaDay('2026-03-02T15:59:59Z')).toBe('2026-03-02');
  });

  it('takes ISO text, epoch milliseconds and Dates alike', () => {
    const t = Date.parse('2026-12-31T16:30:00Z');
    expect([chinaDay(t), chinaDay(new Date(t)), chinaDay(new Date(t).toISOString())]).toEqual(['2027-01-01', '2027-01-01', '2027-01-01']);
  });

  it('is the day dayjs reads in Asia/Shanghai for any instant, daylight saving of 1986–1991 and all', () => {
    const byDayjs = (t: number) => dayjs(t).tz('Asia/Shanghai').format('YYYY-MM-DD');
    const instants: number[] = [];
    // strides off a whole day, so the instants walk through every hour: China kept summer time in 1986–1991
    for (let t = Date.UTC(1986, 0, 1); t < Date.UTC(1992, 0, 1); t += (3 * 24 * 60 + 77) * 60_000) instants.push(t);
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2100, 0, 1); t += (97 * 24 * 60 + 313) * 60_000) instants.push(t);
    const wrong = instants.filter((t) => {
      const day = byDayjs(t);
      return chinaDay(t) !== day || chinaDay(new Date(t)) !== day || chinaDay(new Date(t).toISOString()) !== day;
    });
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
    expect(instants.length).toBeGreaterThan(1_400);
  });

  it('starts a China day at 16:00 UTC of the day before, kept as ISO UTC', () => {
    expect(chinaDayStart('2026-03-02')).toBe('2026-03-01T16:00:00.000Z');
    expect(chinaDayStart('2027-01-01')).toBe('2026-12-31T16:00:00.000Z');
    expect(chinaDay(chinaDayStart('2026-03-02'))).toBe('2026-03-02');
    expect(chinaDay(Date.parse(chinaDayStart('2026-03-02')) - 1)).toBe('2026-03-01');
  });

  it('ends a China day at the millisecond before the next one starts, across a month and a year', () => {
    expect(chinaDayEnd('2026-03-31')).toBe('2026-03-31T15:59:59.999Z');
    expect(chinaDayEnd('2026-12-31')).toBe('2026-12-31T15:59:59.999Z');
    expect(chinaDay(chinaDayEnd('2026-02-28'))).toBe('2026-02-28');
    expect(chinaDay(Date.parse(chinaDayEnd('2026-02-28')) + 1)).toBe('2026-03-01');
  });
});

describe('China clock time', () => {
  it('shows the date and time an operator in China reads', () => {
    expect(chinaDateTime('2026-03-01T17:30:00Z')).toBe('2026-03-02 01:30');
    expect(chinaDateTime('2026-03-01T17:30:05Z', true)).toBe('2026-03-02 01:30:05');
    expect(chinaClockTime('2026-03-01T23:05:00Z')).toBe('07:05');
  });

  it('is the date and time dayjs reads in Asia/Shanghai for any instant, midnight as 00:00, summer time of 1986–1991 and all', () => {
    const byDayjs = (t: number, seconds: boolean) => dayjs(t).tz('Asia/Shanghai').format(seconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
    const instants: number[] = [Date.UTC(2026, 2, 1, 16, 0, 0), Date.UTC(2026, 11, 31, 15, 59, 59)];
    for (let t = Date.UTC(1986, 0, 1); t < Date.UTC(1992, 0, 1); t += (3 * 24 * 60 + 77) * 60_000 + 7_000) instants.push(t);
    for (let t = Date.UTC(1950, 0, 1); t < Date.UTC(2100, 0, 1); t += (97 * 24 * 60 + 313) * 60_000 + 13_000) instants.push(t);
    const wrong = instants.filter((t) =>
      [false, true].some((seconds) => {
        const shown = byDayjs(t, seconds);
        return chinaDateTime(t, seconds) !== shown || chinaDateTime(new Date(t), seconds) !== shown || chinaDateTime(new Date(t).toISOString(), seconds) !== shown;
      }),
    );
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
    expect(chinaDateTime('2026-03-01T16:00:00Z')).toBe('2026-03-02 00:00');
    expect(instants.length).toBeGreaterThan(1_000);
  });

  it('stamps file names with the China date and time to the second', () => {
    expect(fileStamp('2026-12-31T16:00:00Z')).toBe('20270101-000000');
    expect(fileStamp('2026-01-04T23:08:09Z')).toBe('20260105-070809');
  });
});

describe('calendar days', () => {
  it('adds days across month and year ends and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -30)).toBe('2026-01-30');
  });

  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-15', 24)).toBe('2027-11-15');
  });

  it('counts whole days between two days, negative backwards', () => {
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(daysBetween('2026-03-02', '2026-03-01')).toBe(-1);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });

  it('counts the same whole days as dayjs over leap years, centuries and long spans, and reads other text as dayjs does', () => {
    const days = ['0100-03-01', '1899-12-31', '1900-02-28', '1900-03-01', '1999-12-31', '2000-02-29', '2000-03-01', '2024-02-29', '2026-12-05', '2100-02-28', '2100-03-01', '9999-12-31'];
    for (const from of days) for (const to of days) expect(daysBetween(from, to)).toBe(dayjs.utc(to).diff(dayjs.utc(from), 'day'));
    for (let i = 0; i < 2000; i++) {
      const from = new Date(Date.UTC(1950, 0, 1) + i * 7_776_000_017).toISOString().slice(0, 10);
      const to = new Date(Date.UTC(2030, 5, 15) - i * 5_184_000_013).toISOString().slice(0, 10);
      expect(daysBetween(from, to)).toBe(dayjs.utc(to).diff(dayjs.utc(from), 'day'));
    }
    // not two calendar days: as dayjs reads them (years before 100 as 19xx, an instant's time of day counted)
    for (const [from, to] of [['0099-01-01', '2026-01-01'], ['2026-02-30', '2026-03-05'], ['2026-03-01T20:00:00Z', '2026-03-03']]) {
      expect(daysBetween(from!, to!)).toBe(dayjs.utc(to).diff(dayjs.utc(from), 'day'));
    }
  });

  it('knows real calendar days from look-alikes', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-04-31')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026-00-10')).toBe(false);
    expect(isCalendarDay('2026-1-5')).toBe(false);
    expect(isCalendarDay('长期')).toBe(false);
  });

  it('reads a day character by character exactly as the pattern /^(\\d{4})-(\\d{2})-(\\d{2})$/ and Gregorian arithmetic did', () => {
    const byPattern = (text: string): boolean => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!m) return false;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
      return y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31);
    };
    // look-alikes: other digits (full-width, Arabic-Indic), other dashes, a trailing newline, a character either side
    const odd = ['２０２６-01-01', '2026-01/01', '2026x01-01', '2026-01x01', '2026－01－01', '2026/01/01', '2026-01-01\n', ' 2026-01-01', '2026-01-01 ', '2026-01-0١', '20260-1-01', '2026-01-1a', '2026-:1-01', '2026-/1-01', '', '0000-00-00', '0100-01-01', '0099-12-31', '1900-02-29', '2000-02-29', '2100-02-29'];
    let seed = 11;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const days: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const y = String(next() % 2200).padStart(4, '0');
      const m = String(next() % 14).padStart(2, '0');
      const d = String(next() % 33).padStart(2, '0');
      days.push(`${y}-${m}-${d}`);
    }
    for (const text of [...odd, ...days]) expect([text, isCalendarDay(text)]).toEqual([text, byPattern(text)]);
    for (let i = 0; i < 300; i++) {
      const [from, to] = [days[i]!, days[i + 1]!];
      expect([from, to, daysBetween(from, to)]).toEqual([from, to, dayjs.utc(to).diff(dayjs.utc(from), 'day')]);
    }
  });
});

describe('"today" in the rules is the China day', () => {
  const chinaMorning = new Date('2026-03-01T17:30:00Z'); // 2026-03-02 01:30 in China

  it('reads a certificate valid through 2026-03-01 as expired at 01:30 China time on 2026-03-02', () => {
    expect(validityOn('2026-03-01', chinaMorning, 30)).toMatchObject({ state: 'expired', daysLeft: -1 });
    expect(validityOn('2026-03-02', chinaMorning, 30)).toMatchObject({ state: 'expiring', daysLeft: 0 });
  });

  it('has a person born 2008-03-02 turn 18 as the China day begins', () => {
    expect(ageOn('2008-03-02', chinaMorning)).toBe(18);
    expect(ageOn('2008-03-02', new Date('2026-03-01T15:59:00Z'))).toBe(17);
  });

  it('accepts a 身份证号 whose birth date is today in China, refuses tomorrow', () => {
    // 11010520260302xxxx: born 2026-03-02, the China day of chinaMorning
    const born = (day: string) => {
      const body = `110105${day.replaceAll('-', '')}123`;
      const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
      return body + '10X98765432'[sum % 11]!;
    };
    expect(checkResidentId(born('2026-03-02'), chinaMorning)).toMatchObject({ ok: true, info: { birthDate: '2026-03-02' } });
    expect(checkResidentId(born('2026-03-03'), chinaMorning)).toEqual({ ok: false, problem: 'birthDate' });
    expect(checkResidentId(born('2026-02-30'), chinaMorning)).toEqual({ ok: false, problem: 'birthDate' });
  });
});
