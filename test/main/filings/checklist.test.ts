import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { requiredSlots } from '../../../main/filings/checklist';
import { createClients, getClientClear } from '../../../main/services/clients';
import { enterprise, individual } from '../../fixtures/drafts';
import { openTestDesk } from '../../helpers';

async function stored(record: Record<string, any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const desk = await openTestDesk();
  const { filing: _f, ...rest } = record;
  const [c] = await createClients(desk, [clientRecordSchema.parse(rest)]);
  return getClientClear(desk, c!.id);
}

const kinds = (slots: { kind: string }[]) => slots.map((s) => s.kind).sort();

describe('materials checklist', () => {
  it('个人 首次备案 in 广东: ID both sides, curtain photo and signed sheet; no licence', async () => {
    const e = await stored(individual());
    const slots = requiredSlots(e, '首次备案', 'tencent', e.websites.map((w) => w.id));
    expect(kinds(slots)).toEqual(['curtain', 'id-back', 'id-front', 'sheet']);
  });

  it('企业 接入备案 in 北京: licence, both principals’ IDs, curtain photo, sheet', async () => {
    const e = await stored(enterprise((r) => ((r.entity.province = '北京市'), (r.entity.city = '北京市'))));
    const slots = requiredSlots(e, '接入备案', 'tencent', e.websites.map((w) => w.id));
    expect(kinds(slots)).toEqual(['curtain', 'id-back', 'id-back', 'id-front', 'id-front', 'licence', 'sheet']);
  });

  it('企业 变更备案 in 湖南 with a new legal representative: new IDs, photo, sheet and a new 网站负责人授权书', async () => {
    const e = await stored(enterprise((r) => ((r.entity.province = '湖南省'), (r.entity.investor = '赵新'), (r.people[0].name = '赵新'))));
    const slots = requiredSlots(e, '变更备案', 'generic', e.websites.map((w) => w.id), { principalReplaced: true });
    // no 域名证书: 湖南 asks for it with a new filing, not with a change
    expect(kinds(slots)).toEqual(['authorisation', 'curtain', 'id-back', 'id-back', 'id-front', 'id-front', 'sheet']);
    expect(slots.find((s) => s.kind === 'authorisation')!.why).toContain('法定代表人变更须提供新的网站负责人授权书');
  });

  it('a contact-only change needs no files; Shanghai at Tencent needs no curtain photo; 域名证书 where the province asks', async () => {
    const e = await stored(enterprise());
    expect(requiredSlots(e, '变更主体', 'tencent', [])).toEqual([]);
    const sh = await stored(enterprise((r) => (r.entity.province = '上海市')));
    expect(kinds(requiredSlots(sh, '首次备案', 'tencent', sh.websites.map((w) => w.id)))).not.toContain('curtain');
    const js = await stored(enterprise((r) => (r.entity.province = '江苏省')));
    expect(kinds(requiredSlots(js, '首次备案', 'generic', js.websites.map((w) => w.id)))).toContain('domain-cert');
  });
});

describe('前置审批 in the stored record (V-PRE-01; moved here from rules/preApproval.test.ts, the one case there that needs a desk)', () => {
  it('keeps the optional 经营范围 in the record and asks a declared 前置审批 for its document', async () => {
    const desk = await openTestDesk();
    const { filing: _f, ...rec } = enterprise((r) => {
      r.entity.businessScope = '互联网新闻信息服务';
      r.websites[0].preApprovals = ['新闻'];
    });
    const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
    const e = await getClientClear(desk, c!.id);
    expect(e.businessScope).toBe('互联网新闻信息服务');
    const slots = requiredSlots(e, '首次备案', 'tencent', e.websites.map((w) => w.id));
    expect(slots.filter((s) => s.kind === 'pre-approval').map((s) => s.label)).toEqual([`${e.websites[0]!.name}：前置审批文件（新闻）`]);
  });
});
