// Exporting clients into a transfer archive: each client's record, materials, log, filed state, 备案密码
// and orders with their history, people and websites named by position so the receiving desk can put its
// own ids in. The archive format itself is main/export/transfer.ts. From the settings page it runs as a job
// (transfer.export) with progress and 取消; the CLI and leases call it directly.
import { fileStamp } from '../domain/dates';
import { resolve } from 'node:path';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { entityExists, getEntity } from '../db/repositories/entities';
import { allFiled } from '../db/repositories/filed';
import { readFilingPassword } from '../db/repositories/filingPassword';
import { materialsOfEntity, printedDigestsOf, printedForOf, printedIndex } from '../db/repositories/materials';
import { getOrderRow } from '../db/repositories/orders';
import { orderHistoriesOf } from '../db/repositories/transferredOrders';
import { DeskError, notFound } from '../domain/errors';
import { outdatedScans } from '../domain/sheetRecord';
import type { FiledRecord, FiledState } from '../domain/filed';
import type { EntityView } from '../domain/views';
import { recordOf } from '../export/record';
import { refsToPositions, writeTransferArchive, type ArchivedClient, type ArchivedFiled, type ArchivedOrder, type ArchivedRecord } from '../export/transfer';
import { logForTransfer } from '../export/transferLog';
import { exportInto, makeFolderLevels, removeFolderLevels } from '../files/outputFolder';
import { stopIfCancelled, type JobControl } from '../jobs/jobs';
import { checkPassphraseStrength } from '../secrets/keyring';
import { orderChecklist } from './orders';
import { rejectionRounds } from './rejections';

function positions<T extends { id: number }>(rows: readonly T[]): (id: number) => number | undefined {
  const at = new Map(rows.map((r, i) => [r.id, i]));
  return (id) => at.get(id);
}

/** A filed-form record (已备案信息, what an order submitted) with people and websites named by position. */
function archivedRecord(e: EntityView, r: FiledRecord): ArchivedRecord {
  const personAt = positions(e.people);
  const siteAt = positions(e.websites);
  // filed records key people by stored id (p12); in the archive by record position (p1), a person gone since by a key of its own
  const key = (k: string) => {
    if (!k) return k;
    const i = personAt(Number(k.slice(1)));
    return i === undefined ? `gone-${k}` : `p${i + 1}`;
  };
  return {
    entity: { ...r.entity, principal: key(r.entity.principal) },
    people: r.people.map((p) => ({ ...p, id: key(p.id) })),
    websites: r.websites.map(({ websiteId, ...w }) => ({ ...w, principal: key(w.principal), websiteIndex: websiteId === null ? null : (siteAt(websiteId) ?? null) })),
  };
}

function archivedFiled(e: EntityView, s: FiledState, orderAt: (id: number) => number | undefined): ArchivedFiled {
  return {
    version: s.version,
    filedAt: s.filedAt,
    origin: s.origin,
    order: s.orderId === null ? null : (orderAt(s.orderId) ?? null),
    status: s.status,
    entityIcpNumber: s.entityIcpNumber,
    providers: s.providers,
    record: archivedRecord(e, s.record),
  };
}

async function archivedOrders(desk: Desk, e: EntityView, materialAt: (id: number) => number | undefined): Promise<{ orders: ArchivedOrder[]; orderAt: (id: number) => number | undefined }> {
  const histories = await orderHistoriesOf(desk.ctx, e.id);
  const personAt = positions(e.people);
  const siteAt = positions(e.websites);
  const refs = (s: string) => refsToPositions(s, personAt, siteAt);
  const orders = await Promise.all(histories.map(async (h): Promise<ArchivedOrder> => {
    const row = (await getOrderRow(desk.ctx, h.id))!;
    // which reasons are still untouched here: they arrive untouched (their baseline is taken again there)
    const open = new Set((await rejectionRounds(desk, e, row, h.rejections.length ? await orderChecklist(desk, row, false) : [])).flatMap((r) => r.reasons.filter((x) => x.open).map((x) => `${r.round}|${x.target}|${x.kind}`)));
    const { websiteIds, ...order } = h.order;
    const mat = (id: number) => materialAt(id);
    return {
      order: { ...order, type: order.type, websites: websiteIds.map(siteAt).filter((i): i is number => i !== undefined) },
      events: h.events,
      links: h.links.flatMap((l) => (mat(l.materialId) === undefined ? [] : [{ slot: refs(l.slot), material: mat(l.materialId)! }])),
      overrides: h.overrides.flatMap(({ materialId, ...o }) => (mat(materialId) === undefined ? [] : [{ ...o, slot: refs(o.slot), material: mat(materialId)! }])),
      rejections: h.rejections.map((r) => ({
        ...r,
        reasons: r.reasons.map(({ baseline: _b, ...x }) => ({ ...x, target: refs(x.target), open: open.has(`${r.round}|${x.target}|${x.kind}`) })),
      })),
      gongan: h.gongan.flatMap(({ websiteId, ...g }) => (siteAt(websiteId) === undefined ? [] : [{ ...g, website: siteAt(websiteId)! }])),
      authCodes: h.authCodes,
      ...(h.submitted ? { submitted: { at: h.submitted.submittedAt, record: archivedRecord(e, h.submitted.record) } } : {}),
    };
  }));
  return { orders, orderAt: positions(histories) };
}

export async function archivedClient(desk: Desk, id: number): Promise<ArchivedClient> {
  const e = await getEntity(desk.ctx, id);
  if (!e) throw new DeskError('NOT_FOUND', `客户（编号 ${id}）不存在`);
  const personAt = positions(e.people);
  const siteAt = positions(e.websites);
  const rows = await materialsOfEntity(desk.ctx, id);
  // a signed 核验单's digest is under this desk's key: what travels is whether it still matches the record
  const digests = await printedDigestsOf(desk.ctx, [id]);
  const judged = new Set(digests.map((d) => d.id));
  const outdated = outdatedScans([e], digests, printedIndex(desk.ctx));
  // and the provider its sheet named: a sheet for one provider stays no sheet for another there
  const printedFor = await printedForOf(desk.ctx, [id]);
  const materials = rows.map((m) => ({
    sha256: m.sha256,
    kind: m.kind,
    fileName: m.fileName,
    mime: m.mime,
    person: m.personId ? `p${(personAt(m.personId) ?? -1) + 1}` : null,
    website: m.websiteId ? (siteAt(m.websiteId) ?? null) : null,
    createdAt: m.createdAt,
    ...(judged.has(m.id) ? { printed: outdated.has(m.id) ? ('outdated' as const) : ('current' as const) } : {}),
    ...(printedFor.has(m.id) ? { printedFor: printedFor.get(m.id)! } : {}),
  }));
  const { orders, orderAt } = await archivedOrders(desk, e, positions(rows));
  return {
    record: recordOf(e),
    materials,
    log: await logForTransfer(desk.ctx, id),
    filed: (await allFiled(desk.ctx, id)).map((s) => archivedFiled(e, s, orderAt)),
    filingPassword: await readFilingPassword(desk.ctx, id),
    orders,
    // by the record's person keys (recordOf: p1 … by position), as the materials name them
    identityChangedAt: Object.fromEntries(e.people.map((p, i) => [`p${i + 1}`, p.identityChangedAt])),
  };
}

/** An export with no job behind it (the CLI, a lease): never cancelled, its progress heard by nobody. */
const UNWATCHED: JobControl = { progress: () => undefined, cancelled: false };

/**
 * Progress counts the clients as they are read, then each material file as it goes into the archive, and the archive
 * handed on last; the files are counted once the clients are read (their materials are read with them).
 */
async function transferBytes(desk: Desk, entityIds: number[], passphrase: string, control: JobControl): Promise<{ zip: Buffer; clients: ArchivedClient[]; files: number; finished: () => void }> {
  // a 取消 heard stops the export before its archive is written: nothing left on disk, no client logged
  let total = entityIds.length + 1;
  control.progress(0, total);
  const clients: ArchivedClient[] = [];
  for (const id of entityIds) {
    stopIfCancelled(control);
    clients.push(await archivedClient(desk, id));
    control.progress(clients.length, total);
  }
  const files = new Set(clients.flatMap((c) => c.materials.map((m) => m.sha256))).size;
  total = entityIds.length + files + 1;
  let done = entityIds.length;
  control.progress(done, total);
  const zip = await writeTransferArchive(clients, passphrase, async (h) => {
    stopIfCancelled(control);
    const bytes = await desk.blobs.read(h);
    control.progress(++done, total);
    return bytes;
  });
  // the last point a 取消 is heard: once the file is in place the export is logged and done
  stopIfCancelled(control);
  return { zip, clients, files, finished: () => control.progress(total, total) };
}

async function logTransfer(desk: Desk, entityIds: number[], clients: ArchivedClient[]): Promise<void> {
  await desk.sql.tx(async () => {
    for (const [i, id] of entityIds.entries()) {
      const c = clients[i]!;
      await appendAudit(desk.ctx, { action: 'transfer.export', targetType: 'entity', targetId: id, entityId: id, detail: { materials: c.materials.length, orders: c.orders.length, filed: c.filed.length, filingPassword: c.filingPassword !== null } });
    }
  });
}

/**
 * The archive for these clients, handed to `write` (which puts it where it goes and returns what takes it back;
 * without one, the bytes are the caller's to hand on), then logged: a write that fails (a full disk) must not leave every client's log saying its data, 备案密码
 * included, left the desk, and a file whose log entry cannot be written is taken back — no export without it.
 */
export async function exportTransfer(desk: Desk, entityIds: number[], passphrase: string, write: (zip: Buffer) => () => void = () => () => {}, control: JobControl = UNWATCHED): Promise<Buffer> {
  return (await exportTransferCounted(desk, entityIds, passphrase, write, control)).zip;
}

async function exportTransferCounted(desk: Desk, entityIds: number[], passphrase: string, write: (zip: Buffer) => () => void, control: JobControl): Promise<{ zip: Buffer; files: number }> {
  const { zip, clients, files, finished } = await transferBytes(desk, entityIds, passphrase, control);
  const takeBack = write(zip);
  try {
    await logTransfer(desk, entityIds, clients);
  } catch (err) {
    takeBack();
    throw err;
  }
  finished();
  return { zip, files };
}

/** The archive written into a folder under a name that says what it holds (the desk's 导出 screen). */
export async function exportTransferTo(desk: Desk, listed: number[], passphrase: string, dir: string, control: JobControl = UNWATCHED, madeBefore?: string): Promise<{ file: string; bytes: number; clients: number; files: number }> {
  // a client named twice goes into the file once, as the CLI's export does: packed twice it was counted, named in
  // the file's name and logged as exported twice
  const entityIds = [...new Set(listed)];
  // the folder first: a refused one must not cost the archive's encryption; `madeBefore`, the levels the job's check
  // made (checkTransferExport), are this export's to take back as well when no archive is written (cancelled, a
  // client gone, a full disk)
  const name = `备案助手转移-${entityIds.length}个客户-${fileStamp(desk.ctx.now())}.bdtransfer`;
  const { result, file } = await exportInto(dir, madeBefore, (write) => exportTransferCounted(desk, entityIds, passphrase, (bytes) => write(name, bytes), control));
  return { file, bytes: result.zip.byteLength, clients: entityIds.length, files: result.files };
}

/**
 * What refuses an export before it starts, every reason at once (the screen lists them): a passphrase too short,
 * each client that is not there, a folder that cannot be made (made here, as the export would, and taken back
 * when the export is refused). One reason is told as itself. Returns the first level it made, for the job to take
 * back should it end without its archive.
 */
async function checkTransferExport(desk: Desk, entityIds: number[], passphrase: string, dir: string): Promise<string | undefined> {
  const problems: { error: DeskError; path: (string | number)[] }[] = [];
  try {
    checkPassphraseStrength(passphrase);
  } catch (err) {
    if (!(err instanceof DeskError)) throw err;
    problems.push({ error: err, path: ['passphrase'] });
  }
  for (const [i, id] of entityIds.entries()) if (!(await entityExists(desk.ctx, id))) problems.push({ error: notFound('客户', id), path: ['entityIds', i] });
  let made: string | undefined;
  try {
    made = makeFolderLevels(dir);
  } catch (err) {
    if (!(err instanceof DeskError)) throw err;
    problems.push({ error: err, path: ['dir'] });
  }
  // a refused export leaves the disk as it was: no empty folder (or its parents) on the operator's USB stick
  if (problems.length && made) removeFolderLevels(dir, made);
  if (problems.length === 1) throw problems[0]!.error;
  if (problems.length > 1) {
    throw new DeskError(
      'VALIDATION',
      `转移文件没有导出，有 ${problems.length} 个问题：${problems.map((p) => p.error.message).join('；')}`,
      problems.map((p) => ({ path: p.path, message: p.error.message })),
    );
  }
  return made;
}

/**
 * 转移导出 as a job (transfer.export): an archive of many clients' photos and scans takes a while, so the settings
 * page shows its progress and can cancel it. What refuses it is said before the job starts, with every reason (a
 * failed job carries one message); the job meets them again if something changes meanwhile. A cancelled job ends
 * with no result: no file, no export logged, and no folder the check made for it.
 */
export async function startTransferExport(desk: Desk, entityIds: number[], passphrase: string, dir: string): Promise<{ jobId: string }> {
  const made = await checkTransferExport(desk, entityIds, passphrase, dir);
  return {
    jobId: desk.jobs.start('transfer.export', (control) => exportTransferTo(desk, entityIds, passphrase, dir, control, made)),
  };
}
