// The photo desk's batch (main/photos/batch.ts): duplicates judged in file order, as the store judges them —
// a signed 核验单 is a duplicate only as the same file (main/photos/duplicates.ts, NEAR_MATCH_KINDS).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPhotos } from '../../../main/photos/batch';
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
