// Checking many photos: files read one by one, two in flight (sharp decodes on libuv's thread pool, so
// both cores work), progress after each, and a prompt stop when cancelled.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { JobControl } from '../jobs/jobs';
import { checkPhoto, duplicateIndex, type PhotoReport } from './checks';
import type { PhotoKind } from './profiles';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff', '.heic']);

/** The image files of a file or folder (one level of sub-folders), in name order. */
export function photoFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const p = join(path, name);
    const s = statSync(p);
    if (s.isFile() && IMAGE_EXT.has(extname(name).toLowerCase())) out.push(p);
    else if (s.isDirectory()) for (const inner of readdirSync(p).sort()) if (IMAGE_EXT.has(extname(inner).toLowerCase())) out.push(join(p, inner));
  }
  return out;
}

/** The kind a file name suggests (幕布, 身份证正面 …), else the fallback. */
export function inferKind(file: string, fallback: PhotoKind): PhotoKind {
  const n = file.toLowerCase();
  if (/幕布|curtain/.test(n)) return 'curtain';
  if (/正面|人像|front/.test(n)) return 'id-front';
  if (/背面|国徽|back/.test(n)) return 'id-back';
  if (/执照|营业|licen[cs]e/.test(n)) return 'licence';
  if (/核验单|sheet/.test(n)) return 'sheet';
  return fallback;
}

export async function checkPhotos(files: string[], options: { kind?: PhotoKind; provider: string; known?: { sha256: string; dhash: string | null; owner: string }[] }, control: JobControl): Promise<PhotoReport[]> {
  const index = duplicateIndex(options.known ?? []);
  const reports: PhotoReport[] = [];
  let next = 0;
  const worker = async () => {
    while (next < files.length && !control.cancelled) {
      const i = next++;
      const file = files[i]!;
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch {
        reports[i] = { file, kind: options.kind ?? inferKind(file, 'curtain'), status: 'fail', checks: [{ id: 'readable', status: 'fail', value: null, threshold: null, message: '无法读取文件' }], faces: [], sha256: null, dhash: null };
        continue;
      }
      const r = await checkPhoto(file, data, options.kind ?? inferKind(file, 'curtain'), options.provider, index);
      if (r.sha256 && r.dhash) index.add(r.sha256, r.dhash, file.split(/[\\/]/).pop()!);
      reports[i] = r;
      control.progress(reports.filter(Boolean).length, files.length);
    }
  };
  await Promise.all([worker(), worker()]);
  return reports.filter(Boolean);
}
