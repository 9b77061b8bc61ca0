// The edit drawers' live rules (rules.checkEdit) and the same 证件号码 on two people (V-ID-10), within a
// client and across clients through the keyed index.
import { expect, it } from 'vitest';
import { peopleWithCertNumbers } from '../../../main/db/repositories/people';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { checkClient } from '../../../main/services/checks';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { testRouter } from '../../helpers';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

type Checked = { findings: { ruleId: string; path: (string | number)[]; severity: string; message: string }[]; index: number | null };

describeEachStore('rules.checkEdit: an edit drawer checked against the stored client', (openDesk) => {
  it('finds an expired 营业期限 typed into 编辑主体信息 at its field, with nothing saved', async () => {
    const { router, desk } = await testRouter(await openDesk());
    const [c] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1))]);
    // the drawer sends its fields, the principal as a person id, as it loaded them
    const e = (await router.invoke('entity.reveal', { id: c!.id, purpose: '编辑' })) as { ok: true; value: Record<string, unknown> };
    const { id: _i, people: _p, websites: _w, masked: _m, serviceEndedAt: _s, retentionMonths: _r, createdAt: _c, updatedAt: _u, ...fields } = e.value;
    const r = await router.invoke('rules.checkEdit', { entityId: c!.id, entity: { ...fields, certValidTo: '2020-01-01' } });
    expect(r.ok).toBe(true);
    const out = (r as { ok: true; value: Checked }).value;
    expect(out.findings).toContainEqual(expect.objectContaining({ ruleId: 'V-ID-09', path: ['entity', 'certValidTo'], severity: 'error' }));
    // only checked: the stored client still has its valid 营业期限
    expect((await checkClient(desk, c!.id)).findings.some((f) => f.ruleId === 'V-ID-09' && f.severity === 'error')).toBe(false);
  });

  it('places a website being added after the stored ones and finds its domain held by another client', async () => {
    const { router, desk } = await testRouter(await openDesk());
    const [a, b] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const principal = await router.invoke('entity.get', { id: b!.id });
    const personId = (principal as { ok: true; value: { people: { id: number }[] } }).value.people[0]!.id;
    const site = { name: '新的官方网站', domains: ['shili000001.cn'], homepages: ['www.shili000001.cn'], serviceContent: '单位门户网站', preApprovals: [], languages: ['中文简体'], ips: [], remark: '', icpNumber: null, principalPersonId: personId };
    const r = await router.invoke('rules.checkEdit', { entityId: b!.id, website: { id: null, fields: site } });
    const out = (r as { ok: true; value: Checked }).value;
    expect(out.index).toBe(1);
    const dom = out.findings.find((f) => f.ruleId === 'V-DOM-11');
    expect(dom?.path).toEqual(['websites', 1, 'domains', 0]);
    expect(dom?.message).toContain(`编号 ${a!.id}`);
  });

  it('refuses an edit of a client that does not exist', async () => {
    const { router } = await testRouter(await openDesk());
    const r = await router.invoke('rules.checkEdit', { entityId: 99, entity: {} });
    expect(r.ok).toBe(false);
  });
});

describeEachStore('the same 证件号码 on two people (V-ID-10)', (openDesk) => {
  it('warns when a person of another client has the number under another name, not under the same name', async () => {
    const { desk } = await testRouter(await openDesk());
    const one = companyRecord(1);
    const other = companyRecord(2);
    other.people[1]!.certNumber = one.people[0]!.certNumber; // 李000002 typed with 张000001's number
    const same = companyRecord(3);
    same.people[0]!.name = one.people[0]!.name; // the same person, 负责人 of two clients
    same.people[0]!.certNumber = one.people[0]!.certNumber;
    await createClients(desk, [one, other, same].map((r) => clientRecordSchema.parse(r)));
    const f = (await checkClient(desk, 2)).findings.filter((x) => x.ruleId === 'V-ID-10');
    // client 1 and client 3 both hold the number under 张000001
    expect(f.map((x) => [x.severity, x.path.join('.')])).toEqual([['warning', 'people.1.certNumber'], ['warning', 'people.1.certNumber']]);
    expect(f.map((x) => x.message).join()).toContain('深圳市示例000001科技有限公司');
    expect(f.map((x) => x.message).join()).not.toContain(one.people[0]!.certNumber);
    // client 3's 张000001 is client 1's 张000001: only client 2's differently named person is named
    const three = (await checkClient(desk, 3)).findings.filter((x) => x.ruleId === 'V-ID-10');
    expect(three).toHaveLength(1);
    expect(three[0]!.message).toContain('深圳市示例000002科技有限公司');
  });

  it('finds other clients’ people by the keyed index without opening a sealed number', async () => {
    const { desk } = await testRouter(await openDesk());
    await createClients(desk, [1, 2, 3].map((n) => clientRecordSchema.parse(companyRecord(n))));
    const codec = desk.ctx.codec;
    let opened = 0;
    const open = codec.open.bind(codec);
    codec.open = (kind, sealed) => {
      opened++;
      return open(kind, sealed);
    };
    try {
      const found = await peopleWithCertNumbers(desk.ctx, [companyRecord(2).people[0]!.certNumber], 1);
      expect(found).toEqual([expect.objectContaining({ entityId: 2, personName: '张000002' })]);
      expect(opened).toBe(0);
    } finally {
      codec.open = open;
    }
  });
});
