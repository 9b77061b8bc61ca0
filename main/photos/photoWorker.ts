// A worker thread that checks photos: decoding, measurements and face detection (its own wasm detector)
// off the main thread, so both cores work. Duplicates are judged by the caller, which sees every photo.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { checkPhoto } from './checks';
import type { PhotoKind } from './profiles';

parentPort!.on('message', (msg: { id: number; file: string; kind: PhotoKind; provider: string } | 'close') => {
  if (msg === 'close') process.exit(0);
  let data: Buffer;
  try {
    data = readFileSync(msg.file);
  } catch {
    parentPort!.postMessage({ id: msg.id, report: { file: msg.file, kind: msg.kind, status: 'fail', checks: [{ id: 'readable', status: 'fail', value: null, threshold: null, message: '无法读取文件' }], faces: [], sha256: null, dhash: null } });
    return;
  }
  checkPhoto(msg.file, data, msg.kind, msg.provider).then(
    (report) => parentPort!.postMessage({ id: msg.id, report }),
    () => parentPort!.postMessage({ id: msg.id, report: { file: msg.file, kind: msg.kind, status: 'fail', checks: [{ id: 'readable', status: 'fail', value: null, threshold: null, message: '检查失败' }], faces: [], sha256: null, dhash: null } }),
  );
});
parentPort!.postMessage('ready');
