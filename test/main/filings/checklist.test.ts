import { describe, expect, it } from 'vitest';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { requiredSlots } from '../../../main/filings/checklist';
import { createClients, getClientClear } from '../../../main/services/clients';
import { enterprise, individual } from '../../fixtures/drafts';
import { openTestDesk } from '../../helpers';

function stored(record: Record<string, any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const desk = openTestDesk();
  const { filing: _f, ...rest } = record;
  const [c] = createClients(desk, [clientRecordSchema.parse(rest)]);
  return getClientClear(desk, c!.id);
}

const kinds = (slots: { kind: string }[]) => slots.map((s) => s.kind).sort();

describe('materials checklist', () => {
  it('个人 首次备案 in 广东: ID both sides, curtain photo and signed sheet; no licence', () => {
    const e = stored(individual());
    const slots = requiredSlots(e, '首次备案', 'tencent', e.websites.map((w) => w.id));
    expect(kinds(slots)).toEqual(['curtain', 'id-back', 'id-front', 'sheet']);
  });

  it('企业 接入备案 in 北京: licence, both principals’ IDs, curtain photo, sheet', () => {
    const e = stored(enterprise((r) => ((r.entity.province = '北京市'), (r.entity.city = '北京市'))));
    const slots = requiredSlots(e, '接入备案', 'tencent', e.websites.map((w) => w.id));
    expect(kinds(slots)).toEqual(['curtain', 'id-back', 'id-back', 'id-front', 'id-front', 'licence', 'sheet']);
  });

  it('企业 变更备案 in 湖南 with a new legal representative: new IDs, photo, sheet and a new 网站负责人授权书', () => {
    const e = stored(enterprise((r) => ((r.entity.province = '湖南省'), (r.entity.investor = '赵新'), (r.people[0].name = '赵新'))));
    const slots = requiredSlots(e, '变更备案', 'generic', e.websites.map((w) => w.id), { principalReplaced: true });
    expect(kinds(slots)).toEqual(['authorisation', 'curtain', 'domain-cert', 'id-back', 'id-back', 'id-front', 'id-front', 'sheet'].filter((k) => k !== 'domain-cert'));
    expect(slots.find((s) => s.kind === 'authorisation')!.why).toContain('法定代表人变更须提供新的网站负责人授权书');
  });

  it('a contact-only change needs no files; Shanghai at Tencent needs no curtain photo; 域名证书 where the province asks', () => {
    const e = stored(enterprise());
    expect(requiredSlots(e, '变更主体', 'tencent', [])).toEqual([]);
    const sh = stored(enterprise((r) => (r.entity.province = '上海市')));
    expect(kinds(requiredSlots(sh, '首次备案', 'tencent', sh.websites.map((w) => w.id)))).not.toContain('curtain');
    const js = stored(enterprise((r) => (r.entity.province = '江苏省')));
    expect(kinds(requiredSlots(js, '首次备案', 'generic', js.websites.map((w) => w.id)))).toContain('domain-cert');
  });
});
