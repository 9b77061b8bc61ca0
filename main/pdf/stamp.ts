// Stamping: a seal and/or a signature image placed onto a generated or scanned sheet at the layout's
// anchors, nudged by an offset chosen in the preview. The result is a new file; the input is untouched.
import { PDFDocument } from 'pdf-lib';
import { DeskError } from '../api/errors';
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
    const boxW = anchor.w * MM * sx;
    const boxH = anchor.h * MM * sy;
    const scale = Math.min(boxW / image.width, boxH / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    const x = (anchor.x + offset.dx) * MM * sx + (boxW - w) / 2;
    const top = (anchor.y + offset.dy) * MM * sy + (boxH - h) / 2;
    page.drawImage(image, { x, y: H - top - h, width: w, height: h });
  };
  if (options.signature) await place(options.signature, SHEET_LAYOUT.anchors.signature, options.signatureOffset);
  if (options.seal) await place(options.seal, SHEET_LAYOUT.anchors.seal, options.sealOffset);
  doc.setModificationDate(FIXED_DATE);
  return doc.save({ useObjectStreams: true });
}
