// The human summary of a submission package: what the order is and every file in it, as a PDF drawn
// with the same subsetting route as the 核验单 (deterministic: same package, same bytes).
import { PDFDocument, rgb } from 'pdf-lib';
import { textWidth, wrap } from '../pdf/fit';
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
  const left = 15 * MM;
  const width = W - 2 * left;
  const top = H - 20 * MM;
  const bottom = 20 * MM;
  let page = doc.addPage([W, H]);
  let y = top;
  // A block of `height` starts on a new page when this one has no room left for it: every line stays on
  // the page, however long the client's name, its websites or a file's path.
  const room = (height: number): boolean => {
    if (y - height >= bottom || y >= top) return false;
    ({ page, y } = { page: doc.addPage([W, H]), y: top });
    return true;
  };
  const ink = rgb(0.1, 0.1, 0.1);
  for (const l of wrap(s.title, font, 15, width)) {
    room(15 * 1.3);
    page.drawText(l, { x: left, y, size: 15, font, color: ink });
    y -= 15 * 1.3;
  }
  y -= 10 * MM - 15 * 1.3;
  // a fact's value wraps under itself, after its label
  for (const [k, v] of s.facts) {
    const label = `${k}：`;
    const indent = textWidth(font, label, 9.5);
    const lines = wrap(v, font, 9.5, width - indent);
    lines.forEach((l, i) => {
      room(6 * MM);
      if (i === 0) page.drawText(label, { x: left, y, size: 9.5, font });
      page.drawText(l, { x: left + indent, y, size: 9.5, font });
      y -= i === lines.length - 1 ? 6 * MM : 9.5 * 1.4;
    });
  }
  y -= 4 * MM;
  const cols = [15, 150, 170].map((c) => c * MM);
  const header = ['文件', '大小', 'SHA-256（前16位）'];
  const drawRow = (cells: readonly string[], size: number) => {
    const lines = wrap(cells[0]!, font, size, cols[1]! - cols[0]! - 5 * MM);
    const lineHeight = size * 1.25;
    const height = Math.max(6 * MM, lines.length * lineHeight + 2 * MM);
    // the file list's header again at the top of each page it goes on to
    if (room(height) && cells !== header) drawRow(header, 9);
    lines.forEach((l, i) => page.drawText(l, { x: cols[0]!, y: y - i * lineHeight, size, font }));
    page.drawText(cells[1]!, { x: cols[1]!, y, size, font });
    page.drawText(cells[2]!, { x: cols[2]!, y, size: 7, font });
    y -= height;
  };
  drawRow(header, 9);
  for (const r of rows) drawRow(r, 8.5);
  return doc.save({ useObjectStreams: true });
}
