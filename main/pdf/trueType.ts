// What a PDF needs to know of a TrueType font HarfBuzz has cut (fontSubsetter.ts): the glyph each character
// got in the cut (its cmap), the glyphs' advances (hmtx) and the few metrics a font descriptor carries. Read
// straight from the tables: parsing the cut with fontkit for every sheet cost more than drawing the sheet.

export interface TrueTypeInfo {
  unitsPerEm: number;
  bbox: [number, number, number, number];
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  fixedPitch: boolean;
  familyClass: number;
  italic: boolean;
  /** Unicode code point → glyph id in this font (absent: the font has no glyph for it). */
  glyphs: Map<number, number>;
  /** Advance width of each glyph id, in font units. */
  advances: number[];
}

type Tables = Map<string, { offset: number; length: number }>;

function tableDirectory(v: DataView): Tables {
  const tables: Tables = new Map();
  const count = v.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(v.getUint8(at), v.getUint8(at + 1), v.getUint8(at + 2), v.getUint8(at + 3));
    tables.set(tag, { offset: v.getUint32(at + 8), length: v.getUint32(at + 12) });
  }
  return tables;
}

function need(tables: Tables, tag: string): number {
  const t = tables.get(tag);
  if (!t) throw new Error(`TrueType font without a ${tag} table`);
  return t.offset;
}

/** The cmap's Unicode subtable: format 12 (full Unicode) when present, else format 4 (BMP). */
function readCmap(v: DataView, cmap: number): Map<number, number> {
  const glyphs = new Map<number, number>();
  const count = v.getUint16(cmap + 2);
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < count; i++) {
    const at = cmap + 4 + i * 8;
    const platform = v.getUint16(at);
    const sub = cmap + v.getUint32(at + 4);
    const format = v.getUint16(sub);
    if (platform !== 0 && platform !== 3) continue;
    if (format === 12) format12 = sub;
    else if (format === 4) format4 = sub;
  }
  if (format12 >= 0) {
    const groups = v.getUint32(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + g * 12;
      const start = v.getUint32(at);
      const end = v.getUint32(at + 4);
      const gid = v.getUint32(at + 8);
      for (let cp = start; cp <= end; cp++) glyphs.set(cp, gid + cp - start);
    }
    return glyphs;
  }
  if (format4 < 0) throw new Error('TrueType font without a Unicode cmap');
  const segments = v.getUint16(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const start = v.getUint16(starts + s * 2);
    const end = v.getUint16(ends + s * 2);
    const delta = v.getInt16(deltas + s * 2);
    const rangeOffset = v.getUint16(rangeOffsets + s * 2);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let gid: number;
      if (rangeOffset === 0) gid = (cp + delta) & 0xffff;
      else {
        const raw = v.getUint16(rangeOffsets + s * 2 + rangeOffset + (cp - start) * 2);
        gid = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (gid !== 0) glyphs.set(cp, gid);
    }
  }
  return glyphs;
}

export function readTrueType(font: Uint8Array): TrueTypeInfo {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = tableDirectory(v);
  const head = need(tables, 'head');
  const hhea = need(tables, 'hhea');
  const hmtx = need(tables, 'hmtx');
  const maxp = need(tables, 'maxp');
  const post = need(tables, 'post');
  const os2 = tables.get('OS/2')?.offset;
  const numGlyphs = v.getUint16(maxp + 4);
  const longMetrics = v.getUint16(hhea + 34);
  const advances = new Array<number>(numGlyphs);
  for (let g = 0; g < numGlyphs; g++) advances[g] = v.getUint16(hmtx + Math.min(g, longMetrics - 1) * 4);
  const os2Version = os2 === undefined ? -1 : v.getUint16(os2);
  return {
    unitsPerEm: v.getUint16(head + 18),
    bbox: [v.getInt16(head + 36), v.getInt16(head + 38), v.getInt16(head + 40), v.getInt16(head + 42)],
    ascent: v.getInt16(hhea + 4),
    descent: v.getInt16(hhea + 6),
    capHeight: os2Version >= 2 ? v.getInt16(os2! + 88) : 0,
    xHeight: os2Version >= 2 ? v.getInt16(os2! + 86) : 0,
    italicAngle: v.getInt32(post + 4) / 65536,
    fixedPitch: v.getUint32(post + 12) !== 0,
    familyClass: os2 === undefined ? 0 : v.getInt16(os2 + 30),
    italic: (v.getUint16(head + 44) & 2) !== 0,
    glyphs: readCmap(v, need(tables, 'cmap')),
    advances,
  };
}
