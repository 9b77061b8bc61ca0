// Offline face detection on TensorFlow.js' wasm backend: face-api's tiny face detector first, its SSD
// MobileNet v1 where the tiny one finds nothing; both with the model weights that ship inside the
// @vladmandic/face-api package (nothing is downloaded at run time), loaded once per thread (the SSD
// one on its first use).
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

type Net = { loadFromDisk(dir: string): Promise<void> };
type Tensor = { dispose(): void; div(n: number): Tensor; dataSync(): Float32Array | Int32Array | Uint8Array; shape: number[] };
type ConvParams = { filters: Tensor; bias: Tensor };
type SeparableConvParams = { depthwise_filter: Tensor; pointwise_filter: Tensor; bias: Tensor };
/** The tiny face detector's layers (face-api's MobilenetParams with a plain first convolution). */
type TinyParams = { conv0: ConvParams; conv1: SeparableConvParams; conv2: SeparableConvParams; conv3: SeparableConvParams; conv4: SeparableConvParams; conv5: SeparableConvParams; conv6?: SeparableConvParams; conv7?: SeparableConvParams; conv8: ConvParams };
/** The parts of face-api's TinyFaceDetector (a TinyYolov2) that forwardInput and runMobilenet use. */
type TinyNet = Net & {
  params: unknown;
  config: { meanRgb?: number[]; withSeparableConvs?: boolean; isFirstLayerConv2d?: boolean; anchors?: { x: number; y: number }[]; iouThreshold?: number };
  withClassScores?: boolean;
  boxEncodingSize?: number;
  /** Set by lookFromOutput: a look at a picture prepared by preparedTinyInput, decoded without face-api's detect. */
  lookPrepared?: (input: Float32Array, size: number, scoreThreshold: number) => FaceBox[] | null;
  forwardInput(input: { toBatchTensor(inputSize: number, isCenterInputs: boolean): Tensor; getInput?(batchIdx: number): unknown }, inputSize: number): Tensor;
  runMobilenet?(x: Tensor, params: unknown): Tensor;
};
type FusedConv = (a: { x: Tensor; filter: Tensor; strides: [number, number]; pad: 'valid' | 'same'; bias: Tensor; activation?: 'leakyrelu'; leakyreluAlpha?: number }) => Tensor;
type Activation = { activation?: 'leakyrelu'; leakyreluAlpha?: number };
type FaceApi = {
  nets: { tinyFaceDetector: TinyNet; ssdMobilenetv1: Net };
  TinyFaceDetectorOptions: new (o: { inputSize: number; scoreThreshold: number }) => unknown;
  SsdMobilenetv1Options: new (o: { minConfidence: number; maxResults: number }) => unknown;
  detectAllFaces(input: unknown, options: unknown): Promise<{ score: number; box: { x: number; y: number; width: number; height: number } }[]>;
};
type Tf = {
  setBackend(b: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(d: Float32Array, shape: [number, number, number], dtype: string): Tensor;
  tensor4d(d: Float32Array, shape: [number, number, number, number], dtype: string): Tensor;
  tensor1d(d: number[], dtype: string): Tensor;
  keep<T>(t: T): T;
  tidy<T>(f: () => T): T;
  cast(x: Tensor, dtype: string): Tensor;
  sub(a: Tensor, b: Tensor): Tensor;
  depthwiseConv2d(x: Tensor, filter: Tensor, strides: [number, number], pad: 'valid' | 'same'): Tensor;
  maxPool(x: Tensor, size: [number, number], strides: [number, number], pad: 'valid' | 'same'): Tensor;
  leakyRelu(x: Tensor, alpha: number): Tensor;
  fused?: { conv2d?: FusedConv };
};
type Rgb = { data: Buffer; width: number; height: number };

// Curtain photos show one large face (≥ 12 % of the width): the detector's 320 px input finds it, at about
// 60 % of the cost of the default 416.
const FACE_INPUT = 320;

let loaded: Promise<{ tf: Tf; faceapi: FaceApi }> | null = null;
let ssdLoaded: Promise<void> | null = null;

const modelDir = () => join(dirname(requireModule.resolve('@vladmandic/face-api/package.json')), 'model');

/**
 * The wasm backend and the tiny detector, from the package's own files; one load per thread (each worker
 * has its own). The SSD detector loads on its first use (loadSsdModel): on most photos the tiny one finds
 * the face, and a worker that never falls back does not hold the larger model.
 */
export function loadFaceModels(): Promise<{ tf: Tf; faceapi: FaceApi }> {
  loaded ??= (async () => {
    const tf = requireModule('@tensorflow/tfjs') as Tf;
    const wasm = requireModule('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(p: string): void };
    wasm.setWasmPaths(`${dirname(requireModule.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    const faceapi = requireModule('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir());
    subtractMeanByBroadcast(tf, faceapi.nets.tinyFaceDetector);
    fuseTinyLayers(tf, faceapi.nets.tinyFaceDetector);
    lookFromOutput(tf, faceapi.nets.tinyFaceDetector);
    return { tf, faceapi };
  })();
  return loaded;
}

/**
 * face-api's TinyYolov2.forwardInput subtracts the detector's mean colour from its input by building a
 * full-size tensor of that colour: three constant planes concatenated along the channel axis, which
 * tfjs-backend-wasm's concat does in JavaScript, one copy per pixel and plane (25 600 pixels at the quick
 * look's 160 px). That was about half of the quick look's cost (15 ms → 8 ms CPU a photo). The same
 * float32 subtraction by broadcasting the three-value mean gives the same tensor, so the same faces
 * (test/main/photos/face.test.ts compares the two on the labelled set). The rest of forwardInput is
 * face-api's own; a face-api whose detector is not the one this was written for keeps its own method.
 */
function subtractMeanByBroadcast(tf: Tf, net: TinyNet): void {
  const meanRgb = net.config.meanRgb;
  if (!net.config.withSeparableConvs || meanRgb?.length !== 3 || typeof net.runMobilenet !== 'function') return;
  const mean = tf.keep(tf.tensor1d(meanRgb, 'float32'));
  const forwardInput: TinyNet['forwardInput'] = (input, inputSize) =>
    tf.tidy(() => {
      if (!net.params) throw new Error('TinyYolov2 - load model before inference');
      const batch = input.toBatchTensor(inputSize, false);
      // a picture prepared by preparedTinyInput is already (pixel − mean) / 255 at the input's size
      const x = preparedTensors.get(input.getInput?.(0) as object) === inputSize ? batch : tf.sub(tf.cast(batch, 'float32'), mean).div(255);
      return net.runMobilenet!(x, net.params);
    });
  net.forwardInput = forwardInput;
  // the mean as the tensor holds it (float32), for preparedTinyInput
  tinyInput = { mean: meanRgb.map((m) => Math.fround(m)) as [number, number, number], forwardInput };
}

/** What preparedTinyInput needs: the detector's mean colour (float32) and the forwardInput that accepts the prepared picture. */
let tinyInput: { mean: [number, number, number]; forwardInput: TinyNet['forwardInput'] } | null = null;
/** The pictures prepared by preparedTinyInput, each with its size, while their looks run. */
const preparedTensors = new WeakMap<object, number>();

/**
 * The tiny detector's input as forwardInput above would make it, for a picture already at the detector's
 * square input size (the quick look's 160 px): each value (pixel − mean) / 255 in float32, computed here in the
 * conversion to float32 the picture needs anyway, instead of three more kernels (cast, broadcast subtract,
 * divide: ≈ 0.8 ms CPU a quick look in tfjs-backend-wasm). The same float32 operations, each rounded once
 * to float32 (a double's result of a float32 subtraction or division rounds to the float32 result), so the
 * same tensor to the last bit: test/main/photos/face.test.ts compares the looks with face-api's own input
 * preparation. Null when the detector keeps face-api's forwardInput (it would subtract the mean again).
 */
function preparedTinyInput(net: TinyNet, rgb: Rgb): Float32Array | null {
  if (!tinyInput || net.forwardInput !== tinyInput.forwardInput) return null;
  const n = rgb.width * rgb.height * 3;
  if (inputScratch.length < n) inputScratch = new Float32Array(n);
  const out = inputScratch.subarray(0, n);
  const [m0, m1, m2] = tinyInput.mean;
  const data = rgb.data;
  for (let i = 0; i < n; i += 3) {
    out[i] = Math.fround(data[i]! - m0) / 255;
    out[i + 1] = Math.fround(data[i + 1]! - m1) / 255;
    out[i + 2] = Math.fround(data[i + 2]! - m2) / 255;
  }
  return out;
}

// face-api's leaky ReLU slope (leaky.ts), the float32 nearest 0.1
const LEAKY_ALPHA = 0.10000000149011612;

/**
 * face-api's TinyYolov2.runMobilenet runs each of the tiny detector's layers as up to nine kernels: an
 * explicit zero pad, the depthwise and the pointwise convolution, the bias added, then its leaky ReLU as
 * relu(x − 0.1x) + 0.1x (a multiply, a subtract, a relu and an add, each a pass over the layer's output
 * and a tensor of its own). Here each convolution carries its bias and leaky ReLU in one fused kernel
 * (tfjs' fused conv2d, XNNPACK in the wasm backend) and the depthwise convolution pads itself ('same'
 * with stride 1 is the same one-pixel zero border): the quick look runs 38 kernels instead of 67 (37 with its input
 * prepared in JavaScript and the first two layers' leaky ReLU after their pool, below)
 * (tf.profile), about 1 ms less CPU a photo. The sums are the same but rounded in another order (the bias first, the slope
 * applied directly), so the detector's outputs differ from face-api's in the fifth decimal at most;
 * test/main/photos/face.test.ts compares the boxes on the labelled set, `npm run bench -- faces` the answers.
 * A face-api whose detector is not the one this was written for keeps its own method.
 */
function fuseTinyLayers(tf: Tf, net: TinyNet): void {
  const conv = tf.fused?.conv2d;
  const p = net.params as Partial<TinyParams> | undefined;
  if (!conv || !net.config.withSeparableConvs || !net.config.isFirstLayerConv2d || !p?.conv0?.filters || !p.conv8?.filters || typeof net.runMobilenet !== 'function') return;
  const leaky = { activation: 'leakyrelu' as const, leakyreluAlpha: LEAKY_ALPHA };
  const LINEAR: Activation = {};
  const separable = (x: Tensor, q: SeparableConvParams, activation: Activation = leaky) =>
    conv({ x: tf.depthwiseConv2d(x, q.depthwise_filter, [1, 1], 'same'), filter: q.pointwise_filter, strides: [1, 1], pad: 'valid', bias: q.bias, ...activation });
  const pool = (x: Tensor, stride: number) => tf.maxPool(x, [2, 2], [stride, stride], 'same');
  // The two largest layers' leaky ReLU after their max-pool instead of before it: the leaky ReLU is
  // increasing, so the largest of four values' leaky ReLU is the largest of their leaky ReLUs — the same
  // value, on a quarter of the elements (conv0's 158×158×16 at the quick look: ≈ 1.1 → 0.3 ms CPU).
  const pooledLeaky = (x: Tensor) => tf.leakyRelu(pool(x, 2), LEAKY_ALPHA);
  net.runMobilenet = (x, params) =>
    tf.tidy(() => {
      const q = params as TinyParams;
      let out = pooledLeaky(conv({ x, filter: q.conv0.filters, strides: [1, 1], pad: 'valid', bias: q.conv0.bias }));
      out = pooledLeaky(separable(out, q.conv1, LINEAR));
      out = pool(separable(out, q.conv2), 2);
      out = pool(separable(out, q.conv3), 2);
      out = pool(separable(out, q.conv4), 2);
      out = pool(separable(out, q.conv5), 1);
      if (q.conv6) out = separable(out, q.conv6);
      if (q.conv7) out = separable(out, q.conv7);
      return conv({ x: out, filter: q.conv8.filters, strides: [1, 1], pad: 'valid', bias: q.conv8.bias });
    });
}

// face-api's sigmoid (ops/index.ts)
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The quick look without face-api's detect around the detector: its NetInput and batch tensor, the output
 * unstacked, reshaped and sliced into two more tensors read back one by one, a Box object per candidate
 * and two more per detection (ObjectDetection, then FaceDetection) — ≈ 1 ms CPU of a 5 ms quick look, for
 * 125 numbers. Here the detector's output is read once and decoded as face-api's TinyYolov2.detect,
 * extractBoxes and nonMaxSuppression and its boxes' rescaling do it, each value by the same floating-point
 * operations in the same order (a box's width is (x + w) − x as its BoundingBox makes it, the final box is
 * scaled to the picture, back and to it again as ObjectDetection and FaceDetection do), so the same boxes
 * and scores to the last bit: test/main/photos/face.test.ts compares the looks with face-api's on the
 * labelled set. Only for a picture prepared by preparedTinyInput (square, at the detector's input size: no
 * padding, no resize, correction factors of 1); a detector this was not written for keeps face-api's detect,
 * and so does an output that is not finite (face-api would refuse its box).
 */
function lookFromOutput(tf: Tf, net: TinyNet): void {
  const anchors = net.config.anchors;
  const iouThreshold = net.config.iouThreshold;
  if (!anchors?.length || typeof iouThreshold !== 'number' || net.withClassScores !== false || net.boxEncodingSize !== 5 || typeof net.runMobilenet !== 'function' || typeof tf.tensor4d !== 'function') return;
  net.lookPrepared = (input, size, scoreThreshold) => {
    if (!net.params) throw new Error('TinyYolov2 - load model before inference');
    const out = tf.tidy(() => net.runMobilenet!(tf.tensor4d(input, [1, size, size, 3], 'float32'), net.params));
    let v: ArrayLike<number>;
    let cells: number;
    try {
      v = out.dataSync();
      cells = out.shape[1]!;
    } finally {
      out.dispose();
    }
    const numBoxes = anchors.length;
    if (v.length !== cells * cells * numBoxes * 5) return null;
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return null;
    // extractBoxes: the candidates in row, column, anchor order (its correction factors are 1 for a square input)
    const found: { x: number; y: number; width: number; height: number; score: number }[] = [];
    for (let row = 0; row < cells; row++) {
      for (let col = 0; col < cells; col++) {
        for (let anchor = 0; anchor < numBoxes; anchor++) {
          const o = ((row * cells + col) * numBoxes + anchor) * 5;
          const score = sigmoid(v[o + 4]!);
          if (!scoreThreshold || score > scoreThreshold) {
            const ctX = (col + sigmoid(v[o]!)) / cells;
            const ctY = (row + sigmoid(v[o + 1]!)) / cells;
            const w = (Math.exp(v[o + 2]!) * anchors[anchor]!.x) / cells;
            const h = (Math.exp(v[o + 3]!) * anchors[anchor]!.y) / cells;
            const x = ctX - w / 2;
            const y = ctY - h / 2;
            // new BoundingBox(x, y, x + w, y + h): width and height as right − left and bottom − top
            found.push({ x, y, width: x + w - x, height: y + h - y, score });
          }
        }
      }
    }
    // nonMaxSuppression over the boxes rescaled to the input size, by IoU
    const scaled = found.map((f) => ({ x: f.x * size, y: f.y * size, width: f.width * size, height: f.height * size }));
    let order = found
      .map((f, boxIndex) => ({ score: f.score, boxIndex }))
      .sort((c1, c2) => c1.score - c2.score)
      .map((c) => c.boxIndex);
    const pick: number[] = [];
    while (order.length > 0) {
      const curr = order.pop()!;
      pick.push(curr);
      const a = scaled[curr]!;
      order = order.filter((idx) => {
        const b = scaled[idx]!;
        const width = Math.max(0.0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
        const height = Math.max(0.0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
        const inter = width * height;
        return inter / (a.width * a.height + b.width * b.height - inter) <= iouThreshold;
      });
    }
    // ObjectDetection scales the box to the picture, its relativeBox back by 1 / size, FaceDetection to the picture again; run() divides by the width
    const inv = 1 / size;
    const again = (n: number) => ((n * size * inv) * size) / size;
    return pick.map((i) => {
      const f = found[i]!;
      return { x: again(f.x), y: again(f.y), width: again(f.width), height: again(f.height), score: f.score };
    });
  };
}

/** The SSD MobileNet v1 detector, loaded once per thread on its first use. */
function loadSsdModel(): Promise<void> {
  ssdLoaded ??= loadFaceModels().then(({ faceapi }) => faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir()));
  return ssdLoaded;
}

async function shrunk(input: Rgb, workWidth: number): Promise<Rgb> {
  if (input.width <= workWidth) return input;
  const { data, info } = await sharp(input.data, { raw: { width: input.width, height: input.height, channels: 3 } }).resize({ width: workWidth }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

// The detector's input handed over as float32 (the pixel values exactly: face-api casts its input to
// float32 first, which is then a no-op), converted into one buffer per thread that is reused: tfjs copies
// it into the wasm heap at once, and no int32 copy of every picture is left for the garbage collector.
let inputScratch = new Float32Array(0);

function asFloat32(data: Uint8Array): Float32Array {
  if (inputScratch.length < data.length) inputScratch = new Float32Array(data.length);
  const out = inputScratch.subarray(0, data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]!;
  return out;
}

// the tiny detector's score threshold
const TINY_SCORE = 0.5;

/** `tinySize`: the tiny detector's input size, where the picture may be prepared for it (preparedTinyInput). */
async function run(rgb: Rgb, options: (faceapi: FaceApi) => unknown, tinySize?: number): Promise<FaceBox[]> {
  const { tf, faceapi } = await loadFaceModels();
  const pixels = rgb.data.subarray(0, rgb.width * rgb.height * 3);
  const ready = tinySize !== undefined && rgb.width === tinySize && rgb.height === tinySize ? preparedTinyInput(faceapi.nets.tinyFaceDetector, { ...rgb, data: pixels }) : null;
  if (ready) {
    const looked = faceapi.nets.tinyFaceDetector.lookPrepared?.(ready, tinySize!, TINY_SCORE);
    if (looked) return looked;
  }
  const tensor = tf.tensor3d(ready ?? asFloat32(pixels), [rgb.height, rgb.width, 3], 'float32');
  if (ready) preparedTensors.set(tensor, tinySize!);
  try {
    const found = await faceapi.detectAllFaces(tensor, options(faceapi));
    return found.map((d) => ({ x: d.box.x / rgb.width, y: d.box.y / rgb.height, width: d.box.width / rgb.width, height: d.box.height / rgb.height, score: d.score }));
  } finally {
    tensor.dispose();
  }
}

/**
 * Faces in an upright RGB image, boxes as fractions of the width and height. `workWidth`: the width the
 * picture is brought to first; `inputSize`: the detector's square input.
 */
export async function detectFaces(input: Rgb, workWidth = Math.round(FACE_INPUT * 1.5), inputSize = FACE_INPUT): Promise<FaceBox[]> {
  // The detector works at FACE_INPUT px; handing it a copy near that size saves converting a larger tensor.
  const rgb = await shrunk(input, workWidth);
  return run(rgb, (faceapi) => new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold: TINY_SCORE }), inputSize);
}

// The detector pads its input to a square; the top square of a portrait photo needs no padding, so a
// smaller input sees the face at a higher resolution (288 px over the top square against 320 px over the
// padded frame): on the package's sample faces placed on a curtain at several sizes it found more faces
// than the whole frame at 320 (77 against 67 of 108), at about 80 % of the cost.
const UPPER_INPUT = 288;

/** Faces found by the SSD MobileNet v1 detector (its input is 512 px: several times the tiny one's cost), boxes as fractions. */
export async function detectFacesSsd(input: Rgb, workWidth = 512, minConfidence = 0.5): Promise<FaceBox[]> {
  await loadSsdModel();
  const rgb = await shrunk(input, workWidth);
  return run(rgb, (faceapi) => new faceapi.SsdMobilenetv1Options({ minConfidence, maxResults: 10 }));
}

/** The top square of a portrait frame (its first rows: no copy), and how to map boxes back to the whole frame. */
function topSquare(input: Rgb): { top: Rgb; back: (f: FaceBox[]) => FaceBox[] } {
  const side = input.width;
  const k = side / input.height;
  return { top: { data: input.data.subarray(0, side * side * 3), width: side, height: side }, back: (faces) => faces.map((f) => ({ ...f, y: f.y * k, height: f.height * k })) };
}

/** The tiny detector alone on an upper-body portrait, over the top square at `inputSize` (landscape frames whole, at 320). */
export async function tinyUpperBodyFaces(input: Rgb, inputSize = UPPER_INPUT): Promise<FaceBox[]> {
  if (input.height <= input.width) return detectFaces(input, 384);
  const { top, back } = topSquare(input);
  // the detector's own resize is cheaper than another sharp pass
  return back(await detectFaces(top, top.width, inputSize));
}

/** The SSD detector on an upper-body portrait (top square of a portrait frame, else the whole frame). */
export async function ssdUpperBodyFaces(input: Rgb): Promise<FaceBox[]> {
  if (input.height <= input.width) return detectFacesSsd(input);
  const { top, back } = topSquare(input);
  return back(await detectFacesSsd(top));
}

// On a plain curtain the SSD detector reported one "face" over 90 % of the top square (score 0.72); the
// faces it found where the tiny one had not were 15–40 % of the width. An upper-body photo's face is
// never most of the frame's width, so larger boxes from the fallback are dropped.
const SSD_MAX_FACE_WIDTH = 0.6;

// A first look at a quarter of the detector's work: the top square brought down to QUICK_INPUT px (sharp's
// area-averaging shrink, the detector's own bilinear resize skipped) before the tiny detector.
export const QUICK_INPUT = 160;

/** The quick first look: the tiny detector over the top square of a portrait frame shrunk to QUICK_INPUT px; none for landscape frames. */
export async function quickUpperBodyFaces(input: Rgb): Promise<FaceBox[]> {
  if (input.height <= input.width) return [];
  const { top, back } = topSquare(input);
  return back(await detectFaces(top, QUICK_INPUT, QUICK_INPUT));
}

/**
 * Faces in an upper-body portrait (curtain photos): searched in the top square of the frame, where an
 * upper-body photo has its face; boxes as fractions of the whole image. Landscape frames are searched whole.
 * First a quick look at QUICK_INPUT px: a curtain photo's face is large, and where it finds exactly one
 * face that is the answer (a quarter of the full look's cost). Where it finds none or several, the full
 * look decides as before: the tiny detector at 288 px, and where that finds no face, the SSD detector
 * looks again before the check fails: on the bench's labelled set (test/fixtures/faceSet.ts) the tiny one
 * alone missed 9 of 210 frontal faces of 15–40 % width, all of which the SSD one found, with the same false
 * alarms (1 of 48 no-face pictures); it costs several tiny runs, paid only on the photos where the tiny
 * one found nothing.
 */
export async function detectUpperBodyFaces(input: Rgb): Promise<FaceBox[]> {
  const quick = await quickUpperBodyFaces(input);
  if (quick.length === 1) return quick;
  return fullUpperBodyFaces(input);
}

/** The full look of detectUpperBodyFaces without the quick one: the tiny detector at 288 px, then the SSD fallback. */
export async function fullUpperBodyFaces(input: Rgb): Promise<FaceBox[]> {
  const tiny = await tinyUpperBodyFaces(input);
  if (tiny.length > 0) return tiny;
  return (await ssdUpperBodyFaces(input)).filter((f) => f.width <= SSD_MAX_FACE_WIDTH);
}
