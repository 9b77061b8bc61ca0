// Rows deleted while a client was out on a lease (issue 14). A row the lender lent (its id in the lease's
// LentVersions) that the check-in archive no longer names was deleted on the laptop:
//   the lender's row is still at the lent version → deleted here too, by the same steps and log entry as
//                                                  the delete services (materials' files freed after the commit);
//   the lender changed it since                    → kept, and listed for a person ("笔记本已删除，服务器已修改");
//   the lender deleted it too                      → nothing to do.
// A deletion the delete services refuse (a person still a principal here; a row an order under review holds,
// submittedOrders.ts) is listed the same way, with the refusal as its reason.
// A row the lender deleted while the laptop changed it is listed by leaseCheckin.ts (serverDeleted); one
// the laptop did not change stays deleted. Materials have no version: they are never edited, only added
// and deleted, so one still here with the same content is one at its lent version.
import type { Desk } from '../desk';
import { insertConflict, type LeaseRow } from '../db/repositories/leases';
import { getMaterial } from '../db/repositories/materials';
import { personVersion } from '../db/repositories/people';
import { websiteVersion } from '../db/repositories/websites';
import { DeskError } from '../domain/errors';
import type { RowStamps } from '../export/transfer';
import { deletePersonInTx, deleteWebsiteInTx } from './clients';
import type { LentVersions } from './leaseVersions';
import { deleteMaterialInTx } from './materials';

interface Tally {
  conflicts: number;
  deleted: number;
}

const absent = <T extends { id: number }>(lent: readonly T[], here: readonly ({ id: number } | null)[]): T[] => lent.filter((r) => !here.some((s) => s?.id === r.id));

/**
 * Carries back the laptop's deletions of one client's rows; `freed` collects hashes to free after the commit.
 * `reentered`: lent rows the laptop deleted and entered again, merged as edits by the check-in — not deleted.
 */
export async function carryDeletions(desk: Desk, lease: LeaseRow, stamps: RowStamps, lent: LentVersions, tally: Tally, freed: string[], reentered: { people: ReadonlySet<number>; websites: ReadonlySet<number> }): Promise<void> {
  const ctx = desk.ctx;
  const detail = { lease: lease.lease_key, desk: lease.desk_name, source: '归还：笔记本已删除' };
  if (stamps.materials && lent.materials) {
    for (const m of absent(lent.materials, stamps.materials)) {
      const here = await getMaterial(ctx, m.id);
      if (!here || here.entityId !== lease.entity_id || here.sha256 !== m.sha256) continue;
      try {
        freed.push(...(await deleteMaterialInTx(desk, m.id, detail)));
        tally.deleted++;
      } catch (err) {
        // an order under review here uses it (submitted on the server while the laptop had it as a draft):
        // nothing was written; kept and listed, the laptop's deletion taken at settle once the review is over
        if (!(err instanceof DeskError) || err.code !== 'CONFLICT') throw err;
        await insertConflict(ctx, { leaseId: lease.id, target: 'material', targetId: m.id, baseVersion: 0, serverVersion: null, laptopFields: JSON.stringify({ fileName: here.fileName, kind: here.kind }), kind: 'laptopDeleted', reason: `不能按笔记本删除：${err.message}` });
        tally.conflicts++;
      }
    }
  }
  // websites before people: a person deleted on the laptop may have been a deleted website's principal
  const rows = [...absent(lent.websites, stamps.websites).filter((r) => !reentered.websites.has(r.id)).map((r) => ({ ...r, target: 'website' as const })), ...absent(lent.people, stamps.people).filter((r) => !reentered.people.has(r.id)).map((r) => ({ ...r, target: 'person' as const }))];
  for (const r of rows) {
    const version = await (r.target === 'website' ? websiteVersion : personVersion)(ctx, r.id);
    if (version === null) continue;
    let reason: string | undefined;
    if (version === r.version) {
      try {
        freed.push(...(await (r.target === 'website' ? deleteWebsiteInTx : deletePersonInTx)(desk, r.id, detail)));
        tally.deleted++;
        continue;
      } catch (err) {
        // a person still named as a principal here: nothing was written; a person decides
        if (!(err instanceof DeskError) || err.code !== 'CONFLICT') throw err;
        reason = `不能按笔记本删除：${err.message}`;
      }
    }
    await insertConflict(ctx, { leaseId: lease.id, target: r.target, targetId: r.id, baseVersion: r.version, serverVersion: version, laptopFields: '{}', kind: 'laptopDeleted', reason });
    tally.conflicts++;
  }
}
