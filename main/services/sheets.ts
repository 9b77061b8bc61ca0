// 核验单 services: generate one (preview or final), stamp it, and batches with progress and cancel.
// Sheets print personal numbers in clear, so every generation is written to the audit log.
import { rmSync } from 'node:fs';
import { claimNewFile, syncDir, writeFileAtomic, writeFileAtomicInBatch } from '../files/atomicWrite';
import { fileNamePart, firstFreeName } from '../files/fileNames';
import { join, resolve } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { MATERIAL_KINDS, type MaterialKind } from '../domain/enums';
import { DeskError, notFound } from '../domain/errors';
import { ensureOutputFolder, fileSystemError } from '../files/outputFolder';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { getEntities, getEntity } from '../db/repositories/entities';
import { providerOfWebsite, providersOfWebsites } from '../db/repositories/orders';
import { readSheetSettings, type SheetSettingsRow } from '../db/repositories/settings';
import { entityIdsOfWebsites, getWebsite } from '../db/repositories/websites';
import { CLOSED_STATES } from '../filings/stateMachine';
import { providerFacts } from '../providers/profiles';
import type { EntityView, MaterialView } from '../domain/views';
import type { JobControl } from '../jobs/jobs';
import { awaitedLater, yieldToLoop } from '../jobs/jobs';
import { renderSheetOffThread, SheetPool } from '../pdf/sheetPool';
import { sheetDataFor, sheetVariantOf, type SheetSettings } from '../pdf/sheetData';
import { stampPdf, type StampOptions } from '../pdf/stamp';
import { addMaterial, readMaterial } from './materials';
import { printedDigestsOf, printedForOf, printedIndex } from '../db/repositories/materials';
import { outdatedScans, sheetRecordDigest } from '../domain/sheetRecord';

/** Websites read from the store at a time by a batch. */
const READ_SLICE = 100;
/**
 * Sheet files being written (and fsynced) on node's thread pool at once: enough that the flushes' waits
 * overlap (measured here: about 1.2 ms of wall time a file, against 1.7–2.7 ms with 8 at a time).
 */
const WRITES_IN_FLIGHT = 32;

export function sheetFileName(entity: EntityView, websiteName: string, suffix = ''): string {
  // each part at most 110 bytes (36 Chinese characters): with 核验单-, -已盖章, a -NNN and .pdf the name stays under
  // the 255 bytes a file name may have
  const safe = (s: string) => fileNamePart(s, 110);
  return `核验单-${safe(entity.name)}-${safe(websiteName)}${suffix}.pdf`;
}

export async function entityOfWebsite(desk: Desk, websiteId: number): Promise<EntityView> {
  const w = await getWebsite(desk.ctx, websiteId);
  if (!w) throw notFound('网站', websiteId);
  return (await getEntity(desk.ctx, w.entityId))!;
}

async function audit(desk: Desk, entityId: number, websiteIds: number[], detail: Record<string, unknown>): Promise<void> {
  await desk.sql.tx(() => appendAudit(desk.ctx, { action: 'sheet.generate', targetType: 'website', targetId: websiteIds.length === 1 ? websiteIds[0]! : null, entityId, detail: { websites: websiteIds.length, ...detail } }));
}

/**
 * The settings a website's sheet prints with: 接入服务提供者 and 服务器放置地点 from the provider profile of
 * its order (or `provider` when given), overridden per provider in the settings; blanks come with a warning.
 */
export async function sheetSettingsFor(desk: Desk, websiteId: number, provider?: string | null, given?: SheetSettingsRow): Promise<SheetSettings & { provider: string | null }> {
  const row = given ?? (await readSheetSettings(desk.ctx));
  return sheetSettingsOf(row, provider ?? (await providerOfWebsite(desk.ctx, websiteId, CLOSED_STATES)));
}

function sheetSettingsOf(row: SheetSettingsRow, provider: string | null): SheetSettings & { provider: string | null } {
  return { provider, accessMethod: row.accessMethod, verifierName: row.verifierName, ...providerFacts(provider, row.providers) };
}

/**
 * What a batch's sheets print, read for a slice of its websites with one query per table: each website's
 * client (read once however many of its websites the slice holds) and the provider of its order.
 */
async function sheetSourcesOf(desk: Desk, websiteIds: number[]): Promise<{ entityOf: (websiteId: number) => EntityView; providerOf: (websiteId: number) => string | null }> {
  const entityIds = await entityIdsOfWebsites(desk.ctx, websiteIds);
  const ids = [...new Set(entityIds.values())];
  let entities: Map<number, EntityView>;
  try {
    entities = await getEntities(desk.ctx, ids);
  } catch (err) {
    if (!(err instanceof DeskError && err.code === 'DATA_TAMPERED')) throw err;
    // one by one: getEntity names the damaged client
    entities = new Map();
    for (const id of ids) entities.set(id, (await getEntity(desk.ctx, id))!);
  }
  const providers = await providersOfWebsites(desk.ctx, websiteIds, CLOSED_STATES);
  return {
    entityOf: (websiteId) => {
      const entity = entities.get(entityIds.get(websiteId) ?? -1);
      if (!entity) throw notFound('网站', websiteId);
      return entity;
    },
    providerOf: (websiteId) => providers.get(websiteId) ?? null,
  };
}

async function auditBatch(desk: Desk, byEntity: Map<number, number[]>, detail: Record<string, unknown>): Promise<void> {
  if (!byEntity.size) return;
  await desk.sql.tx(async () => {
    for (const [entityId, ids] of byEntity) await appendAudit(desk.ctx, { action: 'sheet.generate', targetType: 'website', targetId: ids.length === 1 ? ids[0]! : null, entityId, detail: { websites: ids.length, ...detail } });
  });
}

export async function generateSheet(desk: Desk, websiteId: number, options: { draft?: boolean; provider?: string } = {}): Promise<{ fileName: string; pdf: Uint8Array; copies: number; provider: string | null; warnings: string[] }> {
  const { entityId: _entityId, printed: _printed, ...sheet } = await generateLogged(desk, websiteId, options);
  return sheet;
}

async function generateLogged(desk: Desk, websiteId: number, options: { draft?: boolean; provider?: string }) {
  const sheet = await renderSheet(desk, websiteId, options);
  await audit(desk, sheet.entityId, [websiteId], { draft: !!options.draft });
  return sheet;
}

/**
 * The sheet's PDF, not logged: for a caller that logs what it hands out itself (stampSheet). `printed` is what it
 * printed from the record, read with it: kept with the sheet when stored (materials.ts), so that it goes stale as a
 * signed scan does once any of it changes.
 */
async function renderSheet(desk: Desk, websiteId: number, options: { draft?: boolean; provider?: string }) {
  const entity = await entityOfWebsite(desk, websiteId);
  const settings = await sheetSettingsFor(desk, websiteId, options.provider);
  const data = sheetDataFor(entity, websiteId, settings);
  const pdf = await renderSheetOffThread(data, options);
  const printed = sheetRecordDigest(entity, websiteId, printedIndex(desk.ctx));
  return { entityId: entity.id, fileName: sheetFileName(entity, data.websiteName, options.draft ? '-草稿' : ''), pdf, copies: data.copies, provider: settings.provider, warnings: data.warnings, printed };
}

/** Generates the final sheet and keeps it as the website's 核验单 material. */
export async function saveGeneratedSheet(desk: Desk, websiteId: number): Promise<MaterialView> {
  const { entityId, fileName, pdf, printed, provider } = await generateLogged(desk, websiteId, {});
  return addMaterial(desk, { entityId, websiteId, kind: 'sheet-pdf', fileName, data: pdf, printedDigest: printed, printedFor: provider });
}

/**
 * Stamps a sheet (a stored one, or the freshly generated sheet) and stores the result as a new material; the
 * original stays. Logged once, as sheet.stamp (an export in 操作员报告: the stamped PDF comes back), not also
 * as the sheet.generate of the sheet made for it.
 */
/** The stored sheets a seal or signature may go on: the PDFs the desk generated or stamped before. */
const STAMPABLE_KINDS: readonly MaterialKind[] = ['sheet-pdf', 'sheet-stamped'];

export async function stampSheet(desk: Desk, websiteId: number, options: StampOptions & { sourceMaterialId?: number }): Promise<{ material: MaterialView; pdf: Uint8Array }> {
  const entity = await entityOfWebsite(desk, websiteId);
  if (options.seal) refuseSealOnPersonal(entity);
  let source: Uint8Array;
  // what the stamped copy prints: its source's, and the provider it names
  let printed: string | null;
  let printedFor: string | null;
  if (options.sourceMaterialId) {
    const m = await readMaterial(desk, options.sourceMaterialId);
    if (m.material.websiteId !== websiteId) throw new DeskError('VALIDATION', '所选核验单不属于该网站');
    // the copy is stored as the website's 核验单（已盖章）, the sheet its package carries: only a sheet may be stamped
    if (!STAMPABLE_KINDS.includes(m.material.kind)) {
      throw new DeskError('VALIDATION', `所选材料是“${MATERIAL_KINDS[m.material.kind]}”，不是核验单：只能在生成的核验单（或已盖章的核验单）上盖章签名`);
    }
    // a sheet drawn before what it prints changed would come back stamped, ready to sign, showing the record as it was
    const kept = (await printedDigestsOf(desk.ctx, [entity.id])).find((d) => d.id === m.material.id);
    if (kept && outdatedScans([entity], [kept], printedIndex(desk.ctx)).size) {
      throw new DeskError('VALIDATION', `所选核验单“${m.material.fileName}”生成后，它印的信息已改过（网站名称、域名、首页URL、IP，或主体、负责人的资料），盖章后也不是记录中的信息：请重新生成核验单后再盖章`);
    }
    source = m.data;
    printed = kept?.digest ?? null;
    printedFor = (await printedForOf(desk.ctx, [entity.id])).get(m.material.id) ?? null;
  } else ({ pdf: source, printed, provider: printedFor } = await renderSheet(desk, websiteId, {}));
  const pdf = await stampPdf(source, options);
  const site = entity.websites.find((w) => w.id === websiteId)!;
  const material = await addMaterial(desk, { entityId: entity.id, websiteId, kind: 'sheet-stamped', fileName: sheetFileName(entity, site.name, '-已盖章'), data: pdf, printedDigest: printed, printedFor });
  await desk.sql.tx(() => appendAudit(desk.ctx, { action: 'sheet.stamp', targetType: 'website', targetId: websiteId, entityId: entity.id, detail: { seal: !!options.seal, signature: !!options.signature } }));
  return { material, pdf };
}

/** A person has no 公章: their sheet is signed (and fingerprinted where the province asks), never sealed. */
export function refuseSealOnPersonal(entity: EntityView): void {
  if (sheetVariantOf(entity) === 'personal') throw new DeskError('VALIDATION', `客户“${entity.name}”是个人，个人网站的核验单不加盖公章：请去掉公章图片，由网站负责人本人签字`);
}

/**
 * A batch's seal or signature image is one client's, so it may go on that client's sheets only, and a seal
 * only on a unit's; refused before anything is written, rather than found on the wrong client's sheets.
 */
async function refuseBatchStamp(desk: Desk, websiteIds: number[], stamp: StampOptions): Promise<void> {
  const entityIds = [...new Set((await entityIdsOfWebsites(desk.ctx, websiteIds)).values())];
  if (entityIds.length > 1) {
    const names: string[] = [];
    for (const id of entityIds.slice(0, 3)) names.push(`“${(await getEntity(desk.ctx, id))!.name}”`);
    const clients = `${names.join('、')}${entityIds.length > 3 ? ` 等 ${entityIds.length} 个客户` : ''}`;
    const image = stamp.seal ? '公章' : '签名';
    throw new DeskError('VALIDATION', `所选网站属于多个客户（${clients}），不能批量加盖同一个${image}：${image}只能盖在它所属客户的核验单上。请按客户分别批量生成，或不加盖${image}`);
  }
  if (stamp.seal && entityIds.length === 1) refuseSealOnPersonal((await getEntity(desk.ctx, entityIds[0]!))!);
}

export interface BatchOptions {
  websiteIds: number[];
  outDir: string;
  /** One print file with every sheet in its number of copies, instead of one PDF per website. */
  combined: boolean;
  stamp?: StampOptions;
}

/**
 * Many sheets with one renderer (fonts parsed once). Files are written to a temp name and renamed; a
 * cancelled batch leaves only the sheets it finished.
 */
export async function batchSheets(desk: Desk, options: BatchOptions, control: JobControl): Promise<{ files: string[]; sheets: number; bytes: number; warnings: string[] }> {
  if (options.stamp) await refuseBatchStamp(desk, options.websiteIds, options.stamp);
  const outDir = ensureOutputFolder(options.outDir);
  const pool = await SheetPool.create();
  const settings = await readSheetSettings(desk.ctx);
  const warnings: string[] = [];
  const files: string[] = [];
  let bytes = 0;
  let done = 0;
  const combined = options.combined ? await PDFDocument.create() : null;
  // Two sheets of one name (two people both 王小明 with a 个人博客, names alike after the cut) are two files,
  // and a file already in the folder is never replaced: it may be another client's sheet, or one printed and
  // signed already; an operator who runs a batch again finds the new sheets numbered beside the old ones (the
  // result lists them) rather than an earlier batch's file silently gone. Compared without case, as Windows and
  // macOS name files. A name is claimed on disk as it is picked (claimNewFile), so a second batch started into
  // the same folder meanwhile numbers its sheets on instead of renaming its own over this one's.
  const named = new Set<string>();
  const claim = (name: string) => {
    const free = firstFreeName(name, (candidate) => named.has(candidate.toLowerCase()) || !claimNewFile(join(outDir, candidate)));
    named.add(free.toLowerCase());
    return join(outDir, free);
  };
  // a write that failed leaves no empty file behind under the name it claimed
  const unclaim = (target: string) => (err: unknown) => {
    rmSync(target, { force: true });
    throw err;
  };
  const write = (name: string, data: Uint8Array) => {
    const target = claim(name);
    try {
      writeFileAtomic(target, data);
    } catch (err) {
      unclaim(target)(err);
    }
    files.push(target);
    bytes += data.byteLength;
  };
  // One file per sheet, written off this thread (it keeps handing sheets to the workers meanwhile), a few
  // at a time; the folder is flushed once, after the last rename.
  const writing: Promise<void>[] = [];
  const writeInBatch = async (name: string, data: Uint8Array) => {
    const target = claim(name);
    writing.push(awaitedLater(writeFileAtomicInBatch(target, data).catch(unclaim(target))));
    files.push(target);
    bytes += data.byteLength;
    if (writing.length >= WRITES_IN_FLIGHT) await writing.shift();
  };
  const byEntity = new Map<number, number[]>();
  // Keep enough sheets in flight that the workers stay busy while this thread reads the next slice; finish
  // them in the order asked for.
  const window = pool.size * 8;
  const inFlight: { entity: EntityView; websiteId: number; copies: number; name: string; pdf: Promise<Uint8Array> }[] = [];
  const finish = async () => {
    const job = inFlight.shift()!;
    let pdf: Uint8Array;
    try {
      pdf = await job.pdf;
    } catch (err) {
      // a batch of many websites says which one could not be drawn
      if (!(err instanceof DeskError)) throw err;
      throw new DeskError(err.code, `网站“${job.name}”（客户“${job.entity.name}”）的核验单：${err.message}`, err.details);
    }
    if (options.stamp) pdf = await stampPdf(pdf, options.stamp);
    if (combined) {
      const src = await PDFDocument.load(pdf);
      for (let c = 0; c < job.copies; c++) for (const p of await combined.copyPages(src, src.getPageIndices())) combined.addPage(p);
    } else await writeInBatch(sheetFileName(job.entity, job.name, options.stamp ? '-已盖章' : ''), pdf);
    byEntity.set(job.entity.id, [...(byEntity.get(job.entity.id) ?? []), job.websiteId]);
    done++;
    control.progress(done, options.websiteIds.length);
  };
  try {
    // the store is read a slice of websites at a time, each client once per slice (its personal fields opened once)
    for (let start = 0; start < options.websiteIds.length && !control.cancelled; start += READ_SLICE) {
      const slice = options.websiteIds.slice(start, start + READ_SLICE);
      const sources = await sheetSourcesOf(desk, slice);
      for (const websiteId of slice) {
        if (control.cancelled) break;
        const entity = sources.entityOf(websiteId);
        const data = sheetDataFor(entity, websiteId, sheetSettingsOf(settings, sources.providerOf(websiteId)));
        warnings.push(...data.warnings);
        inFlight.push({ entity, websiteId, copies: data.copies, name: data.websiteName, pdf: awaitedLater(pool.render(data)) });
        if (inFlight.length >= window) await finish();
        if (done % 10 === 0) await yieldToLoop();
      }
    }
    // A cancelled batch still completes the sheets already being drawn, so no file is left half done.
    while (inFlight.length) await finish();
    while (writing.length) await writing.shift();
    if (!combined && files.length) syncDir(outDir);
    if (combined && done > 0) {
      combined.setCreationDate(new Date('2000-01-01T00:00:00Z'));
      write(`核验单-合并打印-${done}个网站.pdf`, await combined.save({ useObjectStreams: true }));
    }
  } catch (err) {
    // a full disk or a folder taken away half-way through the batch is the operator's to fix: told how
    throw fileSystemError(err, outDir) ?? err;
  } finally {
    await Promise.allSettled([...inFlight.map((j) => j.pdf), ...writing]);
    await pool.close();
    await auditBatch(desk, byEntity, { batch: true, combined: !!combined });
  }
  return { files, sheets: done, bytes, warnings };
}
