// The photo desk's grid: each photo's kind says whether the operator chose it or it was guessed (from the
// file name, or not at all), and one photo is checked again as the kind the operator sets for it.
// Its repair writes beside the operator's photos, never over them: each client's sub-folder is kept (two
// clients' 身份证正面.jpg stay two files), a name already taken gets the next free one, and an output folder
// that is the checked folder, or inside it, is refused before anything is written.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { photoFiles } from '../../../main/photos/batch';
import { checkPhotoFolder, fixPhotos, recheckPhoto } from '../../../main/services/photos';
import { curtainPhoto, idCardPicture } from '../../fixtures/photos';
import { tempDir, testRouter } from '../../helpers';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const control = { progress: () => undefined, cancelled: false };

/** A job's last status, once it has ended. */
async function jobEnd(router: Awaited<ReturnType<typeof testRouter>>['router'], id: string) {
  for (;;) {
    const r = (await router.invoke('jobs.get', { id })) as { ok: true; value: { state: string } };
    if (r.value.state !== 'running') return r.value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachStore('photo desk kinds', (openDesk) => {
  it('says which kinds were guessed from the name, which had no hint, and keeps a kind set per photo', async () => {
    const desk = await openDesk();
    const dir = tempDir();
    writeFileSync(join(dir, '幕布-王小明.jpg'), await curtainPhoto());
    writeFileSync(join(dir, 'IMG_0001.jpg'), await idCardPicture());
    writeFileSync(join(dir, 'IMG_0002.jpg'), await idCardPicture());
    const reports = await checkPhotoFolder(desk, dir, { provider: 'tencent', kinds: { [join(dir, 'IMG_0002.jpg')]: 'id-front' } }, control);
    const byName = Object.fromEntries(reports.map((r) => [r.file.split('/').pop(), r]));
    expect(byName['幕布-王小明.jpg']).toMatchObject({ kind: 'curtain', kindSource: 'name' });
    expect(byName['IMG_0001.jpg']).toMatchObject({ kind: 'curtain', kindSource: 'default' });
    expect(byName['IMG_0002.jpg']).toMatchObject({ kind: 'id-front', kindSource: 'chosen' });
    // the grid's thumbnails come with the reports (made on the worker pool): JPEG, base64
    for (const r of reports) expect(Buffer.from(r.thumbnail!, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  }, 120_000);

  it('checks one photo again as the kind set for it in the grid', async () => {
    const { router, desk } = await testRouter(await openDesk());
    const dir = tempDir();
    const file = join(dir, 'IMG_0001.jpg');
    writeFileSync(file, await idCardPicture());
    const [asCurtain] = await checkPhotoFolder(desk, dir, { provider: 'tencent' }, control);
    expect(asCurtain!.checks.find((c) => c.id === 'face')?.status).toBe('fail'); // an ID scan has no curtain portrait
    const again = await router.invoke('photos.recheck', { file, kind: 'id-front' });
    expect(again).toMatchObject({ ok: true, value: { file, kind: 'id-front', kindSource: 'chosen' } });
    const checks = (again as { value: { checks: { id: string; status: string }[] } }).value.checks;
    expect(checks.find((c) => c.id === 'face')?.status).not.toBe('fail');
    await expect(recheckPhoto(desk, join(dir, 'gone.jpg'), 'curtain', 'tencent')).rejects.toThrow(/找不到照片/);
  }, 120_000);

  it('checks a folder with a dangling link and a GBK-named file beside a good photo, listing those two with the reason', async () => {
    const desk = await openDesk();
    const dir = tempDir();
    writeFileSync(join(dir, '幕布.jpg'), await curtainPhoto());
    symlinkSync(join(dir, 'gone.jpg'), join(dir, '旧照片.jpg'));
    // 张三.jpg in GBK (D5 C5 C8 FD), as a Windows zip names it
    writeFileSync(Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from('.jpg')]), await curtainPhoto());
    const reports = await checkPhotoFolder(desk, dir, { provider: 'tencent' }, control);
    const said = reports.map((r) => [r.file.slice(dir.length + 1), r.status, r.checks.find((c) => c.status === 'fail')?.message ?? null]);
    expect(said).toEqual([
      ['幕布.jpg', expect.not.stringMatching(/^fail$/), null],
      ['旧照片.jpg', 'fail', expect.stringMatching(/^符号链接已跳过/)],
      ['\uFFFD\uFFFD\uFFFD\uFFFD.jpg', 'fail', expect.stringMatching(/^文件名不是 UTF-8 编码，请重命名.*按 GBK 读作“张三\.jpg”/)],
    ]);
  }, 120_000);
});

const size = async (data: Buffer) => {
  const m = await sharp(data).metadata();
  return [m.width, m.height];
};

/** Every file under a folder, relative, in name order. */
const listing = (dir: string) => (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name).slice(dir.length + 1)).sort();

describe('photo repair into an output folder', () => {
  it('keeps each client’s sub-folder: two same-named photos of two clients become two files', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '张三'));
    mkdirSync(join(dir, '李四'));
    const card = await idCardPicture();
    const curtain = await curtainPhoto();
    writeFileSync(join(dir, '张三', '身份证正面.jpg'), card);
    writeFileSync(join(dir, '李四', '身份证正面.jpg'), curtain);
    const out = join(tempDir(), '已修复');
    const results = await fixPhotos(photoFiles(dir), dir, out, { kind: 'id-front', provider: 'tencent' });
    expect(results.map((r) => [r.out, r.error])).toEqual([
      [join(out, '张三', '身份证正面.jpg'), null],
      [join(out, '李四', '身份证正面.jpg'), null],
    ]);
    // each copy is its own photo's
    expect(await size(readFileSync(join(out, '张三', '身份证正面.jpg')))).toEqual(await size(card));
    expect(await size(readFileSync(join(out, '李四', '身份证正面.jpg')))).toEqual(await size(curtain));
  }, 120_000);

  it('never replaces a file: a.jpg beside a.png, and a file already in the output folder, get the next free names', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jpg'), await curtainPhoto());
    writeFileSync(join(dir, 'a.png'), await sharp(await curtainPhoto()).png().toBuffer());
    const out = tempDir();
    writeFileSync(join(out, 'a.jpg'), 'the operator’s own file');
    const results = await fixPhotos(photoFiles(dir), dir, out, { kind: 'curtain', provider: 'tencent' });
    expect(results.map((r) => [r.file, r.out, r.error])).toEqual([
      [join(dir, 'a.jpg'), join(out, 'a-2.jpg'), null],
      [join(dir, 'a.png'), join(out, 'a-3.jpg'), null],
    ]);
    expect(readFileSync(join(out, 'a.jpg'), 'utf8')).toBe('the operator’s own file');
    // a second repair into the same folder adds copies, it replaces none
    const again = await fixPhotos([join(dir, 'a.jpg')], dir, out, { kind: 'curtain', provider: 'tencent' });
    expect(again.map((r) => r.out)).toEqual([join(out, 'a-4.jpg')]);
    expect(listing(out)).toEqual(['a-2.jpg', 'a-3.jpg', 'a-4.jpg', 'a.jpg']);
  }, 120_000);

  it('refuses the checked folder, a folder inside it, or either through a link, as the output, writing nothing', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '张三'));
    const original = await idCardPicture();
    writeFileSync(join(dir, '张三', '身份证正面.jpg'), original);
    writeFileSync(join(dir, '身份证正面.png'), await sharp(original).png().toBuffer());
    const link = join(tempDir(), '照片的快捷方式');
    symlinkSync(dir, link);
    const files = photoFiles(dir);
    for (const out of [dir, `${dir}/`, join(dir, '张三'), join(dir, '修复后'), link, join(link, '修复后')]) {
      await expect(fixPhotos(files, dir, out, { kind: 'id-front', provider: 'tencent' }), out).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringMatching(/^修复输出文件夹“.+”是照片所在的文件夹或其中的子文件夹：修复后的照片会与原图混在一起，下次检查时也会被当作原图读入。请另选一个文件夹，如“.+-已修复”$/),
      });
    }
    expect(listing(dir)).toEqual(['张三/身份证正面.jpg', '身份证正面.png']);
    expect(readFileSync(join(dir, '张三', '身份证正面.jpg'))).toEqual(original);
    // a name beginning with two dots is inside the folder all the same
    await expect(fixPhotos(files, dir, join(dir, '..修复后'), { kind: 'id-front', provider: 'tencent' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('refuses a photo outside the checked folder', async () => {
    const dir = tempDir();
    const elsewhere = join(tempDir(), '身份证正面.jpg');
    writeFileSync(elsewhere, await idCardPicture());
    const out = join(tempDir(), 'out');
    await expect(fixPhotos([elsewhere], dir, out, { kind: 'id-front', provider: 'tencent' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('不在所检查的文件夹') });
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });

  it('is given the checked folder through the API, and refuses it as the output there too', async () => {
    const { router } = await testRouter();
    const dir = tempDir();
    mkdirSync(join(dir, '张三'));
    writeFileSync(join(dir, '张三', '幕布.jpg'), await curtainPhoto());
    const files = photoFiles(dir);
    expect(await router.invoke('photos.fix', { files, dir, outDir: dir })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('是照片所在的文件夹') } });
    const out = join(tempDir(), 'out');
    const started = await router.invoke('photos.fix', { files, dir, outDir: out });
    expect(started).toMatchObject({ ok: true, value: { jobId: expect.stringMatching(/^[0-9a-f]{16}$/) } });
    expect(await jobEnd(router, (started as { value: { jobId: string } }).value.jobId)).toMatchObject({ kind: 'photos.fix', state: 'done', done: 1, total: 1, result: [{ out: join(out, '张三', '幕布.jpg'), error: null }] });
  }, 120_000);

  it('reports its progress photo by photo, and a cancelled repair stops before the next photo, keeping what it wrote', async () => {
    const dir = tempDir();
    for (const n of [1, 2, 3]) writeFileSync(join(dir, `幕布-${n}.jpg`), await curtainPhoto());
    const out = join(tempDir(), 'out');
    const seen: string[] = [];
    const stopAfterOne = {
      progress: (done: number, total: number) => void seen.push(`${done}/${total}`),
      get cancelled() {
        return seen.includes('1/3');
      },
    };
    const fixed = await fixPhotos(photoFiles(dir), dir, out, { provider: 'tencent' }, stopAfterOne);
    expect(seen).toEqual(['0/3', '1/3']);
    expect(fixed).toEqual([{ file: join(dir, '幕布-1.jpg'), out: join(out, '幕布-1.jpg'), bytes: readFileSync(join(out, '幕布-1.jpg')).byteLength, error: null }]);
    expect(listing(out)).toEqual(['幕布-1.jpg']);
  }, 120_000);

  it('is the CLI’s repair too: `photos fix` keeps the sub-folders and refuses an output inside the folder', async () => {
    const dir = tempDir();
    for (const who of ['张三', '李四']) {
      mkdirSync(join(dir, who));
      writeFileSync(join(dir, who, '幕布.jpg'), await curtainPhoto());
    }
    let err = '';
    const io = { out: () => undefined, err: (t: string) => (err += t) };
    expect(await runCli(['photos', 'fix', dir, '--out', join(dir, '修复后')], io)).not.toBe(0);
    expect(err).toContain('是照片所在的文件夹或其中的子文件夹');
    expect(listing(dir)).toEqual(['张三/幕布.jpg', '李四/幕布.jpg']);
    const out = join(tempDir(), 'out');
    expect(await runCli(['photos', 'fix', dir, '--out', out], io)).toBe(0);
    expect(listing(out)).toEqual(['张三/幕布.jpg', '李四/幕布.jpg']);
    // a single photo keeps its own name, in the output folder itself
    expect(await runCli(['photos', 'fix', join(dir, '李四', '幕布.jpg'), '--out', out], io)).toBe(0);
    expect(listing(out)).toEqual(['幕布.jpg', '张三/幕布.jpg', '李四/幕布.jpg']);
  }, 120_000);
});
