// The one worker-thread entry: every CPU-heavy task of the core runs here (photo checks with face
// detection and the grid's thumbnails, photo repairs, 核验单 rendering, packing a submission package, reading licence and ID photos, check-all's rules), so the thread that holds the database and
// answers the window never waits on them. Each worker loads the face detectors and the fonts once, on
// first use, and serves many tasks.
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { DeskError } from '../domain/errors';
import type { PackageInput, SubmissionPackage } from '../export/package';
import type { RenderOptions, SheetRenderer } from '../pdf/sheet';
import type { SheetData } from '../pdf/sheetData';
import type { PhotoReport } from '../photos/checks';
import { readPhotoFile } from '../photos/photoFile';
import type { PhotoKind } from '../photos/profiles';
import type { RepairResult } from '../photos/repair';
import type { DocumentKind, DocumentReading } from '../domain/documentReading';
import type { CheckedRecord, RecordsToCheck } from '../rules/checkRecords';
import type { CheckedShare, SliceToReadAndCheck } from '../services/checkAllWorker';

export type WorkerTask =
  | { task: 'photo.check'; file: string; kind: PhotoKind; provider: string; data?: Uint8Array; thumbnail?: boolean }
  | { task: 'photo.repair'; file: string; kind: PhotoKind; provider: string; watermark?: string | boolean }
  | { task: 'sheet.render'; data: SheetData; options: RenderOptions }
  | { task: 'package.zip'; input: PackageInput }
  | { task: 'document.read'; data: Uint8Array; kind: DocumentKind | null }
  | { task: 'rules.checkClients'; input: RecordsToCheck }
  | { task: 'rules.readAndCheckClients'; input: SliceToReadAndCheck };

export interface WorkerResult {
  'photo.check': PhotoReport;
  /** the JPEG arrives as a Uint8Array (structured clone drops Buffer) */
  'photo.repair': Omit<RepairResult, 'jpeg'> & { jpeg: Uint8Array };
  'sheet.render': Uint8Array;
  'package.zip': SubmissionPackage;
  'document.read': DocumentReading;
  'rules.checkClients': CheckedRecord[];
  'rules.readAndCheckClients': CheckedShare;
}

/** A DeskError crosses the thread boundary as plain data (structured clone drops the class). */
export type WorkerFailure = { deskError: { code: DeskError['code']; message: string; details?: DeskError['details'] } };

let renderer: Promise<SheetRenderer> | null = null;

function unreadable(file: string, kind: PhotoKind, message: string, thumbnail = false): PhotoReport {
  return { file, kind, status: 'fail', checks: [{ id: 'readable', status: 'fail', value: null, threshold: null, message }], faces: [], sha256: null, dhash: null, ...(thumbnail ? { thumbnail: null } : {}) };
}

async function run(t: WorkerTask): Promise<unknown> {
  switch (t.task) {
    case 'photo.check': {
      const [{ checkPhoto }, { applyImageSettings }] = await Promise.all([import('../photos/checks'), import('../photos/imageSettings')]);
      applyImageSettings();
      let data: Uint8Array;
      try {
        data = t.data ?? readPhotoFile(t.file);
      } catch (err) {
        return unreadable(t.file, t.kind, err instanceof DeskError ? err.message : '无法读取文件', t.thumbnail);
      }
      return checkPhoto(t.file, data, t.kind, t.provider, undefined, { thumbnail: t.thumbnail }).catch(() => unreadable(t.file, t.kind, '检查失败', t.thumbnail));
    }
    case 'photo.repair': {
      const [{ repairPhoto }, { applyImageSettings }] = await Promise.all([import('../photos/repair'), import('../photos/imageSettings')]);
      applyImageSettings();
      return repairPhoto(readPhotoFile(t.file), t.kind, t.provider, t.watermark ? { watermark: t.watermark } : {});
    }
    case 'sheet.render': {
      renderer ??= import('../pdf/sheet').then((m) => m.SheetRenderer.create());
      return (await renderer).render(t.data, t.options);
    }
    case 'package.zip': {
      const { packageZip } = await import('../export/package');
      return packageZip(t.input);
    }
    case 'document.read': {
      // 营业执照 / 身份证 photo → proposed fields; the OCR models load once per worker (photos/reader/).
      const { readDocument } = await import('../photos/reader/readDocument');
      return readDocument(t.data, t.kind);
    }
    case 'rules.checkClients': {
      // check-all's cold run: the rules over a slice of clients read by the store's thread (services/checkAll.ts)
      const { checkRecords } = await import('../rules/checkRecords');
      return checkRecords(t.input);
    }
    case 'rules.readAndCheckClients': {
      // the same on SQLite, the worker reading its share itself from a read-only connection (services/checkAllWorker.ts)
      const { readAndCheckSlice } = await import('../services/checkAllWorker');
      const share = await readAndCheckSlice(t.input);
      // the share's arrays moved to the store's thread, not copied (db/repositories/verdicts.ts VerdictColumns)
      const { ids, counts, digests, ends, json } = share.columns;
      return move({ [transferableSymbol]: [ids.buffer, counts.buffer, digests.buffer, ends.buffer, json.buffer], [valueSymbol]: share });
    }
  }
}

export default async function handle(t: WorkerTask): Promise<unknown> {
  try {
    return await run(t);
  } catch (err) {
    if (err instanceof DeskError) return { deskError: { code: err.code, message: err.message, details: err.details } } satisfies WorkerFailure;
    throw err;
  }
}
