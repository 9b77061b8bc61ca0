// A worker thread that renders 核验单 PDFs: CPU work (font subsetting, layout, deflate) off the thread
// that holds the database. Each worker loads the fonts once and serves many sheets.
import { parentPort } from 'node:worker_threads';
import { DeskError } from '../domain/errors';
import { SheetRenderer, type RenderOptions } from './sheet';
import type { SheetData } from './sheetData';

const renderer = await SheetRenderer.create();

parentPort!.on('message', (msg: { id: number; data: SheetData; options: RenderOptions } | 'close') => {
  if (msg === 'close') {
    renderer.close();
    process.exit(0);
  }
  renderer.render(msg.data, msg.options).then(
    (pdf) => parentPort!.postMessage({ id: msg.id, pdf }, [pdf.buffer as ArrayBuffer]),
    (err: unknown) => parentPort!.postMessage({ id: msg.id, error: err instanceof DeskError ? { code: err.code, message: err.message, details: err.details } : { code: 'INTERNAL', message: '核验单生成失败' } }),
  );
});
parentPort!.postMessage('ready');
