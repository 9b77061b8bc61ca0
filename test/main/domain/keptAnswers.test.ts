import { describe, expect, it } from 'vitest';
import { keptAnswers } from '../../../main/domain/keptAnswers';

describe('keptAnswers', () => {
  it('works each answer out once and gives it again, null included', () => {
    const asked: string[] = [];
    const lengthOrNull = keptAnswers((s: string) => (asked.push(s), s ? s.length : null));
    expect([lengthOrNull('abc'), lengthOrNull(''), lengthOrNull('abc'), lengthOrNull('')]).toEqual([3, null, 3, null]);
    expect(asked).toEqual(['abc', '']);
  });

  it('keeps at most its bound of answers: once full it forgets them all and works them out again', () => {
    const asked: string[] = [];
    const upper = keptAnswers((s: string) => (asked.push(s), s.toUpperCase()), 2);
    for (const s of ['a', 'b', 'a', 'c', 'a', 'b']) expect(upper(s)).toBe(s.toUpperCase());
    // a, b kept; c finds it full: forgets both, keeps c; a again (kept beside c); b finds it full again
    expect(asked).toEqual(['a', 'b', 'c', 'a', 'b']);
  });
});
