// What a 驳回 reason can point at on one order, for the reason editor: the 主体's fields, each person's,
// the order's websites' fields and the checklist's slots, each with the catalog class its kinds list.
import type { EntityView, MethodOutput } from '../../../main/api/contract';

type OrderView = MethodOutput<'order.get'>;

/** Labels of the fields a reason can point at (the same names as main/filings/rejectionReasons.ts TARGET_FIELDS). */
const ENTITY = { name: '主体名称', mailingAddress: '通信地址', certAddress: '证件住所', certNumber: '主体证件号码', certValidTo: '证件有效期', investor: '投资人或主管单位', remark: '主体备注' };
const PERSON = { name: '姓名', certNumber: '证件号码', certValidTo: '证件有效期', mobile: '手机号码', email: '电子邮箱' };
const WEBSITE = { name: '网站名称', domains: '域名', homepages: '网站首页URL', serviceContent: '网站服务内容', preApprovals: '前置审批', remark: '网站备注' };

export interface TargetOption {
  value: string;
  label: string;
  /** the key a kind's appliesTo names: entity.name, person.certNumber, slot:curtain */
  cls: string;
}

export function targetOptions(entity: EntityView, order: OrderView): { label: string; options: TargetOption[] }[] {
  const groups = [{ label: '主体', options: Object.entries(ENTITY).map(([f, l]) => ({ value: `entity.${f}`, label: `主体 · ${l}`, cls: `entity.${f}` })) }];
  for (const p of entity.people) groups.push({ label: `负责人 ${p.name}`, options: Object.entries(PERSON).map(([f, l]) => ({ value: `person.${p.id}.${f}`, label: `${p.name} · ${l}`, cls: `person.${f}` })) });
  for (const w of entity.websites.filter((x) => order.websiteIds.includes(x.id))) {
    groups.push({ label: `网站 ${w.name}`, options: Object.entries(WEBSITE).map(([f, l]) => ({ value: `website.${w.id}.${f}`, label: `${w.name} · ${l}`, cls: `website.${f}` })) });
  }
  if (order.checklist.length) groups.push({ label: '材料', options: order.checklist.map((c) => ({ value: `slot.${c.id}`, label: `材料 · ${c.label}`, cls: `slot:${c.kind}` })) });
  return groups;
}

/** The form field a reason path points at, for the edit drawers: ['people', i, 'mobile'] → ['mobile'] on that person's form. */
export function formFieldOf(target: string): { scope: 'entity' | 'person' | 'website'; id: number | null; name: (string | number)[] } | null {
  const e = /^entity\.([A-Za-z]+)$/.exec(target);
  if (e) return { scope: 'entity', id: null, name: [e[1]!] };
  const m = /^(person|website)\.(\d+)\.([A-Za-z]+)$/.exec(target);
  if (!m) return null;
  // list fields (域名, 首页URL) show the mark under their first entry
  const name = ['domains', 'homepages'].includes(m[3]!) ? [m[3]!, 0] : [m[3]!];
  return { scope: m[1] as 'person' | 'website', id: Number(m[2]), name };
}
