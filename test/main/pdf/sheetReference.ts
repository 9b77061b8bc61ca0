// The 核验单 drawn the stock pdf-lib way, as the desk drew it before it wrote its own PDF (issue 20): every
// box and line drawn with pdf-lib, both fonts embedded by pdf-lib (the regular face cut per sheet to all its
// characters, the bold cut once), every line of text through page.drawText. The fast renderer must put
// the same marks on the page (sheetFrame.test.ts compares them pixel by pixel).
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { fitText, textWidth, tooLong } from '../../../main/pdf/fit';
import { FontSubsetter, readFont } from '../../../main/pdf/fontSubsetter';
import { MM, SHEET_LAYOUT, SHEET_SIGNING, type LayoutBox } from '../../../main/pdf/layout';
import { checklistText, copiesNote, PLEDGE_GUIDE, PLEDGE_SIGN, SHEET_BOLD_STRINGS, sheetBoxes, sheetRegularStrings } from '../../../main/pdf/sheet';
import type { SheetData } from '../../../main/pdf/sheetData';

const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.45, 0.45, 0.45);
const LINE = rgb(0.3, 0.3, 0.3);
const FILL = rgb(0.93, 0.93, 0.93);
const PAD = 1.2 * MM;
const CJK_MIDDLE = 0.38;
type At = (x: number, y: number, h?: number) => { x: number; y: number };

function drawFitted(page: PDFPage, text: string, font: PDFFont, x: number, y: number, w: number, h: number, max: number, min: number, label: string, center = false): void {
  if (!text) return;
  const fit = fitText(text, font, w, h - 2, max, min);
  if (!fit) throw tooLong(label);
  let ty = y + (h + fit.lines.length * fit.lineHeight) / 2 - fit.size * 0.95;
  for (const line of fit.lines) {
    const lx = center ? x + (w - textWidth(font, line, fit.size)) / 2 : x;
    page.drawText(line, { x: lx, y: ty, size: fit.size, font, color: INK });
    ty -= fit.lineHeight;
  }
}

function drawFrame(page: PDFPage, boxes: LayoutBox[], at: At): void {
  for (const b of boxes) {
    const p = at(b.x, b.y, b.h);
    const box = { x: p.x, y: p.y, width: b.w * MM, height: b.h * MM };
    if (b.kind === 'header') page.drawRectangle({ ...box, color: FILL, borderColor: LINE, borderWidth: 0.6 });
    else if (b.kind === 'label') page.drawRectangle({ ...box, color: rgb(0.97, 0.97, 0.97), borderColor: LINE, borderWidth: 0.6 });
    else if (b.kind === 'fingerprint') page.drawRectangle({ ...box, borderColor: LINE, borderWidth: 0.6, borderDashArray: [2, 2] });
    else if (b.kind === 'checkbox') page.drawRectangle({ ...box, borderColor: INK, borderWidth: 0.7 });
    else page.drawRectangle({ ...box, borderColor: LINE, borderWidth: 0.6 });
  }
  const c = SHEET_LAYOUT.checklist;
  const cp = at(c.x, c.y, c.h);
  page.drawRectangle({ x: cp.x, y: cp.y, width: c.w * MM, height: c.h * MM, color: rgb(1, 0.97, 0.88), borderColor: rgb(0.85, 0.6, 0.1), borderWidth: 0.8 });
}

function drawBox(page: PDFPage, b: LayoutBox, d: SheetData, regular: PDFFont, bold: PDFFont, at: At): void {
  const p = at(b.x, b.y, b.h);
  const w = b.w * MM;
  const h = b.h * MM;
  if (b.kind === 'header') drawFitted(page, b.text ?? '', bold, p.x + PAD, p.y, w - 2 * PAD, h, 10, 7, b.id);
  else if (b.kind === 'label') drawFitted(page, b.label ?? '', regular, p.x + PAD, p.y, w - 2 * PAD, h, 8.5, 6, b.id, true);
  else if (b.kind === 'text') drawFitted(page, b.text ?? (b.field ? (d.values[b.field] ?? '') : ''), regular, p.x + PAD, p.y, w - 2 * PAD, h, b.maxSize ?? 9, b.minSize ?? 6, b.id);
  else if (b.kind === 'fingerprint') {
    const t = b.label ?? '';
    page.drawText(t, { x: p.x + (w - regular.widthOfTextAtSize(t, 6)) / 2, y: p.y + 1.5, size: 6, font: regular, color: GREY });
  } else if (b.kind === 'checkbox') page.drawText(b.label ?? '', { x: p.x + w + 1.2 * MM, y: p.y + h / 2 - CJK_MIDDLE * 8, size: 8, font: regular, color: INK });
}

function drawPledgePage(doc: PDFDocument, regular: PDFFont, bold: PDFFont, W: number, H: number): void {
  const L = SHEET_LAYOUT.pledgePage;
  const page = doc.addPage([W, H]);
  const left = 15 * MM;
  const width = W - 30 * MM;
  page.drawText(L.title, { x: (W - bold.widthOfTextAtSize(L.title, 15)) / 2, y: H - 20 * MM, size: 15, font: bold, color: INK });
  drawFitted(page, `${PLEDGE_GUIDE}${SHEET_SIGNING.pledgeText}`, regular, left, H - 28 * MM - 18 * MM, width, 18 * MM, 8, 6, '承诺参照');
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

/** One sheet the stock pdf-lib way (loads and frees both fonts: slow, for tests only). */
export async function referenceSheet(d: SheetData, options: { draft?: boolean } = {}): Promise<Uint8Array> {
  const [regularCut, boldCut] = await Promise.all([FontSubsetter.load(readFont('regular')), FontSubsetter.load(readFont('bold'))]);
  try {
    const L = SHEET_LAYOUT;
    const boxes = sheetBoxes(d);
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const regular = await doc.embedFont(regularCut.subset(sheetRegularStrings(d, boxes).join('')), { subset: false });
    const bold = await doc.embedFont(boldCut.subset(SHEET_BOLD_STRINGS.join('')), { subset: false });
    const W = L.page.width * MM;
    const H = L.page.height * MM;
    const page = doc.addPage([W, H]);
    const at: At = (x, y, h = 0) => ({ x: x * MM, y: H - (y + h) * MM });
    drawFrame(page, boxes, at);
    page.drawText(L.title.text, { x: (W - bold.widthOfTextAtSize(L.title.text, L.title.size)) / 2, y: H - L.title.y * MM, size: L.title.size, font: bold, color: INK });
    const note = copiesNote(d);
    page.drawText(note, { x: (W - regular.widthOfTextAtSize(note, 8)) / 2, y: H - L.copiesNote.y * MM, size: 8, font: regular, color: GREY });
    for (const b of boxes) drawBox(page, b, d, regular, bold, at);
    const c = L.checklist;
    const cp = at(c.x, c.y, c.h);
    drawFitted(page, checklistText(d), regular, cp.x + PAD, cp.y + PAD, c.w * MM - 2 * PAD, c.h * MM - 2 * PAD, 9, 6, '签字须知');
    if (d.pledge) drawPledgePage(doc, regular, bold, W, H);
    if (options.draft) {
      for (const p of doc.getPages()) {
        const tw = regular.widthOfTextAtSize(L.draftMark, 64);
        p.drawText(L.draftMark, { x: W / 2 - (tw / 2) * Math.cos(Math.PI / 4), y: H / 2 - (tw / 2) * Math.sin(Math.PI / 4), size: 64, font: regular, color: rgb(0.85, 0.1, 0.1), opacity: 0.18, rotate: degrees(45) });
      }
    }
    return await doc.save({ useObjectStreams: true });
  } finally {
    regularCut.close();
    boldCut.close();
  }
}
