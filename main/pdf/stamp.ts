// Stamping: a seal and/or a signature image placed onto a generated or scanned sheet at the layout's
// anchors, nudged by an offset chosen in the preview. The result is a new file; the input is untouched.
import { degrees, PDFDocument } from 'pdf-lib';
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
  // Anchors are measured on the page as it is shown: a scanner may store the sheet turned (/Rotate) and its
  // visible area (the crop box) away from the origin, and a stamp placed in the stored coordinates would land
  // turned, on the wrong side of the sheet or off it.
  const box = page.getCropBox();
  const turn = ((Math.round(page.getRotation().angle / 90) % 4) + 4) % 4;
  const [W, H] = turn % 2 ? [box.height, box.width] : [box.width, box.height];
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
    // the image's lower left corner as shown (points from the shown page's left and top), in the page's own coordinates
    const left = r.x * MM;
    const down = (r.y + r.h) * MM;
    const corner = [
      { x: box.x + left, y: box.y + (H - down) },
      { x: box.x + down, y: box.y + left },
      { x: box.x + box.width - left, y: box.y + down },
      { x: box.x + box.width - down, y: box.y + box.height - left },
    ][turn]!;
    // turned back against the page's turn, so that it is shown upright
    page.drawImage(image, { ...corner, width: r.w * MM, height: r.h * MM, ...(turn ? { rotate: degrees(turn * 90) } : {}) });
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

/** Where the seal and the signature land at their anchors and offsets (A4, mm); null for an image not given or not a PNG. */
function placedStamps(options: StampOptions): { seal: Rect | null; signature: Rect | null } {
  const at = (png: Uint8Array | undefined, anchor: Rect, offset = { dx: 0, dy: 0 }) => {
    const size = png ? pngSize(png) : null;
    return size ? placedRect(anchor, offset, size.width, size.height) : null;
  };
  return { seal: at(options.seal, SHEET_LAYOUT.anchors.seal, options.sealOffset), signature: at(options.signature, SHEET_LAYOUT.anchors.signature, options.signatureOffset) };
}

/** The share of `b`'s area that `a` covers (0 = apart). */
function coveredShare(a: Rect | null, b: Rect | null): number {
  if (!a || !b) return 0;
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / (b.w * b.h) : 0;
}

/**
 * How much of the signature the seal would cover, as a share of the signature's area (0 = apart). Providers
 * reject a sheet whose signature is covered, so the preview warns on any overlap. Measured on the images'
 * bounding boxes: a round seal covers a little less than its box, so the warning errs on the safe side.
 */
export function sealOverSignature(options: StampOptions): number {
  const { seal, signature } = placedStamps(options);
  return coveredShare(seal, signature);
}

/** The 手印 box of a sheet that has one (新疆、江西, layout `when.fingerprint`). */
const FINGERPRINT_BOX: Rect | null = SHEET_LAYOUT.boxes.find((b) => b.kind === 'fingerprint') ?? null;

/**
 * How much of the 手印 box the seal and the signature would cover, each as a share of the box (0 = apart),
 * on a sheet that has the box. The fingerprint is pressed there after printing, so anything stamped over it
 * hides the print the 管局 looks for.
 */
export function stampsOverFingerprint(options: StampOptions, sheet: { fingerprint: boolean }): { seal: number; signature: number } {
  if (!sheet.fingerprint) return { seal: 0, signature: 0 };
  const { seal, signature } = placedStamps(options);
  return { seal: coveredShare(seal, FINGERPRINT_BOX), signature: coveredShare(signature, FINGERPRINT_BOX) };
}

const percent = (share: number) => Math.max(1, Math.round(share * 100));

/** The operator's warning for a stamp over the signature or the 手印 box, or null when everything stands apart. */
export function overlapWarning(share: number, fingerprint: { seal: number; signature: number } = { seal: 0, signature: 0 }): string | null {
  const parts: string[] = [];
  if (share > 0) parts.push(`公章与签名重叠（盖住签名约 ${percent(share)}%）：接入商会退回签名被遮挡的核验单，请移动公章或签名，使两者分开`);
  const over = [fingerprint.seal > 0 ? ['公章', fingerprint.seal] : null, fingerprint.signature > 0 ? ['签名', fingerprint.signature] : null].filter((x): x is [string, number] => x !== null);
  if (over.length) {
    const what = over.map(([name]) => name).join('和');
    parts.push(`${over.map(([name, s]) => `${name}盖住手印框约 ${percent(s)}%`).join('，')}：该客户所在省份要求在签字旁的手印框内按手印，手印被遮挡的核验单会被退回，请移动${what}，让出手印框`);
  }
  return parts.length ? parts.join('；') : null;
}
