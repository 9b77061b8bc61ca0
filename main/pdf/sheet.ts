// Drawing the 《网站备案信息真实性核验单》 from the layout data with pdf-lib, fonts subset per sheet.
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFArray, PDFContentStream, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { fitText, textWidth, tooLong } from './fit';
import { FontSubsetter, readFont } from './fontSubsetter';
import { MM, SHEET_LAYOUT, SHEET_SIGNING, type LayoutBox } from './layout';
import type { SheetData } from './sheetData';

const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.45, 0.45, 0.45);
const LINE = rgb(0.3, 0.3, 0.3);
const FILL = rgb(0.93, 0.93, 0.93);
const PAD = 1.2 * MM;
/** Height of a CJK glyph's middle above the baseline, in em. */
const CJK_MIDDLE = 0.38;

/** A fixed date keeps the same sheet byte-identical when generated twice. */
const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

export interface RenderOptions {
  /** A preview: a diagonal 草稿 mark across every page. */
  draft?: boolean;
}

function applies(b: LayoutBox, d: SheetData): boolean {
  const w = b.when;
  if (!w) return true;
  if (w.variant && w.variant !== d.variant) return false;
  if (w.fingerprint !== undefined && w.fingerprint !== d.fingerprint) return false;
  if (w.personalLandline !== undefined && w.personalLandline !== d.personalLandline) return false;
  return true;
}

function copiesNote(d: SheetData): string {
  return d.copies > 1 ? `（一式${d.copies === 2 ? '两' : d.copies}份：接入服务单位留存一份，报送主体所在省通信管理局一份）` : '（打印一份签字后扫描上传）';
}

function checklistText(d: SheetData): string {
  return `签字须知（${d.provinceName}·${d.variant === 'unit' ? '单位' : '个人'}）：${d.steps.map((s, i) => `${i + 1}. ${s}`).join('  ')}`;
}

/**
 * Every string a sheet may draw in the regular face (the draft mark and the digits included): the subset
 * holds each glyph once. The benchmark's plain pdf-lib page draws the same strings (test/bench/sheetBaseline.ts).
 */
export function sheetRegularStrings(d: SheetData, boxes: LayoutBox[] = SHEET_LAYOUT.boxes.filter((b) => applies(b, d))): string[] {
  const parts = [copiesNote(d), checklistText(d), SHEET_LAYOUT.draftMark, '0123456789'];
  for (const b of boxes) parts.push(b.label ?? '', b.kind === 'text' ? (b.text ?? '') : '', b.field ? (d.values[b.field] ?? '') : '');
  if (d.pledge) parts.push(SHEET_SIGNING.pledgeText, PLEDGE_GUIDE, ...PLEDGE_SIGN);
  return parts.filter((p) => p !== '');
}

const regularText = (d: SheetData, boxes: LayoutBox[]) => sheetRegularStrings(d, boxes).join('');

const PLEDGE_GUIDE = '请在虚线下方手抄下列承诺全文（此段小字仅作参照）：';
const PLEDGE_SIGN = ['网站负责人签字', '日期'];

/** Every string drawn in the bold face: the same on every sheet. */
export const SHEET_BOLD_STRINGS = [SHEET_LAYOUT.title.text, SHEET_LAYOUT.pledgePage.title, ...SHEET_LAYOUT.boxes.filter((b) => b.kind === 'header').map((b) => b.text ?? '')];
const BOLD_TEXT = SHEET_BOLD_STRINGS.join('');

/**
 * What `draw` puts on a page, as the bytes of a Flate-compressed content stream: drawn once with pdf-lib
 * into a scratch document and kept. Lines and fills only (no fonts, images or transparency): the stream
 * needs no resources from the page it is added to, and each shape saves and restores the graphics state.
 */
async function compressedDrawing(size: [number, number], draw: (page: PDFPage) => void): Promise<Uint8Array> {
  const scratch = await PDFDocument.create({ updateMetadata: false });
  const page = scratch.addPage(size);
  draw(page);
  const contents = page.node.Contents();
  const ref = contents instanceof PDFArray ? contents.get(0) : undefined;
  const stream = ref ? scratch.context.lookup(ref) : undefined;
  if (!(stream instanceof PDFContentStream)) throw new Error('the frame drew nothing');
  return stream.getContents();
}

/** Appends `flate` (compressedDrawing's bytes) to the page's content: what is drawn after it lies on top. */
function addCompressedStream(doc: PDFDocument, page: PDFPage, flate: Uint8Array): void {
  page.node.addContentStream(doc.context.register(doc.context.stream(flate, { Filter: 'FlateDecode' })));
}

export class SheetRenderer {
  private boldSubset: Uint8Array | null = null;
  private readonly frames = new Map<string, Promise<Uint8Array>>();

  private constructor(
    private readonly regular: FontSubsetter,
    private readonly bold: FontSubsetter,
  ) {}

  /** Loads and parses both fonts once; reuse the renderer for a whole batch. */
  static async create(): Promise<SheetRenderer> {
    const [regular, bold] = await Promise.all([FontSubsetter.load(readFont('regular')), FontSubsetter.load(readFont('bold'))]);
    return new SheetRenderer(regular, bold);
  }

  close(): void {
    this.regular.close();
    this.bold.close();
  }

  async render(d: SheetData, options: RenderOptions = {}): Promise<Uint8Array> {
    const L = SHEET_LAYOUT;
    const boxes = L.boxes.filter((b) => applies(b, d));
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    this.boldSubset ??= this.bold.subset(BOLD_TEXT);
    const regular = await doc.embedFont(this.regular.subset(regularText(d, boxes)), { subset: false });
    const bold = await doc.embedFont(this.boldSubset, { subset: false });
    doc.setTitle(`网站备案信息真实性核验单 - ${d.websiteName}`);
    doc.setCreator('备案助手 BeianDesk');
    doc.setProducer('备案助手 BeianDesk');
    doc.setCreationDate(FIXED_DATE);
    doc.setModificationDate(FIXED_DATE);

    const W = L.page.width * MM;
    const H = L.page.height * MM;
    const page = doc.addPage([W, H]);
    const at = (x: number, y: number, h = 0) => ({ x: x * MM, y: H - (y + h) * MM });
    // the boxes' lines and fills first (the text goes over them): one stream, made once per worker and variant
    addCompressedStream(doc, page, await this.frameOf(boxes, d, W, H));

    const title = L.title.text;
    const tw = bold.widthOfTextAtSize(title, L.title.size);
    page.drawText(title, { x: (W - tw) / 2, y: H - L.title.y * MM, size: L.title.size, font: bold, color: INK });
    const note = copiesNote(d);
    page.drawText(note, { x: (W - regular.widthOfTextAtSize(note, 8)) / 2, y: H - L.copiesNote.y * MM, size: 8, font: regular, color: GREY });

    for (const b of boxes) this.drawBox(page, b, d, regular, bold, at);

    const c = L.checklist;
    const cp = at(c.x, c.y, c.h);
    this.drawFitted(page, checklistText(d), regular, cp.x + PAD, cp.y + PAD, c.w * MM - 2 * PAD, c.h * MM - 2 * PAD, 9, 6, '签字须知');

    if (d.pledge) this.drawPledgePage(doc, regular, bold, W, H);
    if (options.draft) for (const p of doc.getPages()) this.drawDraftMark(p, regular, W, H);
    return doc.save({ useObjectStreams: true });
  }

  /**
   * The lines and fills of every box and of the checklist strip: the same on every sheet of a layout
   * variant, so a worker draws them once per variant (frameOf) and every sheet reuses the compressed stream.
   */
  private drawFrame(page: PDFPage, boxes: LayoutBox[], at: (x: number, y: number, h?: number) => { x: number; y: number }): void {
    for (const b of boxes) {
      const p = at(b.x, b.y, b.h);
      const box = { x: p.x, y: p.y, width: b.w * MM, height: b.h * MM };
      switch (b.kind) {
        case 'header':
          page.drawRectangle({ ...box, color: FILL, borderColor: LINE, borderWidth: 0.6 });
          break;
        case 'label':
          page.drawRectangle({ ...box, color: rgb(0.97, 0.97, 0.97), borderColor: LINE, borderWidth: 0.6 });
          break;
        case 'fingerprint':
          page.drawRectangle({ ...box, borderColor: LINE, borderWidth: 0.6, borderDashArray: [2, 2] });
          break;
        case 'checkbox':
          page.drawRectangle({ ...box, borderColor: INK, borderWidth: 0.7 });
          break;
        default:
          // text, cell, signature and value boxes: a plain border
          page.drawRectangle({ ...box, borderColor: LINE, borderWidth: 0.6 });
      }
    }
    const c = SHEET_LAYOUT.checklist;
    const cp = at(c.x, c.y, c.h);
    page.drawRectangle({ x: cp.x, y: cp.y, width: c.w * MM, height: c.h * MM, color: rgb(1, 0.97, 0.88), borderColor: rgb(0.85, 0.6, 0.1), borderWidth: 0.8 });
  }

  /** The first page's frame for the sheet's variant (which boxes apply), compressed; made on first use and kept. */
  private frameOf(boxes: LayoutBox[], d: SheetData, W: number, H: number): Promise<Uint8Array> {
    const key = `${d.variant}|${String(d.fingerprint)}|${String(d.personalLandline)}`;
    let frame = this.frames.get(key);
    if (!frame) {
      frame = compressedDrawing([W, H], (page) => this.drawFrame(page, boxes, (x, y, h = 0) => ({ x: x * MM, y: H - (y + h) * MM })));
      this.frames.set(key, frame);
    }
    return frame;
  }

  private drawBox(page: PDFPage, b: LayoutBox, d: SheetData, regular: PDFFont, bold: PDFFont, at: (x: number, y: number, h?: number) => { x: number; y: number }): void {
    const p = at(b.x, b.y, b.h);
    const w = b.w * MM;
    const h = b.h * MM;
    switch (b.kind) {
      case 'header':
        this.drawFitted(page, b.text ?? '', bold, p.x + PAD, p.y, w - 2 * PAD, h, 10, 7, b.id);
        return;
      case 'label':
        this.drawFitted(page, b.label ?? '', regular, p.x + PAD, p.y, w - 2 * PAD, h, 8.5, 6, b.id, true);
        return;
      case 'text':
        this.drawFitted(page, b.text ?? (b.field ? (d.values[b.field] ?? '') : ''), regular, p.x + PAD, p.y, w - 2 * PAD, h, b.maxSize ?? 9, b.minSize ?? 6, b.id);
        return;
      case 'cell':
      case 'signature':
        return;
      case 'fingerprint': {
        const t = b.label ?? '';
        page.drawText(t, { x: p.x + (w - regular.widthOfTextAtSize(t, 6)) / 2, y: p.y + 1.5, size: 6, font: regular, color: GREY });
        return;
      }
      case 'checkbox': {
        // CJK glyphs fill the em box from about -0.12 em to 0.88 em: a baseline 0.38 em below the box's
        // middle puts the text's middle level with the box, not below it.
        const size = 8;
        page.drawText(b.label ?? '', { x: p.x + w + 1.2 * MM, y: p.y + h / 2 - CJK_MIDDLE * size, size, font: regular, color: INK });
        return;
      }
      default: {
        // a value box: the field's text, fitted
        const value = b.field ? (d.values[b.field] ?? '') : '';
        this.drawFitted(page, value, regular, p.x + PAD, p.y, w - 2 * PAD, h, b.maxSize ?? 9.5, b.minSize ?? 5.5, b.field ?? b.id);
      }
    }
  }

  /** Text wrapped and shrunk into the rectangle (x, y bottom-left, w, h), vertically centred. */
  private drawFitted(page: PDFPage, text: string, font: PDFFont, x: number, y: number, w: number, h: number, max: number, min: number, label: string, center = false): void {
    if (!text) return;
    const fit = fitText(text, font, w, h - 2, max, min);
    if (!fit) throw tooLong(label);
    const block = fit.lines.length * fit.lineHeight;
    let ty = y + (h + block) / 2 - fit.size * 0.95;
    for (const line of fit.lines) {
      const lx = center ? x + (w - textWidth(font, line, fit.size)) / 2 : x;
      page.drawText(line, { x: lx, y: ty, size: fit.size, font, color: INK });
      ty -= fit.lineHeight;
    }
  }

  private drawPledgePage(doc: PDFDocument, regular: PDFFont, bold: PDFFont, W: number, H: number): void {
    const L = SHEET_LAYOUT.pledgePage;
    const page = doc.addPage([W, H]);
    const left = 15 * MM;
    const width = W - 30 * MM;
    const t = L.title;
    page.drawText(t, { x: (W - bold.widthOfTextAtSize(t, 15)) / 2, y: H - 20 * MM, size: 15, font: bold, color: INK });
    const guideTop = H - 28 * MM;
    this.drawFitted(page, `${PLEDGE_GUIDE}${SHEET_SIGNING.pledgeText}`, regular, left, guideTop - 18 * MM, width, 18 * MM, 8, 6, '承诺参照');
    const dashY = H - L.top * MM;
    page.drawLine({ start: { x: left, y: dashY }, end: { x: left + width, y: dashY }, thickness: 0.8, color: LINE, dashArray: [4, 3] });
    for (let i = 1; i <= L.lines; i++) {
      const y = dashY - i * L.lineGap * MM;
      page.drawLine({ start: { x: left, y }, end: { x: left + width, y }, thickness: 0.4, color: rgb(0.7, 0.7, 0.7) });
    }
    const sy = dashY - (L.lines + 2) * L.lineGap * MM;
    page.drawText(PLEDGE_SIGN[0]!, { x: left + width * 0.45, y: sy, size: 10, font: regular, color: INK });
    page.drawLine({ start: { x: left + width * 0.45 + 72, y: sy - 2 }, end: { x: left + width, y: sy - 2 }, thickness: 0.6, color: LINE });
    page.drawText(PLEDGE_SIGN[1]!, { x: left + width * 0.45, y: sy - 10 * MM, size: 10, font: regular, color: INK });
    page.drawLine({ start: { x: left + width * 0.45 + 72, y: sy - 10 * MM - 2 }, end: { x: left + width, y: sy - 10 * MM - 2 }, thickness: 0.6, color: LINE });
  }

  private drawDraftMark(page: PDFPage, font: PDFFont, W: number, H: number): void {
    const text = SHEET_LAYOUT.draftMark;
    const size = 64;
    const tw = font.widthOfTextAtSize(text, size);
    page.drawText(text, { x: W / 2 - (tw / 2) * Math.cos(Math.PI / 4), y: H / 2 - (tw / 2) * Math.sin(Math.PI / 4), size, font, color: rgb(0.85, 0.1, 0.1), opacity: 0.18, rotate: degrees(45) });
  }
}
