// Drawing the 《网站备案信息真实性核验单》 from the layout data. A worker keeps everything that is the same
// from sheet to sheet: both fonts loaded in HarfBuzz, the bold cut, the boxes' lines per layout variant, and
// per province and variant the regular face cut to the sheet's own printed words (labels, checklist, notes)
// with its compressed font file. Each sheet then cuts only the characters of its client's values into a
// second small font, lays its text out and writes the file itself (pdfWriter.ts): pdf-lib's font embedding
// (fontkit parsing and laying out every run, widths and ToUnicode rebuilt, deflate in JS) cost more than the
// rest of the sheet. The page is drawn with the same numbers pdf-lib draws it with: the sheets render
// pixel-identical to pdf-lib's (test/main/pdf/sheetFrame.test.ts).
import { PDFArray, PDFContentStream, PDFDocument, rgb, type PDFPage, type RGB } from 'pdf-lib';
import { CidFont } from './cidFont';
import { fitText, layoutTooSmall, textWidth, tooLong } from './fit';
import { FontSubsetter, readFont } from './fontSubsetter';
import { MM, SHEET_LAYOUT, SHEET_SIGNING, type LayoutBox } from './layout';
import { deflated, pdfDate, pdfNumber, pdfTextString, PdfWriter, ref } from './pdfWriter';
import { SHEET_FIELD_LABELS, type SheetData } from './sheetData';

const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.45, 0.45, 0.45);
const LINE = rgb(0.3, 0.3, 0.3);
const FILL = rgb(0.93, 0.93, 0.93);
const DRAFT = rgb(0.85, 0.1, 0.1);
const DRAFT_OPACITY = 0.18;
const PAD = 1.2 * MM;
/** Height of a CJK glyph's middle above the baseline, in em. */
const CJK_MIDDLE = 0.38;

/** A fixed date keeps the same sheet byte-identical when generated twice. */
const FIXED_DATE = new Date('2000-01-01T00:00:00Z');
const REGULAR_NAME = 'NotoSansSC-Regular';
const BOLD_NAME = 'NotoSansSC-Bold';
/** Cuts of the sheet's own words kept per worker (one per province and variant met in a batch). */
const FIXED_PARTS_KEPT = 40;

export interface RenderOptions {
  /** A preview: a diagonal 草稿 mark across every page. */
  draft?: boolean;
}

/** The layout's boxes that a sheet of this variant has. */
export const sheetBoxes = (d: SheetData): LayoutBox[] => SHEET_LAYOUT.boxes.filter((b) => applies(b, d));

function applies(b: LayoutBox, d: SheetData): boolean {
  const w = b.when;
  if (!w) return true;
  if (w.variant && w.variant !== d.variant) return false;
  if (w.fingerprint !== undefined && w.fingerprint !== d.fingerprint) return false;
  if (w.personalLandline !== undefined && w.personalLandline !== d.personalLandline) return false;
  return true;
}

export function copiesNote(d: SheetData): string {
  return d.copies > 1 ? `（一式${d.copies === 2 ? '两' : d.copies}份：接入服务单位留存一份，报送主体所在省通信管理局一份）` : '（打印一份签字后扫描上传）';
}

export function checklistText(d: SheetData): string {
  return `签字须知（${d.provinceName}·${d.variant === 'unit' ? '单位' : '个人'}）：${d.steps.map((s, i) => `${i + 1}. ${s}`).join('  ')}`;
}

/**
 * Every string a sheet may draw in the regular face (the draft mark and the digits included). The benchmark's
 * plain pdf-lib page draws the same strings (test/bench/sheetBaseline.ts).
 */
export function sheetRegularStrings(d: SheetData, boxes: LayoutBox[] = sheetBoxes(d)): string[] {
  const parts = [copiesNote(d), checklistText(d), SHEET_LAYOUT.draftMark, '0123456789'];
  for (const b of boxes) parts.push(b.label ?? '', b.kind === 'text' ? (b.text ?? '') : '', b.field ? (d.values[b.field] ?? '') : '');
  if (d.pledge) parts.push(SHEET_SIGNING.pledgeText, PLEDGE_GUIDE, ...PLEDGE_SIGN);
  return parts.filter((p) => p !== '');
}

/** The regular-face strings that are not the client's: the same on every sheet of a province and variant. */
function ownStrings(d: SheetData, boxes: LayoutBox[]): string[] {
  const parts = [copiesNote(d), checklistText(d), SHEET_LAYOUT.draftMark, '0123456789'];
  for (const b of boxes) parts.push(b.label ?? '', b.kind === 'text' ? (b.text ?? '') : '');
  if (d.pledge) parts.push(SHEET_SIGNING.pledgeText, PLEDGE_GUIDE, ...PLEDGE_SIGN);
  return parts.filter((p) => p !== '');
}

/** A box that prints the client's value of its field (a text box without a text of its own). */
const printsValue = (b: LayoutBox) => !!b.field && !(b.kind === 'text' && b.text !== undefined);

const valueText = (d: SheetData, boxes: LayoutBox[]) =>
  boxes
    .filter(printsValue)
    .map((b) => d.values[b.field!] ?? '')
    .join('');

export const PLEDGE_GUIDE = '请在虚线下方手抄下列承诺全文（此段小字仅作参照）：';
export const PLEDGE_SIGN = ['网站负责人签字', '日期'];

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
  const found = contents instanceof PDFArray ? contents.get(0) : undefined;
  const stream = found ? scratch.context.lookup(found) : undefined;
  if (!(stream instanceof PDFContentStream)) throw new Error('the frame drew nothing');
  return stream.getContents();
}

/** A font as a page uses it: its resource name and its cut. */
interface PageFont {
  key: string;
  font: CidFont;
}

/** The text operators pdf-lib's drawText writes for one line (the same numbers, so the same marks on the page). */
function textLine(f: PageFont, text: string, size: number, x: number, y: number, color: RGB, rotation?: { radians: number; graphicsState: string }): string {
  const r = rotation?.radians ?? 0;
  const matrix = [Math.cos(r), Math.sin(r) + Math.tan(0), -Math.sin(r) + Math.tan(0), Math.cos(r), x, y].map(pdfNumber).join(' ');
  const gs = rotation ? `/${rotation.graphicsState} gs\n` : '';
  return `q\n${gs}BT\n${pdfNumber(color.red)} ${pdfNumber(color.green)} ${pdfNumber(color.blue)} rg\n/${f.key} ${pdfNumber(size)} Tf\n${matrix} Tm\n${f.font.encode(text)} Tj\nET\nQ\n`;
}

/** What the sheets of one province and variant share: the regular face cut to their own words, and the pledge page's text. */
interface OwnWords {
  font: CidFont;
  /** The Guangdong pledge page's text (title, guide, signing labels), compressed; made on first use. */
  pledgeText?: Uint8Array;
}

export class SheetRenderer {
  private readonly boldFont: CidFont;
  private readonly frames = new Map<string, Promise<Uint8Array>>();
  private pledgeLines: Promise<Uint8Array> | null = null;
  private readonly ownWords = new Map<string, OwnWords>();

  private constructor(
    private readonly regular: FontSubsetter,
    bold: FontSubsetter,
  ) {
    this.boldFont = new CidFont(bold.subset(BOLD_TEXT), BOLD_TEXT, BOLD_NAME);
    bold.close();
  }

  /** Loads both fonts once and cuts the bold one; reuse the renderer for a whole batch. */
  static async create(): Promise<SheetRenderer> {
    const [regular, bold] = await Promise.all([FontSubsetter.load(readFont('regular')), FontSubsetter.load(readFont('bold'))]);
    return new SheetRenderer(regular, bold);
  }

  close(): void {
    this.regular.close();
  }

  async render(d: SheetData, options: RenderOptions = {}): Promise<Uint8Array> {
    const L = SHEET_LAYOUT;
    const boxes = sheetBoxes(d);
    const own = this.ownWordsOf(d, boxes);
    const values = valueText(d, boxes);
    const bold: PageFont = { key: 'F1', font: this.boldFont };
    const regular: PageFont = { key: 'F2', font: own.font };
    const client: PageFont | null = values ? { key: 'F3', font: new CidFont(this.regular.subset(values), values, REGULAR_NAME) } : null;

    const W = L.page.width * MM;
    const H = L.page.height * MM;
    const at = (x: number, y: number, h = 0) => ({ x: x * MM, y: H - (y + h) * MM });
    const ops: string[] = [];
    const title = L.title.text;
    const tw = bold.font.widthOfTextAtSize(title, L.title.size);
    ops.push(textLine(bold, title, L.title.size, (W - tw) / 2, H - L.title.y * MM, INK));
    const note = copiesNote(d);
    ops.push(textLine(regular, note, 8, (W - regular.font.widthOfTextAtSize(note, 8)) / 2, H - L.copiesNote.y * MM, GREY));
    for (const b of boxes) this.drawBox(ops, b, d, { regular, bold, client }, at);
    const c = L.checklist;
    const cp = at(c.x, c.y, c.h);
    this.drawFitted(ops, checklistText(d), regular, cp.x + PAD, cp.y + PAD, c.w * MM - 2 * PAD, c.h * MM - 2 * PAD, 9, 6, () => layoutTooSmall('签字须知'));
    const draftMark = options.draft ? this.draftMark(regular, W, H) : '';

    const pdf = new PdfWriter();
    const catalog = pdf.reserve();
    const pageTree = pdf.reserve();
    const info = pdf.object(
      pdf.reserve(),
      `<< /Title ${pdfTextString(`网站备案信息真实性核验单 - ${d.websiteName}`)} /Creator ${pdfTextString('备案助手 BeianDesk')} /Producer ${pdfTextString('备案助手 BeianDesk')} /CreationDate ${pdfDate(FIXED_DATE)} /ModDate ${pdfDate(FIXED_DATE)} >>`,
    );
    let fonts = `/F1 ${ref(bold.font.writeTo(pdf, 'BDSKBA'))} /F2 ${ref(regular.font.writeTo(pdf, 'BDSKRA'))}`;
    if (client) fonts += ` /F3 ${ref(client.font.writeTo(pdf, 'BDSKRB'))}`;
    const graphicsState = options.draft ? ` /ExtGState << /GS0 ${ref(pdf.object(pdf.reserve(), `<< /Type /ExtGState /ca ${pdfNumber(DRAFT_OPACITY)} >>`))} >>` : '';
    const resources = `<< /Font << ${fonts} >>${graphicsState} >>`;
    const stream = (bytes: Uint8Array) => ref(pdf.flateStream(pdf.reserve(), bytes));
    // the boxes' lines and fills first, the text over them
    const pageContents = [[stream(await this.frameOf(boxes, d, W, H)), stream(deflated(ops.join('') + draftMark))]];
    if (d.pledge) {
      const second = [stream(await this.pledgeLinesOf(W, H)), stream(this.pledgeTextOf(own, regular, bold, W, H))];
      if (draftMark) second.push(stream(deflated(draftMark)));
      pageContents.push(second);
    }
    const pages = pageContents.map((contents) => pdf.object(pdf.reserve(), `<< /Type /Page /Parent ${ref(pageTree)} /MediaBox [ 0 0 ${pdfNumber(W)} ${pdfNumber(H)} ] /Resources ${resources} /Contents [ ${contents.join(' ')} ] >>`));
    pdf.object(pageTree, `<< /Type /Pages /Kids [ ${pages.map(ref).join(' ')} ] /Count ${pages.length} >>`);
    pdf.object(catalog, `<< /Type /Catalog /Pages ${ref(pageTree)} >>`);
    return pdf.finish(catalog, info);
  }

  /** The regular face cut to the sheet's own words, made on the first sheet of its province and variant and kept. */
  private ownWordsOf(d: SheetData, boxes: LayoutBox[]): OwnWords {
    const strings = ownStrings(d, boxes);
    const key = strings.join('\n');
    let own = this.ownWords.get(key);
    if (!own) {
      const text = strings.join('');
      own = { font: new CidFont(this.regular.subset(text), text, REGULAR_NAME) };
      if (this.ownWords.size >= FIXED_PARTS_KEPT) this.ownWords.delete(this.ownWords.keys().next().value!);
      this.ownWords.set(key, own);
    }
    return own;
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

  private drawBox(ops: string[], b: LayoutBox, d: SheetData, fonts: { regular: PageFont; bold: PageFont; client: PageFont | null }, at: (x: number, y: number, h?: number) => { x: number; y: number }): void {
    const p = at(b.x, b.y, b.h);
    const w = b.w * MM;
    const h = b.h * MM;
    const { regular, bold } = fonts;
    const value = () => (b.field ? (d.values[b.field] ?? '') : '');
    // a client's value too long is the operator's to shorten, named as they know the field; the layout's own text is not
    const valueTooLong = () => tooLong(SHEET_FIELD_LABELS[b.field ?? ''] ?? b.field ?? b.id, b.field ?? b.id);
    const fixedTooLong = () => layoutTooSmall(b.id);
    switch (b.kind) {
      case 'header':
        this.drawFitted(ops, b.text ?? '', bold, p.x + PAD, p.y, w - 2 * PAD, h, 10, 7, fixedTooLong);
        return;
      case 'label':
        this.drawFitted(ops, b.label ?? '', regular, p.x + PAD, p.y, w - 2 * PAD, h, 8.5, 6, fixedTooLong, true);
        return;
      case 'text':
        if (b.text !== undefined) this.drawFitted(ops, b.text, regular, p.x + PAD, p.y, w - 2 * PAD, h, b.maxSize ?? 9, b.minSize ?? 6, fixedTooLong);
        else if (fonts.client) this.drawFitted(ops, value(), fonts.client, p.x + PAD, p.y, w - 2 * PAD, h, b.maxSize ?? 9, b.minSize ?? 6, valueTooLong);
        return;
      case 'cell':
      case 'signature':
        return;
      case 'fingerprint': {
        const t = b.label ?? '';
        ops.push(textLine(regular, t, 6, p.x + (w - regular.font.widthOfTextAtSize(t, 6)) / 2, p.y + 1.5, GREY));
        return;
      }
      case 'checkbox': {
        // CJK glyphs fill the em box from about -0.12 em to 0.88 em: a baseline 0.38 em below the box's
        // middle puts the text's middle level with the box, not below it.
        const size = 8;
        if (b.label) ops.push(textLine(regular, b.label, size, p.x + w + 1.2 * MM, p.y + h / 2 - CJK_MIDDLE * size, INK));
        return;
      }
      default:
        // a value box: the field's text, fitted
        if (fonts.client) this.drawFitted(ops, value(), fonts.client, p.x + PAD, p.y, w - 2 * PAD, h, b.maxSize ?? 9.5, b.minSize ?? 5.5, valueTooLong);
    }
  }

  /** Text wrapped and shrunk into the rectangle (x, y bottom-left, w, h), vertically centred. */
  private drawFitted(ops: string[], text: string, f: PageFont, x: number, y: number, w: number, h: number, max: number, min: number, tooLongError: () => Error, center = false): void {
    if (!text) return;
    const fit = fitText(text, f.font, w, h - 2, max, min);
    if (!fit) throw tooLongError();
    const block = fit.lines.length * fit.lineHeight;
    let ty = y + (h + block) / 2 - fit.size * 0.95;
    for (const line of fit.lines) {
      const lx = center ? x + (w - textWidth(f.font, line, fit.size)) / 2 : x;
      ops.push(textLine(f, line, fit.size, lx, ty, INK));
      ty -= fit.lineHeight;
    }
  }

  /** The pledge page's ruled lines: the same on every Guangdong personal sheet, drawn once per worker. */
  private pledgeLinesOf(W: number, H: number): Promise<Uint8Array> {
    this.pledgeLines ??= compressedDrawing([W, H], (page) => {
      const L = SHEET_LAYOUT.pledgePage;
      const left = 15 * MM;
      const width = W - 30 * MM;
      const dashY = H - L.top * MM;
      page.drawLine({ start: { x: left, y: dashY }, end: { x: left + width, y: dashY }, thickness: 0.8, color: LINE, dashArray: [4, 3] });
      for (let i = 1; i <= L.lines; i++) {
        const y = dashY - i * L.lineGap * MM;
        page.drawLine({ start: { x: left, y }, end: { x: left + width, y }, thickness: 0.4, color: rgb(0.7, 0.7, 0.7) });
      }
      const sy = dashY - (L.lines + 2) * L.lineGap * MM;
      // the signing lines start 72 pt right of their labels (drawn by pledgeTextOf), clear of the 7 characters at 10 pt
      page.drawLine({ start: { x: left + width * 0.45 + 72, y: sy - 2 }, end: { x: left + width, y: sy - 2 }, thickness: 0.6, color: LINE });
      page.drawLine({ start: { x: left + width * 0.45 + 72, y: sy - 10 * MM - 2 }, end: { x: left + width, y: sy - 10 * MM - 2 }, thickness: 0.6, color: LINE });
    });
    return this.pledgeLines;
  }

  /** The pledge page's text: the title, the reference text to copy, the signing labels; compressed once per cut. */
  private pledgeTextOf(own: OwnWords, regular: PageFont, bold: PageFont, W: number, H: number): Uint8Array {
    if (own.pledgeText) return own.pledgeText;
    const L = SHEET_LAYOUT.pledgePage;
    const ops: string[] = [];
    const left = 15 * MM;
    const width = W - 30 * MM;
    const t = L.title;
    ops.push(textLine(bold, t, 15, (W - bold.font.widthOfTextAtSize(t, 15)) / 2, H - 20 * MM, INK));
    const guideTop = H - 28 * MM;
    this.drawFitted(ops, `${PLEDGE_GUIDE}${SHEET_SIGNING.pledgeText}`, regular, left, guideTop - 18 * MM, width, 18 * MM, 8, 6, () => layoutTooSmall('承诺参照'));
    const dashY = H - L.top * MM;
    const sy = dashY - (L.lines + 2) * L.lineGap * MM;
    ops.push(textLine(regular, PLEDGE_SIGN[0]!, 10, left + width * 0.45, sy, INK));
    ops.push(textLine(regular, PLEDGE_SIGN[1]!, 10, left + width * 0.45, sy - 10 * MM, INK));
    own.pledgeText = deflated(ops.join(''));
    return own.pledgeText;
  }

  private draftMark(regular: PageFont, W: number, H: number): string {
    const text = SHEET_LAYOUT.draftMark;
    const size = 64;
    const tw = regular.font.widthOfTextAtSize(text, size);
    const radians = (45 * Math.PI) / 180;
    return textLine(regular, text, size, W / 2 - (tw / 2) * Math.cos(Math.PI / 4), H / 2 - (tw / 2) * Math.sin(Math.PI / 4), DRAFT, { radians, graphicsState: 'GS0' });
  }
}
