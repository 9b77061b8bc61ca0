// CJK fonts in PDFs: pdf-lib's own subsetting drops CJK glyphs (shared/docs/stack.md), so the font is cut
// to the characters a sheet uses with HarfBuzz's subsetter (wasm). The 10 MB font is loaded into the wasm
// heap and parsed once per batch; each sheet then only pays for its own subset.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const resolveModule = createRequire(import.meta.url).resolve;

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const HB_SUBSET_FLAGS_NO_HINTING = 0x00000001;

interface Hb {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(b: number): void;
  hb_blob_get_data(b: number, len: number): number;
  hb_blob_get_length(b: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(f: number): void;
  hb_face_reference_blob(f: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(i: number): void;
  hb_subset_input_set(i: number, which: number): number;
  hb_subset_input_unicode_set(i: number): number;
  hb_subset_input_get_flags(i: number): number;
  hb_subset_input_set_flags(i: number, f: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  hb_set_add(s: number, v: number): void;
  hb_set_clear(s: number): void;
  hb_set_invert(s: number): void;
}

let hbPromise: Promise<Hb> | null = null;

function loadHarfbuzz(): Promise<Hb> {
  hbPromise ??= WebAssembly.instantiate(readFileSync(resolveModule('harfbuzzjs/dist/harfbuzz-subset.wasm'))).then(({ instance }) => {
    const hb = instance.exports as unknown as Hb;
    hb._initialize();
    return hb;
  });
  return hbPromise;
}

export class FontSubsetter {
  private closed = false;

  private constructor(
    private readonly hb: Hb,
    private readonly fontPtr: number,
    private readonly face: number,
  ) {}

  static async load(ttf: Uint8Array): Promise<FontSubsetter> {
    const hb = await loadHarfbuzz();
    const ptr = hb.malloc(ttf.byteLength);
    new Uint8Array(hb.memory.buffer).set(ttf, ptr);
    const blob = hb.hb_blob_create(ptr, ttf.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
    return new FontSubsetter(hb, ptr, face);
  }

  /** A TrueType font holding just the glyphs of `text`. */
  subset(text: string): Uint8Array {
    if (this.closed) throw new Error('subsetter closed');
    const hb = this.hb;
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('hb_subset_input_create_or_fail failed');
    let result = 0;
    try {
      // Keep no OpenType layout features: pdf-lib lays text out with fontkit, which would otherwise pick
      // alternate glyphs (e.g. proportional/full-width digit forms) whose widths it reports wrongly.
      hb.hb_set_clear(hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
      // Hinting matters on screens at small sizes, not for print: dropping it keeps sheets small.
      hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_HINTING);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const ch of new Set(text)) hb.hb_set_add(unicodes, ch.codePointAt(0)!);
      result = hb.hb_subset_or_fail(this.face, input);
      if (!result) throw new Error('hb_subset_or_fail failed');
    } finally {
      hb.hb_subset_input_destroy(input);
    }
    const blob = hb.hb_face_reference_blob(result);
    try {
      const ptr = hb.hb_blob_get_data(blob, 0);
      const len = hb.hb_blob_get_length(blob);
      return new Uint8Array(hb.memory.buffer, ptr, len).slice();
    } finally {
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(result);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hb.hb_face_destroy(this.face);
    this.hb.free(this.fontPtr);
  }
}

export const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export function readFont(which: keyof typeof FONT_FILES): Uint8Array {
  return readFileSync(resolveModule(FONT_FILES[which]));
}
