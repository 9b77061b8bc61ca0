// A HarfBuzz cut of Noto Sans SC ready to go into PDFs as a Type0/CIDFontType2 font, the way pdf-lib embeds
// it (Identity-H, glyph ids as character codes, widths in /W, a ToUnicode map so the text can be copied and
// searched) — but prepared once: the compressed font file, the widths and the ToUnicode map are made when
// the cut is made, and writing the font into another sheet only formats a few dictionaries. Texts are
// encoded and measured from the cut's own tables (trueType.ts), with pdf-lib's arithmetic.
import { deflated, pdfNumber, ref, type PdfWriter } from './pdfWriter';
import { readTrueType } from './trueType';

/** What fitting text needs of a font (fit.ts); pdf-lib's PDFFont has the same shape. */
export interface MeasuredFont {
  readonly name: string;
  widthOfTextAtSize(text: string, size: number): number;
}

/** pdf-lib cleans a text the same way before drawing it (its cleanText): tabs and Unicode line separators become spaces. */
const cleanText = (text: string) => text.replace(/\t|\u0085|\u2028|\u2029/g, '    ').replace(/[\b\v]/g, '');

const hex4 = (n: number) => n.toString(16).padStart(4, '0').toUpperCase();

/** UTF-16BE of one code point, in hex (a ToUnicode target). */
function utf16Hex(cp: number): string {
  if (cp < 0x10000) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff));
}

/** The /W array: runs of consecutive glyph ids with their widths (in 1/1000 em). */
function widthsArray(gids: number[], widthOf: (gid: number) => number): string {
  const parts: string[] = [];
  let run: string[] = [];
  let previous = -2;
  for (const gid of gids) {
    if (gid !== previous + 1) {
      if (run.length) parts.push(`[ ${run.join(' ')} ]`);
      parts.push(String(gid));
      run = [];
    }
    run.push(pdfNumber(widthOf(gid)));
    previous = gid;
  }
  if (run.length) parts.push(`[ ${run.join(' ')} ]`);
  return `[ ${parts.join(' ')} ]`;
}

function toUnicodeCmap(pairs: [number, number][]): string {
  const blocks: string[] = [];
  // at most 100 entries a block (PDF 32000-1, 9.10.3)
  for (let i = 0; i < pairs.length; i += 100) {
    const chunk = pairs.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([gid, cp]) => `<${hex4(gid)}> <${utf16Hex(cp)}>`).join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

export class CidFont implements MeasuredFont {
  private readonly glyphs: Map<number, number>;
  private readonly advances: number[];
  private readonly scale: number;
  private readonly fontFile: Uint8Array;
  private readonly fontFileLength: number;
  private readonly toUnicode: Uint8Array;
  private readonly descriptor: string;
  private readonly widths: string;

  /**
   * `cut`: the TrueType bytes from FontSubsetter; `text`: the characters it was cut for (they get ToUnicode
   * entries); `name`: the face's PostScript name, shared by every cut of the face (fit.ts caches widths by it).
   */
  constructor(
    cut: Uint8Array,
    text: string,
    readonly name: string,
  ) {
    const info = readTrueType(cut);
    this.glyphs = info.glyphs;
    this.advances = info.advances;
    this.scale = 1000 / info.unitsPerEm;
    this.fontFile = deflated(cut);
    this.fontFileLength = cut.byteLength;
    const used = new Map<number, number>();
    for (const ch of new Set(text)) {
      const cp = ch.codePointAt(0)!;
      const gid = this.glyphs.get(cp);
      if (gid !== undefined && !used.has(gid)) used.set(gid, cp);
    }
    this.toUnicode = deflated(toUnicodeCmap([...used].sort((a, b) => a[0] - b[0])));
    const allGids = [...new Set([0, ...this.glyphs.values()])].sort((a, b) => a - b);
    this.widths = widthsArray(allGids, (gid) => this.advanceOf(gid) * this.scale);
    const s = this.scale;
    const flags = (info.fixedPitch ? 1 : 0) | (info.familyClass >= 1 && info.familyClass <= 7 ? 2 : 0) | 4 | (info.familyClass === 10 ? 8 : 0) | (info.italic ? 64 : 0);
    const [x0, y0, x1, y1] = info.bbox;
    this.descriptor = [
      `/Flags ${flags}`,
      `/FontBBox [ ${[x0 * s, y0 * s, x1 * s, y1 * s].map(pdfNumber).join(' ')} ]`,
      `/ItalicAngle ${pdfNumber(info.italicAngle)}`,
      `/Ascent ${pdfNumber(info.ascent * s)}`,
      `/Descent ${pdfNumber(info.descent * s)}`,
      `/CapHeight ${pdfNumber((info.capHeight || info.ascent) * s)}`,
      `/XHeight ${pdfNumber((info.xHeight || 0) * s)}`,
      '/StemV 0',
    ].join(' ');
  }

  private advanceOf(gid: number): number {
    return this.advances[gid] ?? this.advances[this.advances.length - 1] ?? 0;
  }

  private glyphOf(ch: string): number {
    return this.glyphs.get(ch.codePointAt(0)!) ?? 0;
  }

  /** The text as the hex string of its glyph ids (Identity-H), ready for Tj. */
  encode(text: string): string {
    let hex = '<';
    for (const ch of cleanText(text)) hex += hex4(this.glyphOf(ch));
    return `${hex}>`;
  }

  /** As pdf-lib's CustomFontEmbedder measures: the advances in 1/1000 em summed, then scaled to the size. */
  widthOfTextAtSize(text: string, size: number): number {
    let total = 0;
    for (const ch of text) total += this.advanceOf(this.glyphOf(ch)) * this.scale;
    return total * (size / 1000);
  }

  /**
   * Writes the font's five objects into `pdf` and returns the Type0 font's number. `tag`: six capital
   * letters that tell this cut from the document's other cuts of the same face.
   */
  writeTo(pdf: PdfWriter, tag: string): number {
    const baseFont = `/${tag}+${this.name}`;
    const file = pdf.flateStream(pdf.reserve(), this.fontFile, `/Length1 ${this.fontFileLength}`);
    const toUnicode = pdf.flateStream(pdf.reserve(), this.toUnicode);
    const descriptor = pdf.object(pdf.reserve(), `<< /Type /FontDescriptor /FontName ${baseFont} ${this.descriptor} /FontFile2 ${ref(file)} >>`);
    const cid = pdf.object(
      pdf.reserve(),
      `<< /Type /Font /Subtype /CIDFontType2 /CIDToGIDMap /Identity /BaseFont ${baseFont} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${ref(descriptor)} /W ${this.widths} >>`,
    );
    return pdf.object(pdf.reserve(), `<< /Type /Font /Subtype /Type0 /BaseFont ${baseFont} /Encoding /Identity-H /DescendantFonts [ ${ref(cid)} ] /ToUnicode ${ref(toUnicode)} >>`);
  }
}
