// Which websites an order covers when the operator picks none: one place for the order service and the
// 新建备案订单 dialog, which says it in words instead of leaving an empty field to mean "all".
import type { FilingType } from '../domain/enums';

const ALL_WEBSITES: readonly FilingType[] = ['首次备案', '接入备案', '公安备案'];
// A change or a cancellation concerns what was filed: the websites that have a 网站备案号.
const FILED_WEBSITES: readonly FilingType[] = ['变更网站', '变更备案', '注销网站'];

/**
 * `offRecord`: the sites an approved 注销 took off the record (db/repositories/filed.ts websitesOffRecordOf). They
 * lost their 网站备案号 but are not waiting to be filed: a 新增网站 files them again only when the operator names them.
 */
export function defaultWebsiteIds(websites: readonly { id: number; icpNumber: string | null }[], type: FilingType, offRecord: readonly number[] = []): number[] {
  if (type === '新增网站') return websites.filter((w) => !w.icpNumber && !offRecord.includes(w.id)).map((w) => w.id);
  if (FILED_WEBSITES.includes(type)) return websites.filter((w) => w.icpNumber).map((w) => w.id);
  if (ALL_WEBSITES.includes(type)) return websites.map((w) => w.id);
  return [];
}

/**
 * Whether an order of this type files, changes or cancels websites: one that covers none (its websites deleted
 * from the client since, order_website cascading) has nothing to put in the package — no website, curtain
 * photo or 核验单 — and a console refuses it.
 */
export function needsWebsites(type: FilingType): boolean {
  return type === '新增网站' || FILED_WEBSITES.includes(type) || ALL_WEBSITES.includes(type);
}

/** What an empty 涉及网站 means for this type, as the dialog says it. */
export function defaultWebsitesNote(type: FilingType): string {
  if (type === '新增网站') return '不选：该客户尚未备案的全部网站（已注销的网站除外）';
  if (FILED_WEBSITES.includes(type)) return '不选：该客户已备案（有网站备案号）的全部网站';
  if (ALL_WEBSITES.includes(type)) return '不选：该客户的全部网站';
  return '不选：不涉及网站';
}

/**
 * Why the websites picked for an order do not suit its type, or null. A 新增网站 files sites not filed yet
 * (seed 004): a site with a 网站备案号 is on record already, and the approval would file its current
 * information and this provider over what the 管局 holds, without any 变更 having been made.
 */
export function chosenWebsitesProblem(websites: readonly { id: number; name: string; icpNumber: string | null }[], type: FilingType, chosen: readonly number[]): string | null {
  if (type !== '新增网站') return null;
  if (!chosen.length) return '新增网站须至少选择一个尚未备案的网站';
  const filed = websites.filter((w) => chosen.includes(w.id) && w.icpNumber);
  if (!filed.length) return null;
  return `${filed.map((w) => `网站“${w.name}”`).join('、')}已有网站备案号（已备案）：新增网站只能选尚未备案的网站；改动已备案网站的信息用变更网站，换接入商用接入备案`;
}
