// Building an order's submission package: refuses while the order is read-only, a material is missing, a
// photo fails its checks without the operator's written acceptance, or a rule blocks; gathers the
// materials and fresh 核验单 from the store, lets export/package.ts lay them out, and records the export.
// From the desk's screen it runs as a job (order.export) with progress and 取消; the CLI calls it directly.
import { resolve } from 'node:path';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { getEntity } from '../db/repositories/entities';
import { latestFiled } from '../db/repositories/filed';
import { materialFileFacts } from '../db/repositories/materials';
import { revisionOfOrderClient } from '../db/repositories/revision';
import { FILING_TYPES_UNDER_FILED_NUMBERS } from '../domain/enums';
import { DeskError, notFound } from '../domain/errors';
import type { PackageInput, PackageItem, SubmissionPackage } from '../export/package';
import { exportInto, makeFolderLevels } from '../files/outputFolder';
import { cancelledWebsiteIds, filedIcpNumbers } from '../filings/filedTransitions';
import { stopIfCancelled, type JobControl } from '../jobs/jobs';
import { runOnWorker } from '../jobs/pool';
import { renderSheetOffThread } from '../pdf/sheetPool';
import { sheetDataFor } from '../pdf/sheetData';
import { providerProfile } from '../providers/profiles';
import { checkOrderPhotos, orderForExport } from './orders';
import { sheetSettingsFor } from './sheets';

/** Order types whose package carries a fresh 核验单 for each of its websites. */
const TYPES_WITH_SHEET = ['首次备案', '接入备案', '新增网站', '变更网站', '变更备案'];
/** The websites whose 核验单 the package draws. */
const sheetSitesOf = (o: { type: string; websiteIds: readonly number[] }) => (o.websiteIds.length && TYPES_WITH_SHEET.includes(o.type) ? o.websiteIds : []);

/** A package built with no job behind it (the CLI): never cancelled, its progress heard by nobody. */
const UNWATCHED: JobControl = { progress: () => undefined, cancelled: false };

/**
 * The order's package, gated, handed to `write` (which puts it where it goes and returns what takes it back;
 * without one, the caller hands the bytes on), then logged: a write that fails (a full disk) logs no export,
 * and a file whose log entry cannot be written is taken back.
 */
export async function buildPackage(desk: Desk, orderId: number, providerId?: string, write: (pkg: SubmissionPackage) => () => void = () => () => {}, control: JobControl = UNWATCHED): Promise<SubmissionPackage> {
  // The photos the gate reads, measured first where they have no result for this provider yet (all of them for a
  // package laid out for another provider than the order's): each a step the operator sees, 取消 heard between them,
  // the package's files counted in the total from the first step (the bar never moves back).
  let photos = 0;
  let filesAfter = 0;
  const filesOf = (slots: number, o: { type: string; websiteIds: readonly number[] }) => (filesAfter = slots + sheetSitesOf(o).length + 1);
  await checkOrderPhotos(desk, orderId, providerId, {
    progress: (done, total) => {
      photos = total - filesAfter;
      control.progress(done, total);
    },
    get cancelled() {
      return control.cancelled;
    },
  }, filesOf);
  // the client's revision before the gate reads it: every write to its data moves it (db/repositories/revision.ts)
  const revision = await revisionOfOrderClient(desk.ctx, orderId);
  // refused while the order is read-only, a material is missing, a photo fails unaccepted, or a rule blocks —
  // judged for the provider the package is laid out for, which the order then carries here (orders.ts orderAsFor)
  const order = await orderForExport(desk, orderId, providerId);
  const profile = providerProfile(order.provider);
  const entity = (await getEntity(desk.ctx, order.entityId))!;
  // a 注销, 取消接入 or 变更 is made under the numbers the 管局 holds, not whatever the client form says now
  // (a form that differs was refused by the gate: changeOrders.ts filedNumberProblems)
  const filedState = FILING_TYPES_UNDER_FILED_NUMBERS.includes(order.type) ? await latestFiled(desk.ctx, entity.id) : null;
  const filed = filedState ? filedIcpNumbers(filedState) : null;
  const person = (id: number | null) => entity.people.find((p) => p.id === id)?.name;
  // Two websites of one client may share a name (or differ in letter case alone, which Windows folds): their files
  // would then be told apart by a bare -2, and the operator could not say which site is which. Such a website
  // is named with its first domain as well.
  const folded = (name: string) => name.normalize('NFC').toLowerCase();
  const site = (id: number | null) => {
    const w = entity.websites.find((x) => x.id === id);
    if (!w) return undefined;
    const shared = entity.websites.some((x) => x.id !== w.id && folded(x.name) === folded(w.name));
    return shared && w.domains[0] ? `${w.name}（${w.domains[0]}）` : w.name;
  };

  // progress counts the photos measured, then the package's files as they are gathered (materials, then the sheets),
  // and the zip written last
  const sheetSites = sheetSitesOf(order);
  const total = photos + order.checklist.length + sheetSites.length + 1;
  // a 取消 heard stops the package before its file is written: nothing left on disk, no export logged
  control.progress(photos, total);
  const items: PackageItem[] = [];
  for (const slot of order.checklist) {
    stopIfCancelled(control);
    // the material the slot uses (the newest valid one)
    const m = await materialFileFacts(desk.ctx, slot.materialId!);
    if (!m) throw notFound('材料', slot.materialId!);
    items.push({ slot: slot.id, kind: slot.kind, person: person(slot.personId), site: site(slot.websiteId), mime: m.mime, fileName: m.fileName, data: await desk.blobs.read(m.sha256) });
    control.progress(photos + items.length, total);
  }
  const warnings: string[] = [];
  for (const wid of sheetSites) {
    stopIfCancelled(control);
    // the sheet names the package's provider (its profile, or the agency's override for it)
    const data = sheetDataFor(entity, wid, await sheetSettingsFor(desk, wid, order.provider));
    warnings.push(...data.warnings);
    items.push({ slot: `website:${wid}:sheet-pdf`, kind: 'sheet-pdf', site: site(wid), mime: 'application/pdf', fileName: 'sheet.pdf', data: await renderSheetOffThread(data) });
    control.progress(photos + items.length, total);
  }
  stopIfCancelled(control);

  // The gate and the gathering are separate reads, and another operator (or window) may save in between:
  // a package is written only from data that is still what the gate passed.
  if ((await revisionOfOrderClient(desk.ctx, orderId)) !== revision) {
    throw new DeskError('CONFLICT', '导出期间该客户的资料有改动，提交包没有导出：请重新导出（将按改动后的资料重新检查）', [{ path: ['order', orderId], message: '客户资料在检查之后被修改' }]);
  }

  // a 取消接入 chooses no websites: it ends the 接入 of every site the filed state lists at its provider, and
  // the reviewer must see which
  const packageSites = order.type === '取消接入' ? cancelledWebsiteIds(order, filedState, entity.websites.map((w) => w.id)) : order.websiteIds;
  const input: PackageInput = {
    order: { id: order.id, type: order.type, state: order.state, providerOrderNo: order.providerOrderNo },
    profile,
    entity: { name: entity.name, nature: entity.nature, province: entity.province, icpNumber: filed ? filed.entity : entity.icpNumber },
    websites: entity.websites.filter((w) => packageSites.includes(w.id)).map((w) => ({ name: w.name, domains: w.domains, icpNumber: filed ? filed.website(w.id) : w.icpNumber })),
    items,
    warnings,
    acceptedPhotos: order.checklist
      .filter((c) => c.status === 'accepted')
      .map((c) => ({ slot: c.id, label: c.label, failedChecks: c.photo!.checks.filter((k) => k.status === 'fail').map((k) => ({ id: k.id, message: k.message })), reason: c.override!.reason, acceptedBy: c.override!.actor, acceptedAt: c.override!.at })),
  };
  // Hashing, the summary PDF and deflate run on a worker thread. Each file goes over in a buffer of its
  // own (a small Buffer may share Node's pool slab, which must not be handed away).
  for (const item of items) item.data = new Uint8Array(item.data);
  const packed = await runOnWorker({ task: 'package.zip', input }, items.map((i) => i.data.buffer));
  // a Buffer comes back from the thread as a plain Uint8Array over the same memory
  const pkg = { ...packed, zip: Buffer.from(packed.zip.buffer, packed.zip.byteOffset, packed.zip.byteLength) };
  // the last point a 取消 is heard: once the file is in place the export is logged and done
  stopIfCancelled(control);
  const takeBack = write(pkg);
  try {
    await desk.sql.tx(() => appendAudit(desk.ctx, { action: 'order.export', targetType: 'order', targetId: order.id, entityId: entity.id, detail: { provider: profile.id, files: pkg.files.length } }));
  } catch (err) {
    takeBack();
    throw err;
  }
  control.progress(total, total);
  return pkg;
}

/**
 * Builds the package and writes it into dir under its own name (temp, fsync, rename). `madeBefore`: the levels the
 * job's check made (startPackageExport), this export's to take back as well.
 */
export async function exportPackageTo(desk: Desk, orderId: number, providerId: string | undefined, dir: string, control: JobControl = UNWATCHED, madeBefore?: string): Promise<{ file: string; bytes: number; files: number }> {
  // the folder first (the CLI too): a refused one must not cost the photos' measuring and the package's gathering;
  // no package written (a full disk, its log entry refused): no empty folder left behind either
  const { result, file } = await exportInto(dir, madeBefore, (write) => buildPackage(desk, orderId, providerId, (pkg) => write(pkg.fileName, pkg.zip), control));
  return { file, bytes: result.zip.byteLength, files: result.files.length };
}

/**
 * 导出提交包 as a job (order.export): a package of many photos and scans takes a while, so the order page shows its
 * progress and can cancel it. The gate is judged before the job starts, so that a refusal reaches the screen with
 * every reason (a failed job carries one message); the job judges it again, as the order may change meanwhile.
 * Photos with no result for the package's provider yet are measured in the job (one by one, with progress and
 * 取消), not before it, and judged there: a failing one refuses the job with the same findings.
 * A cancelled job ends with no result: no file, no export logged.
 */
export async function startPackageExport(desk: Desk, orderId: number, providerId: string | undefined, dir: string): Promise<{ jobId: string }> {
  await orderForExport(desk, orderId, providerId, true);
  // the folder is made as the write would make it, refused with the write's words, after the gate: a refused order
  // leaves no folder, and a refused folder leaves none of its levels (makeFolderLevels takes them back itself)
  const made = makeFolderLevels(dir);
  return {
    jobId: desk.jobs.start('order.export', (control) => exportPackageTo(desk, orderId, providerId, dir, control, made)),
  };
}
