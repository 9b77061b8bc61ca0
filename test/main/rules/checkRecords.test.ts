// check-all's rule work for a slice of clients from plain data (main/rules/checkRecords.ts), judged
// without a desk: client views, their facts from the rest of the store and their material findings are
// built by hand. What a kept verdict holds comes from README "可提交 means ready" (the rules plus the
// materials: V-MAT-01 缺少材料 and V-MAT-02 block, V-MAT-03 warns; without an open order the checklist of
// the next filing, domain.md §1.1) and the not-ready list's first few findings, blocking ones first; a
// domain another client holds is V-DOM-11 (一个域名只能备案在一个主体下, S4, domain.md §2.2).
import { describe, expect, it } from 'vitest';
import type { MaterialView } from '../../../main/domain/views';
import { checkRecords, findingJson, findingsDigest, heldKeys, recordFindings, sortInPlace, topJson, TOP_FINDINGS, type CheckedRecord, type RecordToCheck } from '../../../main/rules/checkRecords';
import { countBySeverity, sortFindings } from '../../../main/rules/engine';
import type { ClientFacts } from '../../../main/rules/storeFacts';
import type { Finding } from '../../../main/rules/types';
import { individual } from '../../fixtures/drafts';
import { personId } from '../../fixtures/records';
import { CREATED, entityView } from '../filings/entityViews';
import { filedIndividual } from '../../fixtures/filedViews';

const TODAY = new Date('2026-12-05T04:00:00Z');
const DOMAIN = 'wxm-photo.cn'; // the clean individual's one domain
const ID = personId(7); // its 主办人's 证件号码

/** Every answer the clean individual's rules ask for, nothing held by anyone else. */
const completeFacts = (more: Partial<ClientFacts> = {}): ClientFacts => ({
  domains: new Map([[DOMAIN, []]]),
  certs: new Map([[ID, { index: 'blind-7', holders: [] }]]),
  filedProviders: [],
  ...more,
});

const finding = (ruleId: string, severity: Finding['severity']): Finding => ({ ruleId, severity, path: ['materials', ruleId], message: ruleId, hint: '', source: '' });

/** Each verdict's record, to work its whole findings list out again (the verdict keeps only its digest). */
const recordOfVerdict = new WeakMap<CheckedRecord, RecordToCheck>();
const run = (clients: RecordToCheck[]) => {
  const out = checkRecords({ today: TODAY, validityWarnDays: 30, clients });
  out.forEach((r, i) => recordOfVerdict.set(r, clients[i]!));
  return out;
};
/** A verdict with its whole findings list, which its counts, top findings and digest are checked against. */
const kept = (r: CheckedRecord | undefined) => {
  if (!r || 'incomplete' in r) throw new Error(`expected a verdict, got ${JSON.stringify(r)}`);
  const all = recordFindings(recordOfVerdict.get(r)!, TODAY, 30)!.findings;
  expect(r.findingsDigest).toBe(findingsDigest(all));
  expect(r.counts).toEqual(countBySeverity(all));
  expect(r.topJson).toBe(JSON.stringify(all.slice(0, TOP_FINDINGS)));
  return { ...r, top: JSON.parse(r.topJson) as Finding[], all };
};

describe('checkRecords: one kept verdict per client', () => {
  it('a clean client with its open order’s material findings: counted, blocking ones first, the first three as the top', () => {
    const materials = [finding('V-MAT-03', 'warning'), finding('V-MAT-02', 'info'), finding('V-MAT-01', 'error'), finding('V-MAT-02', 'error')];
    const r = kept(run([{ id: 42, client: entityView(individual()), facts: completeFacts(), materials }])[0]);
    expect(r.id).toBe(42);
    // the fixture's individual is clean: its own findings are notes (info) only, so the errors and the
    // warning are its materials', first, errors before warnings, then the notes with the accepted photo
    const notes = r.all.filter((f) => !f.ruleId.startsWith('V-MAT-'));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((f) => f.severity === 'info')).toBe(true);
    expect(r.counts).toEqual({ error: 2, warning: 1, info: 1 + notes.length });
    expect(r.all.slice(0, 3).map((f) => `${f.severity} ${f.ruleId}`)).toEqual(['error V-MAT-01', 'error V-MAT-02', 'warning V-MAT-03']);
    expect(r.all.filter((f) => f.ruleId === 'V-MAT-02' && f.severity === 'info')).toHaveLength(1);
    expect(r.all).toHaveLength(4 + notes.length);
    expect(r.all.slice(3).every((f) => f.severity === 'info')).toBe(true);
    expect(TOP_FINDINGS).toBe(3);
    expect(r.top).toEqual(r.all.slice(0, 3));
    // the keys of other clients' data the verdict depends on: the domain and the number's blind index
    expect(r.keys).toEqual(
      expect.arrayContaining([
        { kind: 'domain', shared: DOMAIN },
        { kind: 'cert', shared: 'blind-7' },
      ]),
    );
    expect(r.topJson).not.toContain(ID);
    expect(JSON.stringify(r.all)).not.toContain(ID);
  });

  it('a domain another client holds is V-DOM-11, an error, among the record’s own findings', () => {
    const facts = completeFacts({ domains: new Map([[DOMAIN, [{ entityId: 5, name: '丁公司' }]]]) });
    const r = kept(run([{ id: 1, client: entityView(individual()), facts, materials: [] }])[0]);
    const dom = r.all.filter((f) => f.ruleId === 'V-DOM-11');
    expect(dom).toHaveLength(1);
    expect(dom[0]!.severity).toBe('error');
    expect(dom[0]!.message).toContain('丁公司');
    expect(r.counts.error).toBeGreaterThanOrEqual(1);
    expect(r.top[0]!.ruleId).toBe('V-DOM-11');
  });

  it('a rule asking what the facts do not hold makes the client incomplete (checked against the store instead)', () => {
    const noDomain = completeFacts({ domains: new Map() });
    const noCert = completeFacts({ certs: new Map() });
    expect(run([{ id: 3, client: entityView(individual()), facts: noDomain, materials: [] }])).toEqual([{ id: 3, incomplete: true }]);
    expect(run([{ id: 4, client: entityView(individual()), facts: noCert, materials: [] }])).toEqual([{ id: 4, incomplete: true }]);
  });

  it('several clients: one result each, in order, each judged on its own facts', () => {
    const out = run([
      { id: 7, client: entityView(individual()), facts: completeFacts(), materials: [] },
      { id: 8, client: entityView(individual()), facts: completeFacts({ domains: new Map() }), materials: [] },
      { id: 9, client: entityView(individual()), facts: completeFacts(), materials: [finding('V-MAT-01', 'error')] },
    ]);
    expect(out.map((r) => r.id)).toEqual([7, 8, 9]);
    expect(kept(out[0]).counts).toMatchObject({ error: 0, warning: 0 });
    expect(kept(out[0]).top.every((f) => f.severity === 'info')).toBe(true);
    expect(out[1]).toEqual({ id: 8, incomplete: true });
    expect(kept(out[2]).counts).toMatchObject({ error: 1, warning: 0 });
    expect(kept(out[2]).top[0]!.ruleId).toBe('V-MAT-01');
  });
});

describe('checkRecords: a client without an open order is judged on its next filing’s checklist', () => {
  const material = (id: number, kind: MaterialView['kind'], personId: number | null, websiteId: number | null): MaterialView => ({
    id,
    entityId: 1,
    personId,
    websiteId,
    kind,
    fileName: `${kind}.jpg`,
    sha256: 'cd'.repeat(32),
    size: 2000,
    mime: 'image/jpeg',
    createdAt: CREATED,
  });

  it('nothing uploaded for an unfiled 个人 at Tencent: its ID both sides, the curtain photo and the signed 核验单 are missing (V-MAT-01)', () => {
    const r = kept(run([{ id: 1, client: entityView(individual()), facts: completeFacts(), materials: { provider: 'tencent', materials: [], photos: [] } }])[0]);
    expect(r.all.filter((f) => f.ruleId === 'V-MAT-01').map((f) => f.path[1])).toEqual(['person:1:id-front', 'person:1:id-back', 'website:11:curtain', 'website:11:sheet']);
    expect(r.all.every((f) => f.ruleId !== 'V-MAT-01' || f.message.startsWith('下一次备案缺少材料：'))).toBe(true);
    expect(r.counts).toMatchObject({ error: 4, warning: 0 });
  });

  it('photos are judged by their stored results: unchecked warns (V-MAT-03), a failing one blocks (V-MAT-02), one without a result counts as uploaded', () => {
    const materials = [material(51, 'id-front', 1, null), material(52, 'id-back', 1, null), material(53, 'curtain', 1, 11), material(54, 'sheet', null, 11)];
    const photos: [number, { status: 'unchecked' | 'fail' | 'pass'; checks: [] | { id: string; status: 'fail'; value: null; threshold: null; message: string }[] }][] = [
      [53, { status: 'unchecked', checks: [] }],
      [52, { status: 'fail', checks: [{ id: 'blur', status: 'fail', value: null, threshold: null, message: '照片模糊' }] }],
      [51, { status: 'pass', checks: [] }],
    ];
    const r = kept(run([{ id: 1, client: entityView(individual()), facts: completeFacts(), materials: { provider: 'tencent', materials, photos } }])[0]);
    expect(r.all.filter((f) => f.ruleId.startsWith('V-MAT-')).map((f) => `${f.ruleId} ${String(f.path[1])}`)).toEqual(['V-MAT-02 person:1:id-back', 'V-MAT-03 website:11:curtain']);
    expect(r.all[0]!.message).toContain('照片模糊');
    expect(r.counts).toMatchObject({ error: 1, warning: 1 });
  });
});

describe('findingJson: a kept verdict’s JSON, byte for byte what JSON.stringify writes', () => {
  const usual: Finding = { ruleId: 'V-DOM-11', severity: 'error', path: ['websites', 0, 'domains', 1], message: '域名“a.cn”已在客户“甲”下备案\n"引号"\\', hint: '', source: '腾讯云《网站备案》\u2028' };
  const same = (f: unknown) => expect(findingJson(f as Finding)).toBe(JSON.stringify(f));

  it('writes a finding of the usual shape as JSON.stringify does, the same source quoted the same each time', () => {
    same(usual);
    same({ ...usual, ruleId: 'V-MAT-01', path: ['materials', 'person:3:id-front'], hint: '在“材料”页上传' });
    same(usual);
    expect(JSON.parse(findingJson(usual))).toEqual(usual);
  });

  it('falls back to JSON.stringify for any other shape: keys in another order, a key more or less, a missing text, a path not a list', () => {
    const { ruleId, severity, path, message, hint, source } = usual;
    same({ severity, ruleId, path, message, hint, source });
    same({ ruleId, severity, path, message, hint, source, extra: 1 });
    same({ ruleId, severity, path, message, source });
    same({ ruleId, severity, path, message, hint: undefined, source });
    same({ ruleId, severity, path, message: undefined, hint, source });
    same({ ruleId, severity, path, message, hint, source: undefined });
    same({ ruleId: 7, severity, path, message, hint, source });
    same({ ruleId: undefined, severity, path, message, hint, source });
    same({ ruleId, severity: undefined, path, message, hint, source });
    same({ ruleId, severity: null, path, message, hint, source });
    same({ ruleId, severity, path: 'websites.0', message, hint, source });
  });

  it('falls back to JSON.stringify when a key is inherited or not enumerable (JSON.stringify writes own enumerable keys alone)', () => {
    const { ruleId, severity, path, message, hint, source } = usual;
    // the source inherited: JSON.stringify leaves it out
    same(Object.assign(Object.create({ source }) as object, { ruleId, severity, path, message, hint }));
    // an inherited enumerable key after all six own ones
    same(Object.assign(Object.create({ extra: 1 }) as object, { ruleId, severity, path, message, hint, source }));
    // the source own but not enumerable
    same(Object.defineProperty({ ruleId, severity, path, message, hint }, 'source', { value: source, enumerable: false }));
  });
});

describe('sortInPlace: a client’s findings in sortFindings’ order, without a copy', () => {
  it('orders any list as sortFindings does (severity, rule ID, then as given), in the list itself', () => {
    let seed = 5;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const ids = ['V-ID-01', 'V-DOM-11', 'V-MAT-01', 'V-REC-01', 'X-NEW-01', 'V-AGE-03'];
    const severities = ['error', 'warning', 'info'] as const;
    for (let n = 0; n < 40; n++) {
      const list: Finding[] = Array.from({ length: n % 17 }, (_, i) => ({ ruleId: ids[next() % ids.length]!, severity: severities[next() % 3]!, path: [], message: String(i), hint: '', source: '' }));
      const expected = sortFindings(list);
      expect(sortInPlace(list)).toBe(list);
      expect(list).toEqual(expected);
    }
  });
});

describe('topJson: a verdict’s first few findings as JSON.stringify writes a list', () => {
  it('writes every length, none to more than the top, the same as JSON.stringify of the first TOP_FINDINGS', () => {
    const findings: Finding[] = Array.from({ length: TOP_FINDINGS + 3 }, (_, i) => ({ ruleId: `V-T-0${i}`, severity: 'error', path: ['entity', 'name'], message: `第 ${i} 条`, hint: '', source: '测试' }));
    for (let n = 0; n <= findings.length; n++) {
      const list = findings.slice(0, n);
      expect(topJson(list)).toBe(JSON.stringify(list.slice(0, TOP_FINDINGS)));
    }
    expect(findings).toHaveLength(TOP_FINDINGS + 3);
  });
});

describe('findingsDigest: the kept digest of a verdict’s whole findings list', () => {
  // the digest written out plainly: FNV-1a (32 bits) over a list of values — the list's length, then for each finding
  // its texts each after its length, its path's length, each path number after the marker 0x10000
  const fnv = (values: number[]) => values.reduce((h, v) => Math.imul(h ^ v, 0x01000193), 0x811c9dc5) >>> 0;
  const text = (s: string) => [s.length, ...Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))];
  const plain = (list: Finding[]) =>
    fnv([
      list.length,
      ...list.flatMap((f) => [
        ...text(f.ruleId),
        ...text(f.severity),
        f.path.length,
        ...f.path.flatMap((p) => (typeof p === 'number' ? [0x10000, p] : text(p))),
        ...text(f.message),
        ...text(f.hint),
        ...text(f.source),
      ]),
    ]);
  const usual: Finding = { ruleId: 'V-DOM-11', severity: 'error', path: ['websites', 0, 'domains', 1], message: '域名“a.cn”已登记在客户“甲”名下', hint: '换一个域名', source: '腾讯云《网站备案》' };
  const variants: Finding[][] = [
    [],
    [usual],
    [usual, usual],
    [{ ...usual, ruleId: 'V-DOM-12' }],
    [{ ...usual, severity: 'warning' }],
    [{ ...usual, path: ['websites', 0, 'domains', 2] }],
    [{ ...usual, path: ['websites', '0', 'domains', 1] }],
    [{ ...usual, path: ['websites', 0, 'domains'] }],
    [{ ...usual, path: [] }],
    [{ ...usual, message: '域名“a.cn”已登记在客户“乙”名下' }],
    [{ ...usual, hint: '' }],
    [{ ...usual, source: '' }],
    // the same characters cut elsewhere between two texts
    [{ ...usual, ruleId: 'V-DOM-1', severity: '1error' as Finding['severity'] }],
    [{ ...usual, message: 'ab', hint: 'c' }],
    [{ ...usual, message: 'a', hint: 'bc' }],
    [usual, { ...usual, message: 'x' }],
    [{ ...usual, message: 'x' }, usual],
  ];

  it('is FNV-1a over each finding’s texts and path, each text after its length, as written out plainly', () => {
    for (const list of variants) expect(findingsDigest(list)).toBe(plain(list));
    expect(findingsDigest([])).toBe(fnv([0]));
  });

  it('tells apart lists that differ in any finding’s rule, severity, path, message, hint or source, or in their order', () => {
    const digests = variants.map(findingsDigest);
    expect(new Set(digests).size).toBe(variants.length);
    expect(digests.every((d) => Number.isInteger(d) && d >= 0 && d < 2 ** 32)).toBe(true);
    // the same findings give the same digest, however they were made
    expect(findingsDigest([{ ...usual }, JSON.parse(JSON.stringify(usual)) as Finding])).toBe(findingsDigest([usual, usual]));
  });
});

// README «Checking: kept verdicts» and «可提交 means ready»: a client with an open order is judged as the order is
// (services/orders.ts checkOrder, rules/orderRecord.ts) — its type, its provider's rules, a change against the
// filed snapshot (V-CHG-02: 变更网站只能删除域名, 阿里云《变更备案》; V-URL-02: 腾讯云首页URL以 www. 开头).
describe('checkRecords: a client with an open order is judged with the order', () => {
  const filedFacts = (view: ReturnType<typeof filedIndividual>['view'], providers: string[] | null = ['tencent']): ClientFacts => ({
    domains: new Map(view.websites.flatMap((w) => w.domains).map((d) => [d, []])),
    certs: new Map([[ID, { index: 'blind-7', holders: [] }]]),
    filedProviders: providers,
  });
  const ruleIds = (r: CheckedRecord | undefined) => kept(r).all.map((f) => `${f.severity} ${f.ruleId}`);

  it('a domain added to a filed website under a 变更网站 order blocks (V-CHG-02); without the order it does not', () => {
    const { view, filed } = filedIndividual();
    view.websites[0]!.domains = [...view.websites[0]!.domains, 'x.cn'];
    const order = { type: '变更网站' as const, provider: 'tencent', websiteIds: [11], filed };
    const [withOrder, without] = run([
      { id: 1, client: view, facts: filedFacts(view), materials: [], order },
      { id: 2, client: view, facts: filedFacts(view), materials: [] },
    ]);
    const blocked = kept(withOrder).all.find((f) => f.ruleId === 'V-CHG-02')!;
    expect(blocked).toMatchObject({ severity: 'error', message: '变更中不能新增或修改域名：“x.cn”不在原备案中', path: ['websites', 0, 'domains', 1] });
    expect(kept(withOrder).counts.error).toBeGreaterThan(0);
    expect(ruleIds(without).filter((id) => id.includes('V-CHG'))).toEqual([]);
    // the same order with nothing filed: no before, nothing to compare
    expect(ruleIds(run([{ id: 1, client: view, facts: filedFacts(view), materials: [], order: { ...order, filed: null } }])[0])).not.toContain('error V-CHG-02');
  });

  it('a Tencent order holds the homepage to www. (V-URL-02), the order\'s websites only; the same client without the order is ready', () => {
    const { view } = filedIndividual();
    view.websites[1]!.homepages = ['wxm-photo2.cn'];
    const facts = filedFacts(view, []);
    const tencent = { type: '接入备案' as const, provider: 'tencent', websiteIds: [] as number[], filed: null };
    const [all, other, aliyun, none] = run([
      { id: 1, client: view, facts, materials: [], order: tencent },
      { id: 2, client: view, facts, materials: [], order: { ...tencent, websiteIds: [11] } },
      { id: 3, client: view, facts, materials: [], order: { ...tencent, provider: 'aliyun' } },
      { id: 4, client: view, facts, materials: [] },
    ]);
    expect(kept(all).all.find((f) => f.ruleId === 'V-URL-02')).toMatchObject({ severity: 'error', path: ['websites', 1, 'homepages', 0] });
    expect(ruleIds(other)).not.toContain('error V-URL-02');
    expect(ruleIds(aliyun)).not.toContain('error V-URL-02');
    expect(kept(none).counts.error).toBe(0);
  });

  it('an order over one website: the verdict still keeps the other website\'s domain, by which other clients find the client (their V-DOM-11)', () => {
    const { view } = filedIndividual();
    const facts = filedFacts(view, []);
    const order = { type: '接入备案' as const, provider: 'tencent', websiteIds: [view.websites[0]!.id], filed: null };
    const r = kept(run([{ id: 1, client: view, facts, materials: [], order }])[0]);
    // the order's record leaves the second website out: its rules never ask about wxm-photo2.cn
    expect(r.all.some((f) => f.path[0] === 'websites' && f.path[1] === 1)).toBe(false);
    expect(r.keys).toEqual(expect.arrayContaining([
      { kind: 'domain', shared: DOMAIN },
      { kind: 'domain', shared: 'wxm-photo2.cn' },
      { kind: 'cert', shared: 'blind-7' },
    ]));
  });

  it('the order\'s type is judged against the filed providers (V-TYPE-01), which the facts must hold', () => {
    const { view, filed } = filedIndividual();
    const order = { type: '接入备案' as const, provider: 'tencent', websiteIds: [], filed: null };
    // filed at Tencent already: not a 接入备案
    expect(kept(run([{ id: 1, client: view, facts: filedFacts(view, ['tencent']), materials: [], order }])[0]).all.find((f) => f.ruleId === 'V-TYPE-01')?.message).toContain('不是“接入备案”');
    expect(ruleIds(run([{ id: 1, client: view, facts: filedFacts(view, ['aliyun']), materials: [], order }])[0])).not.toContain('warning V-TYPE-01');
    // not read: the client is checked against the store instead
    expect(run([{ id: 1, client: view, facts: filedFacts(view, null), materials: [], order: { ...order, filed } }])[0]).toEqual({ id: 1, incomplete: true });
    expect(run([{ id: 1, client: view, facts: filedFacts(view, null), materials: [] }])[0]).not.toHaveProperty('incomplete');
  });
});

describe('heldKeys', () => {
  it('names every domain of every website by its punycode and every person’s 证件号码 by its index, a blank number none', () => {
    const client = entityView(
      individual((r) => {
        r.websites[0].domains = ['例子.cn', 'WXM-Photo.cn'];
        r.people[0].certNumber = ` ${personId(7).toLowerCase()} `;
      }),
    );
    const asked: string[] = [];
    const keys = heldKeys({ ...client, people: [...client.people, { ...client.people[0]!, certNumber: '  ' }] }, (n) => (asked.push(n), `blind:${n}`));
    expect(asked).toEqual([personId(7).toUpperCase()]);
    expect(keys).toEqual([
      { kind: 'domain', shared: 'xn--fsqu00a.cn' },
      { kind: 'domain', shared: 'wxm-photo.cn' },
      { kind: 'cert', shared: `blind:${personId(7).toUpperCase()}` },
    ]);
  });

  it('gives none at all when a number has no index to give (the client is then checked against the store)', () => {
    expect(heldKeys(entityView(individual()), () => undefined)).toBeNull();
    expect(heldKeys({ ...entityView(individual()), people: [] }, () => undefined)).toEqual([{ kind: 'domain', shared: DOMAIN }]);
  });
});
