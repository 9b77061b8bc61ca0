// Offline face detection: face-api's tiny face detector on TensorFlow.js' wasm backend, with the model
// weights that ship inside the @vladmandic/face-api package (nothing is downloaded at run time).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

const requireModule = createRequire(import.meta.url);

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

type FaceApi = {
  nets: { tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> } };
  TinyFaceDetectorOptions: new (o: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(input: unknown, options: unknown): Promise<{ score: number; box: { x: number; y: number; width: number; height: number } }[]>;
};
type Tf = { setBackend(b: string): Promise<boolean>; ready(): Promise<void>; tensor3d(d: Uint8Array, shape: [number, number, number], dtype: string): { dispose(): void } };

// Curtain photos show one large face (≥ 12 % of the width): the detector's 320 px input finds it, at about
// 60 % of the cost of the default 416.
const FACE_INPUT = 320;

let loaded: Promise<{ tf: Tf; faceapi: FaceApi }> | null = null;

function load(): Promise<{ tf: Tf; faceapi: FaceApi }> {
  loaded ??= (async () => {
    const tf = requireModule('@tensorflow/tfjs') as Tf;
    const wasm = requireModule('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(p: string): void };
    wasm.setWasmPaths(`${dirname(requireModule.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    const faceapi = requireModule('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    await faceapi.nets.tinyFaceDetector.loadFromDisk(join(dirname(requireModule.resolve('@vladmandic/face-api/package.json')), 'model'));
    return { tf, faceapi };
  })();
  return loaded;
}

/** Faces in an upright RGB image, boxes as fractions of the width and height. */
/** `workWidth`: the width the picture is brought to first; curtain photos, whose face must be large anyway, use a smaller one. */
export async function detectFaces(input: { data: Buffer; width: number; height: number }, workWidth = Math.round(FACE_INPUT * 1.5)): Promise<FaceBox[]> {
  const { tf, faceapi } = await load();
  // The detector works at FACE_INPUT px; handing it a copy near that size saves converting a larger tensor.
  let rgb = input;
  if (input.width > workWidth) {
    const { data, info } = await sharp(input.data, { raw: { width: input.width, height: input.height, channels: 3 } }).resize({ width: workWidth }).raw().toBuffer({ resolveWithObject: true });
    rgb = { data, width: info.width, height: info.height };
  }
  const tensor = tf.tensor3d(rgb.data, [rgb.height, rgb.width, 3], 'int32');
  try {
    const found = await faceapi.detectAllFaces(tensor, new faceapi.TinyFaceDetectorOptions({ inputSize: FACE_INPUT, scoreThreshold: 0.5 }));
    return found.map((d) => ({ x: d.box.x / rgb.width, y: d.box.y / rgb.height, width: d.box.width / rgb.width, height: d.box.height / rgb.height, score: d.score }));
  } finally {
    tensor.dispose();
  }
}
