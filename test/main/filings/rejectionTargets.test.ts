// What a rejection (初审驳回 / 管局驳回) points at: one field of the 主体, a 负责人 or a website, or one
// material slot of the order, and which catalog reasons fit which target (resources/data/rejectionReasons.json).
import { describe, expect, it } from 'vitest';
import {
  fieldLabel,
  formatTarget,
  kindProblem,
  loadRejectionCatalog,
  parseReasonArg,
  parseTarget,
  rejectionKind,
  REJECTION_KINDS,
  targetClass,
  type RejectionTarget,
} from '../../../main/filings/rejectionReasons';
import catalog from '../../../resources/data/rejectionReasons.json';

describe('rejection targets', () => {
  it.each<[string, RejectionTarget, string]>([
    ['entity.mailingAddress', { scope: 'entity', field: 'mailingAddress' }, '通信地址'],
    ['person.3.certNumber', { scope: 'person', id: 3, field: 'certNumber' }, '证件号码'],
    ['website.7.name', { scope: 'website', id: 7, field: 'name' }, '网站名称'],
    ['slot.website:7:curtain', { scope: 'slot', slot: 'website:7:curtain' }, '材料'],
    ['slot.entity:licence', { scope: 'slot', slot: 'entity:licence' }, '材料'],
    ['person.12.email', { scope: 'person', id: 12, field: 'email' }, '电子邮箱'],
  ])('%s reads as its target and back, labelled %s', (text, target, label) => {
    expect(parseTarget(text)).toEqual(target);
    expect(parseTarget(`  ${text} `)).toEqual(target);
    expect(formatTarget(target)).toBe(text);
    expect(fieldLabel(target)).toBe(label);
  });

  it.each([
    'entity.nature', // not a field a reason can point at
    'entity.',
    'xentity.name',
    'entity.name.x',
    'person.x.name',
    'person.3.mobilePhone',
    'person.3.',
    'website.7.owner',
    'website.name',
    'slot.',
    'slot.Website:7',
    'slot.website:7:curtain!',
    'xslot.website:7:curtain',
    'site.7.name',
    'xperson.3.name',
    'person.3.name.x',
    '',
  ])('%j is refused', (text) => {
    expect(parseTarget(text)).toBeNull();
  });

  it('labels the fields of each scope by their own names', () => {
    expect(fieldLabel({ scope: 'entity', field: 'certNumber' })).toBe('主体证件号码');
    expect(fieldLabel({ scope: 'person', id: 1, field: 'certNumber' })).toBe('证件号码');
    expect(fieldLabel({ scope: 'website', id: 1, field: 'remark' })).toBe('网站备注');
  });
});

describe('rejection reasons fit their targets', () => {
  it('the catalog key of a target: scope and field, or the slot’s material kind', () => {
    expect(targetClass({ scope: 'person', id: 3, field: 'mobile' }, null)).toBe('person.mobile');
    expect(targetClass({ scope: 'slot', slot: 'website:7:curtain' }, 'curtain')).toBe('slot:curtain');
    expect(targetClass({ scope: 'slot', slot: 'website:7:gone' }, null)).toBe('slot:');
  });

  it('a reason applies where its catalog entry says, 其他 anywhere, and says so when it does not', () => {
    const curtain = rejectionKind('curtain-person-unclear')!;
    const slot: RejectionTarget = { scope: 'slot', slot: 'website:7:curtain' };
    expect(kindProblem(curtain, slot, 'curtain', '幕布照片')).toBeNull();
    expect(kindProblem(curtain, slot, 'sheet', '核验单')).toBe('驳回原因“幕布照片人像不清晰”不适用于“核验单”');
    expect(kindProblem(rejectionKind('other')!, { scope: 'entity', field: 'remark' }, null, '主体备注')).toBeNull();
    expect(kindProblem(rejectionKind('cert-number-wrong')!, { scope: 'person', id: 2, field: 'certNumber' }, null, '证件号码')).toBeNull();
    expect(kindProblem(rejectionKind('cert-number-wrong')!, { scope: 'person', id: 2, field: 'mobile' }, null, '手机号码')).not.toBeNull();
  });

  it('the CLI’s FIELD:KIND:TEXT: the kind is the first catalog id after the field, so slot ids keep their colons', () => {
    expect(parseReasonArg('slot.website:7:curtain:curtain-person-unclear:背景不是幕布')).toEqual({ target: 'slot.website:7:curtain', kind: 'curtain-person-unclear', text: '背景不是幕布' });
    expect(parseReasonArg('website.7.name:site-name-words: 含“平台”：个人不可用 ')).toEqual({ target: 'website.7.name', kind: 'site-name-words', text: '含“平台”：个人不可用' });
    expect(parseReasonArg('entity.remark:other')).toEqual({ target: 'entity.remark', kind: 'other', text: '' });
    expect(parseReasonArg('entity.remark:other:时间 10:30 后再核')).toEqual({ target: 'entity.remark', kind: 'other', text: '时间 10:30 后再核' });
    // the field itself is never read as the kind
    expect(parseReasonArg('other:other:x')).toEqual({ target: 'other', kind: 'other', text: 'x' });
    expect(parseReasonArg('entity.name:no-such-kind:x')).toBeNull();
  });

  it('every reason carries its source; the catalog is refused without one, or with an id twice', () => {
    expect(REJECTION_KINDS.length).toBe(catalog.kinds.length);
    expect(REJECTION_KINDS.every((k) => k.source && k.devSource)).toBe(true);
    const [first, ...rest] = catalog.kinds;
    expect(() => loadRejectionCatalog({ kinds: [{ ...first, source: '' }, ...rest] })).toThrow();
    expect(() => loadRejectionCatalog({ kinds: [{ ...first, appliesTo: [] }, ...rest] })).toThrow();
    expect(() => loadRejectionCatalog({ kinds: [{ ...first, appliesTo: ['entity.name', 'nowhere'] }, ...rest] })).toThrow();
    expect(() => loadRejectionCatalog({ kinds: [{ ...first, id: 'Bad Id' }, ...rest] })).toThrow();
    expect(() => loadRejectionCatalog({ kinds: [first, first] })).toThrow('驳回原因编号重复');
    expect(() => loadRejectionCatalog({ kinds: [] })).toThrow();
    expect(loadRejectionCatalog({ kinds: [first] })).toEqual([first]);
    expect(loadRejectionCatalog(catalog).map((k) => k.id)).toEqual(catalog.kinds.map((k) => k.id));
  });
});
