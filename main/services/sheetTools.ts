// The 核验单 page's tools around a sheet: preview a stamp before it is applied, cut a seal or signature
// out of a scan, and the agency's sheet settings (accessMethod, verifier, per-provider overrides).
import type { Desk } from '../desk';
import { readSheetSettings, writeSheetSettings, type SheetSettingsRow } from '../db/repositories/settings';
import { extractSeal, extractSignature } from '../pdf/seal';
import { signsWithFingerprint } from '../pdf/sheetData';
import { overlapWarning, sealOverSignature, stampPdf, stampsOverFingerprint, type StampOptions } from '../pdf/stamp';
import { entityOfWebsite, generateSheet, refuseSealOnPersonal } from './sheets';
import { readSettingsForm, saveSettingsForm, type SettingsForm } from './settingsSave';

/**
 * A draft sheet with the seal and signature placed, how much of the signature the seal covers, and a warning
 * when a stamp covers the signature or, on a sheet with a 手印 box, the box.
 */
export async function previewStamp(desk: Desk, websiteId: number, stamp: StampOptions): Promise<{ pdf: Uint8Array; sealOverSignature: number; warning: string | null }> {
  const entity = await entityOfWebsite(desk, websiteId);
  if (stamp.seal) refuseSealOnPersonal(entity);
  const { pdf } = await generateSheet(desk, websiteId, { draft: true });
  const stamped = await stampPdf(pdf, stamp);
  const covered = sealOverSignature(stamp);
  return { pdf: stamped, sealOverSignature: covered, warning: overlapWarning(covered, stampsOverFingerprint(stamp, { fingerprint: signsWithFingerprint(entity.province) })) };
}

/** The red seal or the dark signature of a scan, on a transparent background. */
export async function extractStampImage(kind: 'seal' | 'signature', data: Uint8Array) {
  return kind === 'seal' ? await extractSeal(data) : await extractSignature(data);
}

const SHEET_SETTINGS: SettingsForm<SheetSettingsRow> = {
  group: 'sheet',
  target: 'sheetSettings',
  read: (desk) => readSheetSettings(desk.ctx),
  write: (desk, next) => writeSheetSettings(desk.ctx, next),
};

export async function sheetSettings(desk: Desk): Promise<SheetSettingsRow & { rowVersion: number }> {
  return await readSettingsForm(desk, SHEET_SETTINGS);
}

/** Saved whole, over the version the form read (`readVersion`); a stale save is refused with EDIT_CONFLICT. */
export async function updateSheetSettings(desk: Desk, settings: SheetSettingsRow, readVersion?: number): Promise<SheetSettingsRow & { rowVersion: number }> {
  return await saveSettingsForm(desk, SHEET_SETTINGS, settings, readVersion);
}
