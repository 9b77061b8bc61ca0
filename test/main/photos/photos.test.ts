import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkPhotos } from '../../../main/photos/batch';
import { checkPhoto, type PhotoReport } from '../../../main/photos/checks';
import { detectFaces } from '../../../main/photos/face';
import { repairPhoto } from '../../../main/photos/repair';
import { runCli } from '../../../main/cli';
import { iou, MATCH_IOU } from '../../fixtures/faceSet';
import { materialPdf } from '../../fixtures/materials';
import { bigRotatedPhoto, curtainPhoto, idCardPicture, labelledCurtainPhoto, pixelBombPng, samplePhoto } from '../../fixtures/photos';
import { tempDir } from '../../helpers';

const statusOf = (r: PhotoReport, id: string) => r.checks.find((c) => c.id === id)?.status;

describe('photo checks', () => {
  it('finds faces in the real photographs shipped with the face detector', async () => {
    for (let i = 1; i <= 6; i++) {
      const { data, info } = await sharp(samplePhoto(i)).resize(800).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect((await detectFaces({ data, width: info.width, height: info.height })).length, `sample${i}`).toBeGreaterThan(0);
    }
  }, 60_000);

  it('passes a good curtain photo and fails the usual mistakes, each with its check ID', async () => {
    const { jpeg: good, box } = await labelledCurtainPhoto();
    const r = await checkPhoto('good.jpg', good, 'curtain', 'tencent');
    expect(r.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(r.faces).toHaveLength(1);
    // searched in the top square, reported as fractions of the whole frame: where the face was pasted
    expect(iou(r.faces[0]!, box!)).toBeGreaterThanOrEqual(MATCH_IOU);
    expect(Math.abs(r.faces[0]!.x + r.faces[0]!.width / 2 - (box!.x + box!.width / 2))).toBeLessThan(box!.width / 4);
    expect(Math.abs(r.faces[0]!.y + r.faces[0]!.height / 2 - (box!.y + box!.height / 2))).toBeLessThan(box!.height / 4);

    expect(statusOf(await checkPhoto('noface.jpg', await curtainPhoto({ face: false }), 'curtain', 'tencent'), 'face')).toBe('fail');
    const blurred = await sharp(good).blur(12).jpeg().toBuffer();
    expect(statusOf(await checkPhoto('blur.jpg', blurred, 'curtain', 'tencent'), 'blur')).toBe('fail');
    const dark = await sharp(good).linear(0.2, 0).jpeg().toBuffer();
    expect(statusOf(await checkPhoto('dark.jpg', dark, 'curtain', 'tencent'), 'exposure')).toBe('fail');
    const white = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#f4f4f4' } }).composite([{ input: await sharp(good).extract({ left: 280, top: 300, width: 640, height: 800 }).toBuffer(), left: 280, top: 300 }]).jpeg().toBuffer();
    expect(statusOf(await checkPhoto('white.jpg', white, 'curtain', 'tencent'), 'background')).toBe('fail');
    const landscape = await curtainPhoto({ width: 1600, height: 1200 });
    expect(statusOf(await checkPhoto('wide.jpg', landscape, 'curtain', 'tencent'), 'dimensions')).toBe('fail');
    const png = await sharp(good).png().toBuffer();
    const asPng = await checkPhoto('good.png', png, 'curtain', 'tencent');
    expect(statusOf(asPng, 'format')).toBe('fail');
    const grey = await sharp(good).greyscale().jpeg().toBuffer();
    expect(statusOf(await checkPhoto('id.jpg', grey, 'id-front', 'tencent'), 'colour')).toBe('fail');
  }, 60_000);

  it('refuses truncated files, non-images and pixel bombs with a clear reason, without crashing', async () => {
    const good = await curtainPhoto();
    for (const [name, data, text] of [
      ['truncated.jpg', good.subarray(0, good.length / 2), '截断'],
      ['text.jpg', Buffer.from('not an image at all'), '不是可读取的图片'],
      ['bomb.png', pixelBombPng(), '解压炸弹'],
      // each told for what it is, not as "not a readable image (maybe not JPEG/PNG, or damaged)"
      ['empty.jpg', Buffer.alloc(0), '文件为空（0 字节）'],
      ['scan-saved-as.jpg', await materialPdf('营业执照扫描'), '这是 PDF 文件，不是照片：请导出为 JPG'],
      ['old-scanner.bmp', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]), '图片格式 BMP 不受支持，请转换为 JPG 或 PNG'],
    ] as const) {
      const r = await checkPhoto(name, data, 'curtain', 'tencent');
      expect(r.status, name).toBe('fail');
      expect(r.checks[0]).toMatchObject({ id: 'readable', status: 'fail' });
      expect(r.checks[0]!.message, name).toContain(text);
    }
  });

  it('repairs a 12 MP photo of several MB to ≤ 2 MB JPEG, upright, with no EXIF left', async () => {
    const big = await bigRotatedPhoto();
    expect(big.byteLength).toBeGreaterThan(4 * 1024 * 1024);
    const before = await checkPhoto('big.jpg', big, 'id-front', 'tencent');
    expect(statusOf(before, 'bytes')).toBe('fail');
    expect(statusOf(before, 'orientation')).toBe('warn');
    const r = await repairPhoto(big, 'id-front', 'tencent');
    expect(r.jpeg.byteLength).toBeLessThanOrEqual(2_000_000);
    const meta = await sharp(r.jpeg).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.height! > meta.width!).toBe(true); // turned upright (stored 4000×3000 with orientation 6)
    await expect(repairPhoto(await curtainPhoto(), 'curtain', 'tencent', { watermark: true })).rejects.toThrow('幕布照片不能加水印');
  }, 60_000);

  it('flags the same photo used twice in a batch, and stops promptly when cancelled', async () => {
    const dir = tempDir();
    const good = await curtainPhoto();
    writeFileSync(join(dir, 'a-幕布.jpg'), good);
    writeFileSync(join(dir, 'b-幕布.jpg'), good);
    const reports = await checkPhotos([join(dir, 'a-幕布.jpg'), join(dir, 'b-幕布.jpg')], { provider: 'tencent' }, { progress: () => undefined, cancelled: false });
    expect(reports.map((r) => statusOf(r, 'duplicate')).sort()).toEqual(['fail', 'pass']);

    const many = tempDir();
    const small = await sharp(good).resize(600).jpeg().toBuffer();
    const files = Array.from({ length: 200 }, (_, i) => {
      const f = join(many, `p${i}.jpg`);
      writeFileSync(f, small);
      return f;
    });
    const control = { cancelled: false, progress: () => undefined };
    const t0 = Date.now();
    const run = checkPhotos(files, { provider: 'tencent', kind: 'id-front' }, control);
    setTimeout(() => (control.cancelled = true), 50);
    const partial = await run;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(partial.length).toBeLessThan(200);
  }, 60_000);

  it('CLI: photos check --json gives per-file results with the named check ids; exit 1 on a failure', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', '张三-幕布.jpg'), await curtainPhoto());
    writeFileSync(join(dir, 'in', '张三-身份证正面.png'), await sharp({ create: { width: 900, height: 600, channels: 3, background: '#c8d8c0' } }).png().toBuffer());
    let out = '';
    const code = await runCli(['photos', 'check', join(dir, 'in'), '--json'], { out: (t) => (out += t), err: () => undefined });
    expect(code).toBe(1);
    const rows = JSON.parse(out) as { file: string; kind: string; status: string; checks: { id: string }[] }[];
    expect(rows.map((r) => [r.kind, r.status])).toEqual([['curtain', 'pass'], ['id-front', 'fail']]);
    expect(rows[0]!.checks.map((c) => c.id)).toEqual(['readable', 'format', 'bytes', 'dimensions', 'orientation', 'blur', 'exposure', 'background', 'face', 'duplicate']);
    expect(await runCli(['photos', 'fix', join(dir, 'in'), '--out', join(dir, 'out')], { out: () => undefined, err: () => undefined })).toBe(0);
  }, 60_000);

  it('CLI: an entry the folder leaves out (a dangling link) is told with its reason beside the photos checked, exit 1; a folder of no photo is refused', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', '张三-幕布.jpg'), await curtainPhoto());
    symlinkSync(join(dir, 'gone.jpg'), join(dir, 'in', '李四-幕布.jpg'));
    for (const command of [['check'], ['fix', '--out', join(dir, 'out')]]) {
      let out = '';
      const code = await runCli(['photos', command[0]!, join(dir, 'in'), ...command.slice(1)], { out: (t) => (out += t), err: () => undefined });
      expect(code, command[0]).toBe(1);
      expect(out).toContain('张三-幕布.jpg');
      expect(out).toMatch(/✗ .*李四-幕布\.jpg.*\n?.*符号链接已跳过/);
    }
    mkdirSync(join(dir, 'empty'));
    let err = '';
    expect(await runCli(['photos', 'check', join(dir, 'empty')], { out: () => undefined, err: (t) => (err += t) })).toBe(1);
    expect(err).toContain('文件夹中没有照片（JPG/PNG 等）');
  }, 60_000);
});

describe('document coverage of ID scans', () => {
  it('fails an ID card photographed from afar on a table and passes one that fills the frame', async () => {
    const card = await idCardPicture();
    const close = await sharp(card).extend({ top: 20, bottom: 20, left: 20, right: 20, background: '#5a3d2b' }).jpeg().toBuffer();
    const far = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#5a3d2b' } }).composite([{ input: card, left: 900, top: 700 }]).jpeg().toBuffer();
    const near = await checkPhoto('near.jpg', await sharp(close).resize(1200).jpeg().toBuffer(), 'id-front', 'tencent');
    const away = await checkPhoto('far.jpg', far, 'id-front', 'tencent');
    expect(statusOf(near, 'background')).toBe('pass');
    expect(statusOf(away, 'background')).toBe('fail');
  });
});

describe('checks of stored photos', () => {
  it('checks a photo where it is attached to a client, naming the other client that holds the same photo', async () => {
    const { openTestDesk } = await import('../../helpers');
    const { createRouter } = await import('../../../main/api/router');
    const { clientRecordSchema } = await import('../../../main/domain/schemas');
    const { createClients } = await import('../../../main/services/clients');
    const { addMaterial } = await import('../../../main/services/materials');
    const { companyRecord } = await import('../../fixtures/records');
    const desk = await openTestDesk();
    const [a, b] = await createClients(desk, [clientRecordSchema.parse(companyRecord(1)), clientRecordSchema.parse(companyRecord(2))]);
    const photo = await curtainPhoto();
    await addMaterial(desk, { entityId: a!.id, kind: 'curtain', fileName: 'a.jpg', data: photo });
    const m = await addMaterial(desk, { entityId: b!.id, kind: 'curtain', fileName: 'b.jpg', data: photo });
    const licence = await addMaterial(desk, { entityId: b!.id, kind: 'other', fileName: 'x.pdf', data: await materialPdf('x') });
    const router = createRouter(desk, () => undefined);
    const r = await router.invoke('material.check', { id: m.id });
    expect(r).toMatchObject({ ok: true, value: { status: 'fail' } });
    const dup = (r as { value: { checks: { id: string; message: string }[] } }).value.checks.find((c) => c.id === 'duplicate')!;
    expect(dup.message).toContain('深圳市示例000001科技有限公司');
    expect(await router.invoke('material.check', { id: licence.id })).toEqual({ ok: true, value: null });
  }, 30_000);
});
