// Bundled by writerBundle.test.ts as a writer is: pdf-lib (a package the writers load on first use) is not
// loaded until one of its exports is read, and then works as itself.
import { PDFDocument, rgb } from 'pdf-lib';

const pdfLibLoaded = () => Object.keys(require.cache).some((f) => /[\\/]node_modules[\\/]pdf-lib[\\/]/.test(f));

async function main(): Promise<void> {
  const before = pdfLibLoaded();
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawRectangle({ x: 10, y: 10, width: 50, height: 50, color: rgb(1, 0, 0) });
  const bytes = await doc.save();
  const again = await PDFDocument.load(bytes);
  process.stdout.write(`${JSON.stringify({ before, after: pdfLibLoaded(), pages: again.getPageCount(), header: Buffer.from(bytes.subarray(0, 5)).toString() })}\n`);
}

void main();
