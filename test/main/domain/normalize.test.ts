// One normalisation of typed numbers before any check: full-width → ASCII, spaces and hyphens dropped,
// x → X. The schemas (API, CLI import), the form validators and the rule reader all go through it.
import { describe, expect, it } from 'vitest';
import { normalizeNumber } from '../../../main/domain/identifiers';
import { certNumberProblem, mobileField, personFieldsSchema } from '../../../main/domain/schemas';
import { toDraft } from '../../../main/rules/draft';
import { validateValue } from '../../../main/rules/validate';
import { personId } from '../../fixtures/records';

const ID = personId(11);
const fullWidth = (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');

describe('normalizeNumber', () => {
  it.each([
    ['full-width digits and X', fullWidth(ID), ID],
    ['spaces between groups', `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`, ID],
    ['ideographic spaces', `${ID.slice(0, 6)}\u3000${ID.slice(6)}`, ID],
    ['hyphens, full-width and typographic', `${ID.slice(0, 6)}-${ID.slice(6, 14)}－${ID.slice(14)}`.replace('-', '\u2014'), ID],
    ['lower-case x', '11010519491231002x', '11010519491231002X'],
    ['a passport number in lower case', 'e1234５６７８', 'E12345678'],
  ])('%s', (_what, typed, expected) => {
    expect(normalizeNumber(typed)).toBe(expected);
  });
});

describe('every entry point normalises the same way', () => {
  const person = (certNumber: string, certType = '居民身份证') => ({ name: '王端', certType, certNumber, mobile: '１３８ １２３４ ５６７８', email: 'w@example.cn' });

  it('the person schema stores a full-width ID and mobile as ASCII', () => {
    const p = personFieldsSchema.parse(person(fullWidth(ID)));
    expect(p.certNumber).toBe(ID);
    expect(p.mobile).toBe('13812345678');
  });

  it('the form validator accepts what the schema accepts, for any 证件类型', () => {
    expect(certNumberProblem('居民身份证', fullWidth(ID))).toBeNull();
    expect(certNumberProblem('护照', fullWidth('E12345678'))).toBeNull();
    expect(certNumberProblem('港澳居民来往内地通行证', 'h 1234 5678')).toBeNull();
    expect(personFieldsSchema.safeParse(person(fullWidth('E12345678'), '护照')).success).toBe(true);
  });

  it('still refuses what normalisation cannot make valid', () => {
    expect(certNumberProblem('护照', 'E12345678!')).toContain('只能包含数字、字母和括号');
    expect(certNumberProblem('居民身份证', fullWidth(ID).slice(0, 17))).not.toBeNull();
    expect(mobileField.safeParse('１２３４５').success).toBe(false);
  });

  it('the rule reader (live findings, CLI check) sees the same number', () => {
    const { draft } = toDraft({ people: [{ id: 'p1', certType: '居民身份证', certNumber: fullWidth(ID), mobile: '１３８-１２３４-５６７８' }] });
    expect(draft.people[0]!.certNumber).toBe(ID);
    expect(draft.people[0]!.mobile).toBe('13812345678');
  });

  it('the CLI validate command accepts a full-width ID', () => {
    expect(validateValue('id', fullWidth(ID)).filter((f) => f.severity === 'error')).toEqual([]);
  });
});
