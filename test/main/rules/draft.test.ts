// The record reader (V-REC-01): whatever JSON a user hands over becomes a draft with every field present,
// and everything that does not fit the client record format (shared/docs/record-format.md, formatVersion 1)
// is one finding at its path, all at once, instead of an exception.
import { describe, expect, it } from 'vitest';
import { toDraft } from '../../../main/rules/draft';
import { SEVERITY_LABELS } from '../../../main/rules/types';
import { enterprise } from '../../fixtures/drafts';

const problems = (raw: unknown) => toDraft(raw).findings.map((f) => [f.path.join('.'), f.message]);

describe('reading a client record (V-REC-01)', () => {
  it('reports a record that is no object, naming it 记录, with the format as hint and source', () => {
    for (const raw of [[], 'record', 42, null]) {
      expect(toDraft(raw).findings).toEqual([
        { ruleId: 'V-REC-01', severity: 'error', path: [], message: '“记录”应为对象', hint: '按客户记录文件格式（formatVersion 1）填写', source: '客户记录文件格式（formatVersion 1）' },
      ]);
    }
  });

  it('reads nothing at all (a form not yet typed) as an empty draft without findings', () => {
    const { draft, findings } = toDraft(undefined);
    expect(findings).toEqual([]);
    expect(draft.people).toEqual([]);
    expect(draft.websites).toEqual([]);
    expect(draft.entity.name).toBe('');
    expect(draft.entity.icpNumber).toBeNull();
    expect(draft.filing).toEqual({ type: null, provider: null, before: null });
  });

  it('reads every field of the format, each in its key order, with text or a list (a list field read as a list, never as text)', () => {
    const { draft } = toDraft({ formatVersion: 1, entity: {}, people: [{}], websites: [{ domains: [' a.cn '], homepages: ['www.a.cn'] }] });
    expect(Object.keys(draft.entity)).toEqual(['province', 'city', 'district', 'nature', 'certType', 'certNumber', 'name', 'certAddress', 'investor', 'mailingAddress', 'remark', 'icpNumber', 'certValidTo', 'businessScope', 'principal']);
    expect(Object.keys(draft.people[0]!)).toEqual(['id', 'name', 'certType', 'certNumber', 'certValidFrom', 'certValidTo', 'officePhone', 'mobile', 'emergencyPhone', 'email']);
    expect(draft.websites[0]).toEqual({ name: '', domains: ['a.cn'], homepages: ['www.a.cn'], serviceContent: '', preApprovals: [], languages: [], ips: [], remark: '', principal: '', icpNumber: null });
    expect(Object.keys(draft.websites[0]!)).toEqual(['name', 'domains', 'homepages', 'serviceContent', 'preApprovals', 'languages', 'ips', 'remark', 'principal', 'icpNumber']);
  });

  it('names a part of the record that is no object by its path', () => {
    expect(problems({ entity: ['广东省'], filing: 'first' })).toEqual([
      ['entity', '“entity”应为对象'],
      ['filing', '“filing”应为对象'],
    ]);
    expect(problems({ people: [{ id: 'p1' }, '张三'] })).toEqual([['people.1', '“people.1”应为对象']]);
  });

  it('names every field it does not know, at its own path', () => {
    expect(problems({ colour: 'red', entity: { size: 1 }, people: [{ id: 'p1', age: 30 }], websites: [{ name: '官网', owner: 'x' }], filing: { type: '首次备案', due: 'x' } })).toEqual([
      ['colour', '无法识别的字段“colour”'],
      ['entity.size', '无法识别的字段“size”'],
      ['people.0.age', '无法识别的字段“age”'],
      ['websites.0.owner', '无法识别的字段“owner”'],
      ['filing.due', '无法识别的字段“due”'],
    ]);
  });

  it('accepts every field of the format without a finding', () => {
    expect(toDraft(enterprise()).findings).toEqual([]);
    expect(toDraft({ formatVersion: 1, entity: {}, people: [], websites: [], filing: { type: '变更备案', provider: 'tencent', before: { formatVersion: 1, entity: {}, people: [], websites: [] } } }).findings).toEqual([]);
  });

  it('reports a text field holding a number or an object, and reads it as empty (or absent where the format allows null)', () => {
    const { draft, findings } = toDraft({ entity: { name: 12, icpNumber: 7, certValidTo: {} } });
    expect(findings.map((f) => [f.path.join('.'), f.message])).toEqual([
      ['entity.name', '字段“entity.name”应为文本'],
      ['entity.icpNumber', '字段“entity.icpNumber”应为文本'],
      ['entity.certValidTo', '字段“entity.certValidTo”应为文本'],
    ]);
    expect([draft.entity.name, draft.entity.icpNumber, draft.entity.certValidTo]).toEqual(['', null, null]);
  });

  it('reads a missing or null text as empty, and as null for 备案号, 证件有效期 and 经营范围', () => {
    const { draft, findings } = toDraft({ entity: { name: null, remark: null, icpNumber: null }, people: [{ id: 'p1' }] });
    expect(findings).toEqual([]);
    expect(draft.entity).toMatchObject({ name: '', remark: '', city: '', icpNumber: null, certValidTo: null, businessScope: null });
    expect(draft.people[0]).toMatchObject({ id: 'p1', name: '', mobile: '', certValidFrom: null, certValidTo: null });
  });

  it('trims texts, reads a blank 备案号 as none, and keeps a blank remark as an empty text', () => {
    const { draft } = toDraft({ entity: { name: '  深圳市示例科技有限公司 ', icpNumber: '   ', remark: '  ', businessScope: ' ' } });
    expect(draft.entity.name).toBe('深圳市示例科技有限公司');
    expect(draft.entity.icpNumber).toBeNull();
    expect(draft.entity.businessScope).toBeNull();
    expect(draft.entity.remark).toBe('');
  });

  it('normalises typed 证件号码 and 手机号码 like the forms do (full-width, spaces, hyphens, lower-case x)', () => {
    const { draft } = toDraft({ entity: { certNumber: ' 9111 0108 5636 5494 82 ' }, people: [{ id: 'p1', certNumber: '１１０１０５１９４９１２３１００２x', mobile: '138-0013-8000', officePhone: ' 0755-12345678 ' }] });
    expect(draft.entity.certNumber).toBe('911101085636549482');
    expect(draft.people[0]!.certNumber).toBe('11010519491231002X');
    expect(draft.people[0]!.mobile).toBe('13800138000');
    // an office phone keeps its 区号 hyphen: it is not a number the rules compare digit by digit
    expect(draft.people[0]!.officePhone).toBe('0755-12345678');
  });

  it('reads list fields: missing or null as empty, a text instead of a list as a finding, each entry trimmed', () => {
    const { draft, findings } = toDraft({ websites: [{ name: '官网', domains: ' shili.cn ', homepages: null, languages: [' 中文简体 ', 3, '英语'] }] });
    expect(findings.map((f) => [f.path.join('.'), f.message])).toEqual([
      ['websites.0.domains', '字段“websites.0.domains”应为列表'],
      ['websites.0.languages.1', '“websites.0.languages”的第 2 项应为文本'],
    ]);
    expect(draft.websites[0]).toMatchObject({ domains: [], homepages: [], ips: [], preApprovals: [], languages: ['中文简体', '英语'] });
  });

  it('reports unknown own keys only, in their order, as Object.keys lists them (an inherited key is not the record’s)', () => {
    const entity = Object.assign(Object.create({ inherited: 1 }) as object, { name: '甲', zeta: 1, alpha: 2 });
    expect(problems({ entity })).toEqual([
      ['entity.zeta', '无法识别的字段“zeta”'],
      ['entity.alpha', '无法识别的字段“alpha”'],
    ]);
  });

  it('skips the holes of a sparse list (as a forEach would) and reports an entry set to undefined', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [' a.cn ', , 'b.cn'];
    const { draft, findings } = toDraft({ websites: [{ domains: sparse, ips: ['1.2.3.4', undefined] }] });
    expect(draft.websites[0]!.domains).toEqual(['a.cn', 'b.cn']);
    expect(findings.map((f) => [f.path, f.message])).toEqual([[['websites', 0, 'ips', 1], '“websites.0.ips”的第 2 项应为文本']]);
  });

  it('reports people or websites that are no list and reads them as none', () => {
    const { draft, findings } = toDraft({ people: { id: 'p1' }, websites: 'shili.cn' });
    expect(findings.map((f) => [f.path.join('.'), f.message])).toEqual([
      ['people', '“people”应为列表'],
      ['websites', '“websites”应为列表'],
    ]);
    expect(draft.people).toEqual([]);
    expect(draft.websites).toEqual([]);
    expect(problems({ filing: { type: '变更网站', before: { websites: {} } } })).toEqual([['filing.before.websites', '“filing.before.websites”应为列表']]);
  });

  it('reads formatVersion 1 and refuses any other', () => {
    expect(problems({ formatVersion: 1 })).toEqual([]);
    expect(problems({ formatVersion: 2 })).toEqual([['formatVersion', '不支持的记录格式版本 2（读取 1）']]);
    expect(problems({ formatVersion: '1' })).toEqual([['formatVersion', '不支持的记录格式版本 1（读取 1）']]);
  });

  it('reads filing.before as a record of the same version, without a filing of its own', () => {
    expect(problems({ formatVersion: 1, filing: { type: '变更主体', before: { formatVersion: 1 } } })).toEqual([]);
    expect(problems({ filing: { type: '变更主体', before: { formatVersion: 1 } } })).toEqual([]);
    expect(problems({ filing: { type: '变更主体', before: {} } })).toEqual([]);
    expect(problems({ formatVersion: 1, filing: { type: '变更主体', before: { formatVersion: 2 } } })).toEqual([['filing.before.formatVersion', 'filing.before 的 formatVersion 须与外层相同（1）']]);
    // a record without formatVersion is read as version 1, and so is its before
    expect(problems({ filing: { type: '变更主体', before: { formatVersion: 2 } } })).toEqual([['filing.before.formatVersion', 'filing.before 的 formatVersion 须与外层相同（1）']]);
    // a record of another version is refused, and so is its before, by the same words
    expect(problems({ formatVersion: 2, filing: { type: '变更主体', before: { formatVersion: 2 } } })).toEqual([
      ['formatVersion', '不支持的记录格式版本 2（读取 1）'],
      ['filing.before.formatVersion', '不支持的记录格式版本 2（读取 1）'],
    ]);
    expect(problems({ filing: { type: '变更主体', before: { filing: {} } } })).toEqual([['filing.before.filing', '无法识别的字段“filing”']]);
  });

  it('reads the record as filed into filing.before, with its own paths', () => {
    const { draft, findings } = toDraft({ filing: { type: '变更网站', before: { entity: { name: ' 旧名 ' }, people: [{ id: 'p1', mobile: 5 }], websites: [{ name: '官网', domains: ['a.cn'] }] } } });
    expect(findings.map((f) => [f.path.join('.'), f.message])).toEqual([['filing.before.people.0.mobile', '字段“filing.before.people.0.mobile”应为文本']]);
    expect(draft.filing.before?.entity.name).toBe('旧名');
    expect(draft.filing.before?.websites.map((w) => w.domains)).toEqual([['a.cn']]);
    expect(draft.filing.before?.people.map((p) => p.id)).toEqual(['p1']);
  });

  it('reads no filing.before when it is missing or null', () => {
    expect(toDraft({ filing: { type: '首次备案', before: null } }).draft.filing.before).toBeNull();
    expect(toDraft({ filing: { type: '首次备案' } }).draft.filing.before).toBeNull();
  });

  it('knows the ten filing types of the format and names the choices for any other', () => {
    for (const type of ['首次备案', '接入备案', '新增网站', '变更主体', '变更网站', '变更备案', '注销主体', '注销网站', '取消接入', '公安备案']) {
      expect(toDraft({ filing: { type } })).toMatchObject({ draft: { filing: { type } }, findings: [] });
    }
    const { draft, findings } = toDraft({ filing: { type: '新备案' } });
    expect(draft.filing.type).toBeNull();
    expect(findings).toEqual([
      {
        ruleId: 'V-REC-01',
        severity: 'error',
        path: ['filing', 'type'],
        message: '备案类型“新备案”无法识别',
        hint: '可选：首次备案、接入备案、新增网站、变更主体、变更网站、变更备案、注销主体、注销网站、取消接入、公安备案',
        source: '客户记录文件格式（formatVersion 1）',
      },
    ]);
  });

  it('reads a filing type or provider that is no text as none', () => {
    expect(toDraft({ filing: { type: null, provider: 3 } })).toMatchObject({ draft: { filing: { type: null, provider: null } }, findings: [] });
    expect(toDraft({ filing: { provider: 'tencent' } }).draft.filing.provider).toBe('tencent');
  });
});

describe('severity labels', () => {
  it('are 阻断, 警告 and 提示 as the findings panel shows them', () => {
    expect(SEVERITY_LABELS).toEqual({ error: '阻断', warning: '警告', info: '提示' });
  });
});
