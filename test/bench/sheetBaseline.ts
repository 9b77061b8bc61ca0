// The 核验单 benchmark's baseline (issue 20): a plain pdf-lib page with the same fonts and the same text
// as a website's sheet, by the same route — Noto Sans SC regular cut per sheet to the sheet's characters
// with HarfBuzz, the bold cut once and reused, both embedded unsubset, saved with object streams — but
// none of the sheet's own work: no layout, no boxes, no wrapping or shrinking to fit. Each string is
// drawn once at 9 pt, one line each; a sheet with the hand-copied pledge gets its second page here too.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { FontSubsetter, readFont } from '../../main/pdf/fontSubsetter';
import { MM, SHEET_LAYOUT } from '../../main/pdf/layout';
import { SHEET_BOLD_STRINGS, sheetRegularStrings } from '../../main/pdf/sheet';
import type { SheetData } from '../../main/pdf/sheetData';

const INK = rgb(0.1, 0.1, 0.1);

export class PlainPdfPage {
  private boldSubset: Uint8Array | null = null;

  private constructor(
    private readonly regular: FontSubsetter,
    private readonly bold: FontSubsetter,
  ) {}

  /** Both fonts loaded and parsed once, as a sheet worker holds them. */
  static async create(): Promise<PlainPdfPage> {
    const [regular, bold] = await Promise.all([FontSubsetter.load(readFont('regular')), FontSubsetter.load(readFont('bold'))]);
    return new PlainPdfPage(regular, bold);
  }

  close(): void {
    this.regular.close();
    this.bold.close();
  }

  async render(d: SheetData): Promise<Uint8Array> {
    const strings = sheetRegularStrings(d);
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    this.boldSubset ??= this.bold.subset(SHEET_BOLD_STRINGS.join(''));
    const regular = await doc.embedFont(this.regular.subset(strings.join('')), { subset: false });
    const bold = await doc.embedFont(this.boldSubset, { subset: false });
    const W = SHEET_LAYOUT.page.width * MM;
    const H = SHEET_LAYOUT.page.height * MM;
    let page = doc.addPage([W, H]);
    let y = H - 20;
    for (const t of SHEET_BOLD_STRINGS) {
      page.drawText(t, { x: 20, y, size: 9, font: bold, color: INK });
      y -= 11;
    }
    const perPage = Math.floor((H - 40) / 11);
    strings.forEach((t, i) => {
      if (d.pledge && i === strings.length - 4) {
        // the pledge's strings on the second page, as the sheet draws them
        page = doc.addPage([W, H]);
        y = H - 20;
      }
      page.drawText(t, { x: 20, y, size: 9, font: regular, color: INK });
      y -= 11;
      if (y < 20) y = H - 20 - (i % perPage);
    });
    return await doc.save({ useObjectStreams: true });
  }
}
