// Stamping: a seal and/or a signature image placed onto a generated or scanned sheet at the layout's
// anchors, nudged by an offset chosen in the preview. The result is a new file; the input is untouched.
import { PDFDocument } from 'pdf-lib';
import { DeskError } from '../domain/errors';
import { MM, SHEET_LAYOUT, type Rect } from './layout';

export interface StampOptions {
  seal?: Uint8Array;
  signature?: Uint8Array;
  /** Millimetres to move each stamp from its anchor (x right, y down). */
  sealOffset?: { dx: number; dy: number };
  signatureOffset?: { dx: number; dy: number };
  /** 1-based page to stamp. */
  page?: number;
}

const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

export async function stampPdf(pdf: Uint8Array, options: StampOptions): Promise<Uint8Array> {
  if (!options.seal && !options.signature) throw new DeskError('VALIDATION', '请至少提供公章或签名图片');
  let doc: PDFDocument;
  let pages;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
    pages = doc.getPages();
    if (!pages.length) throw new Error('no pages');
  } catch {
    throw new DeskError('FILE_INVALID', '不是有效的 PDF 文件，或文件已损坏、被加密');
  }
  const page = pages[(options.page ?? 1) - 1];
  if (!page) throw new DeskError('VALIDATION', `PDF 只有 ${pages.length} 页`);
  const { width: W, height: H } = page.getSize();
  // Anchors are given for A4; a scanned sheet of another size is scaled proportionally.
  const sx = W / (SHEET_LAYOUT.page.width * MM);
  const sy = H / (SHEET_LAYOUT.page.height * MM);
  const place = async (png: Uint8Array, anchor: Rect, offset = { dx: 0, dy: 0 }) => {
    let image;
    try {
      image = await doc.embedPng(png);
    } catch {
      throw new DeskError('FILE_INVALID', '印章/签名图片不是有效的 PNG');
    }
    const r = placedRect(anchor, offset, image.width, image.height, sx, sy);
    page.drawImage(image, { x: r.x * MM, y: H - (r.y + r.h) * MM, width: r.w * MM, height: r.h * MM });
  };
  if (options.signature) await place(options.signature, SHEET_LAYOUT.anchors.signature, options.signatureOffset);
  if (options.seal) await place(options.seal, SHEET_LAYOUT.anchors.seal, options.sealOffset);
  doc.setModificationDate(FIXED_DATE);
  return doc.save({ useObjectStreams: true });
}

/**
 * Where an image of the given pixel size lands, in millimetres from the page's top-left corner: fitted
 * into its anchor (scaled by sx, sy for a page that is not A4) keeping its proportions, centred, moved by the offset.
 */
export function placedRect(anchor: Rect, offset: { dx: number; dy: number }, imageWidth: number, imageHeight: number, sx = 1, sy = 1): Rect {
  const boxW = anchor.w * sx;
  const boxH = anchor.h * sy;
  const scale = Math.min(boxW / imageWidth, boxH / imageHeight);
  const w = imageWidth * scale;
  const h = imageHeight * scale;
  return { x: (anchor.x + offset.dx) * sx + (boxW - w) / 2, y: (anchor.y + offset.dy) * sy + (boxH - h) / 2, w, h };
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(png: Uint8Array): { width: number; height: number } | null {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * How much of the signature the seal would cover, as a share of the signature's area (0 = apart). Providers
 * reject a sheet whose signature is covered, so the preview warns on any overlap. Measured on the images'
 * bounding boxes: a round seal covers a little less than its box, so the warning errs on the safe side.
 */
export function sealOverSignature(options: StampOptions): number {
  if (!options.seal || !options.signature) return 0;
  const seal = pngSize(options.seal);
  const signature = pngSize(options.signature);
  if (!seal || !signature) return 0;
  const a = placedRect(SHEET_LAYOUT.anchors.seal, options.sealOffset ?? { dx: 0, dy: 0 }, seal.width, seal.height);
  const b = placedRect(SHEET_LAYOUT.anchors.signature, options.signatureOffset ?? { dx: 0, dy: 0 }, signature.width, signature.height);
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / (b.w * b.h) : 0;
}

/** The operator's warning for an overlap, or null when seal and signature stand apart. */
export function overlapWarning(share: number): string | null {
  if (share <= 0) return null;
  return `公章与签名重叠（盖住签名约 ${Math.max(1, Math.round(share * 100))}%）：接入商会退回签名被遮挡的核验单，请移动公章或签名，使两者分开`;
}
