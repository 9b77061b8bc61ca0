// What a rejection (初审驳回 / 管局驳回) can point at, and the catalog of common rejection reasons.
// A reason targets one field of the client or one material slot of the order:
//   entity.<field>            主体 fields, e.g. entity.mailingAddress
//   person.<id>.<field>       one 负责人's field, e.g. person.3.certNumber
//   website.<id>.<field>      one website's field, e.g. website.7.name
//   slot.<checklist slot id>  a material slot of the order, e.g. slot.website:7:curtain
// The kinds are data (resources/data/rejectionReasons.json), each with its source, checked when loaded.
import { z } from 'zod';
import catalogData from '../../resources/data/rejectionReasons.json';

/** Fields a reason can point at, their labels, and which are personal numbers (compared by keyed hash only). */
export const TARGET_FIELDS = {
  entity: { name: '主体名称', mailingAddress: '通信地址', certAddress: '证件住所', certNumber: '主体证件号码', certValidTo: '证件有效期', investor: '投资人或主管单位', remark: '主体备注' },
  person: { name: '姓名', certNumber: '证件号码', certValidTo: '证件有效期', mobile: '手机号码', email: '电子邮箱' },
  website: { name: '网站名称', domains: '域名', homepages: '网站首页URL', serviceContent: '网站服务内容', preApprovals: '前置审批', remark: '网站备注' },
} as const;

export type TargetScope = keyof typeof TARGET_FIELDS;

export type RejectionTarget =
  | { scope: 'entity'; field: keyof (typeof TARGET_FIELDS)['entity'] }
  | { scope: 'person'; id: number; field: keyof (typeof TARGET_FIELDS)['person'] }
  | { scope: 'website'; id: number; field: keyof (typeof TARGET_FIELDS)['website'] }
  | { scope: 'slot'; slot: string };

const kindSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  label: z.string().min(1),
  hint: z.string().min(1),
  appliesTo: z.array(z.string().regex(/^(\*|(entity|person|website)\.[A-Za-z]+|slot:[a-z-]+)$/)).min(1),
  source: z.string().min(1),
  devSource: z.string().min(1),
});
const catalogSchema = z.object({ kinds: z.array(kindSchema).min(1) }).refine((c) => new Set(c.kinds.map((k) => k.id)).size === c.kinds.length, '驳回原因编号重复');

export type RejectionKind = z.infer<typeof kindSchema>;

/** Parses the catalog; a kind without its source or targets is refused, so no reason is offered unsourced. */
export function loadRejectionCatalog(raw: unknown): RejectionKind[] {
  return catalogSchema.parse(raw).kinds;
}

export const REJECTION_KINDS = loadRejectionCatalog(catalogData);

export const rejectionKind = (id: string) => REJECTION_KINDS.find((k) => k.id === id);

/** Parses `entity.name`, `person.3.certNumber`, `website.7.name`, `slot.website:7:curtain`; null when malformed. */
export function parseTarget(text: string): RejectionTarget | null {
  const t = text.trim();
  if (t.startsWith('slot.')) {
    const slot = t.slice(5);
    return /^[a-z]+(:[0-9a-z-]+)*$/.test(slot) ? { scope: 'slot', slot } : null;
  }
  const e = /^entity\.([A-Za-z]+)$/.exec(t);
  if (e) return e[1]! in TARGET_FIELDS.entity ? { scope: 'entity', field: e[1] as keyof (typeof TARGET_FIELDS)['entity'] } : null;
  const p = /^(person|website)\.(\d+)\.([A-Za-z]+)$/.exec(t);
  if (!p) return null;
  const id = Number(p[2]);
  if (p[1] === 'person') return p[3]! in TARGET_FIELDS.person ? { scope: 'person', id, field: p[3] as keyof (typeof TARGET_FIELDS)['person'] } : null;
  return p[3]! in TARGET_FIELDS.website ? { scope: 'website', id, field: p[3] as keyof (typeof TARGET_FIELDS)['website'] } : null;
}

export function formatTarget(t: RejectionTarget): string {
  if (t.scope === 'slot') return `slot.${t.slot}`;
  if (t.scope === 'entity') return `entity.${t.field}`;
  return `${t.scope}.${t.id}.${t.field}`;
}

/** The catalog key a kind's appliesTo lists: entity.name, person.certNumber, slot:curtain (by the slot's material kind). */
export function targetClass(t: RejectionTarget, slotKind: string | null): string {
  if (t.scope === 'slot') return `slot:${slotKind ?? ''}`;
  return `${t.scope}.${t.field}`;
}

/** null when the kind can point at this target, else why not (in Chinese). */
export function kindProblem(kind: RejectionKind, t: RejectionTarget, slotKind: string | null, targetLabel: string): string | null {
  if (kind.appliesTo.includes('*') || kind.appliesTo.includes(targetClass(t, slotKind))) return null;
  return `驳回原因“${kind.label}”不适用于“${targetLabel}”`;
}

/** The field label for messages (“网站名称”); the owner (which website, which person) is added by the caller. */
export function fieldLabel(t: RejectionTarget): string {
  if (t.scope === 'slot') return '材料';
  if (t.scope === 'entity') return TARGET_FIELDS.entity[t.field];
  if (t.scope === 'person') return TARGET_FIELDS.person[t.field];
  return TARGET_FIELDS.website[t.field];
}

/** `FIELD:KIND:TEXT` of the CLI: the kind is the first catalog id after the field, so a slot id may contain colons. */
export function parseReasonArg(arg: string): { target: string; kind: string; text: string } | null {
  const parts = arg.split(':');
  for (let i = 1; i < parts.length; i++) {
    if (rejectionKind(parts[i]!)) return { target: parts.slice(0, i).join(':'), kind: parts[i]!, text: parts.slice(i + 1).join(':').trim() };
  }
  return null;
}
