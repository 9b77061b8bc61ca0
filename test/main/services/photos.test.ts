// The photo desk's grid: each photo's kind says whether the operator chose it or it was guessed (from the
// file name, or not at all), and one photo is checked again as the kind the operator sets for it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkPhotoFolder, recheckPhoto } from '../../../main/services/photos';
import { curtainPhoto, idCardPicture } from '../../fixtures/photos';
import { tempDir, testRouter } from '../../helpers';
import { describeEachStore, type OpenDesk } from '../../support/eachStore';

const control = { progress: () => undefined, cancelled: false };

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
});
