// One photo of a 营业执照 or 身份证 side → proposed fields, all in memory (the photo and its text never
// touch the disk): the photo is checked and decoded as every material is (a pixel bomb refused from its
// header, a truncated file while decoding), turned upright per EXIF, shrunk to a working size, its text
// recognised and, on a licence, its QR code decoded. Runs on the worker pool (main/jobs/taskWorker.ts).
import sharp from 'sharp';
import { DeskError } from '../../domain/errors';
import type { DocumentKind, DocumentReading } from '../../domain/documentReading';
import { readImage } from '../metrics';
import { documentFields } from './documentFields';
import { recogniseLines } from './ocrEngine';
import { readQrText } from './qrCode';

/** Longest side the recogniser works on: a licence's smallest print stays legible, a 12 MP photo costs seconds, not minutes. */
export const WORK_SIDE = 1600;
export const MAX_DOCUMENT_BYTES = 12 * 1024 * 1024;
/** The detector takes sides in multiples of 32; padding (not scaling) keeps its boxes in the photo's pixels. */
const BASE = 32;

export const NO_TEXT_MESSAGE = '照片中没有识别到文字：请上传营业执照或身份证的清晰照片（证件占满画面、无反光、未被遮挡）';

export async function readDocument(data: Uint8Array, kind: DocumentKind | null): Promise<DocumentReading> {
  if (data.byteLength === 0) throw new DeskError('FILE_INVALID', '照片文件为空，请重新选择');
  if (data.byteLength > MAX_DOCUMENT_BYTES) throw new DeskError('FILE_TOO_LARGE', `照片过大（${(data.byteLength / 1048576).toFixed(1)} MB），识别证件照片不超过 12 MB`);
  const { raw } = await readImage(data, WORK_SIDE);
  const { width, height } = raw.info;
  const png = await sharp(raw.data, { raw: { width, height, channels: 3 } })
    .extend({ right: (BASE - (width % BASE)) % BASE, bottom: (BASE - (height % BASE)) % BASE, background: '#ffffff' })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const lines = await recogniseLines(png);
  if (!lines.length) throw new DeskError('FILE_INVALID', NO_TEXT_MESSAGE);
  const reading = documentFields({ lines, width, height, kind });
  if (reading.kind !== 'licence') return reading;
  const qrText = await readQrText(png, width).catch(() => null);
  return documentFields({ lines, width, height, kind, qrText });
}
