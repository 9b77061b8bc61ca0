// The human summary of a submission package: what the order is and every file in it, as a PDF drawn
// with the same subsetting route as the 核验单 (deterministic: same package, same bytes).
import { PDFDocument, rgb } from 'pdf-lib';
import { fitText } from '../pdf/fit';
import { cjkDocument } from '../pdf/cjkDocument';
import { MM } from '../pdf/layout';

export interface SummaryInput {
  title: string;
  facts: [string, string][];
  files: { path: string; size: number; sha256: string }[];
}

export async function summaryPdf(s: SummaryInput): Promise<Uint8Array> {
  const rows = s.files.map((f) => [f.path, f.size >= 1048576 ? `${(f.size / 1048576).toFixed(1)} MB` : `${Math.ceil(f.size / 1024)} KB`, f.sha256.slice(0, 16)] as const);
  const text = [s.title, ...s.facts.flat(), ...rows.flat(), '文件', '大小', 'SHA-256（前16位）', '第页共', '0123456789'].join('');
  const { doc, font } = await cjkDocument(text);
  doc.setCreationDate(new Date('2000-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2000-01-01T00:00:00Z'));
  doc.setTitle(s.title);
  doc.setProducer('备案助手 BeianDesk');
  const W = 210 * MM;
  const H = 297 * MM;
  let page = doc.addPage([W, H]);
  let y = H - 20 * MM;
  page.drawText(s.title, { x: 15 * MM, y, size: 15, font, color: rgb(0.1, 0.1, 0.1) });
  y -= 10 * MM;
  for (const [k, v] of s.facts) {
    page.drawText(`${k}：${v}`, { x: 15 * MM, y, size: 9.5, font });
    y -= 6 * MM;
  }
  y -= 4 * MM;
  const cols = [15, 150, 170].map((c) => c * MM);
  const header = ['文件', '大小', 'SHA-256（前16位）'];
  const drawRow = (cells: readonly string[], size: number) => {
    const fit = fitText(cells[0]!, font, 130 * MM, 12 * MM, size, 5.5);
    const lines = fit?.lines ?? [cells[0]!];
    lines.forEach((l, i) => page.drawText(l, { x: cols[0]!, y: y - i * (fit?.lineHeight ?? size * 1.25), size: fit?.size ?? size, font }));
    page.drawText(cells[1]!, { x: cols[1]!, y, size, font });
    page.drawText(cells[2]!, { x: cols[2]!, y, size: 7, font });
    y -= Math.max(6 * MM, lines.length * (fit?.lineHeight ?? size) + 2 * MM);
  };
  drawRow(header, 9);
  for (const r of rows) {
    if (y < 20 * MM) {
      page = doc.addPage([W, H]);
      y = H - 20 * MM;
    }
    drawRow(r, 8.5);
  }
  return doc.save({ useObjectStreams: true });
}
