// What a duplicate means depends on whose it is. The same licence or ID scan reused by the same client is
// normal (one licence, one ID card: an info); the same or a near-identical photo under another client is
// someone else's material (fail); a curtain photo or signed 核验单 belongs to one filing, so one already
// used in another order is a warning (the provider expects it taken for this filing, S0、S3、S4).
import { MATERIAL_KINDS } from '../domain/enums';
import type { PhotoCheckStatus } from '../domain/enums';
import type { PhotoCheck } from './checks';
import { hamming } from './hamming';
import { DUPLICATE_HAMMING_MAX, type PhotoKind } from './profiles';

/** Whose material is being judged, and for which order (null: the client's material tab). */
export interface DuplicateContext {
  entityId: number;
  orderId: number | null;
}

/** An earlier stored photo with the same bytes (exact) or a difference hash. */
export interface PhotoTwin {
  entityId: number;
  owner: string;
  exact: boolean;
  dhash: string | null;
  orderIds: number[];
}

/** Kinds taken for one filing: reusing one from another order is worth a second look. */
const ONE_FILING_KINDS: readonly PhotoKind[] = ['curtain', 'sheet'];

/**
 * Kinds compared by difference hash as well as by bytes. Not signed 核验单 scans: every client signs the
 * same printed form, so two different clients' sheets hash alike (measured: 2–9 bits apart, under the
 * limit); only the same file counts there.
 */
const NEAR_MATCH_KINDS: readonly PhotoKind[] = ['curtain', 'id-front', 'id-back', 'licence'];

/** Whether a photo of this kind is a duplicate of a near-identical one, or only of the same file. */
export const matchesNearly = (kind: PhotoKind) => NEAR_MATCH_KINDS.includes(kind);

/** The twins that really are the same photo: identical bytes, or a difference hash within the limit. */
export function sameAs(kind: PhotoKind, dhash: string | null, twins: readonly PhotoTwin[]): PhotoTwin[] {
  const near = matchesNearly(kind);
  return twins.filter((t) => t.exact || (near && dhash !== null && t.dhash !== null && hamming(t.dhash, dhash) <= DUPLICATE_HAMMING_MAX));
}

const orderList = (ids: number[]) => ids.map((id) => `#${id}`).join('、');

/**
 * The duplicate check of one photo. `twins` are already filtered with `sameAs`; `usedIn` are the orders
 * this very material is attached to.
 */
export function duplicateCheck(kind: PhotoKind, twins: readonly PhotoTwin[], usedIn: readonly number[], ctx: DuplicateContext): PhotoCheck {
  const label = MATERIAL_KINDS[kind];
  const check = (status: PhotoCheckStatus, value: string | null, message: string): PhotoCheck => ({ id: 'duplicate', status, value, threshold: DUPLICATE_HAMMING_MAX, message });
  const foreign = twins.find((t) => t.entityId !== ctx.entityId);
  if (foreign) {
    return check('fail', foreign.owner, `这张${label}与客户“${foreign.owner}”的材料${foreign.exact ? '完全相同' : '几乎相同'}：不能使用其他客户的照片，请上传本客户本人的材料`);
  }
  const otherOrders = [...new Set([...usedIn, ...twins.flatMap((t) => t.orderIds)])].filter((id) => id !== ctx.orderId).sort((a, b) => a - b);
  if (ONE_FILING_KINDS.includes(kind) && otherOrders.length) {
    const why = kind === 'curtain' ? '幕布照片须为本次备案现场拍摄' : '已签字的核验单须为本次备案打印签字';
    return check('warn', orderList(otherOrders), `这张${label}已用于订单 ${orderList(otherOrders)}：${why}，请确认仍然有效或重新拍摄`);
  }
  if (twins.length || otherOrders.length) {
    const where = otherOrders.length ? `（订单 ${orderList(otherOrders)}）` : '';
    return check('pass', otherOrders.length ? orderList(otherOrders) : null, `与本客户已有的${label}相同${where}：同一客户复用，无需重新上传`);
  }
  return check('pass', null, '未发现重复');
}
