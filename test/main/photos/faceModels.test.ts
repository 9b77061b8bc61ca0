// Both face detectors load from the files inside the @vladmandic/face-api package, once per thread,
// with no network. Its own test file: the models must not have been loaded by another test first.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectUpperBodyFaces } from '../../../main/photos/face';
import { measure } from '../../../main/photos/metrics';
import { labelledCurtainPhoto } from '../../fixtures/photos';

const require = createRequire(import.meta.url);
type Net = { loadFromDisk(dir: string): Promise<void> };
// the same module instance main/photos/face.ts loads (one CommonJS cache per process)
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as { nets: { tinyFaceDetector: Net; ssdMobilenetv1: Net } };
const MODEL_DIR = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');

afterEach(() => vi.restoreAllMocks());

describe('face detector models', () => {
  it('load the tiny detector, and the SSD one when first needed, from the package files once, without the network', async () => {
    const tiny = vi.spyOn(faceapi.nets.tinyFaceDetector, 'loadFromDisk');
    const ssd = vi.spyOn(faceapi.nets.ssdMobilenetv1, 'loadFromDisk');
    const fetch = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('offline'));
    const face = await labelledCurtainPhoto();
    const empty = await labelledCurtainPhoto({ face: false });
    await detectUpperBodyFaces((await measure(face.jpeg)).rgb);
    // the tiny detector found the face: the larger SSD model is not loaded until a photo needs it
    expect(tiny.mock.calls).toEqual([[MODEL_DIR]]);
    expect(ssd).not.toHaveBeenCalled();
    // the empty curtain sends every call on to the SSD detector
    for (const photo of [empty, face, empty]) await detectUpperBodyFaces((await measure(photo.jpeg)).rgb);
    expect(tiny.mock.calls).toEqual([[MODEL_DIR]]);
    expect(ssd.mock.calls).toEqual([[MODEL_DIR]]);
    expect(fetch).not.toHaveBeenCalled();
  }, 60_000);
});
