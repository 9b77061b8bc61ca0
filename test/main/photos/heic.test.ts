// An iPhone photo (HEIC) is told for what it is — with what to do — wherever it is given: the photo desk's
// check and repair, and the reader shared with the material store and 证件识别. This build cannot decode
// HEVC, and a decoder's failure had read as “文件被截断”: the operator re-shot a good photo.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPhotos, repairOnWorker } from '../../../main/photos/batch';
import { HEIC_MESSAGE, isHeic } from '../../../main/photos/heic';
import { readImage } from '../../../main/photos/metrics';
import { IPHONE_HEIC } from '../../fixtures/heic';
import { readDocumentPhotos } from '../../../main/services/documentIntake';
import { tempDir } from '../../helpers';

/** The first bytes of an ISO-BMFF file: an `ftyp` box with the given brands. */
function ftyp(major: string, ...compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  const head = Buffer.alloc(size);
  head.writeUInt32BE(size, 0);
  head.write('ftyp', 4, 'latin1');
  head.write(major, 8, 'latin1');
  compatible.forEach((b, i) => head.write(b, 16 + 4 * i, 'latin1'));
  return Buffer.concat([head, Buffer.alloc(64)]);
}

describe('HEIC photos', () => {
  it('are recognised by their file-type brand, an AVIF or an MP4 not', () => {
    expect(isHeic(IPHONE_HEIC)).toBe(true);
    for (const brands of [['heic'], ['heix'], ['hevc'], ['mif1', 'heic'], ['mif1', 'miaf'], ['msf1', 'hevc'], ['mif1']]) expect(isHeic(ftyp(brands[0]!, ...brands.slice(1))), brands.join(',')).toBe(true);
    for (const brands of [['avif', 'mif1', 'miaf'], ['mif1', 'avif'], ['isom', 'mp41'], ['qt  ']]) expect(isHeic(ftyp(brands[0]!, ...brands.slice(1))), brands.join(',')).toBe(false);
    expect(isHeic(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(false);
  });

  it('are refused by the reader shared with the material store and 证件识别 with the one message, not as damaged', async () => {
    await expect(readImage(IPHONE_HEIC, 1600)).rejects.toMatchObject({ code: 'FILE_INVALID', message: HEIC_MESSAGE });
  });

  it('are reported by the photo desk with that message, and its repair says the same', async () => {
    const file = join(tempDir(), '身份证正面.heic');
    writeFileSync(file, IPHONE_HEIC);
    const [r] = await checkPhotos([file], { kind: 'id-front', provider: 'tencent', threads: 1 }, { progress: () => undefined, cancelled: false });
    expect(r!.checks).toEqual([expect.objectContaining({ id: 'readable', status: 'fail', message: HEIC_MESSAGE })]);
    await expect(repairOnWorker(file, 'id-front', 'tencent')).rejects.toMatchObject({ message: HEIC_MESSAGE });
  }, 120_000);

  it('are reported by 证件识别 with that message', async () => {
    const r = await readDocumentPhotos([{ fileName: 'IMG_0001.HEIC', data: IPHONE_HEIC, kind: 'id-front' }], { progress: () => undefined, cancelled: false });
    expect(r).toEqual([{ fileName: 'IMG_0001.HEIC', reading: null, error: HEIC_MESSAGE }]);
  }, 120_000);
});
