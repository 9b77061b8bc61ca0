// All of the photo desk's image work runs on the worker pool: the grid's thumbnails come from the check's
// own decode on the worker, repairs run there too, and the first photo task sets sharp's process-wide
// settings that keep a batch's memory down (README "Photo batch, where the time and the memory go").
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkerPool, workerPool } from '../../../main/jobs/pool';
import { checkPhotos, repairOnWorker } from '../../../main/photos/batch';
import { THUMBNAIL_SIDE } from '../../../main/photos/thumbnail';
import { bigRotatedPhoto, curtainPhoto } from '../../fixtures/photos';
import { tempDir } from '../../helpers';

const control = { progress: () => undefined, cancelled: false };

afterAll(() => closeWorkerPool());

describe('image work on the worker pool', () => {
  it('gives each checked photo its grid thumbnail from the worker: upright, at most 320 px, none for an unreadable file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rotated.jpg'), await bigRotatedPhoto()); // stored 4000×3000, EXIF orientation 6: shown portrait
    writeFileSync(join(dir, 'broken.jpg'), Buffer.from('not a photo'));
    const [broken, rotated] = await checkPhotos([join(dir, 'broken.jpg'), join(dir, 'rotated.jpg')], { provider: 'tencent', kind: 'id-front', thumbnails: true }, control);
    expect(broken!.thumbnail).toBeNull();
    const meta = await sharp(Buffer.from(rotated!.thumbnail!, 'base64')).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBe(THUMBNAIL_SIDE);
    expect(meta.height! > meta.width!).toBe(true);
    // a batch that shows no grid (the CLI) carries no thumbnails
    const [plain] = await checkPhotos([join(dir, 'rotated.jpg')], { provider: 'tencent', kind: 'id-front' }, control);
    expect(plain).not.toHaveProperty('thumbnail');
  }, 120_000);

  it('fails a photo whose check outlasts its deadline with the reason, not tried again, and checks the next one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '幕布1.jpg'), await curtainPhoto());
    writeFileSync(join(dir, '幕布2.jpg'), await curtainPhoto());
    const files = [join(dir, '幕布1.jpg'), join(dir, '幕布2.jpg')];
    await checkPhotos(files.slice(0, 1), { provider: 'tencent' }, control); // a warm worker
    const pool = workerPool();
    const before = pool.completed;
    const reports = await checkPhotos(files, { provider: 'tencent', deadlineMs: 1, threads: 1 }, control);
    expect(reports).toHaveLength(2);
    for (const r of reports) {
      expect(r.status).toBe('fail');
      expect(r.checks).toEqual([expect.objectContaining({ id: 'readable', status: 'fail', message: expect.stringMatching(/^照片处理超时（超过 \d+ 秒）：请重试/) })]);
    }
    // the default deadline: the same photos are checked as before
    const again = await checkPhotos(files, { provider: 'tencent' }, control);
    expect(again.map((r) => r.checks.find((c) => c.id === 'readable')?.status ?? 'pass')).toEqual(['pass', 'pass']);
    // one task a photo each time: a check past its deadline is not tried again (it runs on to its end on its
    // worker). The tasks given up end on their own time — on a loaded two-core CI machine more than the 1 s this
    // once waited (3 of 4 seen) —, so wait for the four, then a while longer for a fifth that must not come.
    for (const until = Date.now() + 60_000; pool.completed - before < 4 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(pool.completed - before).toBe(4);
  }, 120_000);

  it('the thumbnail shows the photo: it matches a thumbnail made from the original file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '幕布.jpg'), await curtainPhoto());
    const [r] = await checkPhotos([join(dir, '幕布.jpg')], { provider: 'tencent', thumbnails: true }, control);
    const fromWorker = await sharp(Buffer.from(r!.thumbnail!, 'base64')).resize(32, 32, { fit: 'fill' }).raw().toBuffer();
    const fromFile = await sharp(join(dir, '幕布.jpg')).rotate().resize(32, 32, { fit: 'fill' }).raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < fromFile.length; i++) diff += Math.abs(fromFile[i]! - fromWorker[i]!);
    expect(diff / fromFile.length).toBeLessThan(4);
  }, 120_000);

  it('repairs a photo file on a worker: ≤ 2 MB, upright, no EXIF; a missing file and a watermark on a curtain photo are refused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.jpg'), await bigRotatedPhoto());
    const r = await repairOnWorker(join(dir, 'big.jpg'), 'id-front', 'tencent');
    expect(r.jpeg.byteLength).toBeLessThanOrEqual(2_000_000);
    const meta = await sharp(r.jpeg).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.height! > meta.width!).toBe(true);
    await expect(repairOnWorker(join(dir, 'gone.jpg'), 'id-front', 'tencent')).rejects.toThrow('无法读取文件');
    writeFileSync(join(dir, '幕布.jpg'), await curtainPhoto());
    await expect(repairOnWorker(join(dir, '幕布.jpg'), 'curtain', 'tencent', '仅供备案')).rejects.toThrow('幕布照片不能加水印');
  }, 120_000);

  it('a photo task leaves sharp without its operation cache and with one libvips thread per image, for the whole process', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jpg'), await curtainPhoto({ width: 600, height: 800 }));
    await checkPhotos([join(dir, 'a.jpg')], { provider: 'tencent', kind: 'id-front' }, control);
    // libvips' settings are the process's: the worker's call shows on this thread too
    expect(sharp.concurrency()).toBe(1);
    expect(sharp.cache()).toMatchObject({ files: { max: 0 }, items: { max: 0 } });
  }, 120_000);
});
