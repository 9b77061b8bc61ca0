// A new PDF whose one font is Noto Sans SC cut to the characters it will print: the route that keeps
// every CJK glyph (pdf-lib's own subsetting drops them; see stack.md).
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { FontSubsetter, readFont } from './fontSubsetter';

export async function cjkDocument(text: string): Promise<{ doc: PDFDocument; font: PDFFont }> {
  const subsetter = await FontSubsetter.load(readFont('regular'));
  let fontBytes: Uint8Array;
  try {
    fontBytes = subsetter.subset(text);
  } finally {
    subsetter.close();
  }
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontBytes, { subset: false });
  return { doc, font };
}
