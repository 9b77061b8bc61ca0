// PIPL retention: a client's personal data is kept for a period after the agency's service for it ends;
// past that it is listed as due for deletion. Access requests get everything held about a person.
import { addMonths, chinaDay } from '../domain/dates';
import { EXPORT_ACTIONS, REVEAL_ACTIONS } from '../domain/accounts';
import { DeskError, notFound } from '../domain/errors';
import type { Desk } from '../desk';
import { appendAudit, listAudit } from '../db/repositories/audit';
import { entityExists, getEntity, retentionCandidates, setRetentionFields } from '../db/repositories/entities';
import { allFiled, openFiledRecord, submittedOfEntity } from '../db/repositories/filed';
import { openConflictFields, openConflictsOfEntity } from '../db/repositories/leases';
import { normalizeNumber } from '../domain/identifiers';
import { personKey, type FiledOrigin, type FiledPerson, type FiledRecord } from '../domain/filed';
import { materialsOfEntity } from '../db/repositories/materials';
import type { MaterialView } from '../domain/views';
import { getOrderRow, ordersOfEntity } from '../db/repositories/orders';
import { getPerson } from '../db/repositories/people';
import { readSettings } from '../db/repositories/settings';

export interface DueClient {
  id: number;
  name: string;
  serviceEndedAt: string;
  retentionMonths: number;
  dueDate: string;
}

export async function setRetention(desk: Desk, entityId: number, serviceEndedAt: string | null, retentionMonths: number | null): Promise<void> {
  await desk.sql.tx(async () => {
    if (!await entityExists(desk.ctx, entityId)) throw notFound('客户', entityId);
    await setRetentionFields(desk.ctx, entityId, serviceEndedAt, retentionMonths);
    await appendAudit(desk.ctx, { action: 'entity.retention', targetType: 'entity', targetId: entityId, entityId, detail: { serviceEndedAt, retentionMonths } });
  });
}

/**
 * Why the agency's service for a client has not ended on its own, or null when nothing keeps it open.
 * The one decision the order service asks when a client's last order closes: a 公安备案 still due after
 * an approval (to the end of the 30th day after 已通过) keeps the service running — the client still needs the agency. The
 * 公安备案 follow-up records will answer here too once they exist.
 */
export async function serviceStillRunning(desk: Desk, entityId: number, now = Date.parse(desk.ctx.now())): Promise<string | null> {
  const psb = (await ordersOfEntity(desk.ctx, entityId))
    .filter((o) => o.state === '已通过' && o.psbDueAt && Date.parse(o.psbDueAt) > now)
    .map((o) => o.psbDueAt!)
    .sort();
  // the deadline is the end of its China day (orders.ts psbDueAt): that whole day is still allowed
  if (psb.length) return `公安备案尚未办结（${chinaDay(psb[psb.length - 1]!)} 当天结束前办理）`;
  return null;
}

/**
 * Called inside the transaction that closed a client's last open order: the retention clock starts
 * today unless something keeps the service running (then the operator ends it with 结束服务).
 */
export async function endServiceIfFinished(desk: Desk, entityId: number): Promise<boolean> {
  if (await serviceStillRunning(desk, entityId)) return false;
  const e = await getEntity(desk.ctx, entityId);
  if (!e || e.serviceEndedAt) return false;
  const day = chinaDay(desk.ctx.now());
  await setRetentionFields(desk.ctx, entityId, day, e.retentionMonths);
  await appendAudit(desk.ctx, { action: 'entity.serviceEnded', targetType: 'entity', targetId: entityId, entityId, detail: { serviceEndedAt: day, by: '最后一个订单已结束' } });
  return true;
}

/** 结束服务: the operator says the agency's service for this client has ended; the retention clock starts. */
export async function endService(desk: Desk, entityId: number, reason: string): Promise<{ serviceEndedAt: string }> {
  return await desk.sql.tx(async () => {
    const e = await getEntity(desk.ctx, entityId);
    if (!e) throw notFound('客户', entityId);
    if (e.serviceEndedAt) throw new DeskError('CONFLICT', `该客户的服务已于 ${e.serviceEndedAt} 结束`);
    const day = chinaDay(desk.ctx.now());
    await setRetentionFields(desk.ctx, entityId, day, e.retentionMonths);
    await appendAudit(desk.ctx, { action: 'entity.serviceEnded', targetType: 'entity', targetId: entityId, entityId, detail: { serviceEndedAt: day, by: '操作员', reason } });
    return { serviceEndedAt: day };
  });
}

export async function dueForDeletion(desk: Desk, today = chinaDay(desk.ctx.now())): Promise<DueClient[]> {
  const fallback = (await readSettings(desk.ctx)).retentionMonths;
  return (await retentionCandidates(desk.ctx))
    .map((r) => {
      const months = r.retentionMonths ?? fallback;
      return { id: r.id, name: r.name, serviceEndedAt: r.serviceEndedAt, retentionMonths: months, dueDate: addMonths(r.serviceEndedAt, months) };
    })
    .filter((r) => r.dueDate <= today);
}

/** A copy of a person's values the desk keeps besides their current record: where, since when, the values. */
export interface KeptPersonCopy {
  store: '已备案信息' | '订单提交时的信息' | '笔记本电脑签入冲突';
  /** YYYY-MM-DD */
  since: string;
  /** where and since when, as the person reads it: 已备案信息 第 1 版（2026-03-01 管局审核通过） */
  label: string;
  /** null: a check-in conflict about their 个人 主体 alone holds only the 主体's values (holder) */
  person: Omit<FiledPerson, 'id'> | null;
  /** the 主体's values when it was the person's own 个人 主体 then (holderOf); else null */
  holder: HolderValues | null;
}

/** The 主体 fields that are a 个人 主办人's own: their name, 证件, home address (证件住所) and 通信地址. */
const HOLDER_FIELDS = ['name', 'certType', 'certNumber', 'certAddress', 'mailingAddress', 'investor'] as const;
export type HolderValues = Pick<FiledRecord['entity'], (typeof HOLDER_FIELDS)[number]>;

/**
 * A 个人 主体 is its 主办人: its values are that person's data, a unit's are not. The 主办人 is the person whose 证件
 * the 主体 carries, whoever is its 主体负责人 now: a 主体负责人 switched to someone else while the 主体 still carries
 * the former one's 证件 would hand the new one the former one's 证件号码 and 住所, and leave them out of the former
 * one's own copy. A 主体 without a 证件号码 yet is its 主体负责人's (`isPrincipal`).
 */
function holderOf(entity: HolderValues & { nature: string }, person: { certNumber: string } | null, isPrincipal: boolean): HolderValues | null {
  if (entity.nature !== '个人') return null;
  const carried = normalizeNumber(entity.certNumber ?? '');
  if (carried ? !person || normalizeNumber(person.certNumber ?? '') !== carried : !isPrincipal) return null;
  return Object.fromEntries(HOLDER_FIELDS.map((k) => [k, entity[k]])) as HolderValues;
}

const FILED_SINCE: Record<FiledOrigin, string> = { 订单通过: '管局审核通过', 登记已备案: '登记为已备案', 迁移: '管局审核通过' };

/**
 * The person's values in the filed snapshots and the orders' submitted records of their client: these stay as
 * they were when the person's record changes (变更, 注销 and 接入 work from them), so an access request has to
 * name them too (PIPL art. 45), each with where it is kept.
 */
async function keptCopies(desk: Desk, entityId: number, personId: number, current: { certNumber: string }): Promise<KeptPersonCopy[]> {
  const key = personKey(personId);
  const theirs = (r: FiledRecord) => {
    const p = r.people.find((x) => x.id === key);
    if (!p) return null;
    const { id: _k, ...values } = p;
    return values;
  };
  const out: KeptPersonCopy[] = [];
  for (const s of await allFiled(desk.ctx, entityId)) {
    const person = theirs(s.record);
    if (person) out.push({ store: '已备案信息', since: s.filedAt, label: `已备案信息 第 ${s.version} 版（${s.filedAt} ${FILED_SINCE[s.origin]}${s.status === '已注销' ? '，已注销' : ''}）`, person, holder: holderOf(s.record.entity, person, s.record.entity.principal === key) });
  }
  for (const o of await submittedOfEntity(desk.ctx, entityId)) {
    const person = theirs(o.record);
    const day = chinaDay(o.submittedAt);
    if (person) out.push({ store: '订单提交时的信息', since: day, label: `${o.type}订单 #${o.orderId} 提交时的信息（${day} 提交）`, person, holder: holderOf(o.record.entity, person, o.record.entity.principal === key) });
  }
  return [...out, ...(await conflictCopies(desk, entityId, personId, current, theirs))];
}

/**
 * The laptop's values a check-in keeps, until settled, in a conflict about the person, their 个人 主体 or an order
 * whose submitted record names them (leaseCheckin.ts; dropped once settled, repositories/leases.ts).
 */
async function conflictCopies(desk: Desk, entityId: number, personId: number, current: { certNumber: string }, theirs: (r: FiledRecord) => Omit<FiledPerson, 'id'> | null): Promise<KeptPersonCopy[]> {
  const out: KeptPersonCopy[] = [];
  for (const c of await openConflictsOfEntity(desk.ctx, entityId)) {
    const day = chinaDay(c.found_at);
    const copy = (what: string, person: Omit<FiledPerson, 'id'> | null, holder: HolderValues | null) =>
      out.push({ store: '笔记本电脑签入冲突', since: day, label: `笔记本电脑签入冲突中保存的${what}（${day} 从“${c.desk_name}”签入）`, person, holder });
    // a deletion the laptop made keeps no values of it
    if (c.kind === 'laptopDeleted') continue;
    if (c.target_type === 'person' && c.target_id === personId) {
      const { name, certType, certNumber, certValidFrom, certValidTo, officePhone, mobile, emergencyPhone, email } = openConflictFields(desk.ctx, c.laptop_fields) as Omit<FiledPerson, 'id'>;
      copy('信息', { name, certType, certNumber, certValidFrom, certValidTo, officePhone, mobile, emergencyPhone, email }, null);
    } else if (c.target_type === 'entity') {
      const e = openConflictFields(desk.ctx, c.laptop_fields) as HolderValues & { nature: string; principalPersonId: number };
      const holder = holderOf(e, current, e.principalPersonId === personId);
      if (holder) copy('主体信息', null, holder);
    } else if (c.target_type === 'order') {
      const sealed = (JSON.parse(c.laptop_fields) as { submitted?: { sealed: string } }).submitted?.sealed;
      const record = sealed === undefined ? null : openFiledRecord(desk.ctx, sealed);
      const person = record && theirs(record);
      const order = await getOrderRow(desk.ctx, c.target_id);
      if (record && person) copy(`${order?.type ?? ''}订单 #${c.target_id} 提交时的信息`, person, holderOf(record.entity, person, record.entity.principal === personKey(personId)));
    }
  }
  return out;
}

/**
 * Everything held about one person (PIPL access request): their fields in clear (and, as 主办人 of a 个人
 * 主体, its fields: their 证件住所 and 通信地址 are nowhere else), where they appear, the
 * material files attached to them, the log entries about them, and their values kept in 已备案信息, in
 * orders' submitted records and in check-in conflicts still open (in clear too: the copy is for the person).
 * The export itself is logged.
 */
export async function exportPersonData(desk: Desk, personId: number) {
  return await desk.sql.tx(async () => {
    const person = await getPerson(desk.ctx, personId);
    if (!person) throw notFound('负责人', personId);
    const entity = (await getEntity(desk.ctx, person.entityId))!;
    const roles = [
      ...(entity.principalPersonId === personId ? [`主体负责人（${entity.name}）`] : []),
      ...entity.websites.filter((w) => w.principalPersonId === personId).map((w) => `网站负责人（${w.name}：${w.domains.join('、')}）`),
    ];
    const materials: { kind: MaterialView['kind']; fileName: string; size: number; createdAt: string; contentBase64: string }[] = [];
    const own = (await materialsOfEntity(desk.ctx, person.entityId)).filter((x) => x.personId === personId);
    for (const m of own) {
      materials.push({ kind: m.kind, fileName: m.fileName, size: m.size, createdAt: m.createdAt, contentBase64: (await desk.blobs.read(m.sha256)).toString('base64') });
    }
    // what was done with their data: the entries about them, about their materials (a photo viewed), and every
    // disclosure of the client's records that carried them (a 明文导出, a package, a 核验单, a transfer)
    const disclosures = new Set<string>([...REVEAL_ACTIONS, ...EXPORT_ACTIONS]);
    const ownMaterials = new Set(own.map((m) => m.id));
    const log = (await listAudit(desk.ctx, { entityId: person.entityId, limit: 10_000 })).filter(
      (a) =>
        (a.targetType === 'person' && a.targetId === personId) ||
        (a.targetType === 'material' && a.targetId !== null && ownMaterials.has(a.targetId)) ||
        (a.targetType !== 'person' && a.targetType !== 'material' && disclosures.has(a.action)),
    );
    const kept = await keptCopies(desk, person.entityId, personId, person);
    await appendAudit(desk.ctx, { action: 'person.exportAll', targetType: 'person', targetId: personId, entityId: person.entityId, detail: { materials: materials.length, kept: kept.length } });
    const { id: _i, entityId: _e, ...fields } = person;
    const holder = holderOf(entity, person, entity.principalPersonId === personId);
    return { exportedAt: desk.ctx.now(), person: fields, holder, client: entity.name, roles, materials, log, kept };
  });
}
