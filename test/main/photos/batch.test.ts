// The photo desk's batch (main/photos/batch.ts): duplicates judged in file order, as the store judges them —
// a signed 核验单 is a duplicate only as the same file (main/photos/duplicates.ts, NEAR_MATCH_KINDS).
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPhotos, photoFiles, photoFolder, repairOnWorker } from '../../../main/photos/batch';
import { SKIPPED } from '../../../main/photos/photoFile';
import { hamming } from '../../../main/photos/hamming';
import { DUPLICATE_HAMMING_MAX } from '../../../main/photos/profiles';
import { closeWorkerPool } from '../../../main/jobs/pool';
import { tempDir } from '../../helpers';

afterAll(closeWorkerPool);

/** The same printed form signed by a different client: only the name in the signature box differs. */
function signedForm(name: string, slant: number): Promise<Buffer> {
  const rows = Array.from({ length: 18 }, (_, i) => `<rect x="120" y="${300 + i * 70}" width="1000" height="3" fill="#222"/><text x="140" y="${290 + i * 70}" font-size="30" fill="#222">栏目${i + 1}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1754"><rect width="1240" height="1754" fill="#f4f4f0"/><text x="300" y="180" font-size="56" fill="#111">网站备案信息真实性核验单</text>${rows}<text x="700" y="1620" font-size="60" fill="#14c" transform="rotate(-${slant} 700 1620)">${name}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

const quiet = { progress: () => undefined, cancelled: false };

describe('duplicates in a batch', () => {
  it('does not call two clients\' signed 核验单 "几乎相同"; the same sheet file twice is still flagged', async () => {
    const dir = tempDir();
    const a = await signedForm('张三', 3);
    writeFileSync(join(dir, '核验单-客户甲.jpg'), a);
    writeFileSync(join(dir, '核验单-客户乙.jpg'), await signedForm('李四五', 8));
    writeFileSync(join(dir, '核验单-客户甲-再传.jpg'), a);
    const reports = await checkPhotos([join(dir, '核验单-客户甲.jpg'), join(dir, '核验单-客户乙.jpg'), join(dir, '核验单-客户甲-再传.jpg')], { kind: 'sheet', provider: 'tencent', threads: 1 }, quiet);
    // the two forms hash alike: what a near match would have flagged
    expect(hamming(reports[0]!.dhash!, reports[1]!.dhash!)).toBeLessThanOrEqual(DUPLICATE_HAMMING_MAX);
    const dup = (i: number) => reports[i]!.checks.find((c) => c.id === 'duplicate')!;
    expect(dup(1).status, dup(1).message).toBe('pass');
    expect(dup(2)).toMatchObject({ status: 'fail', message: expect.stringContaining('与“核验单-客户甲.jpg”的照片完全相同') });
  }, 120_000);
});

const jpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#3060c0' } }).jpeg().toBuffer();
/** 张三.jpg as a Windows zip names it: GBK bytes, which the file system gives back as U+FFFD. */
const gbkName = (dir: string) => Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from('.jpg')]);

describe('the entries of a dropped folder', () => {
  it('keeps only regular photo files at both levels, and lists each odd entry with its reason instead of refusing the folder', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, '另一客户身份证正面.jpg'), await jpeg());
    const dir = tempDir();
    writeFileSync(join(dir, '幕布.jpg'), await jpeg());
    mkdirSync(join(dir, '张三'));
    writeFileSync(join(dir, '张三', '身份证背面.jpg'), await jpeg());
    // links are not followed, at either level: they may lead to another client's photo
    symlinkSync(join(outside, '另一客户身份证正面.jpg'), join(dir, '身份证正面.jpg'));
    symlinkSync(join(outside, '另一客户身份证正面.jpg'), join(dir, '张三', '身份证正面.jpg'));
    symlinkSync(join(dir, 'gone.jpg'), join(dir, '旧照片.jpg')); // dangling, e.g. left by a sync tool
    writeFileSync(gbkName(dir), await jpeg());
    // in a client's sub-folder a name is not enough: a FIFO would block the worker, a folder is no photo
    execFileSync('mkfifo', [join(dir, '张三', '幕布.jpg')]);
    mkdirSync(join(dir, '张三', '旧.jpg'));
    writeFileSync(join(dir, '说明.txt'), 'not a photo');
    const { files, skipped } = photoFolder(dir);
    expect(files).toEqual([join(dir, '幕布.jpg'), join(dir, '张三', '身份证背面.jpg')]);
    expect(photoFiles(dir)).toEqual(files);
    const reasons = Object.fromEntries(skipped.map((s) => [s.file.slice(dir.length + 1), s.reason]));
    expect(reasons).toEqual({
      '身份证正面.jpg': SKIPPED.link,
      '旧照片.jpg': SKIPPED.link,
      '\uFFFD\uFFFD\uFFFD\uFFFD.jpg': `${SKIPPED.notUtf8}：按 GBK 读作“张三.jpg”`,
      '张三/身份证正面.jpg': SKIPPED.link,
      '张三/幕布.jpg': SKIPPED.notFile,
    });
    expect(SKIPPED.link).toMatch(/^符号链接已跳过/);
    expect(SKIPPED.notUtf8).toMatch(/^文件名不是 UTF-8 编码，请重命名/);
  });

  it('a worker given a link, a FIFO or an oversized file refuses it with the reason, without reading through the link or waiting on the FIFO', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, '另一客户身份证正面.jpg'), await jpeg());
    const dir = tempDir();
    const link = join(dir, '身份证正面.jpg');
    symlinkSync(join(outside, '另一客户身份证正面.jpg'), link);
    const fifo = join(dir, '幕布.jpg');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, '超大.jpg');
    writeFileSync(big, await jpeg());
    truncateSync(big, 51 * 1024 * 1024); // sparse: costs no disk
    try {
      // as the grid's 重新检查 and 修复 hand them over, not through the folder's listing
      const reports = await checkPhotos([link, fifo, big], { provider: 'tencent', deadlineMs: 10_000 }, quiet);
      expect(reports.map((r) => r.checks[0]!.message)).toEqual([SKIPPED.link, SKIPPED.notFile, expect.stringMatching(/照片文件过大（51\.0 MB），不能超过 50 MB/)]);
      await expect(repairOnWorker(link, 'id-front', 'tencent')).rejects.toThrow(SKIPPED.link);
    } finally {
      // a worker stuck in read() on the FIFO (without the fix) is let go: a writer that opens and closes
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader holds it
      }
    }
  }, 60_000);
});
