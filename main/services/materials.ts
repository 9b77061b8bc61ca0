// Material files of a client: bytes into the desk's material store (files or team database chunks, files/materialBlobs.ts), one row per attachment.
import { appendAuditOnce } from '../db/repositories/auditOnce';
import { DeskError, notFound } from '../domain/errors';
import type { Desk } from '../desk';
import { appendAudit } from '../db/repositories/audit';
import { entityExists, getEntity, touchEntity } from '../db/repositories/entities';
import { deleteMaterial, drawnSheetOf, getMaterial, insertMaterial, materialsOfEntity, printedIndex, unreferencedHashes } from '../db/repositories/materials';
import { DRAWN_SHEET_KINDS, sheetRecordDigest } from '../domain/sheetRecord';
import { getPerson } from '../db/repositories/people';
import { getWebsite } from '../db/repositories/websites';
import { providerOfWebsite } from '../db/repositories/orders';
import { CLOSED_STATES } from '../filings/stateMachine';
import type { MaterialKind } from '../domain/enums';
import { cleanFileName } from '../domain/text';
import type { MaterialView } from '../domain/views';
import { removeFiles, withStagedBytes } from './clients';
import { checkMaterialContent } from './materialContent';
import { refuseIfUnderReview } from './submittedOrders';

export interface NewMaterialInput {
  entityId: number;
  personId?: number | null;
  websiteId?: number | null;
  kind: MaterialKind;
  fileName: string;
  data: Uint8Array;
  /**
   * For a 核验单 the desk drew (sheets.ts): the digest of the record it was drawn from (sheetRecordDigest), or null when
   * that is not known. A signed scan's is worked out here.
   */
  printedDigest?: string | null;
  /** For a 核验单 the desk drew: the provider whose boxes it printed (sheetSettingsFor), or null when it printed none. */
  printedFor?: string | null;
}

/** Stores a material once its content has passed the check for its slot (materialContent.ts). */
/** `alsoInTransaction` runs in the same transaction as the insert (an order slot links the new material there). */
export async function addMaterial(desk: Desk, input: NewMaterialInput, alsoInTransaction?: (materialId: number) => Promise<void>): Promise<MaterialView> {
  // The client is looked up before the file is decoded, so a wrong number is told as such.
  if (!await entityExists(desk.ctx, input.entityId)) throw notFound('客户', input.entityId);
  const { mime } = await checkMaterialContent(input.kind, input.data);
  // the bytes are held from their stage to the insert's commit (a deletion meanwhile leaves them), and freed
  // afterwards if the insert did not commit and nothing else uses them
  const id = await withStagedBytes(desk, [input.data], ([stored]) =>
    desk.sql.tx(async () => {
      if (!await entityExists(desk.ctx, input.entityId)) throw notFound('客户', input.entityId);
      const personId = input.personId ?? null;
      const websiteId = input.websiteId ?? null;
      if (personId !== null && (await getPerson(desk.ctx, personId))?.entityId !== input.entityId) throw new DeskError('VALIDATION', '所选负责人不属于该客户', [{ path: ['personId'], message: '请从该客户的负责人中选择' }]);
      if (websiteId !== null && (await getWebsite(desk.ctx, websiteId))?.entityId !== input.entityId) throw new DeskError('VALIDATION', '所选网站不属于该客户', [{ path: ['websiteId'], message: '请从该客户的网站中选择' }]);
      const mid = await insertMaterial(desk.ctx, {
        entityId: input.entityId,
        personId,
        websiteId,
        kind: input.kind,
        fileName: cleanFileName(input.fileName),
        sha256: stored!.sha256,
        size: stored!.size,
        mime,
        ...(await printedOf(desk, input, websiteId, stored!.sha256)),
      });
      await desk.blobs.attach(mid, input.data);
      await touchEntity(desk.ctx, input.entityId);
      await appendAudit(desk.ctx, { action: 'material.create', targetType: 'material', targetId: mid, entityId: input.entityId, detail: { kind: input.kind, size: stored!.size } });
      await alsoInTransaction?.(mid);
      return mid;
    }),
  );
  return (await getMaterial(desk.ctx, id))!;
}

/**
 * What a 核验单 being stored printed: from the record — a later change of any of it makes it stale (domain/sheetRecord.ts)
 * — and the provider whose boxes it filled — it is no sheet for another provider (filings/checklist.ts). A sheet the desk
 * drew says so itself; a signed scan that is the very file of one of those printed what that one did — uploaded after a
 * change, it still shows the record as it was when drawn, and the provider it was drawn for; any other signed scan is
 * taken to show the record as it is, read in this transaction, and the provider the desk draws the website's sheet for
 * now (its order's: sheets.ts sheetSettingsFor).
 */
async function printedOf(desk: Desk, input: NewMaterialInput, websiteId: number | null, sha256: string): Promise<{ printedDigest: string | null; printedFor: string | null }> {
  if (DRAWN_SHEET_KINDS.includes(input.kind)) return { printedDigest: input.printedDigest ?? null, printedFor: input.printedFor ?? null };
  if (input.kind !== 'sheet' || websiteId === null) return { printedDigest: null, printedFor: null };
  const drawn = await drawnSheetOf(desk.ctx, input.entityId, websiteId, sha256);
  return {
    printedDigest: drawn?.digest ?? sheetRecordDigest((await getEntity(desk.ctx, input.entityId))!, websiteId, printedIndex(desk.ctx)),
    printedFor: drawn?.printedFor ?? (await providerOfWebsite(desk.ctx, websiteId, CLOSED_STATES)),
  };
}

export async function listMaterials(desk: Desk, entityId: number): Promise<MaterialView[]> {
  if (!await entityExists(desk.ctx, entityId)) throw notFound('客户', entityId);
  return await materialsOfEntity(desk.ctx, entityId);
}

/** The file's bytes (decrypted and verified); every read is audited, as ID photos are sensitive data. */
export async function readMaterial(desk: Desk, id: number): Promise<{ material: MaterialView; data: Buffer }> {
  const material = await getMaterial(desk.ctx, id);
  if (!material) throw notFound('材料', id);
  const data = await desk.blobs.read(material.sha256);
  await desk.sql.tx(() => appendAuditOnce(desk.ctx, { action: 'material.read', targetType: 'material', targetId: id, entityId: material.entityId, detail: { kind: material.kind } }));
  return { material, data };
}

export async function removeMaterial(desk: Desk, id: number): Promise<{ deletedId: number; removedFiles: number }> {
  const freed = await desk.sql.tx(async () => {
    const m = await getMaterial(desk.ctx, id);
    if (!m) throw notFound('材料', id);
    return await unreferencedHashes(desk.ctx, await deleteMaterialInTx(desk, id));
  });
  return { deletedId: id, removedFiles: await removeFiles(desk, freed) };
}

/**
 * A material's deletion inside the caller's transaction with its checks and log entry: its hash, to free after
 * the commit. Refused (CONFLICT) while an order under review uses it — a check-in carrying the laptop's
 * deletion lists it then (leaseDeletions.ts), as it does a person or website.
 */
export async function deleteMaterialInTx(desk: Desk, id: number, detail: Record<string, unknown> = {}): Promise<string[]> {
  const m = await getMaterial(desk.ctx, id);
  if (!m) throw notFound('材料', id);
  await refuseIfUnderReview(desk, m.entityId, { what: `材料“${m.fileName}”`, takes: (x) => x.id === id });
  await deleteMaterial(desk.ctx, id);
  await touchEntity(desk.ctx, m.entityId);
  await appendAudit(desk.ctx, { action: 'material.delete', targetType: 'material', targetId: id, entityId: m.entityId, detail: { kind: m.kind, ...detail } });
  return [m.sha256];
}
