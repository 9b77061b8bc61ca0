// What each material slot may hold, and the one check every material passes before it is stored: the
// bytes are identified by content (never by file name), then read the way the provider's console would
// read them — an image is decoded, a PDF is parsed. Anything else never reaches the store or a package.
// pdf-lib and sharp (photos/metrics) are imported on the first check: every service that stores a material
// imports this file, and a read command or a host's start must not load them.
import { DeskError } from '../domain/errors';
import { MATERIAL_KINDS, type MaterialKind } from '../domain/enums';
import { HEIC_MESSAGE, HEIC_MIME } from '../photos/heic';
import { sniffMime, unsupportedImageMessage } from '../photos/fileType';

export const MAX_MATERIAL_BYTES = 50 * 1024 * 1024;

export type MaterialContent = 'image' | 'pdf';

/**
 * Photos and scans of people and documents are images (the consoles take JPG; the photo desk's repair
 * converts PNG/WebP); generated and stamped 核验单 are PDFs; the other documents and the signed-sheet
 * scan may be either (domain.md §6).
 */
export const SLOT_CONTENT: Record<MaterialKind, readonly MaterialContent[]> = {
  'id-front': ['image'],
  'id-back': ['image'],
  licence: ['image'],
  curtain: ['image'],
  sheet: ['image', 'pdf'],
  'sheet-pdf': ['pdf'],
  'sheet-stamped': ['pdf'],
  seal: ['image'],
  signature: ['image'],
  'domain-cert': ['image', 'pdf'],
  'site-plan': ['image', 'pdf'],
  authorisation: ['image', 'pdf'],
  'pre-approval': ['image', 'pdf'],
  residence: ['image', 'pdf'],
  other: ['image', 'pdf'],
};

/** Image formats a material may be in: what the photo desk reads and its repair turns into JPEG. */
const IMAGE_MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const CONTENT_LABEL: Record<MaterialContent, string> = { image: '图片（JPG/PNG/WebP）', pdf: 'PDF' };

const invalid = (message: string, fix: string) => new DeskError('FILE_INVALID', message, [{ path: ['content'], message: fix }]);

/**
 * A PDF the package may carry: pdf-lib parses it (strictly: an invalid object is an error, not a warning)
 * and finds at least one page, and it ends with its trailer. pdf-lib alone is not enough: it rebuilds a
 * missing cross-reference table, so a file cut off after its last page object would still load; the
 * `%%EOF` marker at the end is what a truncated copy lacks.
 */
async function checkPdf(data: Uint8Array, slot: string): Promise<void> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const damaged = () => invalid(`“${slot}”的 PDF 已损坏或不完整（可能在复制或下载时被截断）`, '请重新导出或扫描该 PDF 后再上传');
  if (!buf.subarray(0, 1024).includes('%PDF-')) throw damaged();
  if (!buf.subarray(Math.max(0, buf.length - 1024)).includes('%%EOF')) throw damaged();
  const { PDFDocument } = await import('pdf-lib');
  let pages: number;
  try {
    pages = (await PDFDocument.load(data, { throwOnInvalidObject: true, updateMetadata: false })).getPageCount();
  } catch (err) {
    if (err instanceof Error && err.name === 'EncryptedPDFError') throw invalid(`“${slot}”的 PDF 设有密码或加密，接入商无法打开`, '请导出未加密的 PDF 后再上传');
    throw damaged();
  }
  if (pages < 1) throw invalid(`“${slot}”的 PDF 没有任何页面`, '请重新导出或扫描该 PDF 后再上传');
}

/**
 * Refuses what may not go into the slot, and returns the MIME type proven by reading the file. Every
 * route a material takes into the store (upload, attach to an order, saved or stamped 核验单) calls this.
 */
export async function checkMaterialContent(kind: MaterialKind, data: Uint8Array): Promise<{ mime: string }> {
  const slot = MATERIAL_KINDS[kind];
  if (data.byteLength === 0) throw new DeskError('FILE_INVALID', '文件为空', [{ path: ['content'], message: '文件为空，请重新选择' }]);
  if (data.byteLength > MAX_MATERIAL_BYTES) {
    throw new DeskError('FILE_TOO_LARGE', `文件过大（${(data.byteLength / 1048576).toFixed(1)} MB），单个材料不能超过 50 MB`);
  }
  const allowed = SLOT_CONTENT[kind];
  const wanted = allowed.map((c) => CONTENT_LABEL[c]).join('或');
  const sniffed = sniffMime(data);
  const content: MaterialContent | null = sniffed === 'application/pdf' ? 'pdf' : sniffed.startsWith('image/') ? 'image' : null;
  if (!content) throw invalid(`所选文件既不是图片也不是 PDF，不能作为“${slot}”`, `请上传${wanted}`);
  if (!allowed.includes(content)) throw invalid(`“${slot}”须为${wanted}，所选文件是${CONTENT_LABEL[content]}`, `请上传${wanted}`);
  if (content === 'pdf') {
    await checkPdf(data, slot);
    return { mime: 'application/pdf' };
  }
  if (sniffed === HEIC_MIME) throw invalid(`“${slot}”：${HEIC_MESSAGE}`, '请转换为 JPG 后再上传');
  // a GIF, TIFF or BMP is an image, but not one the consoles take: named before it is decoded
  if (!Object.values(IMAGE_MIME).includes(sniffed)) throw invalid(`“${slot}”：${unsupportedImageMessage(sniffed)}`, '请转换为 JPG 或 PNG 后再上传');
  const { readImage } = await import('../photos/metrics');
  let format: string | undefined;
  try {
    format = (await readImage(data, 32)).meta.format;
  } catch (err) {
    if (err instanceof DeskError) throw new DeskError(err.code, `“${slot}”：${err.message}`, [{ path: ['content'], message: '请上传完整、可打开的原图' }]);
    throw err;
  }
  const mime = format ? IMAGE_MIME[format] : undefined;
  if (!mime || mime !== sniffed) throw invalid(`“${slot}”的图片格式${format ? ` ${format.toUpperCase()} ` : ''}不受支持`, '请转换为 JPG 或 PNG 后再上传');
  return { mime };
}
