// The 核验单 page's tools around a sheet: preview a stamp before it is applied, cut a seal or signature
// out of a scan, and the agency's sheet settings (accessMethod, verifier, per-provider overrides).
import type { Desk } from '../desk';
import { readSheetSettings, writeSheetSettings, type SheetSettingsRow } from '../db/repositories/settings';
import { extractSeal, extractSignature } from '../pdf/seal';
import { overlapWarning, sealOverSignature, stampPdf, type StampOptions } from '../pdf/stamp';
import { generateSheet } from './sheets';

/** A draft sheet with the seal and signature placed, and how much of the signature the seal covers. */
export async function previewStamp(desk: Desk, websiteId: number, stamp: StampOptions): Promise<{ pdf: Uint8Array; sealOverSignature: number; warning: string | null }> {
  const { pdf } = await generateSheet(desk, websiteId, { draft: true });
  const stamped = await stampPdf(pdf, stamp);
  const covered = sealOverSignature(stamp);
  return { pdf: stamped, sealOverSignature: covered, warning: overlapWarning(covered) };
}

/** The red seal or the dark signature of a scan, on a transparent background. */
export async function extractStampImage(kind: 'seal' | 'signature', data: Uint8Array) {
  return kind === 'seal' ? await extractSeal(data) : await extractSignature(data);
}

export async function sheetSettings(desk: Desk): Promise<SheetSettingsRow> {
  return await readSheetSettings(desk.ctx);
}

export async function updateSheetSettings(desk: Desk, settings: SheetSettingsRow): Promise<SheetSettingsRow> {
  await desk.sql.tx(() => writeSheetSettings(desk.ctx, settings));
  return readSheetSettings(desk.ctx);
}
