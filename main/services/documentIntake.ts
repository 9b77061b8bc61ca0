// 营业执照 / 身份证 photos → proposed field values, as a job with progress and cancel. Nothing is written:
// the operator accepts values field by field in the form (which saves them as any typed value), and the
// photo is stored as a material, encrypted, through the materials service once accepted. The photos
// and what was read from them stay in memory (the job's result) and are never logged.
import { DeskError } from '../domain/errors';
import type { DocumentKind, DocumentReading } from '../domain/documentReading';
import type { JobControl } from '../jobs/jobs';
import { runOnWorker } from '../jobs/pool';

export interface DocumentPhoto {
  fileName: string;
  data: Uint8Array;
  /** The side the operator says it is; the text decides when it names its document. */
  kind?: DocumentKind | null;
}

export interface DocumentPhotoResult {
  fileName: string;
  reading: DocumentReading | null;
  /** Why nothing was read (not an image, damaged, no text), in Chinese. */
  error: string | null;
}

/** One photo on a worker thread; the caller's bytes stay usable (the worker gets its own copy). */
export async function readDocumentPhoto(photo: DocumentPhoto): Promise<DocumentReading> {
  const own = new Uint8Array(photo.data);
  return runOnWorker({ task: 'document.read', data: own, kind: photo.kind ?? null }, [own.buffer]);
}

/**
 * The photos one after another (each worker holding the models costs several hundred MB, so a batch
 * keeps to one photo in flight). A cancelled batch returns at once with the photos it finished.
 */
export async function readDocumentPhotos(photos: DocumentPhoto[], control: JobControl): Promise<DocumentPhotoResult[]> {
  const out: DocumentPhotoResult[] = [];
  control.progress(0, photos.length);
  let watch: NodeJS.Timeout | undefined;
  const cancelled = new Promise<'cancelled'>((resolve) => {
    watch = setInterval(() => control.cancelled && resolve('cancelled'), 25);
  });
  try {
    for (const photo of photos) {
      if (control.cancelled) break;
      const reading = readDocumentPhoto(photo).then(
        (r): DocumentPhotoResult => ({ fileName: photo.fileName, reading: r, error: null }),
        (err: unknown): DocumentPhotoResult => ({ fileName: photo.fileName, reading: null, error: err instanceof DeskError ? err.message : '识别失败，请重试' }),
      );
      const first = await Promise.race([reading, cancelled]);
      if (first === 'cancelled') break;
      out.push(first);
      control.progress(out.length, photos.length);
    }
  } finally {
    clearInterval(watch);
  }
  return out;
}
