import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkPhoto } from '../../../main/photos/checks';
import { screenPeakRatio } from '../../../main/photos/screen';
import { idCardPicture, samplePhoto, screenCapture } from '../../fixtures/photos';

const screenCheck = async (input: Buffer, kind: 'id-front' | 'licence' | 'curtain' = 'id-front') => (await checkPhoto('x.jpg', input, kind, 'tencent')).checks.find((c) => c.id === 'screen');

describe('photo of a screen (翻拍屏幕)', () => {
  it('warns on an ID card photographed off a monitor and passes the same card photographed as paper', async () => {
    const card = await idCardPicture();
    const paper = await sharp(card).resize(2400).jpeg({ quality: 85 }).toBuffer();
    const heavilyCompressed = await sharp(card).resize(2400).jpeg({ quality: 40 }).toBuffer();
    const onScreen = await screenCapture(card);
    expect(await screenCheck(paper)).toMatchObject({ status: 'pass' });
    expect(await screenCheck(heavilyCompressed)).toMatchObject({ status: 'pass' });
    const warned = await screenCheck(onScreen);
    expect(warned).toMatchObject({ status: 'warn', threshold: 15 });
    expect(warned!.message).toContain('翻拍');
  }, 30_000);

  it('does not flag real camera photographs (the face-detection package samples)', async () => {
    for (const i of [1, 2, 3, 4, 5, 6]) expect(await screenPeakRatio(await sharp(samplePhoto(i)).jpeg().toBuffer()), `sample${i}`).toBeLessThan(8);
  });

  it('reads a transparent scan as shown, on white: the same score as the same scan made opaque', async () => {
    // a card cut out on a transparent page: its hidden colour (black) is not what the scan shows
    const card = await sharp(await idCardPicture()).resize(400).png().toBuffer();
    const cutOut = await sharp({ create: { width: 1000, height: 800, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).composite([{ input: card, left: 300, top: 270 }]).png().toBuffer();
    const opaque = await sharp(cutOut).flatten({ background: '#ffffff' }).png().toBuffer();
    expect(await screenPeakRatio(cutOut)).toBe(await screenPeakRatio(opaque));
  });

  it('leaves small photos undecided, and is not run on curtain photos', async () => {
    const small = await sharp(await idCardPicture()).resize(400).jpeg().toBuffer();
    expect(await screenPeakRatio(small)).toBeNull();
    expect(await screenCheck(await sharp(await idCardPicture()).resize(700).jpeg().toBuffer())).toMatchObject({ status: 'pass', value: null });
    expect(await screenCheck(await screenCapture(await idCardPicture()), 'curtain')).toBeUndefined();
  });
});
