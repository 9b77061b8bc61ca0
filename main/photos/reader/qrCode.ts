// The QR code printed on a 营业执照 (a link to the national enterprise credit system carrying the
// 统一社会信用代码), decoded by zxing-wasm. Its WebAssembly file is read from the installed package and
// handed over as `wasmBinary`: left to itself the module would fetch it from a CDN.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';

type Reader = typeof import('zxing-wasm/reader');
let reader: Promise<Reader> | null = null;

async function load(): Promise<Reader> {
  const zxing = await import('zxing-wasm/reader');
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await zxing.prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
  return zxing;
}

async function decode(image: Uint8Array): Promise<string | null> {
  reader ??= load().catch((err: unknown) => {
    reader = null;
    throw err;
  });
  const results = await (await reader).readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4 });
  return results.find((r) => r.isValid && r.text)?.text ?? null;
}

/** The text of the first QR code on an upright PNG; a small code in a phone photo gets a second try at twice the size. */
export async function readQrText(png: Buffer, width: number): Promise<string | null> {
  const first = await decode(png);
  if (first !== null) return first;
  const larger = await sharp(png).resize({ width: width * 2, kernel: 'lanczos3' }).png({ compressionLevel: 1 }).toBuffer();
  return decode(larger);
}
